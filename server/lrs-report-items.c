/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The item analysis: for each question of the published catalog, how
 * its answers went, and by clause.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "awareness.h"
#include "lrs-error.h"
#include "lrs-report.h"
#include "lrs-report-private.h"

/* Item analysis */

typedef struct {
  guint32 attempt;
  guint32 question;
  guint32 response;   /* index into responses */
  gboolean success;
} Answer;

typedef struct {
  char       *activity;
  guint       answers, correct;
  guint       upper, upper_correct, lower, lower_correct;
  GHashTable *wrong;     /* response index → count */
} Item;

typedef struct {
  GArray     *answers;
  GHashTable *attempts;   /* registration → index + 1 */
  GHashTable *questions;  /* activity → index + 1 */
  GPtrArray  *items;      /* Item, by index */
  GHashTable *response_ids;  /* response → index + 1 */
  GPtrArray  *responses;
} Collector;

static void
item_free (Item *item)
{
  g_free (item->activity);
  g_hash_table_unref (item->wrong);
  g_free (item);
}

static guint32
intern (GHashTable *ids,
        GPtrArray  *strings,
        const char *value)
{
  gpointer known = g_hash_table_lookup (ids, value);

  if (known != NULL)
    return GPOINTER_TO_UINT (known) - 1;
  g_ptr_array_add (strings, g_strdup (value));
  g_hash_table_insert (ids, g_ptr_array_index (strings, strings->len - 1),
                       GUINT_TO_POINTER (strings->len));
  return strings->len - 1;
}

static void
collect_answer_cb (const char *registration,
                   const char *activity,
                   gboolean    success,
                   const char *response,
                   gpointer    user_data)
{
  Collector *collector = user_data;
  Answer answer = { 0 };
  gpointer known = g_hash_table_lookup (collector->questions, activity);

  answer.attempt = GPOINTER_TO_UINT (g_hash_table_lookup (collector->attempts, registration));
  if (answer.attempt == 0)
    {
      answer.attempt = g_hash_table_size (collector->attempts) + 1;
      g_hash_table_insert (collector->attempts, g_strdup (registration),
                           GUINT_TO_POINTER (answer.attempt));
    }
  answer.attempt--;
  if (known == NULL)
    {
      Item *item = g_new0 (Item, 1);

      item->activity = g_strdup (activity);
      item->wrong = g_hash_table_new (NULL, NULL);
      g_ptr_array_add (collector->items, item);
      known = GUINT_TO_POINTER (collector->items->len);
      g_hash_table_insert (collector->questions, item->activity, known);
    }
  answer.question = GPOINTER_TO_UINT (known) - 1;
  answer.success = success;
  answer.response = intern (collector->response_ids, collector->responses,
                            response != NULL ? response : "");
  g_array_append_val (collector->answers, answer);
}

typedef struct {
  guint   attempt;
  double  score;
} AttemptScore;

static int
compare_scores (gconstpointer a,
                gconstpointer b)
{
  const AttemptScore *x = a, *y = b;

  if (x->score != y->score)
    return x->score < y->score ? -1 : 1;
  return x->attempt < y->attempt ? -1 : x->attempt > y->attempt;
}

/* The question of an activity IRI, by the library's IRI scheme, with
 * its module and question ids. */
static AwarenessQuestion *
lookup_question (AwarenessCatalog *catalog,
                 const char       *activity,
                 char            **module_id,
                 char            **question_id)
{
  AwarenessModule *module;

  if (awareness_iri_parse (activity, NULL, module_id, question_id) != AWARENESS_IRI_QUESTION)
    {
      g_clear_pointer (module_id, g_free);
      return NULL;
    }
  module = awareness_catalog_lookup_module (catalog, *module_id);
  return module != NULL ? awareness_module_lookup_question (module, *question_id) : NULL;
}

