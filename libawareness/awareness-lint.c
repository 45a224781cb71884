/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Item-writing checks: what makes a quiz answerable without the lessons
 * (the right answer is the longest, absolute words mark the distractors,
 * the number of right options never varies), what makes it unfair
 * (unemphasised negatives, explanations naming letters that shuffling
 * moves), and what makes a catalog weak (near-duplicate prompts, clauses
 * tested once, translations that do not match).  Content that passes
 * validation may still warn here; `awareness lint` runs these checks.
 *
 * The checks read each module's own bytes again, so that every warning
 * names the file, line and column of the element concerned.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/tree.h>

#include "awareness-private.h"

struct _AwarenessLintWarning
{
  gatomicrefcount ref_count;
  char           *rule;
  char           *file;
  guint           line;
  guint           column;
  char           *message;
};

G_DEFINE_BOXED_TYPE (AwarenessLintWarning, awareness_lint_warning,
                     awareness_lint_warning_ref, awareness_lint_warning_unref)

/* The rules, by id. */
#define RULE_LONGEST_RIGHT      "longest-right"
#define RULE_UNEQUAL_OPTIONS    "unequal-options"
#define RULE_FIXED_RIGHT_COUNT  "fixed-right-count"
#define RULE_ABSOLUTE_WORDS     "absolute-in-distractor"
#define RULE_NEGATIVE_PROMPT    "negative-unemphasised"
#define RULE_NEAR_DUPLICATE     "near-duplicate"
#define RULE_LETTER_REFERENCE   "letter-reference"
#define RULE_CLAUSE_ONCE        "clause-tested-once"
#define RULE_TRANSLATION        "translation-mismatch"
#define RULE_DRILL_SIGNS        "drill-few-signs"

static const char * const rules[] = {
  RULE_LONGEST_RIGHT, RULE_UNEQUAL_OPTIONS, RULE_FIXED_RIGHT_COUNT, RULE_ABSOLUTE_WORDS,
  RULE_NEGATIVE_PROMPT, RULE_NEAR_DUPLICATE, RULE_LETTER_REFERENCE, RULE_CLAUSE_ONCE,
  RULE_TRANSLATION, RULE_DRILL_SIGNS, NULL,
};

/* A drill teaches through the signs shown after the click: fewer than
 * this many leaves little to learn. */
#define DRILL_MIN_SIGNS            3

/* Above this share of single-choice items whose right answer is the
 * strictly longest option, a pool warns (chance is about 25 %). */
#define LONGEST_RIGHT_MAX_PERCENT  35
#define LONGEST_RIGHT_MIN_ITEMS    3
/* Options are very unequal when the longest is this many times the
 * shortest and longer by at least this many characters. */
#define UNEQUAL_RATIO              3
#define UNEQUAL_MIN_DIFFERENCE     10
/* Prompts this similar (character-bigram Jaccard) are near-duplicates. */
#define NEAR_DUPLICATE_JACCARD     0.8

static const char * const absolute_ja[] = { "必ず", "絶対に", "すべて", "全て", "常に", "一切", NULL };
static const char * const absolute_en[] = { "always", "never", "all", "only", NULL };
static const char * const negative_ja[] = { "適切でない", "正しくない", "誤っている", "ではないもの", "でないもの", NULL };
static const char * const negative_en[] = { "not", "except", NULL };
static const char * const langs[] = { "ja", "en" };

/**
 * awareness_lint_warning_ref:
 * @self: a warning
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.2
 */
AwarenessLintWarning *
awareness_lint_warning_ref (AwarenessLintWarning *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * awareness_lint_warning_unref:
 * @self: (transfer full): a warning
 *
 * Since: 0.2
 */
void
awareness_lint_warning_unref (AwarenessLintWarning *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->rule);
  g_free (self->file);
  g_free (self->message);
  g_free (self);
}

/**
 * awareness_lint_warning_get_rule:
 * @self: a warning
 *
 * Returns: (transfer none): the id of the rule, such as `longest-right` (see
 *   [func@lint_get_rules])
 *
 * Since: 0.2
 */
const char *
awareness_lint_warning_get_rule (AwarenessLintWarning *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->rule;
}

/**
 * awareness_lint_warning_get_file:
 * @self: a warning
 *
 * Returns: (transfer none) (type filename): the file concerned
 *
 * Since: 0.2
 */
const char *
awareness_lint_warning_get_file (AwarenessLintWarning *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->file;
}

/**
 * awareness_lint_warning_get_line:
 * @self: a warning
 *
 * Returns: the line of the warning, from 1
 *
 * Since: 0.2
 */
