/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one scheme of the xAPI activity IRIs of Awareness content, under
 * the catalog's `iri-base`:
 *
 *   BASE/MODULE                      a module (its verdicts)
 *   BASE/MODULE/questions/QUESTION   a question (its answers)
 *   BASE/self-inspection/CHECKLIST   a self-inspection checklist
 *   BASE/self-inspection/CHECKLIST/items/ITEM   an item of it (its answers)
 *
 * MODULE and QUESTION are content ids ([A-Za-z0-9][A-Za-z0-9_.-]{0,63},
 * as the schema's `ident`).  The statements written here and every
 * reader of them (the client's pull, the server's tables and reports)
 * build and split IRIs only through these functions.
 */
#include "config.h"

#include <string.h>

#include "awareness-private.h"

#define QUESTIONS_SEGMENT "questions"
#define CHECKLISTS_SEGMENT "self-inspection"
#define ITEMS_SEGMENT "items"

/**
 * awareness_iri_is_content_id:
 * @id: (nullable): a string
 *
 * Whether @id is a content id, as module and question ids are:
 * `[A-Za-z0-9][A-Za-z0-9_.-]{0,63}`.
 *
 * Returns: whether @id is one
 *
 * Since: 0.2
 */
gboolean
awareness_iri_is_content_id (const char *id)
{
  gsize n;

  if (id == NULL || !g_ascii_isalnum (id[0]))
    return FALSE;
  for (n = 1; id[n] != '\0'; n++)
    if (!g_ascii_isalnum (id[n]) && id[n] != '_' && id[n] != '.' && id[n] != '-')
      return FALSE;
  return n <= 64;
}

static gboolean
id_between (const char *start,
            const char *end)
{
  g_autofree char *id = g_strndup (start, (gsize) (end - start));

  return awareness_iri_is_content_id (id);
}

/**
 * awareness_iri_build_module:
 * @iri_base: the catalog's `iri-base`, with or without a final slash
 * @module_id: a module id
 *
 * Returns: (transfer full): the module's activity IRI, `BASE/MODULE`
 *
 * Since: 0.2
 */
char *
awareness_iri_build_module (const char *iri_base,
                            const char *module_id)
{
  g_return_val_if_fail (iri_base != NULL, NULL);
  g_return_val_if_fail (module_id != NULL, NULL);

  if (g_str_has_suffix (iri_base, "/"))
    return g_strconcat (iri_base, module_id, NULL);
  return g_strconcat (iri_base, "/", module_id, NULL);
}

/**
 * awareness_iri_build_question:
 * @iri_base: the catalog's `iri-base`, with or without a final slash
 * @module_id: a module id
 * @question_id: the id of one of its questions
 *
 * Returns: (transfer full): the question's activity IRI,
 *   `BASE/MODULE/questions/QUESTION`
 *
 * Since: 0.2
 */
char *
awareness_iri_build_question (const char *iri_base,
                              const char *module_id,
                              const char *question_id)
{
  g_autofree char *module = awareness_iri_build_module (iri_base, module_id);

  g_return_val_if_fail (question_id != NULL, NULL);

  return g_strconcat (module, "/" QUESTIONS_SEGMENT "/", question_id, NULL);
}

/**
 * awareness_iri_build_checklist:
 * @iri_base: the catalog's `iri-base`, with or without a final slash
 * @checklist_id: a checklist id
 *
 * Returns: (transfer full): the checklist's activity IRI,
 *   `BASE/self-inspection/CHECKLIST`
 *
 * Since: 0.2
 */
char *
awareness_iri_build_checklist (const char *iri_base,
                               const char *checklist_id)
{
  g_autofree char *segment = NULL;

  g_return_val_if_fail (checklist_id != NULL, NULL);

  segment = g_strconcat (CHECKLISTS_SEGMENT "/", checklist_id, NULL);
  return awareness_iri_build_module (iri_base, segment);
}

/**
 * awareness_iri_build_checklist_item:
 * @iri_base: the catalog's `iri-base`, with or without a final slash
 * @checklist_id: a checklist id
 * @item_id: the id of one of its items
 *
 * Returns: (transfer full): the item's activity IRI,
 *   `BASE/self-inspection/CHECKLIST/items/ITEM`
 *
 * Since: 0.2
 */
char *
awareness_iri_build_checklist_item (const char *iri_base,
                                    const char *checklist_id,
                                    const char *item_id)
{
  g_autofree char *checklist = awareness_iri_build_checklist (iri_base, checklist_id);

  g_return_val_if_fail (item_id != NULL, NULL);

  return g_strconcat (checklist, "/" ITEMS_SEGMENT "/", item_id, NULL);
}

/* Where the path of an absolute IRI begins (its first slash after the
 * authority), or NULL if it has no scheme and authority. */
static const char *
path_of (const char *iri)
{
  const char *authority = strstr (iri, "://");

  if (authority == NULL || authority == iri)
    return NULL;
  for (const char *p = iri; p < authority; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return NULL;
  return strchr (authority + 3, '/');
}

/* Whether @prefix, the part of an IRI before the content's segments, is
 * @iri_base (any final slashes aside); any prefix without a base. */
static gboolean
has_base (const char *iri,
          gsize       prefix_length,
          const char *iri_base)
{
  gsize base_length;

  if (iri_base == NULL)
    return TRUE;
  base_length = strlen (iri_base);
  while (base_length > 0 && iri_base[base_length - 1] == '/')
    base_length--;
  return base_length > 0 && prefix_length == base_length &&
         strncmp (iri, iri_base, base_length) == 0;
}

/* …/self-inspection/CHECKLIST and …/self-inspection/CHECKLIST/items/ITEM */
static AwarenessIriKind
parse_checklist (const char  *iri,
                 const char  *path,
                 const char  *iri_base,
                 char       **checklist_id,
                 char       **item_id)
{
  g_auto(GStrv) segments = g_strsplit (path + 1, "/", -1);
  guint n = g_strv_length (segments);
  guint at;
  gsize prefix_length;
  AwarenessIriKind kind;

  if (n >= 2 && strcmp (segments[n - 2], CHECKLISTS_SEGMENT) == 0)
    {
      at = n - 2;
      kind = AWARENESS_IRI_CHECKLIST;
    }
  else if (n >= 4 && strcmp (segments[n - 4], CHECKLISTS_SEGMENT) == 0 &&
           strcmp (segments[n - 2], ITEMS_SEGMENT) == 0)
    {
      at = n - 4;
      kind = AWARENESS_IRI_CHECKLIST_ITEM;
    }
  else
    return AWARENESS_IRI_NONE;

  if (!awareness_iri_is_content_id (segments[at + 1]) ||
      (kind == AWARENESS_IRI_CHECKLIST_ITEM && !awareness_iri_is_content_id (segments[n - 1])))
    return AWARENESS_IRI_NONE;

  /* The prefix ends with the slash before the segment. */
  prefix_length = (gsize) (path - iri);
  for (guint i = 0; i < at; i++)
    prefix_length += 1 + strlen (segments[i]);
  if (!has_base (iri, prefix_length, iri_base))
    return AWARENESS_IRI_NONE;

  if (checklist_id != NULL)
    *checklist_id = g_strdup (segments[at + 1]);
  if (item_id != NULL && kind == AWARENESS_IRI_CHECKLIST_ITEM)
    *item_id = g_strdup (segments[n - 1]);
  return kind;
}

/**
 * awareness_iri_parse:
 * @iri: (nullable): an activity IRI
 * @iri_base: (nullable): the catalog's `iri-base`, or %NULL to accept
 *   any base (a server keeps the results of earlier bases too)
 * @module_id: (out) (optional) (transfer full): the module id, or %NULL
 * @question_id: (out) (optional) (transfer full): the question id of a
 *   question's IRI, else %NULL
 *
 * Splits an activity IRI of Awareness content into its module and
 * question ids, or its checklist and item ids (returned in @module_id and
 * @question_id).  Without @iri_base, the module is the last path segment
 * (or the segment before `questions/QUESTION`) of any absolute IRI.  A
 * segment that is not a content id, a query, a fragment, an IRI without
 * a path or outside @iri_base names nothing.
 *
 * Returns: what @iri names; %AWARENESS_IRI_NONE leaves both ids %NULL
 *
 * Since: 0.2
 */
AwarenessIriKind
awareness_iri_parse (const char  *iri,
                     const char  *iri_base,
                     char       **module_id,
                     char       **question_id)
{
  const char *path, *last, *module_end, *module_start, *question = NULL;
  AwarenessIriKind kind = AWARENESS_IRI_MODULE;

  if (module_id != NULL)
    *module_id = NULL;
  if (question_id != NULL)
    *question_id = NULL;
  if (iri == NULL || strpbrk (iri, "?#") != NULL || (path = path_of (iri)) == NULL)
    return AWARENESS_IRI_NONE;

  kind = parse_checklist (iri, path, iri_base, module_id, question_id);
  if (kind != AWARENESS_IRI_NONE)
    return kind;
  kind = AWARENESS_IRI_MODULE;

  last = strrchr (iri, '/');
  module_start = last + 1;
  module_end = iri + strlen (iri);
  /* …/MODULE/questions/QUESTION */
  if (last > path)
    {
      const char *before = last - 1;

      while (before > path && *before != '/')
        before--;
      if (before > path && last - before - 1 == strlen (QUESTIONS_SEGMENT) &&
          strncmp (before + 1, QUESTIONS_SEGMENT, strlen (QUESTIONS_SEGMENT)) == 0)
        {
          const char *start = before - 1;

          while (start > path && *start != '/')
            start--;
          if (*start == '/' && id_between (start + 1, before))
            {
              kind = AWARENESS_IRI_QUESTION;
              question = last + 1;
              module_start = start + 1;
              module_end = before;
            }
        }
    }

  if (!id_between (module_start, module_end) ||
      (question != NULL && !awareness_iri_is_content_id (question)))
    return AWARENESS_IRI_NONE;

  /* BASE/ then the module: nothing more, nothing less. */
  if (!has_base (iri, (gsize) (module_start - iri) - 1, iri_base))
    return AWARENESS_IRI_NONE;

  if (module_id != NULL)
    *module_id = g_strndup (module_start, (gsize) (module_end - module_start));
  if (question_id != NULL && question != NULL)
    *question_id = g_strdup (question);
  return kind;
}
