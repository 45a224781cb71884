/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One module, as a learner goes through it: the lessons with the policy's
 * words beside them, the quiz one question per page, then the result.
 * Every answer is written to the records as it is given, so that closing
 * the window and opening it again resumes at the same question; the
 * result is shown only once it is committed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aw-trainer.h"

struct _AwTrainer
{
  GtkBox            parent_instance;

  AdwWindowTitle   *window_title;
  GtkStack         *pages;
  AdwFlap          *flap;
  GtkWidget        *clauses_button;
  GtkScrolledWindow *lesson_scroll;
  GtkProgressBar   *lesson_progress;
  GtkLabel         *lesson_counter;
  GtkLabel         *lesson_title;
  GtkBox           *lesson_blocks;
  GtkBox           *clause_box;
  GtkButton        *lesson_next;
  GtkProgressBar   *quiz_progress;
  GtkLabel         *quiz_counter;
  GtkBox           *quiz_exhibit;
  GtkLabel         *quiz_prompt;
  GtkLabel         *quiz_hint;
  GtkListBox       *choice_list;
  GtkLabel         *quiz_saved;
  GtkButton        *quiz_next;
  GtkScrolledWindow *result_scroll;
  GtkImage         *result_icon;
  GtkLabel         *result_title;
  GtkLabel         *result_description;
  GtkWidget        *retake_button;
  GtkListBox       *feedback_list;

  AwContext *context;
  AwarenessModule  *module;
  AwarenessAttempt *attempt;
  GPtrArray        *choice_buttons;
  guint             lesson;
  guint             question;
  gboolean          filling;
};

enum {
  SIGNAL_COMPLETED,
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AwTrainer, aw_trainer, GTK_TYPE_BOX)

static void
problem (AwTrainer *self,
         const GError     *error)
{
  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, error->message);
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_BOX (box))
        gtk_box_remove (GTK_BOX (box), child);
      else
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
    }
}

static GtkWidget *
text_label (const char *markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "lesson-text");
  return label;
}

static void
scroll_to_top (GtkScrolledWindow *scrolled)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scrolled);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
}

/* The policy's words fold into a toggle on narrow windows, for lessons. */
static void
update_clauses_button (AwTrainer *self)
{
  gtk_widget_set_visible (self->clauses_button,
                          adw_flap_get_folded (self->flap)
                            && g_strcmp0 (gtk_stack_get_visible_child_name (self->pages), "lesson")
                                 == 0);
}

/* The lessons */

