/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness-gui-tour PAGE WIDTH HEIGHT: opens the app on one of its pages,
 * with records made for it, and stays there to be photographed by
 * scripts/screenshots. Not installed.
 *
 * Pages: welcome modules lesson quiz exhibit confirm result history review
 * policy preferences about shortcuts checklists checklist report.  `exhibit` shows the
 * first question of the content with an e-mail exhibit (or else any
 * exhibit); `checklists` the foot of the module list, with the
 * checklists; `checklist` the first checklist with two items answered, the
 * second “no” without its comment yet; `report` the report of a suspicious
 * e-mail, sent from a computer not connected.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "aw-report-dialog.h"
#include "aw-window.h"

static void
spin (void)
{
  for (int i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

/* Answers the question shown: right, or wrong when @right is false. */
static void
answer (AwTrainer *trainer,
        gboolean          right)
{
  AwarenessAttempt *attempt = aw_trainer_get_attempt (trainer);
  guint index = aw_trainer_get_position (trainer);
  GPtrArray *shown = awareness_attempt_get_choices (attempt, index);

  for (guint c = 0; c < shown->len; c++)
    if (awareness_choice_get_correct (g_ptr_array_index (shown, c)) == right)
      {
        gtk_check_button_set_active (GTK_CHECK_BUTTON (aw_trainer_get_choice (trainer, c)), TRUE);
        if (!right)
          break;
      }
  spin ();
}

static void
to_quiz (AwWindow *window)
{
  AwTrainer *trainer = aw_window_get_trainer (window);

  while (g_strcmp0 (aw_trainer_get_page (trainer), "lesson") == 0)
    gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.next-lesson", NULL);
  spin ();
}

/* Through the quiz with one wrong answer, up to the confirmation. */
static void
to_confirm (AwWindow *window)
{
  AwTrainer *trainer = aw_window_get_trainer (window);
  guint n;

  to_quiz (window);
  n = awareness_attempt_get_n_questions (aw_trainer_get_attempt (trainer));
  for (guint i = 0; i < n; i++)
    {
      answer (trainer, i != 1);
      gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.next-question", NULL);
      spin ();
    }
}

static void
submit (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        {
          /* As a click on the button does: respond, then close. */
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), "submit");
          gtk_window_destroy (GTK_WINDOW (window));
          break;
        }
    }
  spin ();
}

/* The module with an e-mail exhibit, else with any exhibit. */
static const char *
exhibit_module (AwarenessCatalog *catalog)
{
  GListModel *modules = awareness_catalog_get_modules (catalog);
  const char *any = NULL;

  for (guint m = 0; m < g_list_model_get_n_items (modules); m++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, m);
      GPtrArray *questions = awareness_module_get_questions (module);

      for (guint q = 0; q < questions->len; q++)
        {
          AwarenessExhibit *exhibit = awareness_question_get_exhibit (
            g_ptr_array_index (questions, q));

          if (exhibit != NULL && awareness_exhibit_get_kind (exhibit) == AWARENESS_EXHIBIT_EMAIL)
            return awareness_module_get_id (module);
          if (exhibit != NULL && any == NULL)
            any = awareness_module_get_id (module);
        }
    }
  return any;
}

/* Through attempts until a question with an exhibit is shown, an e-mail
 * if the module has one. */
