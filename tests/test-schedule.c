/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Assignment rules over Japanese fiscal years: the 31 March / 1 April
 * boundary, leap years, staff who start mid-year, campaigns, and modules
 * revised mid-year with and without retraining.
 */
#include <string.h>

#include "awareness.h"

static GDate
day (guint y,
     guint m,
     guint d)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return date;
}

static AwarenessAssignment
annual (guint month,
        guint dday)
{
  AwarenessAssignment a = { 0 };

  a.audience = AWARENESS_AUDIENCE_EVERYONE;
  a.recurrence = AWARENESS_RECURRENCE_ANNUAL;
  a.due_month = month;
  a.due_day = dday;
  return a;
}

static void
assert_day (const GDate *date,
            guint        y,
            guint        m,
            guint        d)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpuint (g_date_get_year (date), ==, y);
  g_assert_cmpuint (g_date_get_month (date), ==, m);
  g_assert_cmpuint (g_date_get_day (date), ==, d);
}

static void
test_fiscal_year (void)
{
  GDate a = day (2027, 3, 31), b = day (2027, 4, 1), first, last;
  g_autofree char *reiwa1 = awareness_fiscal_year_name (2019, "ja");
  g_autofree char *reiwa8 = awareness_fiscal_year_name (2026, "ja-JP");
  g_autofree char *english = awareness_fiscal_year_name (2026, "en");

  g_assert_cmpuint (awareness_fiscal_year (&a), ==, 2026);
  g_assert_cmpuint (awareness_fiscal_year (&b), ==, 2027);
  awareness_fiscal_year_bounds (2026, &first, &last);
  assert_day (&first, 2026, 4, 1);
  assert_day (&last, 2027, 3, 31);
  g_assert_cmpstr (reiwa1, ==, "令和元年度");
  g_assert_cmpstr (reiwa8, ==, "令和8年度");
  g_assert_cmpstr (english, ==, "FY2026");
}

static void
test_versions (void)
{
  g_assert_cmpint (awareness_version_compare ("2026.1", "2026.2"), <, 0);
  g_assert_cmpint (awareness_version_compare ("2026.10", "2026.9"), >, 0);
  g_assert_cmpint (awareness_version_compare ("2026.1", "2026.1"), ==, 0);
  g_assert_cmpint (awareness_version_compare ("2026.1", "2026.1.0"), ==, 0);
  g_assert_cmpint (awareness_version_compare ("2027", "2026.9"), >, 0);
  g_assert_cmpint (awareness_version_compare ("1", "1.0.1"), <, 0);
  g_assert_cmpint (awareness_version_compare ("2026.0.1", "2026"), >, 0);
}

/* Dates exactly as YYYY-MM-DD; assignments from the server with members
 * of the wrong type are refused, not taken as defaults. */
static void
test_strict_input (void)
{
  const char *bad_dates[] = { "-001-04-01", " 2026-4-1",   "2026-4-1",
                              "2026-02-30", "2026-04-01x", "0000-01-01" };
  const char *bad_rules[] = {
    "{\"audience\":[\"department\"]}",
    "{\"retrain_since\":2026}",
    "{\"recurrence\":1}",
    "{\"due\":331}",
    "{\"due\":\"02-31\"}",
    "{\"due\":\"04-31\"}",
    "{\"audience\":\"segment\"}",
    "{\"new_staff_days\":-1}",
  };
  GDate date;

  g_assert_true (awareness_date_parse ("2026-04-01", &date));
  for (guint i = 0; i < G_N_ELEMENTS (bad_dates); i++)
    g_assert_false (awareness_date_parse (bad_dates[i], &date));
  for (guint i = 0; i < G_N_ELEMENTS (bad_rules); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      AwarenessAssignment rule;

      g_assert_true (json_parser_load_from_data (parser, bad_rules[i], -1, NULL));
      g_test_message ("%s", bad_rules[i]);
      g_assert_false (
        awareness_assignment_from_json (json_parser_get_root (parser), &rule, &error));
      g_assert_nonnull (error);
    }
}

/* The period turns on 1 April: a pass on 31 March counts for the year
 * that ends that day, not for the next. */