guint
awareness_lint_warning_get_line (AwarenessLintWarning *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->line;
}

/**
 * awareness_lint_warning_get_column:
 * @self: a warning
 *
 * Returns: the column of the warning, from 1; 0 if unknown
 *
 * Since: 0.2
 */
guint
awareness_lint_warning_get_column (AwarenessLintWarning *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->column;
}

/**
 * awareness_lint_warning_get_message:
 * @self: a warning
 *
 * Returns: (transfer none): what is wrong, translated
 *
 * Since: 0.2
 */
const char *
awareness_lint_warning_get_message (AwarenessLintWarning *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->message;
}

/**
 * awareness_lint_warning_to_string:
 * @self: a warning
 *
 * Returns: (transfer full): “file:line:column: rule: message”
 *
 * Since: 0.2
 */
char *
awareness_lint_warning_to_string (AwarenessLintWarning *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup_printf ("%s:%u:%u: %s: %s", self->file, self->line, self->column, self->rule,
                          self->message);
}

/**
 * awareness_lint_get_rules:
 *
 * Returns: (transfer none) (array zero-terminated=1): the ids of every rule
 *
 * Since: 0.2
 */
const char * const *
awareness_lint_get_rules (void)
{
  return rules;
}

/* Reading the modules again */

typedef struct {
  AwarenessXmlFile *file;
  xmlNode          *node;
  char             *module_id;
  char             *text;       /* prompt and exhibit, source language, for near-duplicates */
  GHashTable       *bigrams;
} Item;

typedef struct {
  GPtrArray  *warnings;
  GPtrArray  *files;       /* AwarenessXmlFile */
  GPtrArray  *items;       /* Item, across the catalog */
  GHashTable *item_by_key; /* "module/question" → Item */
} Lint;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->module_id);
  g_free (item->text);
  g_clear_pointer (&item->bigrams, g_hash_table_unref);
  g_free (item);
}

static void
warn (Lint             *lint,
      AwarenessXmlFile *file,
      xmlNode          *node,
      const char       *rule,
      const char       *format,
      ...) G_GNUC_PRINTF (5, 6);

static void
warn (Lint             *lint,
      AwarenessXmlFile *file,
      xmlNode          *node,
      const char       *rule,
      const char       *format,
      ...)
{
  AwarenessLintWarning *warning = g_new0 (AwarenessLintWarning, 1);
  va_list args;

  g_atomic_ref_count_init (&warning->ref_count);
  warning->rule = g_strdup (rule);
  warning->file = g_strdup (file->path);
  if (node != NULL && node->_private != NULL)
    _awareness_xml_file_position (file, GPOINTER_TO_SIZE (node->_private) - 1,
                                  &warning->line, &warning->column);
  va_start (args, format);
  warning->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (lint->warnings, warning);
}

static gboolean
is_element (xmlNode    *node,
            const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         strcmp ((const char *) node->ns->href, AWARENESS_CONTENT_NS) == 0 &&
         (name == NULL || strcmp ((const char *) node->name, name) == 0);
}

static char *
attr (xmlNode    *node,
      const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *copy = value != NULL ? g_strstrip (g_strdup ((const char *) value)) : NULL;

  xmlFree (value);
  return copy;
}

/* The element's language: its own xml:lang, else the document's. */
static char *
lang_of (xmlNode    *node,
         const char *source)
{
  xmlChar *value = xmlGetNsProp (node, (const xmlChar *) "lang", XML_XML_NAMESPACE);
  char *lang = g_strdup (value != NULL ? (const char *) value : source);

  xmlFree (value);
  return lang;
}

/* The text of @node with white space collapsed; with @outside_em, only
 * the text that no <em> holds. */
static char *
text_of (xmlNode  *node,
         gboolean  outside_em)
{
  GString *raw = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  GString *s = g_string_new (NULL);

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      xmlChar *content;

      if (outside_em && is_element (child, "em"))
        {
          g_string_append_c (raw, ' ');
          continue;
        }
      content = xmlNodeGetContent (child);
      if (content != NULL)
        g_string_append (raw, (const char *) content);
      xmlFree (content);
    }

  words = g_strsplit_set (raw->str, " \t\r\n", -1);
  g_string_free (raw, TRUE);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        if (s->len > 0)
          g_string_append_c (s, ' ');
        g_string_append (s, words[i]);
      }
  return g_string_free (s, FALSE);
}

