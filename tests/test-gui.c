/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The desktop app, driven as a learner would drive it, under Xvfb: the
 * real window, the real records, and for sync the real server on
 * loopback going down and up.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "aw-due-notice.h"
#include "aw-report-dialog.h"
#include "aw-window.h"
#include "lrs-fixture.h"

typedef struct {
  char            *dir;
  AwWindow *window;
} Gui;

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Runs the main loop until @check is true, for up to @seconds. */
static gboolean
wait_for (gboolean (*check) (gpointer),
          gpointer   data,
          guint      seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;

  while (!check (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static void
gui_setup (Gui           *gui,
           gconstpointer  data)
{
  g_autofree char *store = NULL;
  g_autofree char *config = NULL;
  g_autofree char *assignments = NULL;

  gui->dir = g_dir_make_tmp ("awareness-gui-XXXXXX", NULL);
  g_assert_nonnull (gui->dir);
  store = g_build_filename (gui->dir, "records.db", NULL);
  config = g_build_filename (gui->dir, "awareness.conf", NULL);
  assignments = g_build_filename (gui->dir, "assignments.json", NULL);
  g_setenv ("AWARENESS_STORE", store, TRUE);
  g_setenv ("AWARENESS_CONFIG", config, TRUE);
  g_setenv ("AWARENESS_ASSIGNMENTS", assignments, TRUE);
  g_setenv ("AWARENESS_SECRET_STORE", "file", TRUE);
  g_setenv ("AWARENESS_USER", "tanaka", TRUE);
  g_setenv ("AWARENESS_ACCOUNT_HOMEPAGE", HOME_PAGE, TRUE);
  /* Each test is a first start (the settings live in memory). */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_reset (settings, "offline-chosen");
    g_settings_reset (settings, "notified-on");
  }
  g_unsetenv ("AWARENESS_TODAY");
}

static void
close_window (Gui *gui)
{
  if (gui->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (gui->window));
      g_object_unref (gui->window);
      gui->window = NULL;
      spin ();
    }
}

static void
gui_teardown (Gui           *gui,
              gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", gui->dir);

  close_window (gui);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (gui->dir);
}

/* A new window of @app (or of none) on newly opened records, as at the
 * start of the app. */
static void
open_window_of (Gui            *gui,
                GtkApplication *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwContext) context = aw_context_new (&error);

  g_assert_no_error (error);
  gui->window = g_object_ref_sink (aw_window_new (app, context));
  gtk_window_present (GTK_WINDOW (gui->window));
  spin ();
}

static void
open_window (Gui *gui)
{
  open_window_of (gui, NULL);
}

static const char *
first_module_id_of (AwContext *context)
{
  GListModel *modules = awareness_catalog_get_modules (context->catalog);
  g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, 0);

  return awareness_module_get_id (module);
}

static const char *
first_module_id (Gui *gui)
{
  return first_module_id_of (aw_window_get_context (gui->window));
}

static gboolean
on_quiz (gpointer data)
{
  return g_strcmp0 (aw_trainer_get_page (data), "quiz") == 0;
}

