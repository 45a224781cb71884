/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Self-inspection checklists: the shipped content, the rules of an answer,
 * coverage, IRIs and the half-yearly cycle.  (The loader's errors on bad
 * checklists are in test-loader.c.)
 */
#include <string.h>

#include <glib/gstdio.h>

#include "awareness.h"

#define HOME_PAGE "https://awareness.example/"

static void
write_file (const char *dir,
            const char *name,
            const char *data,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

/* A content tree of the test policy with one checklist of three items,
 * written to a new directory; @version and @extra make a revision. */
static char *
make_content (const char *dir,
              const char *version,
              const char *extra)
{
  g_autofree char *content = g_build_filename (dir, "content", NULL);
  g_autofree char *policy_src = g_test_build_filename (G_TEST_DIST, "data", "good", "policy.xml",
                                                       NULL);
  g_autofree char *policy = NULL;
  g_autofree char *catalog = g_strdup (
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<catalog xmlns=\"urn:x-awareness:content:1\" id=\"t\" xml:lang=\"ja\" "
      "iri-base=\"https://awareness.example/activities/test\">\n"
      "  <title>テスト</title><title xml:lang=\"en\">Test</title>\n"
      "  <policy-file href=\"policy.xml\"/>\n"
      "  <module-file href=\"module.xml\"/>\n"
      "  <checklist-file href=\"check.xml\" recurrence=\"half-yearly\"/>\n"
      "</catalog>\n");
  g_autofree char *checklist = g_strdup_printf (
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<checklist xmlns=\"urn:x-awareness:content:1\" id=\"desk\" version=\"%s\" "
      "xml:lang=\"ja\">\n"
      "  <title>点検</title><title xml:lang=\"en\">Inspection</title>\n"
      "  <check id=\"a\" clause=\"basic.1\" na=\"false\" comment-required=\"no\">\n"
      "    <text>一つ目</text><text xml:lang=\"en\">First</text></check>\n"
      "  <check id=\"b\" clause=\"basic.2\">\n"
      "    <text>二つ目</text><text xml:lang=\"en\">Second</text></check>\n"
      "  <check id=\"c\" clause=\"basic.2.1\" comment-required=\"na\">\n"
      "    <text>三つ目%s</text><text xml:lang=\"en\">Third</text></check>\n"
      "</checklist>\n", version, extra);
  g_autofree char *module_src = g_test_build_filename (G_TEST_DIST, "data", "good", "modules",
                                                       "basics.xml", NULL);
  g_autofree char *data = NULL;
  gsize length;

  g_assert_cmpint (g_mkdir_with_parents (content, 0700), ==, 0);
  g_assert_true (g_file_get_contents (policy_src, &policy, NULL, NULL));
  write_file (content, "policy.xml", policy, -1);
  g_assert_true (g_file_get_contents (module_src, &data, &length, NULL));
  write_file (content, "module.xml", data, (gssize) length);
  write_file (content, "catalog.xml", catalog, -1);
  write_file (content, "check.xml", checklist, -1);
  return g_steal_pointer (&content);
}

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

static AwarenessCatalog *
load_content (const char *content)
{
  g_autoptr(GError) error = NULL;
  AwarenessCatalog *catalog = awareness_catalog_new_for_directory (content, NULL, &error);

  g_assert_no_error (error);
  return catalog;
}

static AwarenessStore *
open_store (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "records.db", NULL);
  g_autoptr(GError) error = NULL;
  AwarenessStore *store = awareness_store_new_for_path (path, &error);

  g_assert_no_error (error);
  return store;
}

/* Answers are written as given and survive a restart; the submission
 * puts one statement per item and a completion in the outbox, each a
 * valid xAPI statement that the library's reader reads back. */