/* The child element @name of @parent in @lang, or NULL. */
static xmlNode *
child_in (xmlNode    *parent,
          const char *name,
          const char *lang,
          const char *source)
{
  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    if (is_element (child, name))
      {
        g_autofree char *child_lang = lang_of (child, source);

        if (_awareness_lang_matches (child_lang, lang))
          return child;
      }
  return NULL;
}

static gboolean
has_word (const char *text,
          const char *word)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  gsize n = strlen (word);

  for (const char *p = strstr (lower, word); p != NULL; p = strstr (p + 1, word))
    if ((p == lower || !g_ascii_isalnum (p[-1])) && !g_ascii_isalnum (p[n]))
      return TRUE;
  return FALSE;
}

static gboolean
has_any (const char         *text,
         const char * const *words,
         gboolean            whole_words,
         const char        **found)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (whole_words ? has_word (text, words[i]) : strstr (text, words[i]) != NULL)
      {
        if (found != NULL)
          *found = words[i];
        return TRUE;
      }
  return FALSE;
}

/* A choice of a question, as the checks see it. */
typedef struct {
  xmlNode  *node;
  gboolean  correct;
  gboolean  fixed;
  xmlNode  *text[2];  /* per language of langs[] */
  glong     length[2];
} Choice;

static void
check_choices (Lint             *lint,
               AwarenessXmlFile *file,
               xmlNode          *question,
               GArray           *choices,
               guint            *longest_right,
               guint            *n_single,
               gboolean          single)
{
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      glong longest = -1, shortest = G_MAXLONG, right_length = -1;
      guint n = 0, n_longest = 0;

      for (guint c = 0; c < choices->len; c++)
        {
          Choice *choice = &g_array_index (choices, Choice, c);

          if (choice->fixed || choice->text[l] == NULL)
            continue;
          n++;
          if (choice->length[l] > longest)
            {
              longest = choice->length[l];
              n_longest = 1;
            }
          else if (choice->length[l] == longest)
            n_longest++;
          shortest = MIN (shortest, choice->length[l]);
          if (choice->correct)
            right_length = choice->length[l];
        }

      if (single && n >= 2)
        {
          n_single[l]++;
          if (right_length == longest && n_longest == 1)
            longest_right[l]++;
        }

      if (n >= 2 && longest >= UNEQUAL_RATIO * MAX (shortest, 1) &&
          longest - shortest >= UNEQUAL_MIN_DIFFERENCE)
        warn (lint, file, question, RULE_UNEQUAL_OPTIONS,
              _("The options are very unequal in length (%s: %ld to %ld characters): the odd one "
                "out gives the answer away"), langs[l], shortest, longest);

      /* Absolute words only in the distractors. */
      {
        const char * const *words = l == 0 ? absolute_ja : absolute_en;

        for (guint w = 0; words[w] != NULL; w++)
          {
            xmlNode *in_distractor = NULL;
            gboolean in_right = FALSE;

            for (guint c = 0; c < choices->len; c++)
              {
                Choice *choice = &g_array_index (choices, Choice, c);
                g_autofree char *text = NULL;
                const char * const one[] = { words[w], NULL };

                if (choice->text[l] == NULL)
                  continue;
                text = text_of (choice->text[l], FALSE);
                if (!has_any (text, one, l == 1, NULL))
                  continue;
                if (choice->correct)
                  in_right = TRUE;
                else if (in_distractor == NULL)
                  in_distractor = choice->text[l];
              }
            if (in_distractor != NULL && !in_right)
              warn (lint, file, in_distractor, RULE_ABSOLUTE_WORDS,
                    _("“%s” appears in a wrong option but in no right one: absolute words mark "
                      "the distractors"), words[w]);
          }
      }
    }
}

static GHashTable *
bigrams_of (const char *text)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) clean = g_string_new (NULL);
  const char *p, *q;

  /* Letters and digits only, lower case. */
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (clean, g_unichar_tolower (c));
    }

  for (p = clean->str; *p != '\0' && *(q = g_utf8_next_char (p)) != '\0'; p = q)
    g_hash_table_add (set, g_strndup (p, g_utf8_next_char (q) - p));
  return set;
}

static double
jaccard (GHashTable *a,
         GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;
  guint both = 0, either;

  if (g_hash_table_size (a) == 0 || g_hash_table_size (b) == 0)
    return 0;
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (b, key))
      both++;
  either = g_hash_table_size (a) + g_hash_table_size (b) - both;
  return (double) both / either;
}

/* A character class of the letters that name @choices (“a” and also “A”,
 * “ａ”, “Ａ”), or NULL when no choice is named by one letter. */
