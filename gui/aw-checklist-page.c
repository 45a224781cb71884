/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A self-inspection checklist (自己点検), as a member of staff answers it:
 * one row per item, with yes / no / not applicable as a choice of linked
 * toggle buttons, the clauses it checks and a comment.  Each answer is
 * written to the records as it is given (the library checks it against
 * the item's rules first), so that the page resumes where it was left; the
 * submission records the completion and its statements through the
 * library, as `awareness inspect` does.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aw-checklist-page.h"

/* The widgets of one item. */
typedef struct {
  AwarenessChecklistItem *item;
  GtkWidget              *choices[3];   /* yes, no, not applicable */
  GtkWidget              *comment;
  GtkWidget              *error;
} ItemRow;

struct _AwChecklistPage
{
  GtkBox               parent_instance;

  /* Widgets */
  AdwWindowTitle      *window_title;
  GtkWidget           *sample_label;
  GtkWidget           *guidance;
  GtkWidget           *progress_label;
  GtkWidget           *progress_bar;
  GtkListBox          *item_list;
  GtkWidget           *submit;
  GtkScrolledWindow   *scroller;

  /* Owned References */
  AwContext           *context;
  AwarenessChecklist  *checklist;
  AwarenessInspection *inspection;
  GArray              *rows;          /* ItemRow */
  char                *progress_text;
  gboolean             filling;
};

enum {
  SIGNAL_SUBMITTED,
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AwChecklistPage, aw_checklist_page, GTK_TYPE_BOX)

static const AwarenessCheckAnswer answers[] = {
  AWARENESS_CHECK_ANSWER_YES,
  AWARENESS_CHECK_ANSWER_NO,
  AWARENESS_CHECK_ANSWER_NOT_APPLICABLE,
};

static void
problem (AwChecklistPage *self,
         const GError    *error)
{
  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, error->message);
}

static AwarenessCheckAnswer
shown_answer (const ItemRow *row)
{
  for (guint a = 0; a < G_N_ELEMENTS (answers); a++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (row->choices[a])))
      return answers[a];
  return AWARENESS_CHECK_ANSWER_NONE;
}

static void
update_progress (AwChecklistPage *self)
{
  guint n = awareness_inspection_get_n_answered (self->inspection);
  guint total = self->rows->len;

  g_free (self->progress_text);
  /* Translators: “12 of 20 items answered”. */
  self->progress_text = g_strdup_printf (_("%u of %u items answered"), n, total);
  gtk_label_set_label (GTK_LABEL (self->progress_label), self->progress_text);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                 total > 0 ? (double) n / total : 1.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, self->progress_text, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.submit", n == total);
}