/* The text of a response (choice ids separated by [,]), in @lang. */
static char *
response_text (AwarenessQuestion *question,
               const char        *response,
               const char        *lang)
{
  g_auto(GStrv) ids = g_strsplit (response, "[,]", -1);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      AwarenessChoice *choice = question != NULL
                                  ? awareness_question_lookup_choice (question, ids[i])
                                  : NULL;
      g_autofree char *choice_text = choice != NULL
                                       ? awareness_choice_dup_text (choice, lang,
                                                                    AWARENESS_TEXT_FORMAT_PLAIN)
                                       : g_strdup (ids[i]);

      if (i > 0)
        g_string_append (text, " / ");
      g_string_append (text, choice_text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct {
  char      *clause;
  guint      answers, correct;
  GPtrArray *questions;   /* activity IRIs */
} ClauseStats;

static void
clause_stats_free (ClauseStats *stats)
{
  g_free (stats->clause);
  g_ptr_array_unref (stats->questions);
  g_free (stats);
}

static int
compare_clauses (gconstpointer a,
                 gconstpointer b)
{
  const ClauseStats *x = *(ClauseStats **) a, *y = *(ClauseStats **) b;
  double px = x->answers > 0 ? (double) x->correct / x->answers : 1.0;
  double py = y->answers > 0 ? (double) y->correct / y->answers : 1.0;

  if (px != py)
    return px < py ? -1 : 1;
  return g_strcmp0 (x->clause, y->clause);
}

static void
add_clause_head (JsonBuilder     *builder,
                 AwarenessClause *clause,
                 const char      *lang)
{
  g_autofree char *label = awareness_clause_dup_label (clause, lang);

  AwarenessClause *titled = clause;

  /* A numbered item has no title of its own: its section's. */
  while (titled != NULL && awareness_clause_get_title (titled, lang) == NULL)
    titled = awareness_clause_get_parent (titled);
  lrs_json_add_nullable (builder, "clause", awareness_clause_get_id (clause));
  lrs_json_add_nullable (builder, "label", label);
  lrs_json_add_nullable (builder, "title",
                         titled != NULL ? awareness_clause_get_title (titled, lang) : NULL);
}

/* One question's figures: p, D, the most chosen wrong answer. */
static void
add_item (JsonBuilder      *builder,
          Item             *item,
          Collector        *collector,
          AwarenessCatalog *catalog,
          const char       *lang,
          GHashTable       *clauses)
{
  g_autofree char *module_id = NULL;
  g_autofree char *question_id = NULL;
  AwarenessQuestion *question = lookup_question (catalog, item->activity, &module_id, &question_id);
  g_autofree char *prompt = question != NULL
                              ? awareness_question_dup_prompt (question, lang,
                                                               AWARENESS_TEXT_FORMAT_PLAIN)
                              : NULL;
  GHashTableIter iter;
  gpointer response, count;
  guint best = 0, best_count = 0;

  json_builder_begin_object (builder);
  lrs_json_add_nullable (builder, "activity", item->activity);
  lrs_json_add_nullable (builder, "module", module_id);
  lrs_json_add_nullable (builder, "question", question_id);
  lrs_json_add_nullable (builder, "prompt", prompt);
  json_builder_set_member_name (builder, "answers");
  json_builder_add_int_value (builder, item->answers);
  json_builder_set_member_name (builder, "correct");
  json_builder_add_int_value (builder, item->correct);
  json_builder_set_member_name (builder, "p");
  json_builder_add_double_value (builder,
                                 item->answers > 0 ? (double) item->correct / item->answers : 0.0);
  json_builder_set_member_name (builder, "discrimination");
  if (item->upper > 0 && item->lower > 0)
    json_builder_add_double_value (builder, (double) item->upper_correct / item->upper -
                                            (double) item->lower_correct / item->lower);
  else
    json_builder_add_null_value (builder);

  g_hash_table_iter_init (&iter, item->wrong);
  while (g_hash_table_iter_next (&iter, &response, &count))
    if (GPOINTER_TO_UINT (count) > best_count ||
        (GPOINTER_TO_UINT (count) == best_count &&
         g_strcmp0 (g_ptr_array_index (collector->responses, GPOINTER_TO_UINT (response)),
                    g_ptr_array_index (collector->responses, best)) < 0))
      {
        best = GPOINTER_TO_UINT (response);
        best_count = GPOINTER_TO_UINT (count);
      }
  json_builder_set_member_name (builder, "wrong");
  if (best_count > 0)
    {
      const char *chosen = g_ptr_array_index (collector->responses, best);
      g_autofree char *text = response_text (question, chosen, lang);

      json_builder_begin_object (builder);
      lrs_json_add_nullable (builder, "response", chosen);
      lrs_json_add_nullable (builder, "text", text);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, best_count);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "clauses");
  json_builder_begin_array (builder);
  if (question != NULL)
    {
      GPtrArray *cited = awareness_question_get_clauses (question);

      for (guint c = 0; c < cited->len; c++)
        {
          const char *id = awareness_clause_get_id (g_ptr_array_index (cited, c));
          ClauseStats *stats = g_hash_table_lookup (clauses, id);

          json_builder_add_string_value (builder, id);
          if (stats == NULL)
            {
              stats = g_new0 (ClauseStats, 1);
              stats->clause = g_strdup (id);
              stats->questions = g_ptr_array_new ();
              g_hash_table_insert (clauses, stats->clause, stats);
            }
          stats->answers += item->answers;
          stats->correct += item->correct;
          g_ptr_array_add (stats->questions, item->activity);
        }
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/**
 * lrs_report_items:
 * @department: (nullable): the answers of one department's learners only
 * @lang: the language of the texts, ja or en
 *
 * The item analysis of every question answered: the share of answers
 * that are right (p); the discrimination index D, p among the attempts
 * whose share of right answers is in the upper 27% less p among those in
 * the lower 27%; and the most chosen wrong answer with its text.  Then
 * the same per clause of the policy the questions test, the clause
 * answered worst first, so that what staff misunderstand stands out.
 *
 * Returns: (transfer full): {"questions": […], "clauses": […]}, or NULL
 */
JsonNode *
lrs_report_items (LrsStore         *store,
                  AwarenessCatalog *catalog,
                  const char       *home_page,
                  const char       *department,
                  const char       *lang,
                  GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) clauses = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) clause_stats_free);
  g_autoptr(GPtrArray) by_clause = NULL;
  g_autoptr(GArray) scores = NULL;
  g_autofree guint8 *group = NULL;   /* per attempt: 0 middle, 1 upper, 2 lower */
  g_autofree guint *right = NULL;
  g_autofree guint *total = NULL;
  Collector collector = {
    .answers = g_array_new (FALSE, FALSE, sizeof (Answer)),
    .attempts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    .questions = g_hash_table_new (g_str_hash, g_str_equal),
    .items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free),
    .response_ids = g_hash_table_new (g_str_hash, g_str_equal),
    .responses = g_ptr_array_new_with_free_func (g_free),
  };
  guint n_attempts, tail;
  JsonNode *root = NULL;
  GHashTableIter iter;
  gpointer value;

  if (!lrs_store_foreach_answer (store, home_page, department, collect_answer_cb, &collector,
                                 error))
    goto out;

  /* Each attempt's share of right answers, and the upper and lower 27%. */
  n_attempts = g_hash_table_size (collector.attempts);
  right = g_new0 (guint, n_attempts + 1);
  total = g_new0 (guint, n_attempts + 1);
  group = g_new0 (guint8, n_attempts + 1);
  for (guint i = 0; i < collector.answers->len; i++)
    {
      Answer *answer = &g_array_index (collector.answers, Answer, i);

      total[answer->attempt]++;
      right[answer->attempt] += answer->success ? 1 : 0;
    }
  scores = g_array_sized_new (FALSE, FALSE, sizeof (AttemptScore), n_attempts);
  for (guint a = 0; a < n_attempts; a++)
    {
      AttemptScore score = { a, (double) right[a] / total[a] };

      g_array_append_val (scores, score);
    }
  g_array_sort (scores, compare_scores);
  tail = (guint) (n_attempts * 0.27 + 0.5);
  for (guint i = 0; i < tail && i < n_attempts; i++)
    {
      group[g_array_index (scores, AttemptScore, i).attempt] = 2;
      group[g_array_index (scores, AttemptScore, n_attempts - 1 - i).attempt] = 1;
    }

  for (guint i = 0; i < collector.answers->len; i++)
    {
      Answer *answer = &g_array_index (collector.answers, Answer, i);
      Item *item = g_ptr_array_index (collector.items, answer->question);

      item->answers++;
      if (answer->success)
        item->correct++;
      else
        g_hash_table_insert (item->wrong, GUINT_TO_POINTER (answer->response),
                             GUINT_TO_POINTER (
                               GPOINTER_TO_UINT (
                                 g_hash_table_lookup (item->wrong,
                                                      GUINT_TO_POINTER (answer->response)))
                               + 1));
      if (group[answer->attempt] == 1)
        {
          item->upper++;
          item->upper_correct += answer->success ? 1 : 0;
        }
      else if (group[answer->attempt] == 2)
        {
          item->lower++;
          item->lower_correct += answer->success ? 1 : 0;
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, n_attempts);
  json_builder_set_member_name (builder, "min_answers");
  json_builder_add_int_value (builder, LRS_ITEM_MIN_ANSWERS);
  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < collector.items->len; i++)
    add_item (builder, g_ptr_array_index (collector.items, i), &collector, catalog, lang, clauses);
  json_builder_end_array (builder);

  by_clause = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, clauses);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (by_clause, value);
  g_ptr_array_sort (by_clause, compare_clauses);
  json_builder_set_member_name (builder, "clauses");
  json_builder_begin_array (builder);
  for (guint i = 0; i < by_clause->len; i++)
    {
      ClauseStats *stats = g_ptr_array_index (by_clause, i);
      AwarenessClause *clause = awareness_catalog_lookup_clause (catalog, stats->clause);

      json_builder_begin_object (builder);
      add_clause_head (builder, clause, lang);
      json_builder_set_member_name (builder, "answers");
      json_builder_add_int_value (builder, stats->answers);
      json_builder_set_member_name (builder, "correct");
      json_builder_add_int_value (builder, stats->correct);
      json_builder_set_member_name (builder, "p");
      json_builder_add_double_value (builder, stats->answers > 0
                                                ? (double) stats->correct / stats->answers
                                                : 0.0);
      json_builder_set_member_name (builder, "questions");
      json_builder_begin_array (builder);
      for (guint q = 0; q < stats->questions->len; q++)
        json_builder_add_string_value (builder, g_ptr_array_index (stats->questions, q));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

out:
  g_array_unref (collector.answers);
  g_hash_table_unref (collector.attempts);
  g_hash_table_unref (collector.questions);
  g_ptr_array_unref (collector.items);
  g_hash_table_unref (collector.response_ids);
  g_ptr_array_unref (collector.responses);
  return root;
}

/**
 * lrs_report_clause:
 *
 * Returns: (transfer full): a clause of the policy, its number, title and
 *   text in @lang, as a JSON object
 */
JsonNode *
lrs_report_clause (AwarenessClause *clause,
                   const char      *lang)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) paragraphs = awareness_clause_dup_paragraphs (clause, lang,
                                                               AWARENESS_TEXT_FORMAT_PLAIN);

  json_builder_begin_object (builder);
  add_clause_head (builder, clause, lang);
  json_builder_set_member_name (builder, "text");
  json_builder_begin_array (builder);
  for (guint i = 0; paragraphs != NULL && paragraphs[i] != NULL; i++)
    json_builder_add_string_value (builder, paragraphs[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
