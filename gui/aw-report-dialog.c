/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Report a suspicious e-mail: staff paste its headers (or its subject),
 * and the app reports it to the server through the library, as
 * `awareness report-mail` does.  A drill message is recorded as reported;
 * any other is for the City's own reporting route, which the dialog says.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aw-report-dialog.h"

struct _AwReportDialog
{
  AdwWindow      parent_instance;

  /* Widgets */
  GtkTextView   *text;
  GtkWidget     *report;
  GtkWidget     *cancel;
  GtkWidget     *spinner;
  GtkWidget     *result;

  /* Owned References */
  GCancellable  *cancellable;
  AwReportState  state;
};

G_DEFINE_FINAL_TYPE (AwReportDialog, aw_report_dialog, ADW_TYPE_WINDOW)

typedef struct {
  char *token;
  char *subject;
} Report;

static void
report_free (Report *report)
{
  g_free (report->token);
  g_free (report->subject);
  g_free (report);
}

static void
show_result (AwReportDialog *self,
             AwReportState   state,
             const char     *message)
{
  self->state = state;
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), FALSE);
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_label_set_label (GTK_LABEL (self->result), message);
  gtk_widget_set_visible (self->result, message != NULL);
  gtk_widget_remove_css_class (self->result, "error");
  gtk_widget_remove_css_class (self->result, "success");
  if (state == AW_REPORT_STATE_FAILED)
    gtk_widget_add_css_class (self->result, "error");
  else if (state == AW_REPORT_STATE_DRILL)
    gtk_widget_add_css_class (self->result, "success");
  gtk_widget_set_sensitive (self->report, state == AW_REPORT_STATE_EDITING
                                          || state == AW_REPORT_STATE_FAILED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->text), state != AW_REPORT_STATE_SENDING);
  if (state == AW_REPORT_STATE_DRILL || state == AW_REPORT_STATE_NOT_DRILL)
    {
      gtk_button_set_label (GTK_BUTTON (self->cancel), _("_Close"));
      gtk_widget_set_visible (self->report, FALSE);
      gtk_widget_grab_focus (self->cancel);
    }
  /* A screen reader hears the result as it comes. */
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->result),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, message, -1);
}

/* In a thread: the secret may come from the keyring, and the request
 * waits on the network. */
static void
report_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Report *report = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, &error);
  g_autoptr(AwarenessClient) client = NULL;
  g_autofree char *secret = NULL;
  gboolean drill = FALSE;

  if (config != NULL)
    secret = awareness_config_lookup_secret (config, &error);
  if (secret != NULL)
    {
      client = awareness_client_new (config, secret, &error);
      explicit_bzero (secret, strlen (secret));
    }
  if (client == NULL
      || !awareness_drill_report (client, report->token, report->subject, &drill, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, drill);
}

static void
report_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AwReportDialog *self = AW_REPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  gboolean drill = g_task_propagate_boolean (G_TASK (result), &error);

  /* Closed while the report was on its way. */
  if (self->cancellable == NULL)
    return;
  if (g_task_had_error (G_TASK (result)))
    {
      /* Translators: %s says why, “the server refused: … (HTTP 403)”. */
      g_autofree char *message = g_strdup_printf (
        _("The report could not be sent: %s. If the message is suspicious, do not open its links "
          "or attachments, and report it as the City's procedures say."),
        error->message);

      show_result (self, AW_REPORT_STATE_FAILED, message);
      return;
    }
  if (drill)
    show_result (self, AW_REPORT_STATE_DRILL,
                 _("Well spotted: this message was a drill, and your report is recorded. When a "
                   "real one comes, report it as the City's procedures say."));
  else
    show_result (self, AW_REPORT_STATE_NOT_DRILL,
                 _("This message is not one of Awareness's drills. If it is suspicious, do not "
                   "open its links or attachments, and report it as the City's procedures say."));
}