static char *
choice_letters (GArray *choices)
{
  GString *letters = g_string_new (NULL);

  for (guint c = 0; c < choices->len; c++)
    {
      g_autofree char *id = attr (g_array_index (choices, Choice, c).node, "id");

      if (id == NULL || strlen (id) != 1 || !g_ascii_isalpha (id[0]))
        continue;
      g_string_append_c (letters, g_ascii_tolower (id[0]));
      g_string_append_c (letters, g_ascii_toupper (id[0]));
      g_string_append_unichar (letters, 0xFF41 + (g_ascii_tolower (id[0]) - 'a'));
      g_string_append_unichar (letters, 0xFF21 + (g_ascii_tolower (id[0]) - 'a'));
    }
  if (letters->len == 0)
    {
      g_string_free (letters, TRUE);
      return NULL;
    }
  g_string_prepend_c (letters, '[');
  g_string_append_c (letters, ']');
  return g_string_free (letters, FALSE);
}

/*
 * Whether the explanation of a shuffled question names a choice by what
 * the learner never sees: its letter (the choice ids of the question, in
 * brackets, before a particle, after “選択肢” or “option”), or its place
 * (“選択肢2”, “3番目の選択肢”, “the last option”), which shuffling
 * changes.
 */
static void
check_letters (Lint             *lint,
               AwarenessXmlFile *file,
               xmlNode          *question,
               GArray           *choices,
               const char       *source)
{
  g_autofree char *letters = choice_letters (choices);
  guint n = CLAMP (choices->len, 1, 9);
  char last_wide[8] = { 0 };
  g_autofree char *numbers = NULL;
  g_autofree char *name = NULL;
  g_autofree char *japanese = NULL;
  g_autofree char *english = NULL;
  GRegex *patterns[2];

  /* The places 1 to n, as digits or full-width digits. */
  g_unichar_to_utf8 (0xFF10 + n, last_wide);
  numbers = g_strdup_printf ("[1-%u１-%s]", n, last_wide);
  name = letters != NULL ? g_strdup_printf ("(?:%s|%s)", letters, numbers) : g_strdup (numbers);

  /* 「a」（b）(c)、dは誤り、aとb、選択肢ア、選択肢2、3番目の選択肢、最後の選択肢 … */
  japanese = g_strdup_printf ("[「（(［]\\s*(?:%s|[ア-エ])\\s*[」）)］]"
                              "%s%s%s"
                              "|選択肢\\s*(?:%s|[ア-エ])"
                              "|(?<![0-9０-９])%s\\s*番目?の(?:選択肢|回答|答え)"
                              "|(?<![0-9０-９])%s\\s*番目"
                              "|(最初|最後|上|下)の選択肢",
                              letters != NULL ? letters : "[a-d]",
                              letters != NULL ? "|(?<![A-Za-zＡ-Ｚａ-ｚ])" : "",
                              letters != NULL ? letters : "",
                              letters != NULL ? "(?![A-Za-zＡ-Ｚａ-ｚ])(?:[はがをともやの]|\\s*[、,・])" : "",
                              name, numbers, numbers);
  /* (a), option c, choice B, answer 2, the last option … */
  english = g_strdup_printf ("\\(%s\\)"
                             "|\\b(?:option|choice|answer)s?\\s+%s\\b"
                             "|\\b(?:first|second|third|fourth|last)\\s+"
                             "(?:option|choice|answer)\\b",
                             letters != NULL ? letters : "[a-d]", name);
  patterns[0] = g_regex_new (japanese, 0, 0, NULL);
  patterns[1] = g_regex_new (english, G_REGEX_CASELESS, 0, NULL);
  g_assert (patterns[0] != NULL && patterns[1] != NULL);

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      xmlNode *explanation = child_in (question, "explanation", langs[l], source);
      g_autofree char *text = explanation != NULL ? text_of (explanation, FALSE) : NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (text != NULL && g_regex_match (patterns[l], text, 0, &match))
        {
          g_autofree char *found = g_match_info_fetch (match, 0);

          warn (lint, file, explanation, RULE_LETTER_REFERENCE,
                _("The explanation refers to an option by its letter or place (“%s”), but the "
                  "options are shuffled: name the option by what it says"), found);
        }
    }
  g_regex_unref (patterns[0]);
  g_regex_unref (patterns[1]);
}

/* What a prompt asks: its text without quotations (「…」, “…”, "…"), from
 * the last sentence that ends in a question mark or か。 (else the last
 * sentence) on; a scenario's own negatives (“could not view”) are not
 * the question's. */