/* The widgets of @type under @widget, in the order they are shown. */
static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* Through the lessons with the Next button's action, to the quiz. */
static void
read_lessons (Gui *gui)
{
  AwTrainer *trainer = aw_window_get_trainer (gui->window);
  guint n = 0;

  while (g_strcmp0 (aw_trainer_get_page (trainer), "lesson") == 0)
    {
      g_autoptr(GPtrArray) views = g_ptr_array_new ();
      g_autoptr(GHashTable) shown = g_hash_table_new (NULL, NULL);

      g_assert_cmpuint (aw_trainer_get_position (trainer), ==, n);
      /* Next is in view without scrolling, and each quotation of the
       * policy is shown once (a card in the lesson, or beside it). */
      g_assert_null (
        gtk_widget_get_ancestor (aw_trainer_get_lesson_next (trainer), GTK_TYPE_SCROLLED_WINDOW));
      collect (GTK_WIDGET (trainer), GTK_TYPE_BOX, views);
      for (guint v = 0; v < views->len; v++)
        {
          /* A clause view says which clause it shows (aw_clause_view_new). */
          gpointer clause = g_object_get_data (g_ptr_array_index (views, v), "aw-clause");

          if (clause == NULL || !gtk_widget_get_visible (g_ptr_array_index (views, v)))
            continue;
          g_assert_false (g_hash_table_contains (shown, clause));
          g_hash_table_add (shown, clause);
        }
      g_assert_true (
        gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.next-lesson", NULL));
      spin ();
      n++;
    }
  g_assert_cmpuint (n, ==, awareness_module_get_lessons (aw_trainer_get_module (trainer))->len);
  g_assert_true (on_quiz (trainer));
}

/* Ticks the right choices (or a wrong one) of the question shown, as a
 * click on each check button would. */
static void
answer_shown (Gui      *gui,
              gboolean  right)
{
  AwTrainer *trainer = aw_window_get_trainer (gui->window);
  AwarenessAttempt *attempt = aw_trainer_get_attempt (trainer);
  guint index = aw_trainer_get_position (trainer);
  GPtrArray *shown = awareness_attempt_get_choices (attempt, index);
  gboolean ticked = FALSE;

  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (aw_trainer_get_choice (trainer, 0)))
                  == FALSE);
  for (guint c = 0; c < shown->len; c++)
    {
      gboolean correct = awareness_choice_get_correct (g_ptr_array_index (shown, c));

      if (correct == right && !(ticked && !right))
        {
          gtk_check_button_set_active (GTK_CHECK_BUTTON (aw_trainer_get_choice (trainer, c)), TRUE);
          ticked = TRUE;
        }
    }
  g_assert_true (ticked);
  spin ();
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
is_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static gboolean
on_modules (gpointer data)
{
  return g_strcmp0 (aw_window_get_page (data), "modules") == 0;
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Answers every question left, then confirms the submission. */
static AwarenessAttempt *
finish_quiz (Gui      *gui,
             gboolean  right)
{
  AwTrainer *trainer = aw_window_get_trainer (gui->window);
  AwarenessAttempt *attempt = aw_trainer_get_attempt (trainer);
  guint n = awareness_attempt_get_n_questions (attempt);
  AdwMessageDialog *dialog;

  while (aw_trainer_get_position (trainer) + 1 < n)
    {
      answer_shown (gui, right);
      g_assert_true (
        gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.next-question", NULL));
      spin ();
    }
  answer_shown (gui, right);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.next-question", NULL));
  spin ();

  /* Nothing is submitted before the learner confirms. */
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (awareness_attempt_is_finished (attempt));
  /* As a click on the button does: respond, then close. */
  adw_message_dialog_response (dialog, "submit");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  g_assert_cmpstr (aw_trainer_get_page (trainer), ==, "result");
  return aw_trainer_get_attempt (trainer);
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child);
  return n;
}

static void
test_whole_module (Gui           *gui,
                   gconstpointer  data)
{
  AwContext *context;
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(AwarenessAttemptRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *attempt_id = NULL;
  g_autofree char *module_id = NULL;
  AwarenessAttempt *attempt;
  guint n;

  open_window (gui);
  /* The first start: the welcome page, until the learner chooses. */
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "welcome");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.offline", NULL));
  spin ();
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "modules");
  g_assert_cmpint (aw_window_get_sync_status (gui->window), ==, AW_SYNC_STATUS_OFFLINE);

  module_id = g_strdup (first_module_id (gui));
  g_assert_true (aw_window_open_module (gui->window, module_id));
  read_lessons (gui);
  /* The keyboard focus is on the first answer of the first question. */
  g_assert_true (gtk_root_get_focus (GTK_ROOT (gui->window)) ==
                 aw_trainer_get_choice (aw_window_get_trainer (gui->window), 0));
  attempt = finish_quiz (gui, TRUE);
  g_assert_true (awareness_attempt_get_passed (attempt));
  n = awareness_attempt_get_n_questions (attempt);
  attempt_id = g_strdup (awareness_attempt_get_id (attempt));

  /* The records, read afresh from the file: the attempt passed, with one
   * statement per question and the verdicts, waiting to be sent. */
  context = aw_window_get_context (gui->window);
  store = awareness_store_new_for_path (context->store_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (awareness_store_get_module_status (store, "tanaka", module_id, &record, &error),
                   ==, AWARENESS_ATTEMPT_STATE_PASSED);
  g_assert_no_error (error);
  g_assert_cmpstr (record->id, ==, attempt_id);
  g_assert_cmpuint (record->score, ==, n);
  statements = awareness_store_dup_statements (store, attempt_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statements->len, >=, n + 1);
  g_assert_nonnull (strstr (g_ptr_array_index (statements, statements->len - 1),
                            "http://adlnet.gov/expapi/verbs/passed"));
  g_assert_nonnull (strstr (g_ptr_array_index (statements, 0), "\"name\":\"tanaka\""));
  g_assert_cmpint (awareness_store_count_pending (store, NULL), ==, (gint64) statements->len);

  /* The history lists it, and its review shows every question. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.home", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.history", NULL));
  spin ();
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "history");
  aw_window_show_review (gui->window, attempt_id);
  spin ();
  g_assert_cmpuint (count_rows (aw_window_get_review_list (gui->window)), ==, n);
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

    collect (GTK_WIDGET (aw_window_get_review_list (gui->window)), GTK_TYPE_BUTTON, buttons);
    g_assert_cmpuint (buttons->len, >=, n);
  }

  /* After the module is revised, the review shows the attempt as it was
   * recorded, every question still there. */
  {
    sqlite3 *db = NULL;
    g_autofree char *sql =
      g_strdup_printf ("UPDATE attempts SET content_digest = 'sha256:revised' WHERE id = '%s'",
                       attempt_id);

    g_assert_cmpint (sqlite3_open (context->store_path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  aw_window_show_review (gui->window, attempt_id);
  spin ();
  g_assert_cmpuint (count_rows (aw_window_get_review_list (gui->window)), ==, n);
  /* The clauses are named, not opened: the current text may differ. */
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

    collect (GTK_WIDGET (aw_window_get_review_list (gui->window)), GTK_TYPE_BUTTON, buttons);
    g_assert_cmpuint (buttons->len, ==, 0);
  }
}

static void
test_resume (Gui           *gui,
             gconstpointer  data)
{
  AwTrainer *trainer;
  g_autofree char *attempt_id = NULL;
  g_autofree char *module_id = NULL;
  g_autofree char *first_question = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  g_autoptr(GError) error = NULL;
  AwarenessAttempt *attempt;

  open_window (gui);
  gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.offline", NULL);
  module_id = g_strdup (first_module_id (gui));
  g_assert_true (aw_window_open_module (gui->window, module_id));
  read_lessons (gui);
  trainer = aw_window_get_trainer (gui->window);
  attempt = aw_trainer_get_attempt (trainer);
  attempt_id = g_strdup (awareness_attempt_get_id (attempt));
  first_question = g_strdup (
    awareness_question_get_id (awareness_attempt_get_question (attempt, 0)));

  /* Two answers, then the window goes, mid-quiz. */
  answer_shown (gui, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.next-question", NULL);
  spin ();
  answer_shown (gui, FALSE);
  close_window (gui);

  /* A new start: the welcome is not shown again, the module is in
   * progress, and opening it resumes at the third question. */
  open_window (gui);
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "modules");
  /* The toast's Continue button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.resume", NULL));
  spin ();
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "trainer");
  trainer = aw_window_get_trainer (gui->window);
  attempt = aw_trainer_get_attempt (trainer);
  g_assert_cmpstr (aw_trainer_get_page (trainer), ==, "quiz");
  g_assert_cmpstr (awareness_attempt_get_id (attempt), ==, attempt_id);
  g_assert_cmpuint (awareness_attempt_get_n_answered (attempt), ==, 2);
  g_assert_cmpuint (aw_trainer_get_position (trainer), ==, 2);
  g_assert_cmpstr (awareness_question_get_id (awareness_attempt_get_question (attempt, 0)), ==,
                   first_question);
  /* The answers given are shown as given. */
  gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.previous-question", NULL);
  spin ();
  {
    GPtrArray *shown = awareness_attempt_get_choices (attempt, 1);
    guint ticked = 0;

    for (guint c = 0; c < shown->len; c++)
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (aw_trainer_get_choice (trainer, c))))
        {
          g_assert_false (awareness_choice_get_correct (g_ptr_array_index (shown, c)));
          ticked++;
        }
    g_assert_cmpuint (ticked, ==, 1);
  }
  gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.next-question", NULL);
  spin ();
  attempt = finish_quiz (gui, TRUE);
  g_assert_cmpstr (awareness_attempt_get_id (attempt), ==, attempt_id);
  g_assert_cmpuint (awareness_attempt_get_score (attempt), ==,
                    awareness_attempt_get_n_questions (attempt) - 1);

  /* One attempt, not two. */
  attempts = awareness_store_list_attempts (aw_window_get_context (gui->window)->store, "tanaka",
                                            module_id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (attempts->len, ==, 1);
}

/* The labels in @window, mapped, that show @text. */
static GPtrArray *
mapped_labels (GtkWidget  *window,
               const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GPtrArray *mapped = g_ptr_array_new ();

  collect (window, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, i)), text) == 0 &&
        gtk_widget_get_mapped (g_ptr_array_index (labels, i)))
      g_ptr_array_add (mapped, g_ptr_array_index (labels, i));
  return mapped;
}

static gboolean
label_mapped (gpointer data)
{
  gpointer *pair = data;
  g_autoptr(GPtrArray) mapped = mapped_labels (pair[0], pair[1]);

  return mapped->len > 0;
}

/* The label showing @text in @gui's window is shown whole: wrapped,
 * never cut off with “…”. */
static void
assert_whole (Gui        *gui,
              const char *text)
{
  g_autoptr(GPtrArray) labels = NULL;
  gpointer pair[] = { gui->window, (gpointer) text };

  /* The bar is revealed by an animation: shown once it is mapped. */
  g_assert_true (wait_for (label_mapped, pair, 30));
  labels = mapped_labels (GTK_WIDGET (gui->window), text);
  g_assert_cmpuint (labels->len, ==, 1);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = g_ptr_array_index (labels, i);

      g_assert_true (gtk_label_get_wrap (label));
      g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_NONE);
      g_assert_cmpint (gtk_label_get_lines (label), ==, -1);
    }
}

static gboolean
status_is (gpointer data)
{
  gpointer *pair = data;

  return (int) aw_window_get_sync_status (pair[0]) == GPOINTER_TO_INT (pair[1]);
}

static void
wait_status (Gui                *gui,
             AwSyncStatus status)
{
  gpointer pair[] = { gui->window, GINT_TO_POINTER (status) };

  if (!wait_for (status_is, pair, 60))
    g_error ("sync status %d, not %d: %s", aw_window_get_sync_status (gui->window), status,
             aw_window_get_sync_text (gui->window));
}

static void
note_status (AwWindow *window,
             GParamSpec      *pspec,
             GString         *seen)
{
  g_string_append_printf (seen, "%d", aw_window_get_sync_status (window));
}