static void
show_lesson (AwTrainer *self,
             guint             index)
{
  GPtrArray *lessons = awareness_module_get_lessons (self->module);
  AwarenessLesson *lesson = g_ptr_array_index (lessons, index);
  const char *lang = self->context->lang;
  GPtrArray *clauses = awareness_lesson_get_clauses (lesson);
  g_autofree char *counter = NULL;

  self->lesson = index;
  /* Translators: “Lesson 2 of 3”. */
  counter = g_strdup_printf (_("Lesson %u of %u"), index + 1, lessons->len);
  gtk_label_set_label (self->lesson_counter, counter);
  adw_window_title_set_subtitle (self->window_title, counter);
  gtk_progress_bar_set_fraction (self->lesson_progress, (double) (index + 1) / lessons->len);
  gtk_label_set_label (self->lesson_title, awareness_lesson_get_title (lesson, lang));

  clear_box (GTK_WIDGET (self->lesson_blocks));
  {
    /* A sample or the City's internal training says so on every lesson. */
    g_autofree char *notice = awareness_catalog_dup_notice (self->context->catalog);

    if (notice != NULL)
      {
        GtkWidget *label = gtk_label_new (notice);

        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_widget_add_css_class (label, "catalog-notice");
        gtk_widget_add_css_class (label, awareness_catalog_get_sample (self->context->catalog)
                                           ? "warning"
                                           : "accent");
        gtk_box_append (self->lesson_blocks, label);
      }
  }
  for (guint b = 0; b < awareness_lesson_get_n_blocks (lesson); b++)
    {
      g_auto(GStrv) texts = awareness_lesson_dup_block_text (lesson, b, lang,
                                                              AWARENESS_TEXT_FORMAT_MARKUP);

      switch (awareness_lesson_get_block_kind (lesson, b))
        {
        case AWARENESS_BLOCK_LIST:
          {
            GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

            gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                            GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("List"), -1);
            for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
              {
                g_autofree char *item = g_strdup_printf ("•  %s", texts[i]);

                gtk_box_append (GTK_BOX (list), text_label (item));
              }
            gtk_widget_set_margin_start (list, 12);
            gtk_box_append (self->lesson_blocks, list);
          }
          break;

        case AWARENESS_BLOCK_CITE:
          {
            AwarenessClause *clause = awareness_lesson_get_block_clause (lesson, b);
            GtkWidget *card = clause != NULL ? aw_clause_view_new (clause, lang, FALSE)
                                             : gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

            gtk_widget_add_css_class (card, "card");
            gtk_widget_add_css_class (card, "citation");
            gtk_box_append (self->lesson_blocks, card);
          }
          break;

        case AWARENESS_BLOCK_PARAGRAPH:
        default:
          for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
            gtk_box_append (self->lesson_blocks, text_label (texts[i]));
          break;
        }
    }

  /* Beside the lesson, the clauses it cites that it does not quote in a
   * card already: each quotation is shown once. */
  clear_box (GTK_WIDGET (self->clause_box));
  {
    guint shown = 0;

    for (guint c = 0; clauses != NULL && c < clauses->len; c++)
      {
        AwarenessClause *clause = g_ptr_array_index (clauses, c);
        gboolean quoted = FALSE;

        for (guint b = 0; b < awareness_lesson_get_n_blocks (lesson) && !quoted; b++)
          quoted = awareness_lesson_get_block_kind (lesson, b) == AWARENESS_BLOCK_CITE &&
                   awareness_lesson_get_block_clause (lesson, b) == clause;
        if (quoted)
          continue;
        gtk_box_append (self->clause_box, aw_clause_view_new (clause, lang, FALSE));
        shown++;
      }
    if (shown == 0)
      {
        GtkWidget *none = text_label (clauses == NULL || clauses->len == 0
                                          ? _("This lesson cites no clause of the policy.")
                                          : _("The lesson quotes the policy's words it cites."));

        gtk_box_append (self->clause_box, none);
      }
  }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.previous-lesson", index > 0);
  gtk_button_set_label (self->lesson_next,
                        index + 1 < lessons->len ? _("_Next") : _("Start the _Quiz"));
  gtk_stack_set_visible_child_name (self->pages, "lesson");
  scroll_to_top (self->lesson_scroll);
  gtk_widget_grab_focus (GTK_WIDGET (self->lesson_next));
}

/* The quiz */

static void update_quiz_state (AwTrainer *self);

static void
choice_toggled (GtkCheckButton   *button,
                AwTrainer *self)
{
  AwarenessQuestion *question;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (self->filling)
    return;
  question = awareness_attempt_get_question (self->attempt, self->question);
  for (guint i = 0; i < self->choice_buttons->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->choice_buttons, i);

      if (gtk_check_button_get_active (check))
        g_ptr_array_add (ids, g_object_get_data (G_OBJECT (check), "choice-id"));
    }
  /* A radio button being switched off is followed by the one switched on. */
  if (ids->len == 0)
    {
      update_quiz_state (self);
      return;
    }
  g_ptr_array_add (ids, NULL);

  /* Written to the records before anything else happens. */
  if (!awareness_attempt_answer (self->attempt, awareness_question_get_id (question),
                                 (const char * const *) ids->pdata, &error)
      || !awareness_store_record_answer (self->context->store, self->attempt,
                                         awareness_question_get_id (question), &error))
    {
      problem (self, error);
      return;
    }
  gtk_label_set_label (self->quiz_saved, _("Your answer is saved."));
  update_quiz_state (self);
}

