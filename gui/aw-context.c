/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The content, the records and the learner that every page works on, and
 * the small pieces of interface that several pages share.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aw-gui.h"

/**
 * aw_context_new:
 *
 * Loads the content (the installed package if there is one) and opens the
 * learner's records. Problems in the content that do not stop it from
 * loading are logged; an error stops the app with a clear message.
 */
AwContext *
aw_context_new (GError **error)
{
  g_autoptr(AwContext) self = g_new0 (AwContext, 1);
  g_autofree char *content = awareness_dup_default_content_dir ();
  g_autoptr(GPtrArray) problems = NULL;

  g_atomic_ref_count_init (&self->ref_count);
  self->lang = awareness_get_content_language ();
  self->catalog = awareness_catalog_new_for_directory (content, &problems, error);
  if (self->catalog == NULL)
    return NULL;
  self->store_path = awareness_dup_default_store_path ();
  self->store = awareness_store_new_for_path (self->store_path, error);
  if (self->store == NULL)
    return NULL;
  self->user = awareness_dup_default_user ();
  return g_steal_pointer (&self);
}

/* After signing in, the records are the account's. */
void
aw_context_reload_user (AwContext *self)
{
  g_free (self->user);
  self->user = awareness_dup_default_user ();
}

AwContext *
aw_context_ref (AwContext *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
aw_context_unref (AwContext *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_object (&self->catalog);
  g_clear_object (&self->store);
  g_free (self->store_path);
  g_free (self->user);
  g_free (self);
}

static GtkWidget *
wrapped_label (const char *markup,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
append_clause (GtkBox          *box,
               AwarenessClause *clause,
               const char      *lang,
               gboolean         with_children)
{
  g_autofree char *label = awareness_clause_dup_label (clause, lang);
  const char *title = awareness_clause_get_title (clause, lang);
  g_autofree char *heading = title != NULL ? g_markup_printf_escaped ("<b>%s</b>  %s", label, title)
                                           : g_markup_printf_escaped ("<b>%s</b>", label);
  g_auto(GStrv) paragraphs = awareness_clause_dup_paragraphs (clause, lang,
                                                               AWARENESS_TEXT_FORMAT_MARKUP);
  GtkWidget *head = wrapped_label (heading, "heading");

  /* The policy reader's contents find the heading by its clause. */
  g_object_set_data (G_OBJECT (head), "awareness-clause", clause);

  gtk_accessible_update_property (GTK_ACCESSIBLE (head), GTK_ACCESSIBLE_PROPERTY_LEVEL,
                                  MIN (awareness_clause_get_depth (clause) + 2, 6u), -1);
  gtk_box_append (box, head);
  for (guint i = 0; paragraphs != NULL && paragraphs[i] != NULL; i++)
    gtk_box_append (box, wrapped_label (paragraphs[i], "policy-text"));

  if (with_children)
    {
      GPtrArray *children = awareness_clause_get_children (clause);

      for (guint i = 0; children != NULL && i < children->len; i++)
        append_clause (box, g_ptr_array_index (children, i), lang, TRUE);
    }
}

/**
 * aw_clause_view_new:
 *
 * The policy's own words for @clause: its number, title and paragraphs,
 * and those of its sub-clauses when @with_children.
 */
GtkWidget *
aw_clause_view_new (AwarenessClause *clause,
                           const char      *lang,
                           gboolean         with_children)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_add_css_class (box, "clause");
  /* Which clause it shows, for the tests. */
  g_object_set_data (G_OBJECT (box), "aw-clause", clause);
  append_clause (GTK_BOX (box), clause, lang, with_children);
  return box;
}

/**
 * aw_show_clause:
 *
 * Shows @clause, with its sub-clauses, in a dialog over @parent's window.
 */
void
aw_show_clause (GtkWidget       *parent,
                       AwarenessClause *clause,
                       const char      *lang)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *view = aw_clause_view_new (clause, lang, TRUE);
  g_autofree char *label = awareness_clause_dup_label (clause, lang);
  GtkRoot *root = gtk_widget_get_root (parent);

  gtk_window_set_title (GTK_WINDOW (window), label);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 480);
  gtk_widget_set_size_request (window, 320, 240);
  gtk_box_append (GTK_BOX (box), header);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_margin_top (view, 18);
  gtk_widget_set_margin_bottom (view, 18);
  gtk_widget_set_margin_start (view, 18);
  gtk_widget_set_margin_end (view, 18);
  adw_clamp_set_child (ADW_CLAMP (clamp), view);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  /* Esc closes it, as it does a dialog. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape,
                                                                                    0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, shortcuts);
  }
  gtk_window_present (GTK_WINDOW (window));
}

static void
clause_button_clicked (GtkButton       *button,
                       AwarenessClause *clause)
{
  aw_show_clause (GTK_WIDGET (button), clause,
                         g_object_get_data (G_OBJECT (button), "awareness-lang"));
}

/**
 * aw_wrapped_label_new:
 * @text: (nullable): the label's text
 * @css_class: (nullable): a style class
 *
 * Returns: (transfer floating): a label that wraps, also within words
 *   (Japanese has no spaces), aligned to the start
 */