static char *
question_sentence (const char *text)
{
  GString *s = g_string_new (NULL);
  gboolean quoted = FALSE;
  const char *start;
  const char *p;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x300C || c == 0x201C || (c == '"' && !quoted))
        quoted = TRUE;
      else if (c == 0x300D || c == 0x201D || (c == '"' && quoted))
        quoted = FALSE;
      else if (!quoted)
        g_string_append_unichar (s, c);
    }

  /* Back from the end to the sentence end before the question. */
  start = s->str;
  for (p = s->str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if ((c == '.' || c == '!' || c == 0x3002) && *next != '\0' &&
          !(c == 0x3002 && p > s->str && g_utf8_get_char (g_utf8_prev_char (p)) == 0x304B))
        start = next;
      if ((c == '?' || c == 0xFF1F || (c == 0x3002 && p > s->str &&
                                        g_utf8_get_char (g_utf8_prev_char (p)) == 0x304B)))
        break;
    }
  {
    char *result = g_strdup (start);

    g_string_free (s, TRUE);
    return result;
  }
}

static void
check_negative (Lint             *lint,
                AwarenessXmlFile *file,
                xmlNode          *question,
                const char       *source)
{
  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      xmlNode *prompt = child_in (question, "prompt", langs[l], source);
      g_autofree char *text = prompt != NULL ? text_of (prompt, TRUE) : NULL;
      g_autofree char *asked = text != NULL ? question_sentence (text) : NULL;
      const char *found = NULL;

      if (asked != NULL && has_any (asked, l == 0 ? negative_ja : negative_en, l == 1, &found))
        warn (lint, file, prompt, RULE_NEGATIVE_PROMPT,
              _("The prompt asks in the negative (“%s”) without emphasis: put the negative "
                "words in <em>"), found);
    }
}

/* Japanese and English have the same fields and options. */
static void
check_translations (Lint             *lint,
                    AwarenessXmlFile *file,
                    xmlNode          *parent,
                    const char       *source)
{
  static const char * const fields[] = {
    "prompt", "explanation", "text", "from", "to", "subject", "body", "attachment", NULL,
  };
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      g_autofree char *lang = NULL;

      if (!is_element (child, NULL))
        continue;
      if (is_element (child, "choice") || is_element (child, "exhibit"))
        {
          check_translations (lint, file, child, source);
          continue;
        }
      if (!g_strv_contains (fields, (const char *) child->name))
        continue;
      lang = lang_of (child, source);
      for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
        if (_awareness_lang_matches (lang, langs[l]))
          {
            g_autofree char *key = g_strdup_printf ("%s/%u", child->name, l);
            guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;

            g_hash_table_insert (counts, g_steal_pointer (&key), GUINT_TO_POINTER (n));
          }
    }

  for (guint f = 0; fields[f] != NULL; f++)
    {
      g_autofree char *ja = g_strdup_printf ("%s/0", fields[f]);
      g_autofree char *en = g_strdup_printf ("%s/1", fields[f]);
      guint n_ja = GPOINTER_TO_UINT (g_hash_table_lookup (counts, ja));
      guint n_en = GPOINTER_TO_UINT (g_hash_table_lookup (counts, en));

      if (n_ja != n_en)
        warn (lint, file, parent, RULE_TRANSLATION,
              _("<%s> has %u <%s> in Japanese but %u in English"),
              (const char *) parent->name, n_ja, fields[f], n_en);
    }
}

