/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "awareness-private.h"

/**
 * AwarenessProblem:
 *
 * One problem found in content: an error that makes the content unusable,
 * or a warning, with the file, line and column where it was found.
 *
 * Since: 0.2
 */
struct _AwarenessProblem
{
  gatomicrefcount       ref_count;
  AwarenessSeverity     severity;
  AwarenessContentError code;
  char                 *file;
  guint                 line;
  guint                 column;
  char                 *message;
};

/**
 * awareness_content_error_quark:
 *
 * The error domain of #AwarenessContentError.
 *
 * Returns: the #GQuark of %AWARENESS_CONTENT_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-content-error-quark, awareness_content_error)
G_DEFINE_BOXED_TYPE (AwarenessProblem, awareness_problem,
                     awareness_problem_ref, awareness_problem_unref)

AwarenessProblem *
_awareness_problem_new (AwarenessSeverity     severity,
                        AwarenessContentError code,
                        const char           *file,
                        guint                 line,
                        guint                 column,
                        const char           *message)
{
  AwarenessProblem *self = g_new0 (AwarenessProblem, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->severity = severity;
  self->code = code;
  self->file = g_strdup (file);
  self->line = line;
  self->column = column;
  self->message = g_strdup (message);
  return self;
}

/**
 * awareness_problem_ref:
 * @self: a problem
 *
 * Returns: (transfer full): @self, with one more reference
 *
 * Since: 0.2
 */
AwarenessProblem *
awareness_problem_ref (AwarenessProblem *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * awareness_problem_unref:
 * @self: (transfer full): a problem
 *
 * Drops a reference, and frees the problem with the last one.
 *
 * Since: 0.2
 */
void
awareness_problem_unref (AwarenessProblem *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->file);
      g_free (self->message);
      g_free (self);
    }
}

/**
 * awareness_problem_get_severity:
 * @self: a problem
 *
 * Returns: whether the problem is an error or a warning
 *
 * Since: 0.2
 */
AwarenessSeverity
awareness_problem_get_severity (AwarenessProblem *self)
{
  return self->severity;
}

/**
 * awareness_problem_get_code:
 * @self: a problem
 *
 * Returns: what kind of problem it is
 *
 * Since: 0.2
 */
AwarenessContentError
awareness_problem_get_code (AwarenessProblem *self)
{
  return self->code;
}

/**
 * awareness_problem_get_code_name:
 * @self: a problem
 *
 * Returns: (transfer none): a stable, untranslated name for the kind of problem, such as
 *   `duplicate-id`, for scripts and JSON output
 *
 * Since: 0.2
 */
const char *
awareness_problem_get_code_name (AwarenessProblem *self)
{
  static const char * const names[] = {
    [AWARENESS_CONTENT_ERROR_IO] = "io",
    [AWARENESS_CONTENT_ERROR_TOO_LARGE] = "too-large",
    [AWARENESS_CONTENT_ERROR_ENCODING] = "encoding",
    [AWARENESS_CONTENT_ERROR_MALFORMED] = "malformed",
    [AWARENESS_CONTENT_ERROR_FORBIDDEN] = "forbidden",
    [AWARENESS_CONTENT_ERROR_TOO_DEEP] = "too-deep",
    [AWARENESS_CONTENT_ERROR_SCHEMA] = "schema",
    [AWARENESS_CONTENT_ERROR_UNEXPECTED_DOCUMENT] = "unexpected-document",
    [AWARENESS_CONTENT_ERROR_DUPLICATE_ID] = "duplicate-id",
    [AWARENESS_CONTENT_ERROR_NO_CORRECT_CHOICE] = "no-correct-choice",
    [AWARENESS_CONTENT_ERROR_SEVERAL_CORRECT] = "several-correct",
    [AWARENESS_CONTENT_ERROR_PASS_MARK] = "pass-mark",
    [AWARENESS_CONTENT_ERROR_DRAW] = "draw",
    [AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE] = "unresolved-clause",
    [AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION] = "missing-translation",
    [AWARENESS_CONTENT_ERROR_BAD_PATH] = "bad-path",
    [AWARENESS_CONTENT_ERROR_INVALID] = "invalid",
  };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint) self->code < G_N_ELEMENTS (names), NULL);

  return names[self->code];
}

/**
 * awareness_problem_get_file:
 * @self: a problem
 *
 * Returns: (transfer none) (nullable) (type filename): the file the
 *   problem is in
 *
 * Since: 0.2
 */
const char *
awareness_problem_get_file (AwarenessProblem *self)
{
  return self->file;
}

/**
 * awareness_problem_get_line:
 * @self: a problem
 *
 * Returns: the line of the problem, from 1; 0 if unknown
 *
 * Since: 0.2
 */
guint
awareness_problem_get_line (AwarenessProblem *self)
{
  return self->line;
}

/**
 * awareness_problem_get_column:
 * @self: a problem
 *
 * Returns: the column of the problem, from 1; 0 if unknown
 *
 * Since: 0.2
 */
guint
awareness_problem_get_column (AwarenessProblem *self)
{
  return self->column;
}