/* The server, started again on the port it had. */
static void
restart_server_on_same_port (Fixture *fixture)
{
  const char *port = strrchr (fixture->base, ':') + 1;
  g_autofree char *text = NULL;
  g_autofree char *fixed = NULL;
  g_autofree char *line = g_strdup_printf ("port=%.*s", (int) strcspn (port, "/"), port);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^port=0$", G_REGEX_MULTILINE, 0, NULL);

  g_assert_true (g_file_get_contents (fixture->config, &text, NULL, &error));
  fixed = g_regex_replace_literal (regex, text, -1, 0, line, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (fixture->config, fixed, -1, &error));
  start_server (fixture);
}

static gboolean
report_answered (gpointer data)
{
  return aw_report_dialog_get_state (data) != AW_REPORT_STATE_SENDING;
}

static void
test_sync_indicator (Gui           *gui,
                     gconstpointer  data)
{
  Fixture fixture = { 0 };
  g_autoptr(AwarenessConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *module_id = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autofree char *ca = NULL;
  g_autofree char *key = NULL;
  GtkButton *sign_in = NULL;
  GtkWindow *prefs;
  AwContext *context;

  fixture_setup (&fixture, NULL);
  g_unsetenv ("AWARENESS_USER");
  g_unsetenv ("AWARENESS_ACCOUNT_HOMEPAGE");

  /* From the welcome page to the preferences, as “Connect” does. */
  open_window (gui);
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "welcome");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.connect", NULL));
  spin ();
  prefs = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  collect (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (g_ptr_array_index (rows, 2)));
  collect (GTK_WIDGET (prefs), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), "_Sign In") == 0)
      sign_in = g_ptr_array_index (buttons, i);
  g_assert_nonnull (sign_in);
  ca = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem", NULL);
  key = key_of (fixture.learner);
  /* The server's root, as staff are often given: /xapi/ is found. */
  {
    g_autofree char *root = g_strndup (fixture.base, strlen (fixture.base) - strlen ("xapi/"));

    gtk_editable_set_text (g_ptr_array_index (rows, 0), root);
  }
  gtk_editable_set_text (g_ptr_array_index (rows, 1), key);
  gtk_editable_set_text (g_ptr_array_index (rows, 3), ca);

  /* A wrong secret: refused by the server, and nothing is saved. */
  gtk_editable_set_text (g_ptr_array_index (rows, 2), "not-the-secret");
  g_signal_emit_by_name (sign_in, "clicked");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (sign_in)));
  g_assert_true (wait_for (is_sensitive, sign_in, 60));
  config = awareness_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_null (config->server_url);
  g_clear_pointer (&config, awareness_config_free);
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "welcome");

  /* The right one: signed in, the modules, and a sync that succeeds. */
  secret = g_strdup (strchr (fixture.learner, ':') + 1);
  gtk_editable_set_text (g_ptr_array_index (rows, 2), secret);
  g_signal_emit_by_name (sign_in, "clicked");
  g_assert_true (wait_for (on_modules, gui->window, 60));
  config = awareness_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->staff_id, ==, "tanaka");
  g_assert_cmpstr (config->server_url, ==, fixture.base);
  gtk_window_destroy (GTK_WINDOW (prefs));
  wait_status (gui, AW_SYNC_STATUS_SYNCED);
  /* A new start goes straight to the modules. */
  close_window (gui);
  open_window (gui);
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "modules");
  wait_status (gui, AW_SYNC_STATUS_SYNCED);
  context = aw_window_get_context (gui->window);
  g_assert_cmpstr (context->user, ==, "tanaka");

  /* A completion is sent at once. */
  module_id = g_strdup (first_module_id (gui));
  aw_window_open_module (gui->window, module_id);
  read_lessons (gui);
  g_signal_connect (gui->window, "notify::sync-status", G_CALLBACK (note_status), seen);
  finish_quiz (gui, TRUE);
  wait_status (gui, AW_SYNC_STATUS_SYNCED);
  /* The indicator showed the sync running, then done. */
  g_assert_cmpstr (seen->str, ==, "12");
  g_assert_cmpint (awareness_store_count_pending (context->store, NULL), ==, 0);

  /* The server goes down: the next completion waits, and says so. */
  stop_server (&fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (aw_window_get_trainer (gui->window)),
                                             "trainer.retake", NULL));
  spin ();
  finish_quiz (gui, FALSE);
  wait_status (gui, AW_SYNC_STATUS_PENDING);
  g_assert_nonnull (strstr (aw_window_get_sync_text (gui->window), "cannot be reached"));
  /* In full in the bar, with the real cause, until it is solved. */
  g_assert_nonnull (aw_window_get_problem (gui->window));
  g_assert_nonnull (strstr (aw_window_get_problem (gui->window), "cannot be reached ("));
  g_assert_nonnull (strstr (aw_window_get_problem (gui->window), "127.0.0.1"));
  assert_whole (gui, aw_window_get_problem (gui->window));
  g_assert_cmpint (awareness_store_count_pending (context->store, NULL), >, 0);

  /* And up again: a retry sends what waited. */
  restart_server_on_same_port (&fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.sync", NULL));
  wait_status (gui, AW_SYNC_STATUS_SYNCED);
  g_assert_cmpint (awareness_store_count_pending (context->store, NULL), ==, 0);
  g_assert_null (aw_window_get_problem (gui->window));
  /* A later failure does not undo the pass. */
  g_assert_cmpint (awareness_store_get_module_status (context->store, "tanaka", module_id, NULL,
                                                      NULL),
                   ==, AWARENESS_ATTEMPT_STATE_PASSED);

  g_signal_handlers_disconnect_by_func (gui->window, note_status, seen);
  close_window (gui);
  fixture_teardown (&fixture, NULL);
}

/* Every button that shows only an icon has a name for a screen reader,
 * on every page of the window. */
static void
check_icon_buttons (GtkWidget *widget,
                    guint     *checked)
{
  if (GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget))
    {
      const char *icon = GTK_IS_BUTTON (widget)
                           ? gtk_button_get_icon_name (GTK_BUTTON (widget))
                           : gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget));
      const char *label = GTK_IS_BUTTON (widget)
                            ? gtk_button_get_label (GTK_BUTTON (widget))
                            : gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));

      /* The window's own controls (close, minimise) are libadwaita's. */
      if (icon != NULL && label == NULL
          && gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) == NULL)
        {
          if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL))
            g_error ("the %s button “%s” has no accessible label", G_OBJECT_TYPE_NAME (widget),
                     icon);
          g_assert_nonnull (gtk_widget_get_tooltip_text (widget));
          (*checked)++;
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_icon_buttons (child, checked);
}

/* Every status icon (an image with a name for a screen reader) says
 * what it means on hover too. */
static void
check_status_icons (GtkWidget *widget,
                    guint     *checked)
{
  if (GTK_IS_IMAGE (widget) &&
      gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      if (gtk_widget_get_tooltip_text (widget) == NULL)
        g_error ("the status icon “%s” has no tooltip",
                 gtk_image_get_icon_name (GTK_IMAGE (widget)));
      (*checked)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_status_icons (child, checked);
}

static void
test_accessible_names (Gui           *gui,
                       gconstpointer  data)
{
  guint checked = 0;
  guint icons = 0;

  open_window (gui);
  gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.offline", NULL);
  g_assert_true (aw_window_open_module (gui->window, first_module_id (gui)));
  spin ();
  check_icon_buttons (GTK_WIDGET (gui->window), &checked);
  /* Sync, menu, and the back and clause buttons of the pages. */
  g_assert_cmpuint (checked, >=, 5);
  /* The state of each module, then the verdicts of a result. */
  check_status_icons (GTK_WIDGET (gui->window), &icons);
  g_assert_cmpuint (icons, >=, g_list_model_get_n_items (awareness_catalog_get_modules (
                                 aw_window_get_context (gui->window)->catalog)));
  read_lessons (gui);
  finish_quiz (gui, FALSE);
  icons = 0;
  check_status_icons (GTK_WIDGET (gui->window), &icons);
  g_assert_cmpuint (icons, >=, awareness_attempt_get_n_questions (aw_trainer_get_attempt (
                                 aw_window_get_trainer (gui->window))));
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Shown, and not hidden from assistive technology on the way up. */
static void
assert_reachable (GtkWidget *widget)
{
  g_assert_true (gtk_widget_get_mapped (widget));
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      g_assert_true (gtk_widget_get_visible (w));
      g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w)), !=,
                       GTK_ACCESSIBLE_ROLE_NONE);
      if (gtk_test_accessible_has_state (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_STATE_HIDDEN))
        gtk_test_accessible_assert_state (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_STATE_HIDDEN, FALSE);
    }
}