static void
lint_module (Lint            *lint,
             AwarenessModule *module)
{
  GBytes *source_bytes = module->source;
  g_autoptr(GPtrArray) problems =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_problem_unref);
  AwarenessXmlFile *file;
  xmlNode *root, *quiz = NULL;
  g_autofree char *source = NULL;
  g_autofree char *shuffle = NULL;
  guint longest_right[2] = { 0, 0 }, n_single[2] = { 0, 0 };
  g_autoptr(GArray) right_counts = g_array_new (FALSE, FALSE, sizeof (guint));

  if (source_bytes == NULL)
    return;
  file = _awareness_xml_file_parse (g_bytes_get_data (source_bytes, NULL),
                                    g_bytes_get_size (source_bytes), module->file, problems);
  g_ptr_array_add (lint->files, file);
  if (file->doc == NULL)
    return;

  root = xmlDocGetRootElement (file->doc);
  source = lang_of (root, "ja");
  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if (is_element (child, "quiz"))
      quiz = child;
  if (quiz == NULL)
    return;
  shuffle = attr (quiz, "shuffle");

  for (xmlNode *question = quiz->children; question != NULL; question = question->next)
    {
      g_autofree char *type = NULL;
      g_autofree char *id = NULL;
      g_autoptr(GArray) choices = g_array_new (FALSE, TRUE, sizeof (Choice));
      guint n_correct = 0;
      Item *item;

      if (!is_element (question, "question"))
        continue;
      type = attr (question, "type");
      id = attr (question, "id");

      for (xmlNode *child = question->children; child != NULL; child = child->next)
        if (is_element (child, "choice"))
          {
            Choice choice = { child, FALSE, FALSE, { NULL, NULL }, { 0, 0 } };
            g_autofree char *correct = attr (child, "correct");
            g_autofree char *fixed = attr (child, "fixed");

            choice.correct = g_strcmp0 (correct, "true") == 0;
            choice.fixed = g_strcmp0 (fixed, "true") == 0;
            for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
              {
                choice.text[l] = child_in (child, "text", langs[l], source);
                if (choice.text[l] != NULL)
                  {
                    g_autofree char *text = text_of (choice.text[l], FALSE);

                    choice.length[l] = g_utf8_strlen (text, -1);
                  }
              }
            n_correct += choice.correct;
            g_array_append_val (choices, choice);
          }

      if (g_strcmp0 (type, "true-false") != 0)
        {
          check_choices (lint, file, question, choices, longest_right, n_single,
                         g_strcmp0 (type, "single") == 0);
          check_negative (lint, file, question, source);
          if (g_strcmp0 (shuffle, "false") != 0)
            check_letters (lint, file, question, choices, source);
        }
      if (g_strcmp0 (type, "multiple") == 0)
        g_array_append_val (right_counts, n_correct);
      check_translations (lint, file, question, source);

      /* For near-duplicates across modules: the prompt with its exhibit. */
      item = g_new0 (Item, 1);
      item->file = file;
      item->node = question;
      item->module_id = g_strdup (module->id);
      {
        xmlNode *prompt = child_in (question, "prompt", source, source);
        g_autofree char *prompt_text = prompt != NULL ? text_of (prompt, FALSE) : g_strdup ("");
        g_autoptr(GString) all = g_string_new (prompt_text);

        for (xmlNode *child = question->children; child != NULL; child = child->next)
          if (is_element (child, "exhibit"))
            for (xmlNode *field = child->children; field != NULL; field = field->next)
              if (is_element (field, NULL) && xmlHasNsProp (field, (const xmlChar *) "lang",
                                                             XML_XML_NAMESPACE) == NULL)
                {
                  g_autofree char *text = text_of (field, FALSE);

                  g_string_append_printf (all, " %s", text);
                }
        item->text = g_string_free (g_steal_pointer (&all), FALSE);
      }
      item->bigrams = bigrams_of (item->text);
      g_ptr_array_add (lint->items, item);
      if (id != NULL)
        g_hash_table_insert (lint->item_by_key, g_strdup_printf ("%s/%s", module->id, id), item);
    }

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    if (n_single[l] >= LONGEST_RIGHT_MIN_ITEMS &&
        longest_right[l] * 100 > LONGEST_RIGHT_MAX_PERCENT * n_single[l])
      warn (lint, file, quiz, RULE_LONGEST_RIGHT,
            _("In %u of %u single-choice questions (%u%%, %s) the right answer is the longest "
              "option; keep it at most %u%%, or a test-wise learner passes without the lessons"),
            longest_right[l], n_single[l], longest_right[l] * 100 / n_single[l], langs[l],
            LONGEST_RIGHT_MAX_PERCENT);

  if (right_counts->len >= 2)
    {
      gboolean varies = FALSE;

      for (guint i = 1; i < right_counts->len; i++)
        varies |= g_array_index (right_counts, guint, i) != g_array_index (right_counts, guint, 0);
      if (!varies)
        warn (lint, file, quiz, RULE_FIXED_RIGHT_COUNT,
              _("All %u multiple-choice questions have %u right options: vary it, from one to "
                "all, so that the count gives nothing away"),
              right_counts->len, g_array_index (right_counts, guint, 0));
    }
}

static void
lint_drill (Lint           *lint,
            AwarenessDrill *drill)
{
  g_autoptr(GPtrArray) problems =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_problem_unref);
  AwarenessXmlFile *file;

  if (drill->source == NULL || drill->signs->len >= DRILL_MIN_SIGNS)
    return;
  file = _awareness_xml_file_parse (g_bytes_get_data (drill->source, NULL),
                                    g_bytes_get_size (drill->source), drill->file, problems);
  g_ptr_array_add (lint->files, file);
  if (file->doc == NULL)
    return;

  warn (lint, file, xmlDocGetRootElement (file->doc), RULE_DRILL_SIGNS,
        g_dngettext (GETTEXT_PACKAGE,
                     "The drill lists %u sign to spot; the landing page teaches by them: "
                     "list at least %u",
                     "The drill lists %u signs to spot; the landing page teaches by them: "
                     "list at least %u", drill->signs->len),
        drill->signs->len, DRILL_MIN_SIGNS);
}