static void
test_boundary (void)
{
  AwarenessAssignment a = annual (3, 31);
  AwarenessStaff staff = { 0 };
  GDate march31 = day (2027, 3, 31), april1 = day (2027, 4, 1), april1_2026 = day (2026, 4, 1), due;

  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &march31, NULL, NULL, &due), ==,
                   AWARENESS_DUE_PENDING);
  assert_day (&due, 2027, 3, 31);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &march31, &march31, "1", &due), ==,
                   AWARENESS_DUE_COMPLETED);
  /* The next day: a new fiscal year, the pass of 31 March no longer counts. */
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &april1, &march31, "1", &due), ==,
                   AWARENESS_DUE_PENDING);
  assert_day (&due, 2028, 3, 31);
  /* The first day of a year counts for it. */
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &march31, &april1_2026, "1", &due),
                   ==, AWARENESS_DUE_COMPLETED);
}

static void
test_overdue (void)
{
  AwarenessAssignment a = annual (6, 30);
  AwarenessStaff staff = { 0 };
  GDate june30 = day (2026, 6, 30), july1 = day (2026, 7, 1), may1 = day (2026, 5, 1),
        last_year = day (2026, 3, 1);

  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &june30, NULL, NULL, NULL), ==,
                   AWARENESS_DUE_PENDING);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &july1, NULL, NULL, NULL), ==,
                   AWARENESS_DUE_OVERDUE);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &july1, &may1, "1", NULL), ==,
                   AWARENESS_DUE_COMPLETED);
  /* Last fiscal year's pass: recertification is due again. */
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &july1, &last_year, "1", NULL), ==,
                   AWARENESS_DUE_OVERDUE);
}

/* 29 February: the last day of February in a common year. */
static void
test_leap_years (void)
{
  AwarenessAssignment a = annual (2, 29);
  AwarenessStaff staff = { 0 };
  GDate in_fy2023 = day (2023, 5, 1), in_fy2024 = day (2024, 5, 1), due;

  awareness_assignment_evaluate (&a, &staff, &in_fy2023, NULL, NULL, &due);
  assert_day (&due, 2024, 2, 29);
  awareness_assignment_evaluate (&a, &staff, &in_fy2024, NULL, NULL, &due);
  assert_day (&due, 2025, 2, 28);
}

/* April transfers and mid-year starts: a window from the start date when
 * it ends after the year's due date; not required before they start. */
static void
test_new_staff (void)
{
  AwarenessAssignment a = annual (6, 30);
  GDate october1 = day (2026, 10, 1), april1 = day (2026, 4, 1), due;
  GDate october15 = day (2026, 10, 15), november1 = day (2026, 11, 1),
        september1 = day (2026, 9, 1);
  AwarenessStaff mid_year = { .start_date = &october1 };
  AwarenessStaff april = { .start_date = &april1 };

  a.new_staff_days = 30;
  g_assert_cmpint (awareness_assignment_evaluate (&a, &mid_year, &october15, NULL, NULL, &due), ==,
                   AWARENESS_DUE_PENDING);
  assert_day (&due, 2026, 10, 31);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &mid_year, &november1, NULL, NULL, NULL), ==,
                   AWARENESS_DUE_OVERDUE);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &mid_year, &september1, NULL, NULL, NULL), ==,
                   AWARENESS_DUE_NOT_REQUIRED);
  /* An April transfer's window ends before 30 June: the year's date. */
  g_assert_cmpint (awareness_assignment_evaluate (&a, &april, &april1, NULL, NULL, &due), ==,
                   AWARENESS_DUE_PENDING);
  assert_day (&due, 2026, 6, 30);
}

/* A module revised mid-year: with retraining, passes of the old version
 * no longer count; without (a typo fix), they do. */
static void
test_revision (void)
{
  AwarenessAssignment a = annual (12, 31);
  AwarenessStaff staff = { 0 };
  GDate passed = day (2026, 5, 1), october = day (2026, 10, 1), january = day (2027, 1, 5);

  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &october, &passed, "2026.1", NULL),
                   ==, AWARENESS_DUE_COMPLETED);
  a.retrain_since = g_strdup ("2026.2");
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &october, &passed, "2026.1", NULL),
                   ==, AWARENESS_DUE_PENDING);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &january, &passed, "2026.1", NULL),
                   ==, AWARENESS_DUE_OVERDUE);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &january, &october, "2026.2", NULL),
                   ==, AWARENESS_DUE_COMPLETED);
  awareness_assignment_clear (&a);
}