/* The field shows @text, is selectable, and a screen reader names it by
 * the row label beside it, which shows @label. */
static void
assert_field (GtkWidget  *root,
              const char *name,
              const char *label,
              const char *text)
{
  GtkWidget *field = find_named (root, name);
  GtkWidget *row_label;

  g_assert_nonnull (field);
  assert_reachable (field);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (field)), ==, text);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (field)));
  gtk_test_accessible_assert_role (field, GTK_ACCESSIBLE_ROLE_LABEL);
  /* The label in the same grid row, left of the field. */
  row_label = gtk_widget_get_prev_sibling (field);
  g_assert_true (GTK_IS_LABEL (row_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_label)), ==, label);
  assert_reachable (row_label);
  gtk_test_accessible_assert_relation (field, GTK_ACCESSIBLE_RELATION_LABELLED_BY, row_label, NULL);
}

/* An e-mail exhibit: its header fields, body and attachments are shown,
 * labelled, and reachable by a screen reader. */
static void
test_exhibit (Gui           *gui,
              gconstpointer  data)
{
  g_autofree char *content = g_strdup (g_getenv ("AWARENESS_CONTENT_DIR"));
  g_autofree char *exhibit_dir = g_test_build_filename (G_TEST_DIST, "data", "exhibit", NULL);
  AwTrainer *trainer;
  GtkWidget *view, *body, *chips;
  guint n_chips = 0;

  g_setenv ("AWARENESS_CONTENT_DIR", exhibit_dir, TRUE);
  open_window (gui);
  g_setenv ("AWARENESS_CONTENT_DIR", content, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.offline", NULL);
  g_assert_true (aw_window_open_module (gui->window, "inbox"));
  spin ();
  trainer = aw_window_get_trainer (gui->window);
  while (g_strcmp0 (aw_trainer_get_page (trainer), "lesson") == 0)
    {
      g_assert_true (
        gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.next-lesson", NULL));
      spin ();
    }
  g_assert_true (wait_for (on_quiz, trainer, 10));

  view = find_named (GTK_WIDGET (gui->window), "exhibit");
  g_assert_nonnull (view);
  assert_reachable (view);
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_LABEL, "E-mail");

  assert_field (view, "exhibit-from", "From", "System admin <helpdesk@examp1e.com>");
  assert_field (view, "exhibit-to", "To", "All staff, Information Policy Division");
  assert_field (view, "exhibit-subject", "Subject", "Your password expires today");

  body = find_named (view, "exhibit-body");
  g_assert_nonnull (body);
  assert_reachable (body);
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (body)));
  g_assert_cmpstr (
    gtk_label_get_text (GTK_LABEL (body)), ==,
    "Hello,\n\nUpdate your password today with the link below.\n  (Otherwise you cannot log in.)");
  g_assert_true (
    gtk_test_accessible_has_relation (GTK_ACCESSIBLE (body), GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  chips = find_named (view, "exhibit-attachments");
  g_assert_nonnull (chips);
  assert_reachable (chips);
  gtk_test_accessible_assert_property (chips, GTK_ACCESSIBLE_PROPERTY_LABEL, "Attachments");
  for (GtkWidget *child = gtk_widget_get_first_child (chips); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *chip = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      assert_reachable (chip);
      gtk_test_accessible_assert_property (chip, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           n_chips == 0 ? "Attachment: how-to-update.html"
                                                        : "Attachment: notes.zip");
      n_chips++;
    }
  g_assert_cmpuint (n_chips, ==, 2);
}

static void
waited (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL));
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Presses @keys on the X display with xdotool, as a person would at the
 * keyboard: the window with the input focus gets them through the X
 * server, and the main loop runs meanwhile. */
static void
press (const char *keys)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) xdotool = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "xdotool",
                                                      "key", "--delay", "50", keys, NULL);
  gboolean done = FALSE;

  g_assert_no_error (error);
  g_subprocess_wait_async (xdotool, NULL, waited, &done);
  g_assert_true (wait_for (is_true, &done, 30));
  g_assert_true (g_subprocess_get_successful (xdotool));
  /* What the X server sent reaches the widgets. */
  for (int i = 0; i < 20; i++)
    {
      spin ();
      g_usleep (10000);
    }
}

static gboolean
is_focus (gpointer data)
{
  GtkWidget *widget = data;
  GtkRoot *root = gtk_widget_get_root (widget);

  return root != NULL && gtk_window_is_active (GTK_WINDOW (root)) && gtk_widget_has_focus (widget);
}

static gboolean
is_focus_window (gpointer data)
{
  return gtk_window_is_active (data);
}

static GtkWindow *
find_clause_window (Gui *gui)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (gui->window))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
no_clause_window (gpointer data)
{
  return find_clause_window (data) == NULL;
}

/* The keyboard, through the X server: Up and Down move between the
 * answers without choosing one, Esc closes a clause's window, and F5
 * while offline says why nothing was sent. */
static void
test_keyboard (Gui           *gui,
               gconstpointer  data)
{
  AwTrainer *trainer;
  GtkWidget *first, *second;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkButton *clause_button = NULL;

  open_window (gui);
  gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.offline", NULL);
  spin ();

  /* F5, offline: the bar says why, and offers to connect. */
  g_assert_null (aw_window_get_problem (gui->window));
  g_assert_true (wait_for (is_focus_window, gui->window, 10));
  press ("F5");
  g_assert_nonnull (aw_window_get_problem (gui->window));
  g_assert_nonnull (strstr (aw_window_get_problem (gui->window), "not connected"));
  assert_whole (gui, aw_window_get_problem (gui->window));
  g_assert_true (
    gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.dismiss-problem", NULL));
  g_assert_null (aw_window_get_problem (gui->window));

  g_assert_true (aw_window_open_module (gui->window, first_module_id (gui)));
  read_lessons (gui);
  trainer = aw_window_get_trainer (gui->window);
  first = aw_trainer_get_choice (trainer, 0);
  second = aw_trainer_get_choice (trainer, 1);
  g_assert_true (wait_for (is_focus, first, 10));
  press ("Down");
  g_assert_true (is_focus (second));
  press ("Up");
  g_assert_true (is_focus (first));
  /* At the first answer, Up stays there. */
  press ("Up");
  g_assert_true (is_focus (first));
  /* Moving chose nothing. */
  g_assert_cmpuint (awareness_attempt_get_n_answered (aw_trainer_get_attempt (trainer)), ==, 0);
  press ("Down");
  press ("space");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (second)));
  g_assert_cmpuint (awareness_attempt_get_n_answered (aw_trainer_get_attempt (trainer)), ==, 1);

  /* The result's clause: its window, then Esc. */
  finish_quiz (gui, TRUE);
  collect (GTK_WIDGET (gui->window), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len && clause_button == NULL; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (buttons, i), "clause-link") &&
        gtk_widget_get_mapped (g_ptr_array_index (buttons, i)))
      clause_button = g_ptr_array_index (buttons, i);
  g_assert_nonnull (clause_button);
  g_signal_emit_by_name (clause_button, "clicked");
  spin ();
  g_assert_nonnull (find_clause_window (gui));
  g_assert_true (wait_for (is_focus_window, find_clause_window (gui), 10));
  press ("Escape");
  g_assert_true (wait_for (no_clause_window, gui, 10));
}