static void
check_duplicates (Lint *lint)
{
  for (guint i = 0; i < lint->items->len; i++)
    for (guint j = 0; j < i; j++)
      {
        Item *later = g_ptr_array_index (lint->items, i);
        Item *earlier = g_ptr_array_index (lint->items, j);
        double similarity = jaccard (later->bigrams, earlier->bigrams);
        guint line = 0, column = 0;
        g_autofree char *id = NULL;

        if (similarity < NEAR_DUPLICATE_JACCARD)
          continue;
        _awareness_xml_file_position (earlier->file, GPOINTER_TO_SIZE (earlier->node->_private) - 1,
                                      &line, &column);
        id = attr (earlier->node, "id");
        warn (lint, later->file, later->node, RULE_NEAR_DUPLICATE,
              _("The prompt nearly repeats that of %s/%s (%s:%u, similarity %.2f)"),
              earlier->module_id, id != NULL ? id : "", earlier->file->path, line, similarity);
        break;
      }
}

/* The policy file the catalog names (<policy-file href>), checked by the
 * loader to be a plain path inside the content directory. */
static char *
find_policy_path (AwarenessCatalog *catalog,
                  GPtrArray        *problems)
{
  const char *dir = awareness_catalog_get_directory (catalog);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.xml", NULL);
  g_autoptr(AwarenessXmlFile) file = _awareness_xml_file_read (catalog_path, problems);
  xmlNode *root = file->doc != NULL ? xmlDocGetRootElement (file->doc) : NULL;

  for (xmlNode *child = root != NULL ? root->children : NULL; child != NULL; child = child->next)
    if (is_element (child, "policy-file"))
      {
        g_autofree char *href = attr (child, "href");

        if (href != NULL)
          return g_build_filename (dir, href, NULL);
      }
  return g_build_filename (dir, "policy.xml", NULL);
}

/* Every clause that concerns staff, tested by two questions or more (a
 * question tests the clause it cites and the clauses containing it). */
static void
check_clauses (Lint             *lint,
               AwarenessCatalog *catalog)
{
  g_autoptr(GPtrArray) coverage = awareness_catalog_compute_coverage (catalog);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (NULL, NULL, NULL,
                                                        (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) problems =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_problem_unref);
  g_autofree char *policy_path = NULL;
  AwarenessXmlFile *policy_file = NULL;
  g_autoptr(GHashTable) policy_nodes =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < coverage->len; i++)
    {
      AwarenessCoverage *entry = g_ptr_array_index (coverage, i);

      for (guint q = 0; q < entry->questions->len; q++)
        for (AwarenessClause *c = entry->clause; c != NULL; c = c->parent)
          {
            GPtrArray *questions = g_hash_table_lookup (counts, c);

            if (questions == NULL)
              {
                questions = g_ptr_array_new ();
                g_hash_table_insert (counts, c, questions);
              }
            if (!g_ptr_array_find (questions, g_ptr_array_index (entry->questions, q), NULL))
              g_ptr_array_add (questions, g_ptr_array_index (entry->questions, q));
          }
    }

  for (guint i = 0; i < coverage->len; i++)
    {
      AwarenessClause *clause = ((AwarenessCoverage *) g_ptr_array_index (coverage, i))->clause;
      GPtrArray *questions = g_hash_table_lookup (counts, clause);
      g_autofree char *label = awareness_clause_dup_label (clause, "en");

      if (!clause->staff || (questions != NULL && questions->len >= 2))
        continue;

      if (questions != NULL)
        {
          AwarenessQuestion *question = g_ptr_array_index (questions, 0);
          g_autofree char *key = g_strdup_printf ("%s/%s", question->module->id, question->id);
          Item *item = g_hash_table_lookup (lint->item_by_key, key);

          if (item != NULL)
            warn (lint, item->file, item->node, RULE_CLAUSE_ONCE,
                  _("Clause “%s” (%s) is tested by this question only: test each clause with "
                    "at least two questions"), clause->id, label);
          continue;
        }

      /* Untested: named where the policy has it. */
      if (policy_file == NULL)
        {
          policy_path = find_policy_path (catalog, problems);
          policy_file = _awareness_xml_file_read (policy_path, problems);
          g_ptr_array_add (lint->files, policy_file);
          for (xmlNode *node = policy_file->doc != NULL ? xmlDocGetRootElement (policy_file->doc)
                                                        : NULL;
               node != NULL;)
            {
              g_autofree char *id = is_element (node, NULL) ? attr (node, "id") : NULL;

              if (id != NULL)
                g_hash_table_insert (policy_nodes, g_steal_pointer (&id), node);
              /* Depth first. */
              if (node->children != NULL)
                node = node->children;
              else
                {
                  while (node != NULL && node->next == NULL)
                    node = node->parent != NULL && node->parent->type == XML_ELEMENT_NODE
                           ? node->parent : NULL;
                  if (node != NULL)
                    node = node->next;
                }
            }
        }
      warn (lint, policy_file, g_hash_table_lookup (policy_nodes, clause->id), RULE_CLAUSE_ONCE,
            _("Clause “%s” (%s) is tested by no question: test each clause with at least two "
              "questions"), clause->id, label);
    }
}