static void
show_item_error (ItemRow    *row,
                 const char *message)
{
  gtk_label_set_label (GTK_LABEL (row->error), message != NULL ? message : "");
  gtk_widget_set_visible (row->error, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (row->comment, "error");
  else
    gtk_widget_remove_css_class (row->comment, "error");
}

/* Gives the library the answer and comment shown in @row; once they meet
 * the item's rules, records them.  Returns whether they did. */
static gboolean
apply (AwChecklistPage *self,
       ItemRow         *row,
       gboolean         focus_on_error)
{
  g_autoptr(GError) error = NULL;
  AwarenessCheckAnswer answer = shown_answer (row);
  const char *id = awareness_checklist_item_get_id (row->item);
  g_autofree char *comment = g_strstrip (g_strdup (gtk_editable_get_text (
    GTK_EDITABLE (row->comment))));
  const char *kept = NULL;

  if (answer == AWARENESS_CHECK_ANSWER_NONE || self->inspection == NULL)
    return FALSE;
  /* Nothing new: no write. */
  if (awareness_inspection_get_answer (self->inspection, id, &kept) == answer
      && g_strcmp0 (kept != NULL ? kept : "", comment) == 0)
    {
      show_item_error (row, NULL);
      return TRUE;
    }
  if (!awareness_inspection_set_answer (self->inspection, id, answer,
                                        comment[0] != '\0' ? comment : NULL, &error))
    {
      /* Under the item, the item need not be named (the library's message
       * names it by its id, for a terminal). */
      if (g_error_matches (error, AWARENESS_CHECKLIST_ERROR,
                           AWARENESS_CHECKLIST_ERROR_COMMENT_REQUIRED))
        show_item_error (row, answer == AWARENESS_CHECK_ANSWER_NO
                                ? _("A “No” needs a comment: say what is not done, and why.")
                                : _("“Not applicable” needs a comment: say why it does not "
                                    "apply."));
      else
        show_item_error (row, error->message);
      if (focus_on_error)
        gtk_widget_grab_focus (row->comment);
      return FALSE;
    }
  show_item_error (row, NULL);
  if (!awareness_store_record_inspection_answer (self->context->store, self->inspection, id,
                                                 &error))
    {
      problem (self, error);
      return FALSE;
    }
  update_progress (self);
  return TRUE;
}

static ItemRow *
find_row (AwChecklistPage *self,
          GtkWidget       *widget)
{
  for (guint i = 0; self->rows != NULL && !self->filling && i < self->rows->len; i++)
    {
      ItemRow *row = &g_array_index (self->rows, ItemRow, i);

      if (widget == row->comment)
        return row;
      for (guint a = 0; a < G_N_ELEMENTS (answers); a++)
        if (widget == row->choices[a])
          return row;
    }
  return NULL;
}

static void
choice_toggled_cb (GtkToggleButton *button,
                   AwChecklistPage *self)
{
  ItemRow *row;

  /* The button let go by the group says nothing. */
  if (self->filling || !gtk_toggle_button_get_active (button))
    return;
  row = find_row (self, GTK_WIDGET (button));
  if (row != NULL)
    apply (self, row, TRUE);
}

static void
comment_activate_cb (GtkEntry        *entry,
                     AwChecklistPage *self)
{
  ItemRow *row = find_row (self, GTK_WIDGET (entry));

  if (row != NULL)
    apply (self, row, FALSE);
}

static void
comment_leave_cb (GtkEventControllerFocus *controller,
                  AwChecklistPage         *self)
{
  ItemRow *row = find_row (self, gtk_event_controller_get_widget (
    GTK_EVENT_CONTROLLER (controller)));

  if (row != NULL)
    apply (self, row, FALSE);
}

static GtkWidget *
item_row_new (AwChecklistPage *self,
              ItemRow         *row,
              guint            index)
{
  const char *lang = self->context->lang;
  GtkWidget *list_row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *choices = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autofree char *text = awareness_checklist_item_dup_text (row->item, lang,
                                                             AWARENESS_TEXT_FORMAT_PLAIN);
  g_autofree char *guidance = awareness_checklist_item_dup_guidance (row->item, lang,
                                                                     AWARENESS_TEXT_FORMAT_PLAIN);
  /* Translators: an item of a checklist, “3. Do you lock your screen…”. */
  g_autofree char *numbered = g_strdup_printf (_("%u. %s"), index + 1, text);
  /* Translators: the accessible name of an item's comment, “Comment on item 3”. */
  g_autofree char *comment_name = g_strdup_printf (_("Comment on item %u"), index + 1);
  GtkWidget *label = aw_wrapped_label_new (numbered, "heading");
  static const char *choice_labels[] = {
    N_("Yes"), N_("No"), N_("Not applicable"),
  };
  gboolean no_needs_comment = awareness_checklist_item_get_comment_required (
    row->item, AWARENESS_CHECK_ANSWER_NO);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_box_append (GTK_BOX (box), label);
  if (guidance != NULL)
    gtk_box_append (GTK_BOX (box), aw_wrapped_label_new (guidance, "dim-label"));
  gtk_box_append (GTK_BOX (box),
                  aw_clause_buttons_new (awareness_checklist_item_get_clauses (row->item), lang));

  /* The answer: one of two or three linked toggle buttons. */
  gtk_widget_add_css_class (choices, "linked");
  gtk_widget_set_halign (choices, GTK_ALIGN_START);
  for (guint a = 0; a < G_N_ELEMENTS (answers); a++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(choice_labels[a]));

      row->choices[a] = button;
      if (a > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                     GTK_TOGGLE_BUTTON (row->choices[0]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      numbered, -1);
      g_signal_connect (button, "toggled", G_CALLBACK (choice_toggled_cb), self);
      gtk_box_append (GTK_BOX (choices), button);
    }
  gtk_widget_set_visible (row->choices[2],
                          awareness_checklist_item_get_allows_not_applicable (row->item));
  gtk_box_append (GTK_BOX (box), choices);

  row->comment = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (row->comment), AWARENESS_CHECKLIST_COMMENT_MAX);
  gtk_entry_set_placeholder_text (GTK_ENTRY (row->comment),
                                  no_needs_comment
                                    ? _("Comment (required for “No”: what is not done, and why)")
                                    : _("Comment (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->comment), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  comment_name, -1);
  g_signal_connect (row->comment, "activate", G_CALLBACK (comment_activate_cb), self);
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();

    g_signal_connect (focus, "leave", G_CALLBACK (comment_leave_cb), self);
    gtk_widget_add_controller (row->comment, focus);
  }
  gtk_box_append (GTK_BOX (box), row->comment);

  row->error = aw_wrapped_label_new (NULL, "error");
  gtk_widget_set_visible (row->error, FALSE);
  gtk_box_append (GTK_BOX (box), row->error);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), box);
  /* The keyboard goes to the buttons and the comment, not the row. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), FALSE);
  gtk_widget_set_focusable (list_row, FALSE);
  return list_row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/**
 * aw_checklist_page_open:
 *
 * Shows @checklist with the answers of the inspection in progress, or
 * begins one.
 */