/* Without settings that last (the memory backend here, as on thin
 * clients without a session bus), the choice to stay offline is kept in
 * the configuration file: the welcome does not come back. */
static void
test_offline_kept (Gui           *gui,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(AwarenessConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  open_window (gui);
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "welcome");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.offline", NULL));
  spin ();
  close_window (gui);
  config = awareness_config_load (NULL, &error);
  g_assert_no_error (error);
  g_assert_true (config->offline_chosen);

  /* The next start, in a new session: the settings are back to their
   * defaults, and the modules are shown all the same. */
  g_settings_reset (settings, "offline-chosen");
  open_window (gui);
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "modules");
}

/* A new window, and the window of @type that its @action opens. */
static GtkWindow *
open_window_with (Gui        *gui,
                  const char *action,
                  GType       type)
{
  GtkWindow *window;

  open_window (gui);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), action, NULL));
  spin ();
  window = find_toplevel (type);
  g_assert_nonnull (window);
  return window;
}

static gboolean
has_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (data);

  return file != NULL;
}

/* Preferences speak plainly, and the city's certificate file is chosen
 * with a file chooser rather than typed. */
static void
test_preferences (Gui           *gui,
                  gconstpointer  data)
{
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                               NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GFile) file = g_file_new_for_path (ca);
  g_autoptr(GError) error = NULL;
  GtkButton *choose = NULL;
  GtkWindow *prefs, *chooser;

  prefs = open_window_with (gui, "win.connect", ADW_TYPE_PREFERENCES_WINDOW);
  collect (GTK_WIDGET (prefs), ADW_TYPE_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *title = adw_preferences_row_get_title (g_ptr_array_index (rows, i));

      g_assert_null (strstr (title, "Secret"));
      g_assert_null (strstr (title, "authority"));
    }
  g_assert_nonnull (
    strstr (adw_preferences_row_get_title (g_ptr_array_index (rows, 2)), "Password"));

  collect (GTK_WIDGET (g_ptr_array_index (rows, 3)), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (g_ptr_array_index (buttons, i)),
                   "document-open-symbolic")
        == 0)
      choose = g_ptr_array_index (buttons, i);
  g_assert_nonnull (choose);
  g_signal_emit_by_name (choose, "clicked");
  spin ();
  /* Without a portal, GTK's own file chooser: the file, then Open. */
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error));
  g_assert_no_error (error);
  /* The chooser reads the folder before the file is selected. */
  g_assert_true (wait_for (has_file, chooser, 30));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  spin ();
  g_assert_cmpstr (gtk_editable_get_text (g_ptr_array_index (rows, 3)), ==, ca);
  gtk_window_destroy (prefs);
  spin ();
}

static guint
count_shown_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child);
  return n;
}

static gboolean
few_rows (gpointer data)
{
  return count_shown_rows (data) <= 3;
}

/* The policy reader has contents beside the text and a search: a word
 * narrows the contents to the clauses that hold it, and a row goes to
 * its clause in the text. */
static void
test_policy_reader (Gui           *gui,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  GtkListBox *toc = NULL;
  GtkWidget *target = NULL;
  GtkAdjustment *scroll;
  guint all;

  open_window (gui);
  gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.offline", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.policy", NULL));
  spin ();
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "policy");
  collect (GTK_WIDGET (gui->window), GTK_TYPE_SEARCH_ENTRY, entries);
  g_assert_cmpuint (entries->len, ==, 1);
  collect (GTK_WIDGET (gui->window), GTK_TYPE_LIST_BOX, lists);
  for (guint i = 0; i < lists->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (lists, i), "navigation-sidebar"))
      toc = g_ptr_array_index (lists, i);
  g_assert_nonnull (toc);
  all = count_shown_rows (toc);
  /* Two parts, their sections, and their paragraphs. */
  g_assert_cmpuint (all, >=, 30);

  gtk_editable_set_text (g_ptr_array_index (entries, 0), "social media");
  g_assert_true (wait_for (few_rows, toc, 10));
  g_assert_cmpuint (count_shown_rows (toc), >=, 1);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (toc)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_child_visible (row) &&
        g_strcmp0 (awareness_clause_get_id (g_object_get_data (G_OBJECT (row), "awareness-clause")),
                   "basic.6.8.social-media") == 0)
      target = row;
  g_assert_nonnull (target);

  scroll = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (find_named (GTK_WIDGET (gui->window), "policy-scroll")));
  g_assert_cmpfloat (gtk_adjustment_get_value (scroll), ==, 0);
  g_signal_emit_by_name (target, "activate");
  spin ();
  g_assert_cmpfloat (gtk_adjustment_get_value (scroll), >, 0);

  gtk_editable_set_text (g_ptr_array_index (entries, 0), "");
  spin ();
}

/* The shortcuts window names keys as keyboards print them. */
static void
test_shortcuts (Gui           *gui,
                gconstpointer  data)
{
  GtkWindow *help;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  gboolean page_down = FALSE;

  help = open_window_with (gui, "win.show-help-overlay", GTK_TYPE_SHORTCUTS_WINDOW);
  collect (GTK_WIDGET (help), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_label (g_ptr_array_index (labels, i));

      if (!gtk_widget_has_css_class (g_ptr_array_index (labels, i), "keycap"))
        continue;
      if (strchr (text, '_') != NULL)
        g_error ("the shortcuts window shows the key “%s”", text);
      page_down |= g_str_equal (text, "Page Down");
    }
  g_assert_true (page_down);
  gtk_window_destroy (help);
  spin ();
}

