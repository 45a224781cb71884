/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Self-inspection checklists: the shipped content, the rules of an answer,
 * coverage, IRIs and the half-yearly cycle.  (The loader's errors on bad
 * checklists are in test-loader.c.)
 */
#include <string.h>

#include "awareness.h"

static AwarenessCatalog *
load_shipped (void)
{
  g_autoptr(GError) error = NULL;
  AwarenessCatalog *catalog =
      awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

/* The shipped staff checklist: 15 to 25 items, each in Japanese and
 * English, each citing clauses of the shipped policy; the department
 * head's is a sample, assigned to that role. */
static void
test_shipped (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_shipped ();
  AwarenessChecklist *staff = awareness_catalog_lookup_checklist (catalog,
                                                                  "staff-self-inspection");
  AwarenessChecklist *head =
      awareness_catalog_lookup_checklist (catalog, "department-head-self-inspection-sample");
  GPtrArray *items;

  g_assert_nonnull (staff);
  g_assert_nonnull (head);
  g_assert_cmpuint (g_list_model_get_n_items (awareness_catalog_get_checklists (catalog)), ==, 2);
  g_assert_false (awareness_checklist_get_sample (staff));
  g_assert_true (awareness_checklist_get_sample (head));
  g_assert_cmpint (awareness_checklist_get_assignment (head)->audience, ==,
                   AWARENESS_AUDIENCE_ROLE);
  g_assert_cmpstr (awareness_checklist_get_assignment (head)->audience_value, ==,
                   "department-head");
  g_assert_cmpint (awareness_checklist_get_assignment (staff)->audience, ==,
                   AWARENESS_AUDIENCE_EVERYONE);

  items = awareness_checklist_get_items (staff);
  g_assert_cmpuint (items->len, >=, 15);
  g_assert_cmpuint (items->len, <=, 25);
  for (guint i = 0; i < items->len; i++)
    {
      AwarenessChecklistItem *item = g_ptr_array_index (items, i);
      g_autofree char *ja = awareness_checklist_item_dup_text (item, "ja",
                                                               AWARENESS_TEXT_FORMAT_PLAIN);
      g_autofree char *en = awareness_checklist_item_dup_text (item, "en",
                                                               AWARENESS_TEXT_FORMAT_PLAIN);

      g_assert_cmpstr (ja, !=, en);
      g_assert_cmpuint (strlen (ja), >, 0);
      g_assert_cmpuint (awareness_checklist_item_get_clauses (item)->len, >, 0);
      for (guint j = 0; j < awareness_checklist_item_get_clauses (item)->len; j++)
        g_assert_nonnull (awareness_catalog_lookup_clause (
            catalog, awareness_clause_get_id (
                g_ptr_array_index (awareness_checklist_item_get_clauses (item), j))));
      g_assert_true (awareness_checklist_item_get_checklist (item) == staff);
      g_assert_true (awareness_checklist_lookup_item (staff,
                                                      awareness_checklist_item_get_id (item))
                     == item);
    }
  g_assert_cmpuint (strlen (awareness_checklist_get_digest (staff)), ==, 64);
}

static AwarenessChecklistItem *
item_of (AwarenessCatalog *catalog,
         const char       *id)
{
  AwarenessChecklist *staff = awareness_catalog_lookup_checklist (catalog,
                                                                  "staff-self-inspection");

  return awareness_checklist_lookup_item (staff, id);
}

/* The rules of an answer: a “no” needs a comment where the item says so,
 * “not applicable” only where allowed, a comment no longer than the limit. */
static void
test_answer_rules (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_shipped ();
  AwarenessChecklistItem *taking_out = item_of (catalog, "no-taking-out");
  AwarenessChecklistItem *printed = item_of (catalog, "printed-documents");
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_comment = g_string_new (NULL);

  g_assert_true (awareness_checklist_item_check_answer (taking_out, AWARENESS_CHECK_ANSWER_YES,
                                                        NULL, &error));
  g_assert_no_error (error);

  g_assert_false (awareness_checklist_item_check_answer (taking_out, AWARENESS_CHECK_ANSWER_NO,
                                                         "   ", &error));
  g_assert_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_COMMENT_REQUIRED);
  g_assert_nonnull (strstr (error->message, "no-taking-out"));
  g_clear_error (&error);
  g_assert_true (awareness_checklist_item_check_answer (taking_out, AWARENESS_CHECK_ANSWER_NO,
                                                        "持ち出し簿がない", &error));
  g_assert_no_error (error);

  g_assert_false (awareness_checklist_item_check_answer (
      taking_out, AWARENESS_CHECK_ANSWER_NOT_APPLICABLE, NULL, &error));
  g_assert_error (error, AWARENESS_CHECKLIST_ERROR,
                  AWARENESS_CHECKLIST_ERROR_NOT_APPLICABLE_REFUSED);
  g_clear_error (&error);

  /* No comment needed here. */
  g_assert_true (awareness_checklist_item_check_answer (printed, AWARENESS_CHECK_ANSWER_NO, NULL,
                                                        &error));
  g_assert_true (awareness_checklist_item_check_answer (
      printed, AWARENESS_CHECK_ANSWER_NOT_APPLICABLE, NULL, &error));
  g_assert_no_error (error);

  /* The limit counts characters, not bytes. */
  for (guint i = 0; i < AWARENESS_CHECKLIST_COMMENT_MAX; i++)
    g_string_append (long_comment, "あ");
  g_assert_true (awareness_checklist_item_check_answer (printed, AWARENESS_CHECK_ANSWER_NO,
                                                        long_comment->str, &error));
  g_assert_no_error (error);
  g_string_append (long_comment, "a");
  g_assert_false (awareness_checklist_item_check_answer (printed, AWARENESS_CHECK_ANSWER_NO,
                                                         long_comment->str, &error));
  g_assert_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_COMMENT_TOO_LONG);
  g_clear_error (&error);

  g_assert_false (awareness_checklist_item_check_answer (printed, AWARENESS_CHECK_ANSWER_NONE,
                                                         NULL, &error));
  g_assert_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_INVALID_ANSWER);
  g_clear_error (&error);

  g_assert_cmpint (awareness_check_answer_from_string ("not-applicable"), ==,
                   AWARENESS_CHECK_ANSWER_NOT_APPLICABLE);
  g_assert_cmpint (awareness_check_answer_from_string ("maybe"), ==, AWARENESS_CHECK_ANSWER_NONE);
  g_assert_cmpstr (awareness_check_answer_to_string (AWARENESS_CHECK_ANSWER_NO), ==, "no");
}