static gboolean
current_answered (AwTrainer *self)
{
  AwarenessQuestion *question = awareness_attempt_get_question (self->attempt, self->question);

  for (guint i = 0; i < self->choice_buttons->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->choice_buttons, i)))
      return awareness_attempt_get_answer (self->attempt, awareness_question_get_id (question))
             != NULL;
  return FALSE;
}

static void
update_quiz_state (AwTrainer *self)
{
  guint n = awareness_attempt_get_n_questions (self->attempt);
  guint answered = awareness_attempt_get_n_answered (self->attempt);
  gboolean last = self->question + 1 == n;
  /* Translators: “3 of 5 answered”, under the progress bar. */
  g_autofree char *text = g_strdup_printf (_("%u of %u answered"), answered, n);

  gtk_progress_bar_set_fraction (self->quiz_progress, (double) answered / n);
  gtk_progress_bar_set_text (self->quiz_progress, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->quiz_progress),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.previous-question",
                                 self->question > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trainer.next-question",
                                 current_answered (self));
  gtk_button_set_label (self->quiz_next, last ? _("_Submit…") : _("_Next"));
}

static void
show_question (AwTrainer *self,
               guint             index)
{
  AwarenessQuestion *question = awareness_attempt_get_question (self->attempt, index);
  GPtrArray *shown = awareness_attempt_get_choices (self->attempt, index);
  const char * const *answer = awareness_attempt_get_answer (self->attempt,
                                                             awareness_question_get_id (question));
  gboolean multiple = awareness_question_get_kind (question) == AWARENESS_QUESTION_MULTIPLE;
  g_autofree char *prompt = awareness_question_dup_prompt (question, self->context->lang,
                                                           AWARENESS_TEXT_FORMAT_MARKUP);
  g_autofree char *counter = NULL;
  GtkCheckButton *leader = NULL;

  self->question = index;
  self->filling = TRUE;
  /* Translators: “Question 2 of 5”. */
  counter = g_strdup_printf (_("Question %u of %u"), index + 1,
                             awareness_attempt_get_n_questions (self->attempt));
  gtk_label_set_label (self->quiz_counter, counter);
  adw_window_title_set_subtitle (self->window_title, counter);
  clear_box (GTK_WIDGET (self->quiz_exhibit));
  if (awareness_question_get_exhibit (question) != NULL)
    gtk_box_append (self->quiz_exhibit,
                    aw_exhibit_view_new (awareness_question_get_exhibit (question),
                                         self->context->lang));
  gtk_widget_set_visible (GTK_WIDGET (self->quiz_exhibit),
                          awareness_question_get_exhibit (question) != NULL);
  gtk_label_set_markup (self->quiz_prompt, prompt);
  gtk_widget_set_visible (GTK_WIDGET (self->quiz_hint), multiple);
  gtk_label_set_label (self->quiz_saved, answer != NULL ? _("Your answer is saved.") : "");

  clear_box (GTK_WIDGET (self->choice_list));
  g_ptr_array_set_size (self->choice_buttons, 0);
  for (guint c = 0; c < shown->len; c++)
    {
      AwarenessChoice *choice = g_ptr_array_index (shown, c);
      g_autofree char *text = awareness_choice_dup_text (choice, self->context->lang,
                                                         AWARENESS_TEXT_FORMAT_MARKUP);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_markup (GTK_LABEL (label), text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
      gtk_widget_set_margin_top (check, 8);
      gtk_widget_set_margin_bottom (check, 8);
      gtk_widget_set_margin_start (check, 8);
      gtk_widget_set_margin_end (check, 8);
      if (!multiple)
        {
          if (leader != NULL)
            gtk_check_button_set_group (GTK_CHECK_BUTTON (check), leader);
          else
            leader = GTK_CHECK_BUTTON (check);
        }
      g_object_set_data_full (G_OBJECT (check), "choice-id",
                              g_strdup (awareness_choice_get_id (choice)), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   answer != NULL
                                     && g_strv_contains (answer, awareness_choice_get_id (choice)));
      g_signal_connect (check, "toggled", G_CALLBACK (choice_toggled), self);
      /* The row is not focusable: the check button is, once. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_focusable (row, FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), check);
          gtk_list_box_append (self->choice_list, row);
      g_ptr_array_add (self->choice_buttons, check);
    }
  /* The choices are announced as a group named by the question. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->choice_list),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->quiz_prompt, NULL, -1);
  self->filling = FALSE;

  update_quiz_state (self);
  gtk_stack_set_visible_child_name (self->pages, "quiz");
  /* Focus on the choice made, or on the first, as a page turns. */
  {
    guint focus = 0;

    for (guint c = 0; c < self->choice_buttons->len; c++)
      if (gtk_check_button_get_active (g_ptr_array_index (self->choice_buttons, c)))
        focus = c;
    if (self->choice_buttons->len > 0)
      gtk_widget_grab_focus (g_ptr_array_index (self->choice_buttons, focus));
  }
}

/* Up and Down move the focus between the answers of the question, as
 * in any list of options; Space (or Enter) chooses, so that moving does
 * not record an answer. */
static gboolean
choice_key_pressed (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    AwTrainer             *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  int step;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    step = 1;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    step = -1;
  else
    return FALSE;

  for (guint i = 0; focus != NULL && i < self->choice_buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (self->choice_buttons, i);

      if (focus == button || gtk_widget_is_ancestor (focus, button))
        {
          gint next = (gint) i + step;

          if (next >= 0 && (guint) next < self->choice_buttons->len)
            gtk_widget_grab_focus (g_ptr_array_index (self->choice_buttons, next));
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
begin_quiz (AwTrainer *self,
            GError          **error)
{
  AwarenessStartOutcome outcome;

  g_clear_object (&self->attempt);
  self->attempt = awareness_start_attempt (self->context->store, self->module, self->context->user,
                                           self->context->lang, AWARENESS_START_DEFAULT, -1,
                                           &outcome, error);
  if (self->attempt == NULL)
    return FALSE;
  show_question (self, 0);
  return TRUE;
}

/* The result */

static void
show_result (AwTrainer *self)
{
  guint n = awareness_attempt_get_n_questions (self->attempt);
  guint score = awareness_attempt_get_score (self->attempt);
  gboolean passed = awareness_attempt_get_passed (self->attempt);
  g_autofree char *percent = awareness_format_percent (score, n);
  g_autofree char *description = NULL;

  /* Translators: “Score: 4 of 5 (80%). The pass mark is 80%.” */
  description = g_strdup_printf (_("Score: %u of %u (%s). The pass mark is %u%%."), score, n,
                                 percent, awareness_module_get_pass_percent (self->module));
  gtk_image_set_from_icon_name (self->result_icon,
                                passed ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_icon), passed ? "warning" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->result_icon), passed ? "success" : "warning");
  gtk_label_set_label (self->result_title, passed ? _("Passed") : _("Not Passed Yet"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->result_icon),
                               passed ? _("Passed") : _("Not Passed Yet"));
  gtk_label_set_label (self->result_description, description);
  gtk_widget_set_visible (self->retake_button, !passed);
  adw_window_title_set_subtitle (self->window_title, _("Result"));

  clear_box (GTK_WIDGET (self->feedback_list));
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->feedback_list,
                         aw_feedback_row_new (self->attempt, i, self->context->lang));
  gtk_stack_set_visible_child_name (self->pages, "result");
  scroll_to_top (self->result_scroll);
  gtk_widget_grab_focus (passed ? gtk_widget_get_next_sibling (self->retake_button)
                                : self->retake_button);
}

static void
submit (AwTrainer *self)
{
  g_autoptr(GError) error = NULL;

  /* Only a committed result is shown. */
  if (!awareness_complete_attempt (self->context->store, self->attempt, self->context->catalog,
                                   self->context->user, self->context->lang, &error))
    {
      problem (self, error);
      return;
    }
  show_result (self);
  g_signal_emit (self, signals[SIGNAL_COMPLETED], 0, self->attempt);
}

static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response,
                  AwTrainer *self)
{
  if (g_strcmp0 (response, "submit") == 0)
    submit (self);
}

static void
confirm_submit (AwTrainer *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint n = awareness_attempt_get_n_questions (self->attempt);
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  gint unanswered = awareness_attempt_get_next_unanswered (self->attempt);

  if (unanswered >= 0)
    {
      show_question (self, (guint) unanswered);
      return;
    }
  body = g_strdup_printf (
    ngettext ("You have answered the question. Once submitted, the answer cannot be changed.",
              "You have answered all %u questions. Once submitted, the answers cannot be "
              "changed.",
              n),
    n);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Submit Your Answers?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Review Answers"),
                                    "submit", _("_Submit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "submit",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "submit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
previous_lesson_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  AwTrainer *self = AW_TRAINER (widget);

  if (self->module != NULL && self->lesson > 0)
    show_lesson (self, self->lesson - 1);
}

static void
next_lesson_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AwTrainer *self = AW_TRAINER (widget);
  g_autoptr(GError) error = NULL;

  if (self->module == NULL)
    return;
  if (self->lesson + 1 < awareness_module_get_lessons (self->module)->len)
    show_lesson (self, self->lesson + 1);
  else if (!begin_quiz (self, &error))
    problem (self, error);
}

static void
previous_question_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  AwTrainer *self = AW_TRAINER (widget);

  if (self->attempt != NULL && !awareness_attempt_is_finished (self->attempt) && self->question > 0)
    show_question (self, self->question - 1);
}