/* The relative luminance of an sRGB colour, as WCAG defines it. */
static double
luminance (double r,
           double g,
           double b)
{
  double c[3] = { r, g, b };

  for (int i = 0; i < 3; i++)
    c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : pow ((c[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/* The highest contrast between the text of @label and the background
 * behind it, read from @area as GTK draws it. */
static double
text_contrast (GtkWidget *area,
               GtkWidget *label)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (area);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (area), height = gtk_widget_get_height (area);
  gsize stride = (gsize) width * 4;
  double background, best = 1.0;
  const guchar *p;

  g_assert_true (gtk_widget_compute_bounds (label, area, &bounds));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (area)),
                                         node, NULL);
  pixels = g_malloc (stride * (gsize) height);
  gdk_texture_download (texture, pixels, stride);
  /* The background: just left of the label (the row's margin). */
  p = pixels + (gsize) (bounds.origin.y + 2) * stride + (gsize) MAX (bounds.origin.x - 4, 0) * 4;
  background = luminance (p[2] / 255.0, p[1] / 255.0, p[0] / 255.0);
  for (int y = (int) bounds.origin.y;
       y < (int) (bounds.origin.y + bounds.size.height) && y < height; y++)
    for (int x = (int) bounds.origin.x;
         x < (int) (bounds.origin.x + bounds.size.width) && x < width; x++)
      {
        double l;

        p = pixels + (gsize) y * stride + (gsize) x * 4;
        l = luminance (p[2] / 255.0, p[1] / 255.0, p[0] / 255.0);
        best = MAX (best, (MAX (l, background) + 0.05) / (MIN (l, background) + 0.05));
      }
  return best;
}

/* The explanations of the result meet WCAG AA: 4.5:1 at least. */
static void
test_contrast (Gui           *gui,
               gconstpointer  data)
{
  GtkWidget *explanation;
  double contrast;

  open_window (gui);
  gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.offline", NULL);
  g_assert_true (aw_window_open_module (gui->window, first_module_id (gui)));
  read_lessons (gui);
  finish_quiz (gui, FALSE);
  spin ();
  explanation = find_named (GTK_WIDGET (gui->window), "explanation");
  g_assert_nonnull (explanation);
  g_assert_true (gtk_widget_get_mapped (explanation));
  contrast = text_contrast (gtk_widget_get_ancestor (explanation, GTK_TYPE_LIST_BOX), explanation);
  g_test_message ("explanation contrast %.2f:1", contrast);
  g_assert_cmpfloat (contrast, >=, 4.5);
}

static void
css_error (GtkCssProvider *provider,
           GtkCssSection  *section,
           const GError   *error)
{
  g_autofree char *where = gtk_css_section_to_string (section);

  g_error ("style.css: %s: %s", where, error->message);
}

/* The app's style sheet parses in this GTK, every rule of it. */
static void
test_style_sheet (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  g_autofree char *text = NULL;

  g_signal_connect (provider, "parsing-error", G_CALLBACK (css_error), NULL);
  gtk_css_provider_load_from_resource (provider, "/org/example/Awareness/style.css");
  text = gtk_css_provider_to_string (provider);
  g_assert_nonnull (strstr (text, "line-height"));
  g_assert_nonnull (strstr (text, ".clause-link"));
}

/* Reports @pasted in the Report dialog, as staff do: the dialog's state
 * once the server answered. */
static AwReportState
report_mail (Gui        *gui,
             const char *pasted,
             char      **result)
{
  AwReportDialog *dialog;
  AwReportState state;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.report-mail", NULL));
  spin ();
  dialog = AW_REPORT_DIALOG (find_toplevel (AW_TYPE_REPORT_DIALOG));
  g_assert_nonnull (dialog);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (aw_report_dialog_get_text (dialog)), pasted,
                            -1);
  g_signal_emit_by_name (aw_report_dialog_get_report (dialog), "clicked");
  g_assert_true (wait_for (report_answered, dialog, 60));
  state = aw_report_dialog_get_state (dialog);
  *result = g_strdup (aw_report_dialog_get_result (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  return state;
}

/* A suspicious e-mail reported from the app, through the library to the
 * real server: a drill message sent to tanaka is recorded as reported;
 * another is not a drill; nothing pasted is said so, and nothing sent. */
static void
test_report_mail (Gui           *gui,
                  gconstpointer  data)
{
  Fixture fixture = { 0 };
  g_autofree char *publish = fixture_publish_config ();
  g_autofree char *extra = g_strconcat (publish, "[drills]\noutbox=outbox\n"
                                        "from=drill@city.example\n", NULL);
  g_autofree char *outbox = NULL;
  g_autofree char *token = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *result = NULL;
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "data", "server", "test-cert.pem",
                                                 NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_hours (now, -2);
  g_autoptr(GDateTime) just = g_date_time_add_seconds (now, -5);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *from = g_date_time_format_iso8601 (before);
  g_autofree char *until = g_date_time_format_iso8601 (just);
  g_autofree char *ends = g_date_time_format_iso8601 (tomorrow);
  g_autoptr(AwarenessConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  fixture_setup (&fixture, extra);
  g_unsetenv ("AWARENESS_USER");
  g_unsetenv ("AWARENESS_ACCOUNT_HOMEPAGE");

  /* A drill for tanaka's department, its messages written to the outbox. */
  fixture_publish_content (&fixture);
  g_assert_cmpint (run_cli (&fixture, NULL, &out, &err, "admin", "drill", "create",
                            "list-request", "--department", "総務課", "--from", from, "--until",
                            until, "--ends", ends, NULL),
                   ==, 0);
  g_assert_cmpint (run_cli (&fixture, NULL, &out2, &err2, "admin", "drill", "send", NULL), ==, 0);
  outbox = g_build_filename (fixture.dir, "outbox", NULL);
  dir = g_dir_open (outbox, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, "-tanaka.eml"))
      {
        g_autofree char *path = g_build_filename (outbox, name, NULL);
        g_autofree char *message = NULL;

        g_assert_true (g_file_get_contents (path, &message, NULL, NULL));
        token = awareness_drill_find_token (message);
      }
  g_assert_nonnull (token);

  /* The app, signed in as tanaka. */
  config = awareness_config_load (NULL, &error);
  g_assert_no_error (error);
  config->server_url = g_strdup (fixture.base);
  config->account_key = key_of (fixture.learner);
  config->ca_file = g_strdup (cert);
  g_assert_true (awareness_sign_in (config, strchr (fixture.learner, ':') + 1, NULL, NULL, NULL,
                                    &error));
  g_assert_no_error (error);
  open_window (gui);
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "modules");

  g_assert_cmpint (report_mail (gui, "  \n", &result), ==, AW_REPORT_STATE_EDITING);
  g_assert_nonnull (strstr (result, "Paste the message"));
  g_clear_pointer (&result, g_free);
  headers = g_strdup_printf ("Received: by relay\nSubject: x\nX-Awareness-Drill: %s\n", token);
  g_assert_cmpint (report_mail (gui, headers, &result), ==, AW_REPORT_STATE_DRILL);
  g_assert_nonnull (strstr (result, "this message was a drill, and your report is recorded"));
  g_clear_pointer (&result, g_free);
  g_assert_cmpint (report_mail (gui, "Received: by relay\nSubject: Lunch on Friday\n", &result),
                   ==, AW_REPORT_STATE_NOT_DRILL);
  g_assert_nonnull (strstr (result, "not one of Awareness's drills"));

  close_window (gui);
  fixture_teardown (&fixture, NULL);
}

/* Self-inspection and the due notification */

#define CHECKLIST "staff-self-inspection"
/* The checklist as a campaign due before the tests' today, 2026-11-26. */
#define CHECKLIST_OVERDUE \
  "{\"" CHECKLIST "\": {\"recurrence\": \"once\", \"due_date\": \"2026-11-20\"}}"

static void
write_assignments (const char *json)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (g_getenv ("AWARENESS_ASSIGNMENTS"), json, -1, &error);
  g_assert_no_error (error);
}

static AwDueNotice *
decide_on (AwContext  *context,
           const char *day,
           const char *last_sent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessProgress) progress = NULL;
  GDate today;

  g_assert_true (awareness_date_parse (day, &today));
  progress = awareness_progress_new (context->catalog, context->store, context->user, NULL,
                                     &today, &error);
  g_assert_no_error (error);
  return aw_due_notice_decide (progress, &today, last_sent, context->lang);
}

/* What the notification says, on fixed days: nothing far from the due
 * date; the most urgent within a week or overdue; once a day. */
static void
test_due_notice (Gui           *gui,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwContext) context = aw_context_new (&error);
  g_autoptr(AwDueNotice) far = NULL;
  g_autoptr(AwDueNotice) soon = NULL;
  g_autoptr(AwDueNotice) sent = NULL;
  g_autoptr(AwDueNotice) next_day = NULL;
  g_autoptr(AwDueNotice) overdue = NULL;

  g_assert_no_error (error);
  /* Everything is due at the end of the fiscal year, 2027-03-31. */
  far = decide_on (context, "2026-11-26", NULL);
  g_assert_null (far);
  soon = decide_on (context, "2027-03-26", "");
  g_assert_nonnull (soon);
  g_assert_cmpstr (soon->kind, ==, "module");
  g_assert_cmpstr (soon->id, ==, first_module_id_of (context));
  g_assert_nonnull (strstr (soon->body, "Due by 2027-03-31."));
  /* The other modules and the checklist. */
  g_assert_nonnull (strstr (soon->body, "more are due soon or overdue"));
  sent = decide_on (context, "2027-03-26", "2027-03-26");
  g_assert_null (sent);
  next_day = decide_on (context, "2027-03-27", "2027-03-26");
  g_assert_nonnull (next_day);

  /* A checklist overdue comes before modules due later. */
  write_assignments (CHECKLIST_OVERDUE);
  overdue = decide_on (context, "2026-11-26", "2026-11-25");
  g_assert_nonnull (overdue);
  g_assert_cmpstr (overdue->kind, ==, "checklist");
  g_assert_cmpstr (overdue->id, ==, CHECKLIST);
  g_assert_cmpstr (overdue->body, ==, "Overdue since 2026-11-20.");
}