GtkWidget *
aw_wrapped_label_new (const char *text,
                      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/**
 * aw_clause_buttons_new:
 * @clauses: (element-type AwarenessClause) (nullable): clauses of the policy
 *
 * Returns: (transfer floating): a box with a button per clause, “Policy:
 *   5  Title”, that shows the clause
 */
GtkWidget *
aw_clause_buttons_new (GPtrArray  *clauses,
                       const char *lang)
{
  GtkWidget *clause_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint c = 0; clauses != NULL && c < clauses->len; c++)
    {
      AwarenessClause *clause = g_ptr_array_index (clauses, c);
      g_autofree char *label = awareness_clause_dup_label (clause, lang);
      /* Translators: a button that shows a clause of the policy, “Policy: 第1章 5”. */
      g_autofree char *text = g_strdup_printf (_("Policy: %s"), label);
      const char *title = awareness_clause_get_title (clause, lang);
      g_autofree char *full = title != NULL ? g_strdup_printf ("%s  %s", text, title)
                                            : g_strdup (text);
      GtkWidget *button = gtk_button_new_with_label (full);

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "clause-link");
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_label_set_wrap (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), TRUE);
      gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button))), 0);
      gtk_widget_set_tooltip_text (button, _("Read this clause of the policy"));
      g_object_set_data (G_OBJECT (button), "awareness-lang", (gpointer) lang);
      g_signal_connect_object (button, "clicked", G_CALLBACK (clause_button_clicked), clause, 0);
      gtk_box_append (GTK_BOX (clause_box), button);
    }
  return clause_box;
}

static void
join_choice (GString    *s,
             const char *markup)
{
  if (s->len > 0)
    g_string_append (s, " / ");
  g_string_append (s, markup);
}

/* “—” for no choice at all. */
static char *
end_choices (GString *s)
{
  if (s->len == 0)
    g_string_append (s, "—");
  return g_string_free (s, FALSE);
}

/* The chosen (or the right) choices of question @index, or “—”. */
static char *
describe_answer (AwarenessAttempt   *attempt,
                 guint               index,
                 const char * const *ids,
                 gboolean            correct_ones,
                 const char         *lang)
{
  g_autofree char *text = awareness_attempt_dup_choices_text (attempt, index, ids, correct_ones,
                                                              lang, AWARENESS_TEXT_FORMAT_MARKUP,
                                                              FALSE);

  return g_strdup (text[0] != '\0' ? text : "—");
}

/* A row of feedback on one question: right or wrong, the learner's
 * answer, the correct one when it differs, the explanation, and below them
 * @clauses (the policy's clauses the question tests). */