static void
next_question_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  AwTrainer *self = AW_TRAINER (widget);

  if (self->attempt == NULL || awareness_attempt_is_finished (self->attempt)
      || !current_answered (self))
    return;
  if (self->question + 1 < awareness_attempt_get_n_questions (self->attempt))
    show_question (self, self->question + 1);
  else
    confirm_submit (self);
}

static void
retake_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AwTrainer *self = AW_TRAINER (widget);
  g_autoptr(GError) error = NULL;

  if (self->module != NULL && !begin_quiz (self, &error))
    problem (self, error);
}

/**
 * aw_trainer_open:
 * @module: the module to take
 *
 * Resumes the learner's unfinished attempt of @module at its first
 * unanswered question, or begins with the lessons.
 */
gboolean
aw_trainer_open (AwTrainer *self,
                        AwarenessModule  *module,
                        GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(AwarenessAttempt) attempt = NULL;
  AwarenessStartOutcome outcome;

  g_return_val_if_fail (AW_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (self->context != NULL, FALSE);

  attempt = awareness_start_attempt (self->context->store, module, self->context->user,
                                     self->context->lang, AWARENESS_START_RESUME_ONLY, -1, &outcome,
                                     &local_error);
  if (attempt == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (outcome == AWARENESS_START_CONTENT_CHANGED)
    g_signal_emit (self, signals[SIGNAL_PROBLEM], 0,
                   _("The module has changed since your unfinished attempt, so it starts anew."));

  g_set_object (&self->module, module);
  g_clear_object (&self->attempt);
  adw_window_title_set_title (self->window_title,
                              awareness_module_get_title (module, self->context->lang));

  if (attempt != NULL)
    {
      gint next = awareness_attempt_get_next_unanswered (attempt);

      self->attempt = g_steal_pointer (&attempt);
      show_question (self, next >= 0 ? (guint) next
                                     : awareness_attempt_get_n_questions (self->attempt) - 1);
      return TRUE;
    }
  if (awareness_module_get_lessons (module)->len > 0)
    {
      show_lesson (self, 0);
      return TRUE;
    }
  return begin_quiz (self, error);
}

void
aw_trainer_set_context (AwTrainer *self,
                               AwContext *context)
{
  g_clear_pointer (&self->context, aw_context_unref);
  self->context = aw_context_ref (context);
}

AwarenessModule *
aw_trainer_get_module (AwTrainer *self)
{
  return self->module;
}

AwarenessAttempt *
aw_trainer_get_attempt (AwTrainer *self)
{
  return self->attempt;
}

/* “lesson”, “quiz” or “result”. */
const char *
aw_trainer_get_page (AwTrainer *self)
{
  return gtk_stack_get_visible_child_name (self->pages);
}

/* The lesson or question shown, from 0. */
guint
aw_trainer_get_position (AwTrainer *self)
{
  return g_strcmp0 (aw_trainer_get_page (self), "lesson") == 0 ? self->lesson : self->question;
}

/* The check button of the choice shown at @index. */
/* The lesson's Next button, outside the scrolled lesson: never scrolled
 * away. */
GtkWidget *
aw_trainer_get_lesson_next (AwTrainer *self)
{
  g_return_val_if_fail (AW_IS_TRAINER (self), NULL);

  return GTK_WIDGET (self->lesson_next);
}

GtkWidget *
aw_trainer_get_choice (AwTrainer *self,
                              guint             index)
{
  return index < self->choice_buttons->len ? g_ptr_array_index (self->choice_buttons, index) : NULL;
}

static void
aw_trainer_dispose (GObject *object)
{
  AwTrainer *self = AW_TRAINER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), AW_TYPE_TRAINER);
  g_clear_object (&self->attempt);
  g_clear_object (&self->module);
  g_clear_pointer (&self->context, aw_context_unref);
  g_clear_pointer (&self->choice_buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (aw_trainer_parent_class)->dispose (object);
}

static void
aw_trainer_class_init (AwTrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aw_trainer_dispose;

  /**
   * AwTrainer::completed:
   * @attempt: the attempt, committed to the records
   */
  signals[SIGNAL_COMPLETED] = g_signal_new ("completed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                            AWARENESS_TYPE_ATTEMPT);
  /**
   * AwTrainer::problem:
   * @message: what went wrong, for the learner
   */
  signals[SIGNAL_PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/Awareness/aw-trainer.ui");
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, window_title);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, pages);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, flap);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, clauses_button);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, lesson_scroll);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, lesson_progress);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, lesson_counter);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, lesson_title);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, lesson_blocks);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, clause_box);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, lesson_next);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, quiz_progress);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, quiz_counter);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, quiz_exhibit);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, quiz_prompt);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, quiz_hint);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, choice_list);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, quiz_saved);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, quiz_next);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, result_scroll);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, result_icon);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, result_title);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, result_description);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, retake_button);
  gtk_widget_class_bind_template_child (widget_class, AwTrainer, feedback_list);

  gtk_widget_class_install_action (widget_class, "trainer.previous-lesson", NULL,
                                   previous_lesson_activated);
  gtk_widget_class_install_action (widget_class, "trainer.next-lesson", NULL,
                                   next_lesson_activated);
  gtk_widget_class_install_action (widget_class, "trainer.previous-question", NULL,
                                   previous_question_activated);
  gtk_widget_class_install_action (widget_class, "trainer.next-question", NULL,
                                   next_question_activated);
  gtk_widget_class_install_action (widget_class, "trainer.retake", NULL, retake_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "trainer.next-question", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "trainer.previous-question", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "trainer.next-lesson", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "trainer.previous-lesson", NULL);
}

static void
aw_trainer_init (AwTrainer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->choice_buttons = g_ptr_array_new ();
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_name (keys, "choice-keys");
    /* Before the list box moves its own (unfocusable) rows. */
    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (choice_key_pressed), self);
    gtk_widget_add_controller (GTK_WIDGET (self->choice_list), keys);
  }
  g_signal_connect_swapped (self->flap, "notify::folded", G_CALLBACK (update_clauses_button), self);
  g_signal_connect_swapped (self->pages, "notify::visible-child-name",
                            G_CALLBACK (update_clauses_button), self);
  update_clauses_button (self);
}