gboolean
aw_checklist_page_open (AwChecklistPage    *self,
                        AwarenessChecklist *checklist,
                        GError            **error)
{
  const char *lang = self->context->lang;
  g_autoptr(AwarenessInspection) inspection = NULL;
  g_autofree char *guidance = NULL;
  GPtrArray *items = awareness_checklist_get_items (checklist);

  inspection = awareness_start_inspection (self->context->store, checklist, self->context->user,
                                           lang, NULL, error);
  if (inspection == NULL)
    return FALSE;
  g_set_object (&self->checklist, checklist);
  g_set_object (&self->inspection, inspection);

  adw_window_title_set_title (self->window_title, awareness_checklist_get_title (checklist, lang));
  gtk_widget_set_visible (self->sample_label, awareness_checklist_get_sample (checklist));
  guidance = awareness_checklist_dup_guidance (checklist, lang, AWARENESS_TEXT_FORMAT_PLAIN);
  gtk_label_set_label (GTK_LABEL (self->guidance), guidance != NULL ? guidance : "");
  gtk_widget_set_visible (self->guidance, guidance != NULL);

  self->filling = TRUE;
  clear_list (self->item_list);
  g_array_set_size (self->rows, items->len);
  for (guint i = 0; i < items->len; i++)
    {
      ItemRow *row = &g_array_index (self->rows, ItemRow, i);
      const char *comment = NULL;
      AwarenessCheckAnswer given;

      memset (row, 0, sizeof *row);
      row->item = g_ptr_array_index (items, i);
      gtk_list_box_append (self->item_list, item_row_new (self, row, i));
      given = awareness_inspection_get_answer (self->inspection,
                                               awareness_checklist_item_get_id (row->item),
                                               &comment);
      for (guint a = 0; a < G_N_ELEMENTS (answers); a++)
        if (answers[a] == given)
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (row->choices[a]), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row->comment), comment != NULL ? comment : "");
    }
  self->filling = FALSE;
  update_progress (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);

  /* To the first item not answered yet. */
  {
    gint next = awareness_inspection_get_next_unanswered (self->inspection);

    if (next >= 0)
      gtk_widget_grab_focus (g_array_index (self->rows, ItemRow, next).choices[0]);
    else
      gtk_widget_grab_focus (self->submit);
  }
  return TRUE;
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     AwChecklistPage  *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "submit") || self->inspection == NULL)
    return;
  if (!awareness_complete_inspection (self->context->store, self->inspection,
                                      self->context->catalog, self->context->user,
                                      self->context->lang, &error))
    {
      problem (self, error);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SUBMITTED], 0, self->inspection);
}