/* Coverage says which clauses self-inspection checks: 5 is, by several
 * items; 6 is through its sub-clauses, though no item cites it itself;
 * 1 (the purpose of the Basic Policy) is not. */
static void
test_coverage (void)
{
  g_autoptr(AwarenessCatalog) catalog = load_shipped ();
  g_autoptr(GPtrArray) coverage = awareness_catalog_compute_coverage (catalog);
  gboolean basic5 = FALSE, basic6 = FALSE, basic1 = TRUE;

  for (guint i = 0; i < coverage->len; i++)
    {
      AwarenessCoverage *entry = g_ptr_array_index (coverage, i);
      const char *id = awareness_clause_get_id (entry->clause);

      if (strcmp (id, "basic.5") == 0)
        {
          basic5 = entry->inspected;
          g_assert_cmpuint (entry->checks->len, >=, 2);
        }
      else if (strcmp (id, "basic.6") == 0)
        {
          basic6 = entry->inspected;
          g_assert_cmpuint (entry->checks->len, ==, 0);
        }
      else if (strcmp (id, "basic.1") == 0)
        basic1 = entry->inspected;
    }

  g_assert_true (basic5);
  g_assert_true (basic6);
  g_assert_false (basic1);
}

static void
test_iri (void)
{
  const char *base = "https://awareness.example/activities/minamikyushu/";
  g_autofree char *checklist = awareness_iri_build_checklist (base, "staff-self-inspection");
  g_autofree char *item = awareness_iri_build_checklist_item (base, "staff-self-inspection",
                                                              "no-taking-out");
  g_autofree char *id = NULL;
  g_autofree char *item_id = NULL;

  g_assert_cmpstr (checklist, ==, "https://awareness.example/activities/minamikyushu/"
                                  "self-inspection/staff-self-inspection");
  g_assert_cmpint (awareness_iri_parse (checklist, base, &id, &item_id), ==,
                   AWARENESS_IRI_CHECKLIST);
  g_assert_cmpstr (id, ==, "staff-self-inspection");
  g_assert_null (item_id);
  g_clear_pointer (&id, g_free);

  g_assert_cmpint (awareness_iri_parse (item, NULL, &id, &item_id), ==,
                   AWARENESS_IRI_CHECKLIST_ITEM);
  g_assert_cmpstr (id, ==, "staff-self-inspection");
  g_assert_cmpstr (item_id, ==, "no-taking-out");
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&item_id, g_free);

  /* Another base names nothing; a module's IRI stays a module's. */
  g_assert_cmpint (awareness_iri_parse (item, "https://elsewhere.example/a/", &id, &item_id), ==,
                   AWARENESS_IRI_NONE);
  g_assert_null (id);
  g_assert_cmpint (awareness_iri_parse ("https://awareness.example/activities/minamikyushu/"
                                        "staff-obligations", base, &id, NULL), ==,
                   AWARENESS_IRI_MODULE);
  g_assert_cmpstr (id, ==, "staff-obligations");
}