static void
test_records (void)
{
  g_autofree char *content = make_content (g_get_user_data_dir (), "2026.1", "");
  g_autoptr(AwarenessCatalog) catalog = load_content (content);
  AwarenessChecklist *checklist = awareness_catalog_lookup_checklist (catalog, "desk");
  g_autoptr(AwarenessInspection) inspection = awareness_inspection_new (checklist);
  g_autoptr(AwarenessInspection) resumed = NULL;
  g_autoptr(AwarenessStore) store = open_store ();
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) too_long = g_string_new (NULL);
  AwarenessInspectionRecord *record;
  const char *comment = NULL;

  g_assert_nonnull (checklist);
  g_assert_cmpint (awareness_checklist_get_assignment (checklist)->recurrence, ==,
                   AWARENESS_RECURRENCE_HALF_YEARLY);
  g_assert_true (awareness_store_begin_inspection (store, inspection, "u1", "ja", &error));
  g_assert_no_error (error);
  g_assert_true (awareness_inspection_set_answer (inspection, "a", AWARENESS_CHECK_ANSWER_NO,
                                                  "  鍵のかかる保管庫がない ", &error));
  g_assert_true (awareness_store_record_inspection_answer (store, inspection, "a", &error));
  g_assert_no_error (error);

  /* A comment over the limit is refused, and the answer before it kept. */
  for (guint i = 0; i <= AWARENESS_CHECKLIST_COMMENT_MAX; i++)
    g_string_append_c (too_long, 'x');
  g_assert_false (awareness_inspection_set_answer (inspection, "a", AWARENESS_CHECK_ANSWER_NO,
                                                   too_long->str, &error));
  g_assert_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_COMMENT_TOO_LONG);
  g_clear_error (&error);
  g_assert_cmpint (awareness_inspection_get_answer (inspection, "a", &comment), ==,
                   AWARENESS_CHECK_ANSWER_NO);
  g_assert_cmpstr (comment, ==, "鍵のかかる保管庫がない");

  /* Unknown items and unfinished inspections are refused. */
  g_assert_false (awareness_inspection_set_answer (inspection, "zz", AWARENESS_CHECK_ANSWER_YES,
                                                   NULL, &error));
  g_assert_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_UNKNOWN_ITEM);
  g_clear_error (&error);
  g_assert_false (awareness_inspection_finish (inspection, &error));
  g_assert_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_INCOMPLETE);
  g_clear_error (&error);

  /* Another process, later: the answer is there. */
  g_clear_object (&store);
  store = open_store ();
  resumed = awareness_store_resume_inspection (store, checklist, "u1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (resumed);
  g_assert_cmpstr (awareness_inspection_get_id (resumed), ==,
                   awareness_inspection_get_id (inspection));
  g_assert_cmpuint (awareness_inspection_get_n_answered (resumed), ==, 1);
  g_assert_cmpint (awareness_inspection_get_next_unanswered (resumed), ==, 1);
  g_assert_cmpint (awareness_inspection_get_answer (resumed, "a", &comment), ==,
                   AWARENESS_CHECK_ANSWER_NO);
  g_assert_cmpstr (comment, ==, "鍵のかかる保管庫がない");
  g_assert_null (awareness_store_resume_inspection (store, checklist, "someone-else", &error));
  g_assert_no_error (error);

  g_assert_true (awareness_inspection_set_answer (resumed, "b", AWARENESS_CHECK_ANSWER_YES, NULL,
                                                  &error));
  g_assert_true (awareness_inspection_set_answer (resumed, "c",
                                                  AWARENESS_CHECK_ANSWER_NOT_APPLICABLE,
                                                  "窓口業務なし", &error));
  g_assert_no_error (error);
  g_assert_true (awareness_store_record_inspection_answer (store, resumed, "b", &error));
  g_assert_true (awareness_store_record_inspection_answer (store, resumed, "c", &error));
  g_assert_true (awareness_inspection_finish (resumed, &error));
  g_assert_no_error (error);

  statements = awareness_xapi_build_inspection_statements (resumed, catalog, HOME_PAGE, "u1",
                                                           "ja");
  g_assert_cmpuint (statements->len, ==, 4);
  g_assert_true (awareness_store_finish_inspection (store, resumed, statements, &error));
  g_assert_no_error (error);
  /* Once only. */
  g_assert_false (awareness_store_finish_inspection (store, resumed, statements, &error));
  g_assert_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE);
  g_clear_error (&error);

  outbox = awareness_store_list_outbox (store, AWARENESS_OUTBOX_PENDING, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 4);
  for (guint i = 0; i < outbox->len; i++)
    {
      AwarenessOutboxItem *item = g_ptr_array_index (outbox, i);
      g_autoptr(JsonNode) node = json_from_string (item->statement, &error);
      g_autoptr(AwarenessVerdict) verdict = NULL;

      g_assert_no_error (error);
      g_assert_true (awareness_xapi_validate_statement (node, 0, &error));
      g_assert_no_error (error);
      verdict = awareness_verdict_new_from_statement (json_node_get_object (node), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (verdict->checklist_id, ==, "desk");
      g_assert_null (verdict->module_id);
      g_assert_cmpstr (verdict->checklist_version, ==, "2026.1");
      g_assert_cmpstr (verdict->registration, ==, awareness_inspection_get_id (resumed));
      g_assert_cmpstr (verdict->name, ==, "u1");
      if (g_strcmp0 (verdict->item_id, "a") == 0)
        {
          g_assert_cmpint (verdict->kind, ==, AWARENESS_VERDICT_ANSWERED);
          g_assert_cmpstr (verdict->response, ==, "no");
          g_assert_cmpstr (verdict->comment, ==, "鍵のかかる保管庫がない");
        }
      else if (g_strcmp0 (verdict->item_id, "c") == 0)
        {
          g_assert_cmpstr (verdict->response, ==, "not-applicable");
          g_assert_cmpstr (verdict->comment, ==, "窓口業務なし");
        }
      else if (g_strcmp0 (verdict->item_id, "b") == 0)
        {
          g_assert_cmpstr (verdict->response, ==, "yes");
          g_assert_null (verdict->comment);
        }
      else
        {
          g_assert_null (verdict->item_id);
          g_assert_cmpint (verdict->kind, ==, AWARENESS_VERDICT_COMPLETED);
          g_assert_nonnull (verdict->instant);
        }
    }

  records = awareness_store_list_inspections (store, "u1", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpint (record->state, ==, AWARENESS_INSPECTION_STATE_COMPLETED);
  g_assert_cmpstr (record->checklist_version, ==, "2026.1");
  g_assert_cmpuint (record->n_yes, ==, 1);
  g_assert_cmpuint (record->n_no, ==, 1);
  g_assert_cmpuint (record->n_not_applicable, ==, 1);
  g_assert_nonnull (record->finished);
  g_assert_null (awareness_store_resume_inspection (store, checklist, "u1", &error));
  g_assert_no_error (error);
}

/* An inspection begun on a checklist revised since is not resumed: it is
 * marked abandoned with its answers, and a new one records the new
 * version; the records keep each the version it answered. */
static void
test_revised (void)
{
  g_autofree char *old_dir = g_build_filename (g_get_user_data_dir (), "old", NULL);
  g_autofree char *new_dir = g_build_filename (g_get_user_data_dir (), "new", NULL);
  g_autofree char *old_content = make_content (old_dir, "2026.1", "");
  g_autofree char *new_content = make_content (new_dir, "2026.2", "(改訂)");
  g_autoptr(AwarenessCatalog) old_catalog = load_content (old_content);
  g_autoptr(AwarenessCatalog) new_catalog = load_content (new_content);
  AwarenessChecklist *old_list = awareness_catalog_lookup_checklist (old_catalog, "desk");
  AwarenessChecklist *new_list = awareness_catalog_lookup_checklist (new_catalog, "desk");
  g_autoptr(AwarenessInspection) inspection = awareness_inspection_new (old_list);
  g_autoptr(AwarenessStore) store = open_store ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (awareness_store_begin_inspection (store, inspection, "u2", "en", &error));
  g_assert_true (awareness_inspection_set_answer (inspection, "b", AWARENESS_CHECK_ANSWER_YES,
                                                  NULL, &error));
  g_assert_true (awareness_store_record_inspection_answer (store, inspection, "b", &error));
  g_assert_no_error (error);

  g_assert_null (awareness_store_resume_inspection (store, new_list, "u2", &error));
  g_assert_no_error (error);
  records = awareness_store_list_inspections (store, "u2", "desk", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  g_assert_cmpint (((AwarenessInspectionRecord *) g_ptr_array_index (records, 0))->state, ==,
                   AWARENESS_INSPECTION_STATE_ABANDONED);
  g_assert_cmpstr (((AwarenessInspectionRecord *) g_ptr_array_index (records, 0))
                   ->checklist_version, ==, "2026.1");
  g_assert_cmpuint (((AwarenessInspectionRecord *) g_ptr_array_index (records, 0))->n_yes, ==,
                    1);
  /* Its answers stay where they were: no longer writable. */
  g_assert_false (awareness_store_record_inspection_answer (store, inspection, "b", &error));
  g_assert_error (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_STATE);
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
  g_test_add_func ("/awareness/checklist/records", test_records);
  g_test_add_func ("/awareness/checklist/revised", test_revised);

  return g_test_run ();
}