static GtkWidget *
feedback_row (guint       index,
              const char *prompt,
              gboolean    right,
              const char *yours,
              const char *correct,
              const char *explanation,
              GtkWidget  *clauses,
              GtkWidget  *exhibit)
{
  g_autofree char *heading = g_strdup_printf ("<b>%u.</b> %s", index + 1, prompt);
  g_autofree char *your_line = g_strdup_printf ("%s %s", _("Your answer:"), yours);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (right ? "emblem-ok-symbolic"
                                                        : "window-close-symbolic");

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_add_css_class (icon, right ? "success" : "error");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  right ? _("Correct") : _("Incorrect"), -1);
  gtk_widget_set_tooltip_text (icon, right ? _("Correct") : _("Incorrect"));
  gtk_box_append (GTK_BOX (top), icon);
  gtk_box_append (GTK_BOX (top), wrapped_label (heading, NULL));
  gtk_widget_set_hexpand (gtk_widget_get_last_child (top), TRUE);
  gtk_box_append (GTK_BOX (box), top);
  if (exhibit != NULL)
    gtk_box_append (GTK_BOX (box), exhibit);
  gtk_box_append (GTK_BOX (box), wrapped_label (your_line, NULL));
  if (!right && correct != NULL)
    {
      g_autofree char *line = g_strdup_printf ("%s %s", _("Correct answer:"), correct);

      gtk_box_append (GTK_BOX (box), wrapped_label (line, "success"));
    }
  if (explanation != NULL && explanation[0] != '\0')
    {
      GtkWidget *label = wrapped_label (explanation, "explanation");

      gtk_widget_set_name (label, "explanation");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_box_append (GTK_BOX (box), clauses);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

/**
 * aw_feedback_row_new:
 *
 * The feedback on question @index of a finished @attempt: right or wrong,
 * the learner's answer, the correct one, the explanation, and the clauses
 * of the policy that the question tests, each one a button that shows the
 * policy's own words.
 */
GtkWidget *
aw_feedback_row_new (AwarenessAttempt *attempt,
                            guint             index,
                            const char       *lang)
{
  AwarenessQuestion *question = awareness_attempt_get_question (attempt, index);
  const char *qid = awareness_question_get_id (question);
  gboolean right = awareness_attempt_is_correct (attempt, qid);
  g_autofree char *prompt = awareness_question_dup_prompt (question, lang,
                                                           AWARENESS_TEXT_FORMAT_MARKUP);
  g_autofree char *explanation = awareness_question_dup_explanation (question, lang,
                                                                     AWARENESS_TEXT_FORMAT_MARKUP);
  g_autofree char *yours =
    describe_answer (attempt, index, awareness_attempt_get_answer (attempt, qid), FALSE, lang);
  g_autofree char *correct = describe_answer (attempt, index, NULL, TRUE, lang);
  GPtrArray *clauses = awareness_question_get_clauses (question);
  GtkWidget *clause_box = aw_clause_buttons_new (clauses, lang);

  return feedback_row (index, prompt, right, yours, correct, explanation, clause_box,
                       awareness_question_get_exhibit (question) != NULL
                         ? aw_exhibit_view_new (awareness_question_get_exhibit (question), lang)
                         : NULL);
}

/* The chosen or the right choices of a recorded question, escaped. */
static char *
describe_recorded (AwarenessReviewQuestion *question,
                   gboolean                 correct_ones)
{
  GString *s = g_string_new (NULL);

  for (guint c = 0; c < question->choices->len; c++)
    {
      AwarenessReviewChoice *choice = g_ptr_array_index (question->choices, c);
      g_autofree char *text = NULL;

      if (!(correct_ones ? choice->correct : choice->chosen))
        continue;
      text = g_markup_escape_text (choice->text, -1);
      join_choice (s, text);
    }
  return end_choices (s);
}

/**
 * aw_recorded_row_new:
 * @question: a question of the review of an attempt
 * @index: its position
 * @lang: the language of its exhibit
 *
 * The feedback on a question as it was shown when the attempt was taken,
 * for an attempt whose module has changed since.
 */
GtkWidget *
aw_recorded_row_new (AwarenessReviewQuestion *question,
                     guint                    index,
                     const char              *lang)
{
  g_autofree char *prompt = g_markup_escape_text (question->prompt, -1);
  g_autofree char *explanation = g_markup_escape_text (question->explanation, -1);
  g_autofree char *yours = describe_recorded (question, FALSE);
  g_autofree char *correct = describe_recorded (question, TRUE);
  GtkWidget *clause_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  for (guint c = 0; c < question->clauses->len; c++)
    {
      AwarenessReviewClause *clause = g_ptr_array_index (question->clauses, c);
      g_autofree char *text = g_strdup_printf (_("Policy: %s"), clause->label);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (clause_box), label);
    }
  return feedback_row (index, prompt, question->right, yours, correct, explanation, clause_box,
                       question->exhibit != NULL ? aw_exhibit_view_new (question->exhibit, lang)
                                                 : NULL);
}

/**
 * aw_policy_view_new:
 *
 * The whole policy as a document: its title, preamble, and every part
 * with its clauses.
 */
GtkWidget *
aw_policy_view_new (AwarenessPolicy *policy,
                           const char      *lang)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  g_autofree char *title = g_markup_escape_text (awareness_policy_get_title (policy, lang), -1);
  g_auto(GStrv) preamble = awareness_policy_dup_preamble (policy, lang,
                                                           AWARENESS_TEXT_FORMAT_MARKUP);
  GPtrArray *parts = awareness_policy_get_parts (policy);
  GtkWidget *head = wrapped_label (title, "title-1");

  gtk_accessible_update_property (GTK_ACCESSIBLE (head), GTK_ACCESSIBLE_PROPERTY_LEVEL, 1, -1);
  gtk_box_append (GTK_BOX (box), head);
  if (awareness_policy_get_issued (policy, lang) != NULL)
    {
      g_autofree char *issued = g_markup_escape_text (awareness_policy_get_issued (policy, lang),
                                                      -1);

      gtk_box_append (GTK_BOX (box), wrapped_label (issued, "dim-label"));
    }
  for (guint i = 0; preamble != NULL && preamble[i] != NULL; i++)
    gtk_box_append (GTK_BOX (box), wrapped_label (preamble[i], "policy-text"));
  for (guint i = 0; parts != NULL && i < parts->len; i++)
    {
      GtkWidget *view = aw_clause_view_new (g_ptr_array_index (parts, i), lang, TRUE);

      gtk_widget_set_margin_top (view, 12);
      gtk_box_append (GTK_BOX (box), view);
    }
  return box;
}