static GDate
day (guint year,
     guint month,
     guint d)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) month, (GDateYear) year);
  return date;
}

/* Half-yearly: the first half is due six months before the second; an
 * answer of the first half does not count for the second. */
static void
test_half_yearly (void)
{
  AwarenessAssignment a = { 0 };
  AwarenessStaff staff = { 0 };
  GDate may = day (2026, 5, 10), october = day (2026, 10, 2), june = day (2026, 6, 1);
  GDate due;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(GError) error = NULL;
  AwarenessAssignment back = { 0 };

  a.recurrence = AWARENESS_RECURRENCE_HALF_YEARLY;
  a.due_month = 3;
  a.due_day = 31;
  g_date_clear (&a.due_date, 1);

  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &may, NULL, NULL, &due), ==,
                   AWARENESS_DUE_PENDING);
  g_assert_cmpint (g_date_get_month (&due), ==, 9);
  g_assert_cmpint (g_date_get_day (&due), ==, 30);
  g_assert_cmpint (g_date_get_year (&due), ==, 2026);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &october, &june, "1", &due), ==,
                   AWARENESS_DUE_PENDING);
  g_assert_cmpint (g_date_get_month (&due), ==, 3);
  g_assert_cmpint (g_date_get_year (&due), ==, 2027);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &june, &may, "1", NULL), ==,
                   AWARENESS_DUE_COMPLETED);

  /* The server's overrides carry it. */
  json = awareness_assignment_to_json (&a);
  g_assert_true (awareness_assignment_from_json (json, &back, &error));
  g_assert_no_error (error);
  g_assert_cmpint (back.recurrence, ==, AWARENESS_RECURRENCE_HALF_YEARLY);
  awareness_assignment_clear (&back);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/awareness/checklist/shipped", test_shipped);
  g_test_add_func ("/awareness/checklist/answer-rules", test_answer_rules);
  g_test_add_func ("/awareness/checklist/coverage", test_coverage);
  g_test_add_func ("/awareness/checklist/iri", test_iri);
  g_test_add_func ("/awareness/checklist/half-yearly", test_half_yearly);

  return g_test_run ();
}