static void
to_exhibit (AwWindow *window)
{
  AwarenessModule *module = aw_trainer_get_module (aw_window_get_trainer (window));
  GPtrArray *pool = awareness_module_get_questions (module);
  gboolean email = FALSE;

  AwTrainer *trainer = aw_window_get_trainer (window);

  for (guint q = 0; q < pool->len; q++)
    {
      AwarenessExhibit *exhibit = awareness_question_get_exhibit (g_ptr_array_index (pool, q));

      email |= exhibit != NULL && awareness_exhibit_get_kind (exhibit) == AWARENESS_EXHIBIT_EMAIL;
    }

  for (guint tries = 0; tries < 30; tries++)
    {
      guint n;

      to_quiz (window);
      n = awareness_attempt_get_n_questions (aw_trainer_get_attempt (trainer));
      for (guint i = 0; i < n; i++)
        {
          AwarenessQuestion *question =
            awareness_attempt_get_question (aw_trainer_get_attempt (trainer),
                                            aw_trainer_get_position (trainer));

          AwarenessExhibit *exhibit = awareness_question_get_exhibit (question);

          if (exhibit != NULL
              && (!email || awareness_exhibit_get_kind (exhibit) == AWARENESS_EXHIBIT_EMAIL))
            return;
          answer (trainer, TRUE);
          gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.next-question", NULL);
          spin ();
        }
      submit ();
      gtk_widget_activate_action (GTK_WIDGET (trainer), "trainer.retake", NULL);
      spin ();
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwContext) context = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  AwWindow *window;
  const char *page;
  const char *module_id;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, awareness_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (argc != 4)
    {
      g_printerr ("usage: %s PAGE WIDTH HEIGHT\n", argv[0]);
      return 2;
    }
  page = argv[1];
  gtk_init ();
  adw_init ();
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/org/example/Awareness/icons");
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/org/example/Awareness/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  context = aw_context_new (&error);
  if (context == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  window = aw_window_new (NULL, context);
  gtk_window_set_default_size (GTK_WINDOW (window), atoi (argv[2]), atoi (argv[3]));
  gtk_window_present (GTK_WINDOW (window));
  spin ();

  if (!g_str_equal (page, "welcome"))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.offline", NULL);
  {
    GListModel *modules = awareness_catalog_get_modules (context->catalog);
    g_autoptr(AwarenessModule) second = g_list_model_get_item (modules, 1);

    module_id = awareness_module_get_id (second);
  }

  if (g_str_equal (page, "lesson"))
    aw_window_open_module (window, module_id);
  else if (g_str_equal (page, "quiz"))
    {
      aw_window_open_module (window, module_id);
      to_quiz (window);
      answer (aw_window_get_trainer (window), TRUE);
    }
  else if (g_str_equal (page, "exhibit") && exhibit_module (context->catalog) != NULL)
    {
      aw_window_open_module (window, exhibit_module (context->catalog));
      to_exhibit (window);
    }
  else if (g_str_equal (page, "confirm"))
    {
      aw_window_open_module (window, module_id);
      to_confirm (window);
    }
  else if (g_str_equal (page, "result") || g_str_equal (page, "history")
           || g_str_equal (page, "review") || g_str_equal (page, "modules"))
    {
      aw_window_open_module (window, module_id);
      to_confirm (window);
      submit ();
      if (!g_str_equal (page, "result"))
        gtk_widget_activate_action (GTK_WIDGET (window), "win.home", NULL);
      if (g_str_equal (page, "history") || g_str_equal (page, "review"))
        gtk_widget_activate_action (GTK_WIDGET (window), "win.history", NULL);
      if (g_str_equal (page, "review"))
        {
          g_autoptr(GPtrArray) attempts =
            awareness_store_list_attempts (context->store, context->user, NULL, 1, NULL);

          aw_window_show_review (window,
                                 ((AwarenessAttemptRecord *) g_ptr_array_index (attempts, 0))->id);
        }
    }
  else if (g_str_equal (page, "checklists"))
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (aw_window_get_checklist_list (window), 0);

      spin ();
      if (row != NULL)
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  else if (g_str_equal (page, "checklist"))
    {
      GListModel *checklists = awareness_catalog_get_checklists (context->catalog);
      g_autoptr(AwarenessChecklist) first = g_list_model_get_item (checklists, 0);
      AwChecklistPage *checklist_page = aw_window_get_checklist_page (window);

      aw_window_open_checklist (window, awareness_checklist_get_id (first));
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (aw_checklist_page_get_choice (
                                      checklist_page, 0, AWARENESS_CHECK_ANSWER_YES)), TRUE);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (aw_checklist_page_get_choice (
                                      checklist_page, 1, AWARENESS_CHECK_ANSWER_NO)), TRUE);
    }
  else if (g_str_equal (page, "report"))
    {
      AwReportDialog *dialog;

      gtk_widget_activate_action (GTK_WIDGET (window), "win.report-mail", NULL);
      spin ();
      for (GList *l = gtk_window_list_toplevels (); l != NULL; l = g_list_delete_link (l, l))
        if (AW_IS_REPORT_DIALOG (l->data))
          {
            dialog = l->data;
            gtk_text_buffer_set_text (
              gtk_text_view_get_buffer (aw_report_dialog_get_text (dialog)),
              "From: \"情報政策課\" <info@example.org>\nSubject: "
              "【重要】パスワードの有効期限のお知らせ\n", -1);
            g_signal_emit_by_name (aw_report_dialog_get_report (dialog), "clicked");
          }
    }
  else if (g_str_equal (page, "policy"))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.policy", NULL);
  else if (g_str_equal (page, "preferences"))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL);
  else if (g_str_equal (page, "about"))
    aw_show_about (GTK_WINDOW (window));
  else if (g_str_equal (page, "shortcuts"))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  spin ();

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