static int
compare_warnings (gconstpointer a,
                  gconstpointer b)
{
  AwarenessLintWarning *wa = *(AwarenessLintWarning **) a;
  AwarenessLintWarning *wb = *(AwarenessLintWarning **) b;
  int by_file = g_strcmp0 (wa->file, wb->file);

  if (by_file != 0)
    return by_file;
  if (wa->line != wb->line)
    return wa->line < wb->line ? -1 : 1;
  if (wa->column != wb->column)
    return wa->column < wb->column ? -1 : 1;
  return g_strcmp0 (wa->rule, wb->rule);
}

/**
 * awareness_lint_catalog:
 * @catalog: a catalog, loaded without errors
 *
 * Checks the catalog's questions against the item-writing rules (see
 * [func@lint_get_rules] and `content/AUTHORING.md`):
 *
 * - `longest-right`: in a pool of at least three single-choice questions,
 *   the right answer is the strictly longest option in more than 35 %;
 * - `unequal-options`: the longest option of a question is three times
 *   the shortest or more, and ten characters longer;
 * - `fixed-right-count`: every multiple-choice question of a pool has the
 *   same number of right options;
 * - `absolute-in-distractor`: an absolute word (必ず, 絶対に, すべて, 全て,
 *   常に, 一切, always, never, all, only) is in a wrong option and in no
 *   right one;
 * - `negative-unemphasised`: a prompt asks in the negative (でない, ないもの,
 *   ないのは, 誤っている, 正しくない, not, except) outside `<em>`;
 * - `near-duplicate`: two prompts, with their exhibits, have a
 *   character-bigram Jaccard similarity of 0.8 or more;
 * - `letter-reference`: the explanation of a shuffled question names an
 *   option by its letter or place;
 * - `clause-tested-once`: a clause that concerns staff is tested by fewer
 *   than two questions (not checked for internal catalogs, which teach
 *   the City's own rules);
 * - `translation-mismatch`: a question, choice or exhibit has a different
 *   number of a field in Japanese and in English.
 *
 * Returns: (transfer container) (element-type AwarenessLintWarning): the
 *   warnings, by file and position; empty when the content is clean
 *
 * Since: 0.2
 */
GPtrArray *
awareness_lint_catalog (AwarenessCatalog *catalog)
{
  Lint lint = { 0 };
  GListModel *modules;

  g_return_val_if_fail (AWARENESS_IS_CATALOG (catalog), NULL);

  lint.warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_lint_warning_unref);
  lint.files = g_ptr_array_new_with_free_func ((GDestroyNotify) _awareness_xml_file_free);
  lint.items = g_ptr_array_new_with_free_func (item_free);
  lint.item_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  modules = awareness_catalog_get_modules (catalog);
  for (guint m = 0; m < g_list_model_get_n_items (modules); m++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, m);

      lint_module (&lint, module);
    }
  for (guint d = 0; d < g_list_model_get_n_items (awareness_catalog_get_drills (catalog)); d++)
    {
      g_autoptr(AwarenessDrill) drill =
          g_list_model_get_item (awareness_catalog_get_drills (catalog), d);

      lint_drill (&lint, drill);
    }
  check_duplicates (&lint);
  if (!awareness_catalog_get_internal (catalog) && awareness_catalog_get_policy (catalog) != NULL)
    check_clauses (&lint, catalog);

  g_ptr_array_sort (lint.warnings, compare_warnings);
  g_hash_table_unref (lint.item_by_key);
  g_ptr_array_unref (lint.items);
  g_ptr_array_unref (lint.files);
  return lint.warnings;
}