/**
 * awareness_problem_get_message:
 * @self: a problem
 *
 * Returns: (transfer none): what is wrong, translated
 *
 * Since: 0.2
 */
const char *
awareness_problem_get_message (AwarenessProblem *self)
{
  return self->message;
}

/**
 * awareness_problem_to_string:
 * @self: a problem
 *
 * Formats the problem as compilers do, `file:line:column: error: message`,
 * so that editors can jump to it.
 *
 * Returns: (transfer full): the formatted problem
 *
 * Since: 0.2
 */
char *
awareness_problem_to_string (AwarenessProblem *self)
{
  GString *s = g_string_new (self->file);
  const char *severity = self->severity == AWARENESS_SEVERITY_ERROR
                         ? _("error") : _("warning");

  if (self->line > 0)
    g_string_append_printf (s, ":%u", self->line);
  if (self->line > 0 && self->column > 0)
    g_string_append_printf (s, ":%u", self->column);
  g_string_append_printf (s, ": %s: %s", severity, self->message);

  return g_string_free (s, FALSE);
}

guint
_awareness_problems_count_errors (GPtrArray *problems)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    if (awareness_problem_get_severity (g_ptr_array_index (problems, i)) ==
        AWARENESS_SEVERITY_ERROR)
      n++;

  return n;
}

/* The Levenshtein distance of @a and @b, in characters. */
static guint
edit_distance (const gunichar *a,
               glong           la,
               const gunichar *b,
               glong           lb)
{
  g_autofree guint *row = g_new (guint, lb + 1);

  for (glong j = 0; j <= lb; j++)
    row[j] = (guint) j;
  for (glong i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = (guint) i;
      for (glong j = 1; j <= lb; j++)
        {
          guint above = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1),
                        diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
          diagonal = above;
        }
    }
  return row[lb];
}

typedef struct {
  const char *name;
  guint       distance;
  guint       prefix;    /* characters in common at the start */
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->distance != cb->distance)
    return ca->distance < cb->distance ? -1 : 1;
  /* basic.5 before basic.2.1 for basic.5.x: a typo is rather at the end. */
  if (ca->prefix != cb->prefix)
    return ca->prefix > cb->prefix ? -1 : 1;
  return strcmp (ca->name, cb->name);
}

/**
 * awareness_nearest_names:
 * @name: a name that matches nothing, as someone typed it
 * @names: (array zero-terminated=1): the names that exist
 * @max: how many to return at most
 *
 * The names nearest to @name by edit distance (in characters, case
 * included), for a “did you mean” in an error: those within a third of
 * the length of @name (at least 2 edits), nearest first, and of those
 * as near, those that begin as @name does.
 *
 * Returns: (transfer full) (array zero-terminated=1): the nearest names,
 *   maybe none
 *
 * Since: 0.2
 */
char **
awareness_nearest_names (const char         *name,
                         const char * const *names,
                         guint               max)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autofree gunichar *wanted = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  glong length;
  guint limit;

  g_return_val_if_fail (name != NULL && names != NULL, NULL);

  wanted = g_utf8_to_ucs4 (name, -1, NULL, &length, NULL);
  if (wanted == NULL)
    return g_strv_builder_end (builder);
  limit = MAX (2, (guint) length / 3);
  for (guint i = 0; names[i] != NULL; i++)
    {
      glong other_length;
      g_autofree gunichar *other = g_utf8_to_ucs4 (names[i], -1, NULL, &other_length, NULL);
      Candidate candidate = { names[i], 0, 0 };

      if (other == NULL || other_length == 0 || strcmp (names[i], name) == 0 ||
          (guint) ABS (other_length - length) > limit)
        continue;
      candidate.distance = edit_distance (wanted, length, other, other_length);
      while (candidate.prefix < (guint) MIN (length, other_length) &&
             wanted[candidate.prefix] == other[candidate.prefix])
        candidate.prefix++;
      if (candidate.distance <= limit)
        g_array_append_val (found, candidate);
    }
  g_array_sort (found, compare_candidates);
  for (guint i = 0; i < found->len && i < max; i++)
    g_strv_builder_add (builder, g_array_index (found, Candidate, i).name);
  return g_strv_builder_end (builder);
}

/**
 * awareness_format_suggestion:
 * @nearest: (array zero-terminated=1): names from awareness_nearest_names()
 *
 * Returns: (transfer full): “; did you mean “a” or “b”?” for an error
 *   message, or an empty string when @nearest is empty
 *
 * Since: 0.2
 */
char *
awareness_format_suggestion (const char * const *nearest)
{
  g_autoptr(GString) list = g_string_new (NULL);

  if (nearest == NULL || nearest[0] == NULL)
    return g_strdup ("");
  for (guint i = 0; nearest[i] != NULL; i++)
    {
      if (i > 0)
        /* Translators: between the names of a “did you mean” list. */
        g_string_append (list, _(", "));
      /* Translators: one name in a “did you mean” list. */
      g_string_append_printf (list, _("“%s”"), nearest[i]);
    }
  /* Translators: ends an error about a name that does not exist; %s is a
   * list of the nearest names. */
  return g_strdup_printf (_("; did you mean %s?"), list->str);
}