/* A notification server on the session bus, as a desktop has: it keeps
 * what it is sent, and can say its default action was clicked. */
typedef struct {
  GDBusConnection *bus;
  guint            owner;
  guint            object;
  guint            n_sent;
  char            *summary;
  char            *body;
  gboolean         has_default;
} Notifier;

static const char notifier_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/>"
  "<arg type='i' direction='in'/><arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "</interface></node>";

static void
notifier_call (GDBusConnection       *connection,
               const char            *sender,
               const char            *path,
               const char            *interface,
               const char            *method,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation,
               gpointer               user_data)
{
  Notifier *notifier = user_data;

  if (g_str_equal (method, "Notify"))
    {
      g_autofree const char **actions = NULL;

      notifier->n_sent++;
      g_clear_pointer (&notifier->summary, g_free);
      g_clear_pointer (&notifier->body, g_free);
      g_variant_get (parameters, "(&su&sss^a&s@a{sv}i)", NULL, NULL, NULL, &notifier->summary,
                     &notifier->body, &actions, NULL, NULL);
      notifier->has_default = actions != NULL && actions[0] != NULL
                              && g_str_equal (actions[0], "default");
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", 7));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
notifier_start (Notifier *notifier)
{
  static const GDBusInterfaceVTable vtable = { notifier_call, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifier_xml, NULL);
  g_autoptr(GError) error = NULL;

  notifier->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  notifier->object = g_dbus_connection_register_object (notifier->bus,
                                                        "/org/freedesktop/Notifications",
                                                        info->interfaces[0], &vtable, notifier,
                                                        NULL, &error);
  g_assert_no_error (error);
  notifier->owner = g_bus_own_name_on_connection (notifier->bus, "org.freedesktop.Notifications",
                                                  G_BUS_NAME_OWNER_FLAGS_NONE, NULL, NULL, NULL,
                                                  NULL);
}

static void
notifier_stop (Notifier *notifier)
{
  g_bus_unown_name (notifier->owner);
  g_dbus_connection_unregister_object (notifier->bus, notifier->object);
  g_clear_object (&notifier->bus);
  g_free (notifier->summary);
  g_free (notifier->body);
}

static gboolean
notified (gpointer data)
{
  return ((Notifier *) data)->n_sent > 0;
}

static gboolean
on_checklist (gpointer data)
{
  return g_strcmp0 (aw_window_get_page (data), "checklist") == 0;
}

static gboolean
is_active (gpointer data)
{
  return gtk_toggle_button_get_active (data);
}

static gboolean
has_dialog (gpointer data)
{
  return find_dialog () != NULL;
}

/* As Space on the focused button does (GTK shows the press a moment,
 * then the button is clicked). */
static void
click (GtkWidget *widget)
{
  g_assert_true (gtk_widget_get_sensitive (widget));
  g_assert_true (gtk_widget_get_focusable (widget));
  g_assert_true (gtk_widget_activate (widget));
  if (GTK_IS_TOGGLE_BUTTON (widget))
    g_assert_true (wait_for (is_active, widget, 10));
  else
    g_assert_true (wait_for (has_dialog, NULL, 10));
  spin ();
}

/* The checklist's row in the module list: its subtitle. */
static const char *
checklist_subtitle (Gui        *gui,
                    const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (gui->window), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return adw_action_row_get_subtitle (g_ptr_array_index (rows, i));
  return NULL;
}

/* The app's notification of an overdue checklist, once a day; its
 * default action opens the checklist, which is answered by driving its
 * buttons and entries, left and resumed, and submitted: its statements
 * are then in the outbox. */
static void
test_checklist (Gui           *gui,
                gconstpointer  data)
{
  Notifier notifier = { 0 };
  g_autoptr(GtkApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *last = NULL;
  AwContext *context;
  AwChecklistPage *page;
  AwarenessChecklist *checklist;
  AwarenessInspectionRecord *record;
  AwarenessInspection *inspection;
  GPtrArray *items;
  g_autofree char *title = NULL;
  guint n_na = 0;
  guint r = 0;
  guint next;
  gboolean found_comment = FALSE;

  write_assignments (CHECKLIST_OVERDUE);
  g_setenv ("AWARENESS_TODAY", "2026-11-26", TRUE);
  notifier_start (&notifier);
  app = gtk_application_new ("org.example.Awareness.GuiTest", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  aw_application_add_open_actions (app);

  /* The list shows the checklist, overdue; the desktop is told once. */
  open_window_of (gui, app);
  gtk_widget_activate_action (GTK_WIDGET (gui->window), "win.offline", NULL);
  context = aw_window_get_context (gui->window);
  checklist = awareness_catalog_lookup_checklist (context->catalog, CHECKLIST);
  g_free (title);
  title = g_strdup (awareness_checklist_get_title (checklist, context->lang));
  g_assert_nonnull (strstr (checklist_subtitle (gui, title), "not started"));
  g_assert_nonnull (strstr (checklist_subtitle (gui, title), "overdue since 2026-11-20"));
  g_assert_true (wait_for (notified, &notifier, 30));
  g_assert_cmpstr (notifier.summary, ==, title);
  g_assert_cmpstr (notifier.body, ==, "Overdue since 2026-11-20.");
  g_assert_true (notifier.has_default);
  last = g_settings_get_string (settings, "notified-on");
  g_assert_cmpstr (last, ==, "2026-11-26");
  aw_window_refresh (gui->window);
  spin ();
  g_assert_cmpuint (notifier.n_sent, ==, 1);

  /* A click on the notification opens the checklist. */
  g_dbus_connection_emit_signal (notifier.bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", 7, "default"), &error);
  g_assert_no_error (error);
  g_assert_true (wait_for (on_checklist, gui->window, 30));
  page = aw_window_get_checklist_page (gui->window);
  items = awareness_checklist_get_items (checklist);
  g_free (title);
  title = g_strdup (awareness_checklist_get_title (checklist, context->lang));
  g_assert_cmpstr (aw_checklist_page_get_progress (page), ==, "0 of 20 items answered");
  g_assert_cmpuint (items->len, ==, 20);
  /* The keyboard starts at the first item's answer. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (gui->window))
                 == aw_checklist_page_get_choice (page, 0, AWARENESS_CHECK_ANSWER_YES));

  /* Yes to the first item; “no” where the item wants a comment: asked
   * for, and not recorded until given. */
  click (aw_checklist_page_get_choice (page, 0, AWARENESS_CHECK_ANSWER_YES));
  g_assert_cmpstr (aw_checklist_page_get_progress (page), ==, "1 of 20 items answered");
  while (!awareness_checklist_item_get_comment_required (g_ptr_array_index (items, r),
                                                         AWARENESS_CHECK_ANSWER_NO))
    r++;
  click (aw_checklist_page_get_choice (page, r, AWARENESS_CHECK_ANSWER_NO));
  g_assert_cmpstr (aw_checklist_page_get_item_error (page, r), ==,
                   "A “No” needs a comment: say what is not done, and why.");
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (gui->window)),
                                         aw_checklist_page_get_comment (page, r)));
  inspection = aw_checklist_page_get_inspection (page);
  g_assert_cmpint (awareness_inspection_get_answer (
                     inspection, awareness_checklist_item_get_id (g_ptr_array_index (items, r)),
                     NULL),
                   ==, AWARENESS_CHECK_ANSWER_NONE);
  gtk_editable_set_text (GTK_EDITABLE (aw_checklist_page_get_comment (page, r)),
                         "Papers stay on the desk on Fridays");
  /* Enter in the entry. */
  g_signal_emit_by_name (aw_checklist_page_get_comment (page, r), "activate");
  spin ();
  g_assert_null (aw_checklist_page_get_item_error (page, r));
  g_assert_cmpstr (aw_checklist_page_get_progress (page), ==, "2 of 20 items answered");
  g_assert_false (gtk_widget_get_sensitive (aw_checklist_page_get_submit (page)));

  /* A comment typed, and the window closed with the focus still in it:
   * kept too. */
  gtk_widget_grab_focus (aw_checklist_page_get_comment (page, 0));
  gtk_editable_set_text (GTK_EDITABLE (aw_checklist_page_get_comment (page, 0)),
                         "Checked with the team");
  gtk_window_close (GTK_WINDOW (gui->window));
  spin ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gui->window)));
  g_clear_object (&gui->window);

  /* Opened again: the answers as given. */
  open_window_of (gui, app);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "open-checklist"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-checklist",
                                  g_variant_new_string (CHECKLIST));
  spin ();
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "checklist");
  g_assert_cmpuint (notifier.n_sent, ==, 1);
  page = aw_window_get_checklist_page (gui->window);
  /* The content as the new window loaded it. */
  context = aw_window_get_context (gui->window);
  checklist = awareness_catalog_lookup_checklist (context->catalog, CHECKLIST);
  items = awareness_checklist_get_items (checklist);
  g_assert_cmpstr (aw_checklist_page_get_progress (page), ==, "2 of 20 items answered");
  g_assert_true (gtk_toggle_button_get_active (
    GTK_TOGGLE_BUTTON (aw_checklist_page_get_choice (page, 0, AWARENESS_CHECK_ANSWER_YES))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (aw_checklist_page_get_comment (page, 0))),
                   ==, "Checked with the team");
  g_assert_true (gtk_toggle_button_get_active (
    GTK_TOGGLE_BUTTON (aw_checklist_page_get_choice (page, r, AWARENESS_CHECK_ANSWER_NO))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (aw_checklist_page_get_comment (page, r))),
                   ==, "Papers stay on the desk on Fridays");
  next = r == 1 ? 2 : 1;
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (gui->window))
                 == aw_checklist_page_get_choice (page, next, AWARENESS_CHECK_ANSWER_YES));

  /* The rest: yes, and one “not applicable” where the item allows it
   * (the button is not shown where it does not). */
  for (guint i = 1; i < items->len; i++)
    {
      AwarenessChecklistItem *item = g_ptr_array_index (items, i);
      GtkWidget *na;

      if (i == r)
        continue;
      na = aw_checklist_page_get_choice (page, i, AWARENESS_CHECK_ANSWER_NOT_APPLICABLE);
      g_assert_cmpint (gtk_widget_get_visible (na), ==,
                       awareness_checklist_item_get_allows_not_applicable (item));
      if (n_na == 0 && gtk_widget_get_visible (na)
          && !awareness_checklist_item_get_comment_required (
               item, AWARENESS_CHECK_ANSWER_NOT_APPLICABLE))
        {
          click (na);
          n_na++;
        }
      else
        click (aw_checklist_page_get_choice (page, i, AWARENESS_CHECK_ANSWER_YES));
      g_assert_null (aw_checklist_page_get_item_error (page, i));
    }
  g_assert_cmpuint (n_na, ==, 1);
  g_assert_cmpstr (aw_checklist_page_get_progress (page), ==, "20 of 20 items answered");

  /* Submitted once confirmed. */
  click (aw_checklist_page_get_submit (page));
  {
    AdwMessageDialog *dialog = find_dialog ();

    g_assert_nonnull (dialog);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "18 yes, 1 no, 1 not"));
    adw_message_dialog_response (dialog, "submit");
    gtk_window_destroy (GTK_WINDOW (dialog));
    spin ();
  }
  g_assert_cmpstr (aw_window_get_page (gui->window), ==, "modules");
  g_assert_nonnull (strstr (checklist_subtitle (gui, title), "submitted"));

  /* Recorded through the library: the inspection, and a statement per
   * item and one for the completion, waiting in the outbox. */
  records = awareness_store_list_inspections (context->store, context->user, CHECKLIST, 0,
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  record = g_ptr_array_index (records, 0);
  g_assert_cmpint (record->state, ==, AWARENESS_INSPECTION_STATE_COMPLETED);
  g_assert_cmpuint (record->n_yes, ==, 18);
  g_assert_cmpuint (record->n_no, ==, 1);
  g_assert_cmpuint (record->n_not_applicable, ==, 1);
  outbox = awareness_store_list_outbox (context->store, AWARENESS_OUTBOX_PENDING, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, items->len + 1);
  for (guint i = 0; i < outbox->len; i++)
    {
      AwarenessOutboxItem *item = g_ptr_array_index (outbox, i);

      found_comment |= strstr (item->statement, "Papers stay on the desk on Fridays") != NULL;
    }
  g_assert_true (found_comment);

  close_window (gui);
  notifier_stop (&notifier);
  g_unsetenv ("AWARENESS_TODAY");
}

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "en", TRUE);
  /* GTK's test accessibility backend, to read what a screen reader is told. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/awareness/gui/style-sheet", test_style_sheet);
  g_test_add ("/awareness/gui/whole-module", Gui, NULL, gui_setup, test_whole_module, gui_teardown);
  g_test_add ("/awareness/gui/resume", Gui, NULL, gui_setup, test_resume, gui_teardown);
  g_test_add ("/awareness/gui/accessible-names", Gui, NULL, gui_setup, test_accessible_names,
              gui_teardown);
  g_test_add ("/awareness/gui/exhibit", Gui, NULL, gui_setup, test_exhibit, gui_teardown);
  g_test_add ("/awareness/gui/sync-indicator", Gui, NULL, gui_setup, test_sync_indicator,
              gui_teardown);
  g_test_add ("/awareness/gui/keyboard", Gui, NULL, gui_setup, test_keyboard, gui_teardown);
  g_test_add ("/awareness/gui/shortcuts", Gui, NULL, gui_setup, test_shortcuts, gui_teardown);
  g_test_add ("/awareness/gui/contrast", Gui, NULL, gui_setup, test_contrast, gui_teardown);
  g_test_add ("/awareness/gui/offline-kept", Gui, NULL, gui_setup, test_offline_kept, gui_teardown);
  g_test_add ("/awareness/gui/preferences", Gui, NULL, gui_setup, test_preferences, gui_teardown);
  g_test_add ("/awareness/gui/policy-reader", Gui, NULL, gui_setup, test_policy_reader,
              gui_teardown);
  g_test_add ("/awareness/gui/due-notice", Gui, NULL, gui_setup, test_due_notice, gui_teardown);
  g_test_add ("/awareness/gui/checklist", Gui, NULL, gui_setup, test_checklist, gui_teardown);
  g_test_add ("/awareness/gui/report-mail", Gui, NULL, gui_setup, test_report_mail,
              gui_teardown);
  status = g_test_run ();
  fixture_template_clear ();
  return status;
}