static void
report_clicked_cb (AwReportDialog *self)
{
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, NULL);
  g_autoptr(GTask) task = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text);
  GtkTextIter start, end;
  g_autofree char *pasted = NULL;
  Report *report = g_new0 (Report, 1);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  pasted = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!awareness_drill_parse_report (pasted, &report->token, &report->subject))
    {
      report_free (report);
      show_result (self, AW_REPORT_STATE_EDITING,
                   _("Paste the message's headers or type its subject first."));
      gtk_widget_grab_focus (GTK_WIDGET (self->text));
      return;
    }
  if (config == NULL || config->server_url == NULL)
    {
      report_free (report);
      show_result (self, AW_REPORT_STATE_FAILED,
                   _("This computer is not connected to the City's server, so the report cannot "
                     "be sent from here. If the message is suspicious, do not open its links or "
                     "attachments, and report it as the City's procedures say."));
      return;
    }

  self->state = AW_REPORT_STATE_SENDING;
  gtk_widget_set_visible (self->result, FALSE);
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), TRUE);
  gtk_widget_set_sensitive (self->report, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->text), FALSE);
  task = g_task_new (self, self->cancellable, report_done, NULL);
  g_task_set_task_data (task, report, (GDestroyNotify) report_free);
  g_task_run_in_thread (task, report_thread);
}

/**
 * aw_report_dialog_new:
 *
 * Returns: (transfer floating): the dialog, modal over @parent
 */
AwReportDialog *
aw_report_dialog_new (GtkWindow *parent)
{
  return g_object_new (AW_TYPE_REPORT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
}

GtkTextView *
aw_report_dialog_get_text (AwReportDialog *self)
{
  return self->text;
}

GtkWidget *
aw_report_dialog_get_report (AwReportDialog *self)
{
  return self->report;
}

AwReportState
aw_report_dialog_get_state (AwReportDialog *self)
{
  return self->state;
}

const char *
aw_report_dialog_get_result (AwReportDialog *self)
{
  return gtk_widget_get_visible (self->result) ? gtk_label_get_label (GTK_LABEL (self->result))
                                               : NULL;
}

static void
aw_report_dialog_dispose (GObject *object)
{
  AwReportDialog *self = AW_REPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (aw_report_dialog_parent_class)->dispose (object);
}

static void
aw_report_dialog_class_init (AwReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aw_report_dialog_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
aw_report_dialog_init (AwReportDialog *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *intro = aw_wrapped_label_new (
    _("Paste the message's headers (in your mail program, “show source” or “headers”), or type "
      "its subject. Do not forward the message, and do not open its links or attachments."),
    NULL);

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Report a Suspicious E-mail"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 460);
  gtk_widget_set_size_request (GTK_WIDGET (self), 320, 300);

  self->cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->cancel);
  self->report = gtk_button_new_with_mnemonic (_("_Report"));
  gtk_widget_add_css_class (self->report, "suggested-action");
  g_signal_connect_swapped (self->report, "clicked", G_CALLBACK (report_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->report);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_box_append (GTK_BOX (content), header);

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_box_append (GTK_BOX (box), intro);

  self->text = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->text, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_monospace (self->text, TRUE);
  gtk_text_view_set_top_margin (self->text, 6);
  gtk_text_view_set_bottom_margin (self->text, 6);
  gtk_text_view_set_left_margin (self->text, 6);
  gtk_text_view_set_right_margin (self->text, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("The message's headers or subject"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->text));
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_box_append (GTK_BOX (box), self->spinner);
  self->result = aw_wrapped_label_new (NULL, NULL);
  gtk_widget_set_visible (self->result, FALSE);
  gtk_box_append (GTK_BOX (box), self->result);

  gtk_box_append (GTK_BOX (content), box);
  adw_window_set_content (ADW_WINDOW (self), content);
  gtk_widget_grab_focus (GTK_WIDGET (self->text));
}