static void
submit_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AwChecklistPage *self = AW_CHECKLIST_PAGE (widget);
  GtkWidget *dialog;
  g_autofree char *body = NULL;
  gboolean ok = TRUE;

  if (self->inspection == NULL)
    return;
  /* A comment typed but not yet given to the library goes now; the first
   * answer its item's rules refuse keeps the page open, at that item. */
  for (guint i = 0; i < self->rows->len && ok; i++)
    ok = apply (self, &g_array_index (self->rows, ItemRow, i), TRUE);
  if (!ok)
    return;

  body = g_strdup_printf (
    /* Translators: “18 yes, 1 no, 1 not applicable. Once submitted, …”. */
    _("%u yes, %u no, %u not applicable. Once submitted, the answers cannot be changed."),
    awareness_inspection_count_answers (self->inspection, AWARENESS_CHECK_ANSWER_YES),
    awareness_inspection_count_answers (self->inspection, AWARENESS_CHECK_ANSWER_NO),
    awareness_inspection_count_answers (self->inspection, AWARENESS_CHECK_ANSWER_NOT_APPLICABLE));
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Submit Your Answers?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "submit", _("_Submit"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "submit",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "submit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * aw_checklist_page_save:
 *
 * Saves what the page shows and the records do not hold yet: a comment
 * typed into an entry that still has the focus, as the window closes.
 */
void
aw_checklist_page_save (AwChecklistPage *self)
{
  for (guint i = 0; self->inspection != NULL && i < self->rows->len; i++)
    apply (self, &g_array_index (self->rows, ItemRow, i), FALSE);
}

AwarenessInspection *
aw_checklist_page_get_inspection (AwChecklistPage *self)
{
  return self->inspection;
}

/* The toggle button of @answer of item @index. */
GtkWidget *
aw_checklist_page_get_choice (AwChecklistPage     *self,
                              guint                index,
                              AwarenessCheckAnswer answer)
{
  g_return_val_if_fail (index < self->rows->len, NULL);
  for (guint a = 0; a < G_N_ELEMENTS (answers); a++)
    if (answers[a] == answer)
      return g_array_index (self->rows, ItemRow, index).choices[a];
  return NULL;
}

GtkWidget *
aw_checklist_page_get_comment (AwChecklistPage *self,
                               guint            index)
{
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_array_index (self->rows, ItemRow, index).comment;
}

/* The error shown under item @index, or %NULL for none. */
const char *
aw_checklist_page_get_item_error (AwChecklistPage *self,
                                  guint            index)
{
  GtkWidget *error;

  g_return_val_if_fail (index < self->rows->len, NULL);
  error = g_array_index (self->rows, ItemRow, index).error;
  return gtk_widget_get_visible (error) ? gtk_label_get_label (GTK_LABEL (error)) : NULL;
}

GtkWidget *
aw_checklist_page_get_submit (AwChecklistPage *self)
{
  return self->submit;
}

const char *
aw_checklist_page_get_progress (AwChecklistPage *self)
{
  return self->progress_text;
}

void
aw_checklist_page_set_context (AwChecklistPage *self,
                               AwContext       *context)
{
  g_clear_pointer (&self->context, aw_context_unref);
  self->context = aw_context_ref (context);
}

GtkWidget *
aw_checklist_page_new (void)
{
  return g_object_new (AW_TYPE_CHECKLIST_PAGE, NULL);
}

static void
aw_checklist_page_dispose (GObject *object)
{
  AwChecklistPage *self = AW_CHECKLIST_PAGE (object);

  /* The comments lose the focus as they go: nothing to save then. */
  self->filling = TRUE;
  g_clear_object (&self->inspection);
  g_clear_object (&self->checklist);
  g_clear_pointer (&self->context, aw_context_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->progress_text, g_free);

  G_OBJECT_CLASS (aw_checklist_page_parent_class)->dispose (object);
}

static void
aw_checklist_page_class_init (AwChecklistPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aw_checklist_page_dispose;

  /* The inspection is submitted, its statements in the outbox. */
  signals[SIGNAL_SUBMITTED] = g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                            1, AWARENESS_TYPE_INSPECTION);
  /* The records could not be written: a message for the window. */
  signals[SIGNAL_PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "checklist.submit", NULL, submit_activated);
}

static void
aw_checklist_page_init (AwChecklistPage *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->rows = g_array_new (FALSE, TRUE, sizeof (ItemRow));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "win.home");
  gtk_widget_set_tooltip_text (back, _("Back to the Modules"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back to the Modules"), -1);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  self->window_title = ADW_WINDOW_TITLE (adw_window_title_new (NULL, _("Self-Inspection")));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->window_title));
  gtk_box_append (GTK_BOX (self), header);

  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->sample_label = aw_wrapped_label_new (NULL, "warning");
  gtk_label_set_label (GTK_LABEL (self->sample_label),
                       _("SAMPLE: this checklist shows how a City may write one; it is not the "
                         "City's own self-inspection."));
  gtk_box_append (GTK_BOX (box), self->sample_label);
  self->guidance = aw_wrapped_label_new (NULL, "lesson-text");
  gtk_box_append (GTK_BOX (box), self->guidance);
  self->progress_label = aw_wrapped_label_new (NULL, "title-4");
  gtk_box_append (GTK_BOX (box), self->progress_label);
  self->progress_bar = gtk_progress_bar_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Items answered"), -1);
  gtk_box_append (GTK_BOX (box), self->progress_bar);

  self->item_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->item_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->item_list), "boxed-list");
  gtk_widget_set_margin_top (GTK_WIDGET (self->item_list), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->item_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Checklist items"), -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->item_list));

  self->submit = gtk_button_new_with_mnemonic (_("_Submit Answers"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->submit), "checklist.submit");
  gtk_widget_add_css_class (self->submit, "pill");
  gtk_widget_add_css_class (self->submit, "suggested-action");
  gtk_widget_set_halign (self->submit, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (self->submit, 12);
  gtk_box_append (GTK_BOX (box), self->submit);

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);
  self->scroller = GTK_SCROLLED_WINDOW (scroller);
  gtk_box_append (GTK_BOX (self), scroller);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.submit", FALSE);
}