/* The My Number modules are for staff whose terminal is in that segment. */
static void
test_audience (void)
{
  AwarenessAssignment a = annual (9, 30);
  AwarenessStaff mynumber = { .segment = "マイナンバー", .department = "税務課" };
  AwarenessStaff lgwan = { .segment = "LGWAN", .department = "総務課", .role = "learner" };
  GDate today = day (2026, 10, 1);

  a.audience = AWARENESS_AUDIENCE_SEGMENT;
  a.audience_value = g_strdup ("マイナンバー");
  g_assert_cmpint (awareness_assignment_evaluate (&a, &mynumber, &today, NULL, NULL, NULL), ==,
                   AWARENESS_DUE_OVERDUE);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &lgwan, &today, NULL, NULL, NULL), ==,
                   AWARENESS_DUE_NOT_REQUIRED);
  g_free (a.audience_value);
  a.audience = AWARENESS_AUDIENCE_DEPARTMENT;
  a.audience_value = g_strdup ("総務課");
  g_assert_true (awareness_assignment_applies (&a, &lgwan));
  g_assert_false (awareness_assignment_applies (&a, &mynumber));
  awareness_assignment_clear (&a);
}

/* A one-off campaign: any pass before counts; staff who came after its
 * date are not part of it. */
static void
test_campaign (void)
{
  AwarenessAssignment a = { 0 };
  GDate last_year = day (2025, 11, 1), after = day (2027, 1, 5), late = day (2026, 12, 20);
  GDate today = day (2026, 12, 25), due;
  AwarenessStaff staff = { 0 };
  AwarenessStaff newcomer = { .start_date = &after };
  AwarenessStaff late_comer = { .start_date = &late };

  a.recurrence = AWARENESS_RECURRENCE_ONCE;
  a.due_date = day (2026, 12, 31);
  a.new_staff_days = 30;
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &today, &last_year, "1", NULL), ==,
                   AWARENESS_DUE_COMPLETED);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &staff, &after, NULL, NULL, NULL), ==,
                   AWARENESS_DUE_OVERDUE);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &newcomer, &after, NULL, NULL, NULL), ==,
                   AWARENESS_DUE_NOT_REQUIRED);
  g_assert_cmpint (awareness_assignment_evaluate (&a, &late_comer, &after, NULL, NULL, &due), ==,
                   AWARENESS_DUE_PENDING);
  assert_day (&due, 2027, 1, 19);
}

/* A copy of the good test tree whose catalog's module-file element has
 * @attributes. */
static char *
tree_with (const char *attributes)
{
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);
  g_autofree char *dir = g_dir_make_tmp ("awareness-schedule-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "content", NULL);
  g_autofree char *command = g_strdup_printf ("cp -r '%s' '%s'", good, copy);
  g_autofree char *catalog = g_build_filename (copy, "catalog.xml", NULL);
  g_autofree char *text = NULL;
  g_autofree char *element = g_strdup_printf ("<module-file href=\"modules/basics.xml\" %s/>",
                                              attributes);
  g_auto(GStrv) parts = NULL;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
  g_assert_true (g_file_get_contents (catalog, &text, NULL, NULL));
  parts = g_strsplit (text, "<module-file href=\"modules/basics.xml\"/>", 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  g_free (text);
  text = g_strconcat (parts[0], element, parts[1], NULL);
  g_assert_true (g_file_set_contents (catalog, text, -1, NULL));
  return g_steal_pointer (&copy);
}

static guint
count_errors (GPtrArray *problems)
{
  guint n = 0;

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (awareness_problem_get_severity (g_ptr_array_index (problems, i))
        == AWARENESS_SEVERITY_ERROR)
      n++;
  return n;
}

/* The catalog says who must complete a module, by when, how often; a
 * rule that cannot be applied is an error with its place. */
static void
test_catalog (void)
{
  g_autofree char *plain = tree_with ("");
  g_autofree char *mynumber = tree_with (
    "audience=\"segment\" audience-value=\"マイナンバー\" due=\"09-30\" "
    "new-staff-days=\"30\" retrain-since=\"2026.2\"");
  g_autofree char *campaign = tree_with ("recurrence=\"once\" due-date=\"2026-12-31\"");
  const char *bad[] = {
    "audience=\"segment\"",
    "recurrence=\"once\"",
    "due=\"13-01\"",
    "due-date=\"2026-02-30x\"",
    "audience=\"everybody\"",
  };

  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (plain, &problems,
                                                                                NULL);
    AwarenessModule *module = awareness_catalog_lookup_module (catalog, "basics");
    const AwarenessAssignment *a = awareness_module_get_assignment (module);

    g_assert_cmpuint (count_errors (problems), ==, 0);
    /* By default: everyone, each fiscal year, by its last day. */
    g_assert_cmpint (a->audience, ==, AWARENESS_AUDIENCE_EVERYONE);
    g_assert_cmpint (a->recurrence, ==, AWARENESS_RECURRENCE_ANNUAL);
    g_assert_cmpuint (a->due_month, ==, 3);
    g_assert_cmpuint (a->due_day, ==, 31);
  }
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (mynumber, &problems,
                                                                                NULL);
    const AwarenessAssignment *a = awareness_module_get_assignment (
      awareness_catalog_lookup_module (catalog, "basics"));

    g_assert_cmpuint (count_errors (problems), ==, 0);
    g_assert_cmpint (a->audience, ==, AWARENESS_AUDIENCE_SEGMENT);
    g_assert_cmpstr (a->audience_value, ==, "マイナンバー");
    g_assert_cmpuint (a->due_month, ==, 9);
    g_assert_cmpuint (a->due_day, ==, 30);
    g_assert_cmpuint (a->new_staff_days, ==, 30);
    g_assert_cmpstr (a->retrain_since, ==, "2026.2");
  }
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (campaign, &problems,
                                                                                NULL);
    const AwarenessAssignment *a = awareness_module_get_assignment (
      awareness_catalog_lookup_module (catalog, "basics"));

    g_assert_cmpuint (count_errors (problems), ==, 0);
    g_assert_cmpint (a->recurrence, ==, AWARENESS_RECURRENCE_ONCE);
    assert_day (&a->due_date, 2026, 12, 31);
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *tree = tree_with (bad[i]);
      g_autoptr(GPtrArray) problems = NULL;
      g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (tree, &problems,
                                                                                  NULL);

      g_test_message ("%s", bad[i]);
      g_assert_cmpuint (count_errors (problems), >, 0);
      g_assert_cmpuint (awareness_problem_get_line (g_ptr_array_index (problems, 0)), >, 0);
    }
}

/* `awareness status` shows when each required module is due, and what
 * is overdue, on the day given. */
static void
test_status (void)
{
  g_autofree char *tree = tree_with ("due=\"06-30\"");
  g_autofree char *dir = g_dir_make_tmp ("awareness-status-XXXXXX", NULL);
  g_autofree char *store = g_build_filename (dir, "records.db", NULL);
  g_autofree char *config = g_build_filename (dir, "none.conf", NULL);
  const char *days[][2] = { { "2026-06-30", "due by 2026-06-30" },
                            { "2026-07-01", "overdue since 2026-06-30" },
                            { "2027-04-01", "due by 2027-06-30" } };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;

      g_subprocess_launcher_setenv (launcher, "AWARENESS_TODAY", days[i][0], TRUE);
      g_subprocess_launcher_setenv (launcher, "AWARENESS_STORE", store, TRUE);
      g_subprocess_launcher_setenv (launcher, "AWARENESS_CONFIG", config, TRUE);
      g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
      process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("AWARENESS_CLI"), "status",
                                             "--content", tree, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (out, days[i][1]));
      if (i == 1)
        g_assert_nonnull (strstr (out, "1 module is overdue."));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/awareness/schedule/fiscal-year", test_fiscal_year);
  g_test_add_func ("/awareness/schedule/versions", test_versions);
  g_test_add_func ("/awareness/schedule/strict-input", test_strict_input);
  g_test_add_func ("/awareness/schedule/boundary", test_boundary);
  g_test_add_func ("/awareness/schedule/overdue", test_overdue);
  g_test_add_func ("/awareness/schedule/leap-years", test_leap_years);
  g_test_add_func ("/awareness/schedule/new-staff", test_new_staff);
  g_test_add_func ("/awareness/schedule/revision", test_revision);
  g_test_add_func ("/awareness/schedule/audience", test_audience);
  g_test_add_func ("/awareness/schedule/campaign", test_campaign);
  g_test_add_func ("/awareness/schedule/catalog", test_catalog);
  g_test_add_func ("/awareness/schedule/status", test_status);

  return g_test_run ();
}
