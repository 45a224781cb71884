/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The main window: the welcome page at the first start, the modules with
 * where the learner stands, the trainer, the history with reviews, and the
 * policy. Sync runs in the background at start and after each completion;
 * its state shows in the header bar, and its failures in plain words with
 * a way to retry.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aw-window.h"
#include "aw-checklist-page.h"
#include "aw-due-notice.h"
#include "aw-preferences.h"
#include "aw-report-dialog.h"

/* A failed sync is tried again after this long, while records wait. */
#define RETRY_SECONDS (5 * 60)
/* An app left open for days checks this often whether to tell of what is
 * due (at most once a day). */
#define DUE_CHECK_SECONDS (60 * 60)

struct _AwWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay    *toasts;
  GtkStack           *stack;
  AdwWindowTitle     *modules_title;
  GtkButton          *sync_button;
  GtkLabel           *progress_label;
  GtkProgressBar     *progress_bar;
  GtkLabel           *overdue_label;
  GtkListBox         *module_list;
  GtkWidget          *checklist_heading;
  GtkListBox         *checklist_list;
  AwTrainer   *trainer;
  AwChecklistPage    *checklist_page;
  GtkStack           *history_stack;
  AdwWindowTitle     *history_title;
  GtkListBox         *history_list;
  GtkLabel           *review_summary;
  GtkListBox         *review_list;
  AdwClamp           *policy_clamp;
  AdwFlap            *policy_flap;
  GtkScrolledWindow  *policy_scroll;
  GtkSearchEntry     *policy_search;
  GtkListBox         *policy_toc;
  GtkRevealer        *problem_revealer;
  GtkLabel           *problem_label;
  GtkButton          *problem_retry;

  AwContext   *context;
  GSettings          *settings;
  GCancellable       *sync_cancellable;
  AwSyncStatus sync_status;
  char               *sync_text;
  guint               retry_source;
  guint               due_source;
  gboolean            sync_again;
  gboolean            offline_chosen;
  gboolean            sync_problem;
};

enum {
  PROP_0,
  PROP_SYNC_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AwWindow, aw_window, ADW_TYPE_APPLICATION_WINDOW)

void
aw_window_toast (AwWindow *self,
                        const char      *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

/**
 * aw_window_show_problem:
 * @message: what went wrong, in full
 * @button_label: (nullable): the label of the bar's button, or %NULL for
 *   none
 * @action: (nullable): the action of the button
 *
 * Shows @message in the bar at the foot of the window, where it stays,
 * whole, until it is solved or dismissed: a toast would cut a long one
 * off and go away.
 */
void
aw_window_show_problem (AwWindow   *self,
                        const char *message,
                        const char *button_label,
                        const char *action)
{
  gtk_label_set_label (self->problem_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_retry), button_label != NULL);
  if (button_label != NULL)
    {
      gtk_button_set_label (self->problem_retry, button_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->problem_retry), action);
    }
  self->sync_problem = FALSE;
  gtk_revealer_set_reveal_child (self->problem_revealer, TRUE);
}

/* The message in the bar, or %NULL when none is shown. */
const char *
aw_window_get_problem (AwWindow *self)
{
  return gtk_revealer_get_reveal_child (self->problem_revealer)
           ? gtk_label_get_label (self->problem_label)
           : NULL;
}

static void
hide_problem (AwWindow *self)
{
  gtk_revealer_set_reveal_child (self->problem_revealer, FALSE);
  self->sync_problem = FALSE;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The settings, when the schema is installed or compiled in the build. */
static GSettings *
open_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL
                                         ? g_settings_schema_source_lookup (source, APP_ID, TRUE)
                                         : NULL;

  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed: window state will not be kept", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/* Whether what is written to @settings is there at the next start: not
 * with the memory backend, nor with dconf without a session bus (thin
 * clients), whose writes go nowhere. */
static gboolean
settings_last (GSettings *settings)
{
  g_autoptr(GSettingsBackend) backend = NULL;
  const char *type;

  if (settings == NULL)
    return FALSE;
  g_object_get (settings, "backend", &backend, NULL);
  type = backend != NULL ? G_OBJECT_TYPE_NAME (backend) : "";
  if (g_str_equal (type, "GMemorySettingsBackend") || g_str_equal (type, "GNullSettingsBackend"))
    return FALSE;
  return !g_str_equal (type, "DConfSettingsBackend")
         || g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL;
}

/* Sync */

static void
set_sync_status (AwWindow    *self,
                 AwSyncStatus status,
                 const char         *text)
{
  /* Short enough for the title bar at 360 px; the tooltip says it all. */
  static const char * const short_texts[] = {
    [AW_SYNC_STATUS_OFFLINE] = N_("Offline"),
    [AW_SYNC_STATUS_SYNCING] = N_("Sending…"),
    [AW_SYNC_STATUS_SYNCED] = N_("All sent"),
    [AW_SYNC_STATUS_PENDING] = N_("Not sent yet"),
  };
  static const char * const icons[] = {
    [AW_SYNC_STATUS_OFFLINE] = "network-offline-symbolic",
    [AW_SYNC_STATUS_SYNCING] = "emblem-synchronizing-symbolic",
    [AW_SYNC_STATUS_SYNCED] = "emblem-ok-symbolic",
    [AW_SYNC_STATUS_PENDING] = "dialog-warning-symbolic",
  };

  g_free (self->sync_text);
  self->sync_text = g_strdup (text);
  gtk_button_set_icon_name (self->sync_button, icons[status]);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sync_button), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text, -1);
  if (status == AW_SYNC_STATUS_PENDING)
    gtk_widget_add_css_class (GTK_WIDGET (self->sync_button), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->sync_button), "warning");
  adw_window_title_set_subtitle (self->modules_title, _(short_texts[status]));
  if (self->sync_status != status)
    {
      self->sync_status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_STATUS]);
    }
}

/* What the learner can do about a failed sync, in plain words. */
static char *
explain_sync_error (const GError *error)
{
  if (g_error_matches (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE))
    /* Translators: %s is the real cause, such as the server's HTTP status. */
    return g_strdup_printf (
      _("The city’s server cannot be reached (%s). Your records are kept on this computer "
         "and will be sent when it can be reached."),
      error->message);
  if (g_error_matches (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_SECRET) ||
      g_error_matches (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_NOT_SIGNED_IN))
    return g_strdup (
      _("This computer is not signed in to the city’s server. Sign in again in Preferences; your "
         "records are kept until then."));
  /* Translators: %s is the detailed reason. */
  return g_strdup_printf (
    _("Your records could not be sent: %s. They are kept on this computer and will be sent "
       "later."),
    error->message);
}

static gboolean retry_sync (gpointer user_data);

static void
schedule_retry (AwWindow *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add_seconds (RETRY_SECONDS, retry_sync, self);
}

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AwWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  AwarenessSyncSummary summary = { 0 };
  gboolean ok = awareness_sync_push_finish (result, &summary, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->sync_cancellable);

  if (ok)
    {
      g_autofree char *text = NULL;

      if (summary.rejected > 0)
        /* Translators: the server refused some records; `awareness sync --status` tells why. */
        text = g_strdup_printf (
          ngettext ("Sent. The server refused %u record; your administrator can see why.",
                    "Sent. The server refused %u records; your administrator can see why.",
                    summary.rejected),
          summary.rejected);
      else
        text = g_strdup (_("All records are sent"));
      set_sync_status (self, AW_SYNC_STATUS_SYNCED, text);
      if (self->sync_problem)
        hide_problem (self);
      if (summary.sent > 0)
        aw_window_toast (self,
                         ngettext ("Your completion reached the city’s server.",
                                   "Your completions reached the city’s server.", summary.sent));
    }
  else
    {
      g_autofree char *text = explain_sync_error (error);

      g_info ("sync failed: %s", error->message);
      set_sync_status (self, AW_SYNC_STATUS_PENDING, text);
      aw_window_show_problem (self, text, _("_Retry"), "win.sync");
      self->sync_problem = TRUE;
      schedule_retry (self);
    }

  /* What the server sent back: results from other machines, due dates. */
  aw_window_refresh (self);
  if (self->sync_again)
    {
      self->sync_again = FALSE;
      aw_window_sync (self);
    }
}

/**
 * aw_window_sync:
 *
 * Starts a sync in the background, unless the machine is not connected to
 * a server. A sync asked for while one runs follows it.
 */
static void
sync_or_explain (AwWindow *self,
                 gboolean  asked);

void
aw_window_sync (AwWindow *self)
{
  sync_or_explain (self, FALSE);
}

/* A sync the learner asked for (F5, the button) says why nothing
 * happens when the computer is not connected. */
static void
sync_or_explain (AwWindow *self,
                 gboolean  asked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, &error);
  AwarenessSyncOptions options;

  if (self->sync_cancellable != NULL)
    {
      self->sync_again = TRUE;
      return;
    }
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (config == NULL || config->server_url == NULL)
    {
      gint64 pending = awareness_store_count_pending (self->context->store, NULL);
      g_autofree char *text =
        pending > 0 ? g_strdup_printf (ngettext ("Offline: %u record is kept on this computer",
                                                 "Offline: %u records are kept on this computer",
                                                 (gulong) pending),
                                       (guint) pending)
                    : g_strdup (_("Offline: records are kept on this computer"));

      set_sync_status (self, AW_SYNC_STATUS_OFFLINE, text);
      if (asked)
        aw_window_show_problem (self,
                                _("Not sent: this computer is not connected to the city’s server. "
                                   "Your records are kept here."),
                                _("_Connect…"), "win.connect");
      return;
    }

  set_sync_status (self, AW_SYNC_STATUS_SYNCING, _("Sending your records…"));
  awareness_sync_options_init (&options);
  /* A quick answer in an interface: few retries, the timer does the rest. */
  options.max_tries = 2;
  options.timeout_s = 20;
  self->sync_cancellable = g_cancellable_new ();
  awareness_sync_push_async (self->context->store, config, &options, self->sync_cancellable,
                             sync_done, g_object_ref (self));
}

static gboolean
retry_sync (gpointer user_data)
{
  AwWindow *self = user_data;

  self->retry_source = 0;
  aw_window_sync (self);
  return G_SOURCE_REMOVE;
}

/* The modules */

/* A sample's or the City's internal training's rows say so, with the
 * notice for a screen reader and as a tooltip. */
static void
add_catalog_tag (AwWindow        *self,
                 AdwActionRow    *row)
{
  AwarenessCatalog *catalog = self->context->catalog;
  gboolean sample = awareness_catalog_get_sample (catalog);
  g_autofree char *notice = awareness_catalog_dup_notice (catalog);
  GtkWidget *tag;

  if (notice == NULL)
    return;
  /* Translators: a tag on a module of a sample, or of the City's internal training. */
  tag = gtk_label_new (sample ? _("SAMPLE") : _("Internal"));
  gtk_widget_add_css_class (tag, sample ? "warning" : "accent");
  gtk_widget_add_css_class (tag, "heading");
  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (tag, notice);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tag), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, notice,
                                  -1);
  adw_action_row_add_suffix (row, tag);
}

static void
module_row_activated (AdwActionRow    *row,
                      AwWindow *self)
{
  aw_window_open_module (self, g_object_get_data (G_OBJECT (row), "module-id"));
}

static void
checklist_row_activated (AdwActionRow *row,
                         AwWindow     *self)
{
  aw_window_open_checklist (self, g_object_get_data (G_OBJECT (row), "checklist-id"));
}

/* The self-inspection checklists assigned to the learner, with where they
 * stand and their due date. */
static void
show_checklists (AwWindow          *self,
                 AwarenessProgress *progress,
                 const GDate       *today)
{
  const char *lang = self->context->lang;
  guint shown = 0;

  clear_list (self->checklist_list);
  for (guint i = 0; progress->inspections != NULL && i < progress->inspections->len; i++)
    {
      AwarenessInspectionProgress *item = g_ptr_array_index (progress->inspections, i);
      g_autofree char *state = awareness_inspection_progress_dup_state_text (item);
      g_autofree char *due = awareness_inspection_progress_dup_due_text (item, today, lang);
      g_autofree char *subtitle = due != NULL ? g_strdup_printf ("%s · %s", state, due)
                                              : g_strdup (state);
      gboolean done = item->due_state == AWARENESS_DUE_COMPLETED;
      gboolean overdue = item->due_state == AWARENESS_DUE_OVERDUE;
      GtkWidget *row;
      GtkWidget *prefix;

      if (item->due_state == AWARENESS_DUE_NOT_REQUIRED)
        continue;
      row = adw_action_row_new ();
      prefix = gtk_image_new_from_icon_name (done      ? "emblem-ok-symbolic"
                                             : overdue ? "dialog-warning-symbolic"
                                                       : "checkbox-checked-symbolic");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     awareness_checklist_get_title (item->checklist, lang));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      if (done)
        gtk_widget_add_css_class (prefix, "success");
      else if (overdue)
        gtk_widget_add_css_class (prefix, "error");
      /* The icon says the state, or that the checklist is overdue. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (prefix), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      overdue ? _("Overdue") : state, -1);
      gtk_widget_set_tooltip_text (prefix, overdue ? _("Overdue") : state);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), prefix);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "checklist-id",
                              g_strdup (awareness_checklist_get_id (item->checklist)), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (checklist_row_activated), self);
      gtk_list_box_append (self->checklist_list, row);
      shown++;
    }
  gtk_widget_set_visible (self->checklist_heading, shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->checklist_list), shown > 0);
}

/* What is due within a week or overdue, as a desktop notification at most
 * once a day: the day sent is kept in the settings. */
static void
notify_due (AwWindow          *self,
            AwarenessProgress *progress,
            const GDate       *today)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *last = NULL;
  g_autoptr(AwDueNotice) notice = NULL;
  g_autoptr(GNotification) notification = NULL;
  char day[16];

  if (application == NULL || self->settings == NULL
      || !g_application_get_is_registered (G_APPLICATION (application)))
    return;
  last = g_settings_get_string (self->settings, "notified-on");
  notice = aw_due_notice_decide (progress, today, last, self->context->lang);
  if (notice == NULL)
    return;
  notification = aw_due_notice_to_notification (notice);
  g_application_send_notification (G_APPLICATION (application), "due", notification);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", today);
  g_settings_set_string (self->settings, "notified-on", day);
}

/* Hourly, for an app left open: the refresh at start and after each sync
 * tells of what became due meanwhile. */
static gboolean
check_due (gpointer user_data)
{
  AwWindow *self = user_data;
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, NULL);
  g_autoptr(AwarenessProgress) progress = NULL;
  GDate today;

  awareness_get_today (&today);
  progress = awareness_progress_new (self->context->catalog, self->context->store,
                                     self->context->user, config, &today, NULL);
  if (progress != NULL)
    notify_due (self, progress, &today);
  return G_SOURCE_CONTINUE;
}

void
aw_window_refresh (AwWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, NULL);
  g_autoptr(AwarenessProgress) progress = NULL;
  const char *lang = self->context->lang;
  g_autofree char *summary = NULL;
  GDate today;

  awareness_get_today (&today);
  progress = awareness_progress_new (self->context->catalog, self->context->store,
                                     self->context->user, config, &today, &error);
  if (progress == NULL)
    {
      aw_window_show_problem (self, error->message, NULL, NULL);
      return;
    }

  summary = g_strdup_printf (_("Passed %u of %u required modules"), progress->n_passed,
                             progress->n_required);
  gtk_label_set_label (self->progress_label, summary);
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 progress->n_required > 0
                                   ? (double) progress->n_passed / progress->n_required
                                   : 1.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, summary, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_label), progress->n_overdue > 0);
  if (progress->n_overdue > 0)
    {
      g_autofree char *overdue =
        g_strdup_printf (ngettext ("%u module is overdue. Please take it soon.",
                                   "%u modules are overdue. Please take them soon.",
                                   progress->n_overdue),
                         progress->n_overdue);

      gtk_label_set_label (self->overdue_label, overdue);
    }

  clear_list (self->module_list);
  for (guint i = 0; i < progress->items->len; i++)
    {
      AwarenessProgressItem *item = g_ptr_array_index (progress->items, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = awareness_progress_item_dup_summary (item, &today, lang);
      const char *icon = item->state == AWARENESS_ATTEMPT_STATE_PASSED ? "emblem-ok-symbolic"
                         : item->due_state == AWARENESS_DUE_OVERDUE    ? "dialog-warning-symbolic"
                         : item->state == AWARENESS_ATTEMPT_STATE_IN_PROGRESS
                           ? "media-playback-pause-symbolic"
                         : item->state == AWARENESS_ATTEMPT_STATE_FAILED ? "view-refresh-symbolic"
                                                                         : "media-record-symbolic";
      GtkWidget *prefix = gtk_image_new_from_icon_name (icon);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     awareness_module_get_title (item->module, lang));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      if (item->state == AWARENESS_ATTEMPT_STATE_PASSED)
        gtk_widget_add_css_class (prefix, "success");
      else if (item->due_state == AWARENESS_DUE_OVERDUE)
        gtk_widget_add_css_class (prefix, "error");
      {
        /* The icon says the state, or that the module is overdue. */
        const char *state = item->state != AWARENESS_ATTEMPT_STATE_PASSED
                                && item->due_state == AWARENESS_DUE_OVERDUE
                              ? _("Overdue")
                              : awareness_attempt_state_label (item->state);

        gtk_accessible_update_property (GTK_ACCESSIBLE (prefix), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        state, -1);
        gtk_widget_set_tooltip_text (prefix, state);
      }
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), prefix);
      add_catalog_tag (self, ADW_ACTION_ROW (row));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "module-id",
                              g_strdup (awareness_module_get_id (item->module)), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (module_row_activated), self);
      gtk_list_box_append (self->module_list, row);
    }

  show_checklists (self, progress, &today);
  notify_due (self, progress, &today);
}

/**
 * aw_window_open_module:
 *
 * Opens the module @module_id in the trainer: its unfinished attempt where
 * the learner left it, or its lessons.
 */
gboolean
aw_window_open_module (AwWindow *self,
                              const char      *module_id)
{
  AwarenessModule *module = awareness_catalog_lookup_module (self->context->catalog, module_id);
  g_autoptr(GError) error = NULL;

  if (module == NULL)
    return FALSE;
  if (!aw_trainer_open (self->trainer, module, &error))
    {
      aw_window_show_problem (self, error->message, NULL, NULL);
      return FALSE;
    }
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-module", module_id);
  gtk_stack_set_visible_child_name (self->stack, "trainer");
  return TRUE;
}

/**
 * aw_window_open_checklist:
 *
 * Opens the self-inspection checklist @checklist_id: the answers given so
 * far, or a new inspection.
 */
gboolean
aw_window_open_checklist (AwWindow   *self,
                          const char *checklist_id)
{
  AwarenessChecklist *checklist = awareness_catalog_lookup_checklist (self->context->catalog,
                                                                      checklist_id);
  g_autoptr(GError) error = NULL;

  if (checklist == NULL)
    return FALSE;
  if (!aw_checklist_page_open (self->checklist_page, checklist, &error))
    {
      aw_window_show_problem (self, error->message, NULL, NULL);
      return FALSE;
    }
  gtk_stack_set_visible_child_name (self->stack, "checklist");
  return TRUE;
}

AwChecklistPage *
aw_window_get_checklist_page (AwWindow *self)
{
  return self->checklist_page;
}

/* The rows of the checklists in the module list. */
GtkListBox *
aw_window_get_checklist_list (AwWindow *self)
{
  return self->checklist_list;
}

static void
checklist_submitted (AwChecklistPage     *page,
                     AwarenessInspection *inspection,
                     AwWindow            *self)
{
  aw_window_refresh (self);
  gtk_stack_set_visible_child_name (self->stack, "modules");
  aw_window_toast (self, _("Your self-inspection is submitted. Thank you."));
  aw_window_sync (self);
}

static void
trainer_completed (AwTrainer *trainer,
                   AwarenessAttempt *attempt,
                   AwWindow  *self)
{
  aw_window_refresh (self);
  aw_window_sync (self);
}

static void
page_problem (GtkWidget  *page,
              const char *message,
              AwWindow   *self)
{
  aw_window_show_problem (self, message, NULL, NULL);
}

static void
trainer_problem (AwTrainer *trainer,
                 const char       *message,
                 AwWindow  *self)
{
  aw_window_show_problem (self, message, NULL, NULL);
}

/* History and review */

/* An attempt at a module that has changed since (or is gone), as it was
 * shown then: from the presentation recorded with it. */
static gboolean
show_recorded (AwWindow        *self,
               AwarenessAttemptRecord *record,
               GError                **error)
{
  g_autoptr(AwarenessReview) review =
    awareness_review_new_from_store (self->context->store, record->id, self->context->lang, error);

  if (review == NULL)
    return FALSE;
  adw_window_title_set_subtitle (self->history_title, review->title);
  if (review->questions == NULL)
    {
      /* Fetched from the server: its questions stayed on the machine where
       * it was taken. */
      g_set_error_literal (
        error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_NOT_FOUND,
        _("This attempt was taken on another computer: "
          "its questions and answers are kept there."));
      return FALSE;
    }
  for (guint i = 0; i < review->questions->len; i++)
    gtk_list_box_append (self->review_list,
                         aw_recorded_row_new (g_ptr_array_index (review->questions, i), i,
                                              self->context->lang));
  return TRUE;
}

/**
 * aw_window_show_review:
 *
 * Shows the questions and answers of the attempt @attempt_id.
 */
void
aw_window_show_review (AwWindow *self,
                              const char      *attempt_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessAttemptRecord) record = awareness_store_lookup_attempt (self->context->store,
                                                                              attempt_id, &error);
  AwarenessModule *module = NULL;
  g_autoptr(AwarenessAttempt) attempt = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *when = NULL;
  g_autofree char *summary = NULL;

  if (record == NULL)
    {
      aw_window_show_problem (self, error->message, NULL, NULL);
      return;
    }
  module = awareness_catalog_lookup_module (self->context->catalog, record->module_id);
  if (module != NULL)
    attempt = awareness_store_load_attempt (self->context->store, module, record->id, &error);
  /* A module changed or gone since: the attempt as it was recorded. */
  if (g_error_matches (error, AWARENESS_ATTEMPT_ERROR, AWARENESS_ATTEMPT_ERROR_CONTENT_CHANGED) ||
      g_error_matches (error, AWARENESS_STORE_ERROR, AWARENESS_STORE_ERROR_NOT_FOUND))
    g_clear_error (&error);
  if (error != NULL)
    {
      aw_window_show_problem (self, error->message, NULL, NULL);
      return;
    }

  percent = awareness_format_percent (record->score, record->max_score);
  when = awareness_format_date (record->finished);
  /* Translators: “passed on 2026-11-25 10:31: 4 of 5 (80%)”. */
  summary = g_strdup_printf (_("%s on %s: %u of %u (%s)"),
                             awareness_attempt_state_label (record->state), when, record->score,
                             record->max_score, percent);
  gtk_label_set_label (self->review_summary, summary);
  clear_list (self->review_list);
  if (attempt != NULL)
    {
      adw_window_title_set_subtitle (self->history_title,
                                     awareness_module_get_title (module, self->context->lang));
      for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
        gtk_list_box_append (self->review_list,
                             aw_feedback_row_new (attempt, i, self->context->lang));
    }
  else if (!show_recorded (self, record, &error))
    {
      aw_window_show_problem (self, error->message, NULL, NULL);
      return;
    }
  gtk_stack_set_visible_child_name (self->history_stack, "review");
}

static void
history_row_activated (AdwActionRow    *row,
                       AwWindow *self)
{
  aw_window_show_review (self, g_object_get_data (G_OBJECT (row), "attempt-id"));
}

static void
show_history (AwWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records =
    awareness_store_list_attempts (self->context->store, self->context->user, NULL, 0, &error);
  guint shown = 0;

  if (records == NULL)
    {
      aw_window_show_problem (self, error->message, NULL, NULL);
      return;
    }
  clear_list (self->history_list);
  for (guint i = 0; i < records->len; i++)
    {
      AwarenessAttemptRecord *record = g_ptr_array_index (records, i);
      AwarenessModule *module = awareness_catalog_lookup_module (self->context->catalog,
                                                                 record->module_id);
      GtkWidget *row;
      g_autofree char *when = NULL;
      g_autofree char *percent = NULL;
      g_autofree char *subtitle = NULL;

      if (record->state != AWARENESS_ATTEMPT_STATE_PASSED
          && record->state != AWARENESS_ATTEMPT_STATE_FAILED)
        continue;
      row = adw_action_row_new ();
      when = awareness_format_date (record->finished);
      percent = awareness_format_percent (record->score, record->max_score);
      subtitle = g_strdup_printf (_("%s on %s (%s)"),
                                  awareness_attempt_state_label (record->state), when, percent);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), module != NULL
                                     ? awareness_module_get_title (module, self->context->lang)
                                     : record->module_id);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (row), "attempt-id", g_strdup (record->id), g_free);
      add_catalog_tag (self, ADW_ACTION_ROW (row));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect (row, "activated", G_CALLBACK (history_row_activated), self);
      gtk_list_box_append (self->history_list, row);
      shown++;
    }
  adw_window_title_set_subtitle (self->history_title, NULL);
  gtk_stack_set_visible_child_name (self->history_stack, shown > 0 ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->stack, "history");
}

/* Actions */

static void
home_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AwWindow *self = AW_WINDOW (widget);

  /* From a review, back to the list of attempts. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "history") == 0 &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->history_stack), "review") == 0)
    {
      show_history (self);
      return;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "welcome") == 0)
    return;
  aw_window_refresh (self);
  gtk_stack_set_visible_child_name (self->stack, "modules");
  gtk_widget_grab_focus (GTK_WIDGET (self->module_list));
}

static void
history_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  show_history (AW_WINDOW (widget));
}

/* The policy's contents: every clause, each row knowing its clause and
 * the text it is found by. */
static void
append_toc (AwWindow        *self,
            AwarenessClause *clause)
{
  const char *lang = self->context->lang;
  g_autofree char *label = awareness_clause_dup_label (clause, lang);
  const char *title = awareness_clause_get_title (clause, lang);
  g_autofree char *text = title != NULL ? g_strdup_printf ("%s  %s", label, title)
                                        : g_strdup (label);
  GString *words = g_string_new (text);
  GPtrArray *children = awareness_clause_get_children (clause);
  guint depth = awareness_clause_get_depth (clause);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *name = gtk_label_new (text);
  g_auto(GStrv) paragraphs = awareness_clause_dup_paragraphs (clause, lang,
                                                               AWARENESS_TEXT_FORMAT_PLAIN);

  for (guint i = 0; paragraphs != NULL && paragraphs[i] != NULL; i++)
    g_string_append_printf (words, "\n%s", paragraphs[i]);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (name), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_margin_start (name, (int) MIN (depth, 3u) * 12);
  if (depth == 0)
    gtk_widget_add_css_class (name, "heading");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), name);
  g_object_set_data (G_OBJECT (row), "awareness-clause", clause);
  gtk_list_box_append (self->policy_toc, row);
  for (guint i = 0; children != NULL && i < children->len; i++)
    append_toc (self, g_ptr_array_index (children, i));
  g_object_set_data_full (G_OBJECT (row), "awareness-words", g_utf8_casefold (words->str, -1),
                          g_free);
  g_string_free (words, TRUE);
}

static gboolean
toc_filter (GtkListBoxRow *row,
            gpointer       user_data)
{
  AwWindow *self = user_data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->policy_search));
  g_autofree char *folded = NULL;

  if (query[0] == '\0')
    return TRUE;
  folded = g_utf8_casefold (query, -1);
  return strstr (g_object_get_data (G_OBJECT (row), "awareness-words"), folded) != NULL;
}

static void
policy_search_changed_cb (AwWindow *self)
{
  gtk_list_box_invalidate_filter (self->policy_toc);
}

static GtkWidget *
find_heading (GtkWidget       *widget,
              AwarenessClause *clause)
{
  if (g_object_get_data (G_OBJECT (widget), "awareness-clause") == clause)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_heading (child, clause);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* To the clause of the row, in the text. */
static void
policy_toc_activated_cb (AwWindow      *self,
                         GtkListBoxRow *row)
{
  GtkWidget *view = adw_clamp_get_child (self->policy_clamp);
  GtkWidget *heading = view != NULL ? find_heading (view, g_object_get_data (G_OBJECT (row),
                                                                             "awareness-clause"))
                                    : NULL;
  graphene_point_t at;

  if (heading == NULL
      || !gtk_widget_compute_point (heading, GTK_WIDGET (self->policy_clamp),
                                    &GRAPHENE_POINT_INIT (0, 0), &at))
    return;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->policy_scroll),
                            MAX (at.y - 12, 0));
  if (adw_flap_get_folded (self->policy_flap))
    adw_flap_set_reveal_flap (self->policy_flap, FALSE);
}

static void
policy_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AwWindow *self = AW_WINDOW (widget);

  if (adw_clamp_get_child (self->policy_clamp) == NULL)
    {
      GtkWidget *view = aw_policy_view_new (awareness_catalog_get_policy (self->context->catalog),
                                                   self->context->lang);

      gtk_widget_set_margin_top (view, 24);
      gtk_widget_set_margin_bottom (view, 24);
      gtk_widget_set_margin_start (view, 18);
      gtk_widget_set_margin_end (view, 18);
      adw_clamp_set_child (self->policy_clamp, view);
      {
        AwarenessPolicy *policy = awareness_catalog_get_policy (self->context->catalog);
        GPtrArray *parts = awareness_policy_get_parts (policy);

        for (guint i = 0; parts != NULL && i < parts->len; i++)
          append_toc (self, g_ptr_array_index (parts, i));
        gtk_list_box_set_filter_func (self->policy_toc, toc_filter, self, NULL);
      }
    }
  gtk_stack_set_visible_child_name (self->stack, "policy");
}

static void
sync_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sync_or_explain (AW_WINDOW (widget), TRUE);
}

/* Key names as they are printed on keyboards: GTK shows some keys by
 * their X names (“Page_Down”), in every language. */
static void
relabel_keys (GtkWidget *widget)
{
  static const struct {
    const char *gtk_name;
    const char *label;
  } keys[] = {
    /* Translators: key names as printed on keyboards. */
    { "Page_Down", N_("Page Down") },
    { "Page_Up", N_("Page Up") },
    { "Left", "←" },
    { "Right", "→" },
    { "Up", "↑" },
    { "Down", "↓" },
  };

  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "keycap"))
    {
      const char *text = gtk_label_get_label (GTK_LABEL (widget));

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        if (g_str_equal (text, keys[i].gtk_name) ||
            g_str_equal (text, g_dpgettext2 ("gtk40", "keyboard label", keys[i].gtk_name)))
          {
            gtk_label_set_label (GTK_LABEL (widget), _(keys[i].label));
            break;
          }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    relabel_keys (child);
}

static void
show_help_overlay_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (
    "/org/example/Awareness/aw-shortcuts.ui");
  GtkWindow *help = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  relabel_keys (GTK_WIDGET (help));
  gtk_window_set_transient_for (help, GTK_WINDOW (widget));
  gtk_window_present (help);
}

static void
report_mail_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (aw_report_dialog_new (GTK_WINDOW (widget))));
}

static void
dismiss_problem_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  hide_problem (AW_WINDOW (widget));
}

static void
connect_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AwWindow *self = AW_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (aw_preferences_new (GTK_WINDOW (self), self->context)));
}

static void
offline_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AwWindow *self = AW_WINDOW (widget);

  self->offline_chosen = TRUE;
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "offline-chosen", TRUE);
  /* Where the settings do not last, the configuration file keeps it, or
   * the welcome would return at every start. */
  if (!settings_last (self->settings))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, &error);

      if (config != NULL && !config->offline_chosen)
        {
          config->offline_chosen = TRUE;
          awareness_config_save (config, &error);
        }
      if (error != NULL)
        aw_window_show_problem (self, error->message, NULL, NULL);
    }
  aw_window_refresh (self);
  aw_window_sync (self);
  gtk_stack_set_visible_child_name (self->stack, "modules");
}

/* Signed in from the preferences: the records are the account's now;
 * show them, and send them. */
static void
signed_in_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  aw_context_reload_user (AW_WINDOW (widget)->context);
  gtk_widget_activate_action (widget, "win.offline", NULL);
}

/* An unfinished quiz of the module last opened is offered at start. */
static void
offer_resume (AwWindow *self)
{
  g_autofree char *module_id = self->settings != NULL
                                 ? g_settings_get_string (self->settings, "last-module")
                                 : NULL;
  AwarenessModule *module = module_id != NULL && module_id[0] != '\0'
                              ? awareness_catalog_lookup_module (self->context->catalog, module_id)
                              : NULL;
  AdwToast *toast;

  if (module == NULL
      || awareness_store_get_module_status (self->context->store, self->context->user, module_id,
                                            NULL, NULL)
           != AWARENESS_ATTEMPT_STATE_IN_PROGRESS)
    return;
  /* Short: a toast is cut off at its width, and a module's title is long. */
  toast = adw_toast_new (_("A quiz is not finished yet"));
  adw_toast_set_button_label (toast, _("_Continue"));
  adw_toast_set_action_name (toast, "win.resume");
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
resume_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  AwWindow *self = AW_WINDOW (widget);
  g_autofree char *module_id = self->settings != NULL
                                 ? g_settings_get_string (self->settings, "last-module")
                                 : NULL;

  if (module_id != NULL && module_id[0] != '\0')
    aw_window_open_module (self, module_id);
}

/* The first page: the welcome, until the learner connects or chooses to
 * work offline; then the modules. */
static void
show_start_page (AwWindow *self)
{
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, NULL);
  gboolean connected = config != NULL && config->server_url != NULL;

  if (config != NULL && config->offline_chosen)
    self->offline_chosen = TRUE;

  aw_window_refresh (self);
  gtk_stack_set_visible_child_name (self->stack,
                                    connected || self->offline_chosen ? "modules" : "welcome");
  offer_resume (self);
}

static gboolean
close_request (GtkWindow *window)
{
  AwWindow *self = AW_WINDOW (window);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "checklist") == 0)
    aw_checklist_page_save (self->checklist_page);
  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }
  return GTK_WINDOW_CLASS (aw_window_parent_class)->close_request (window);
}

/**
 * aw_show_about:
 *
 * Shows the About window over @parent.
 */
void
aw_show_about (GtkWindow *parent)
{
  const char *developers[] = { _("The Awareness developers"), NULL };

  adw_show_about_window (parent, "application-name", _("Awareness"), "application-icon", APP_ID,
                         "version", PACKAGE_VERSION, "developer-name",
                         _("The Awareness developers"), "developers", developers, "comments",
                         _("Security training for local government staff, on the city’s own "
                            "information security policy. Works offline; completions reach the "
                            "city’s server when it can be reached."),
                         "website", "https://example.org/awareness", "license-type",
                         GTK_LICENSE_GPL_3_0,
                         /* Translators: your names, one per line. */
                         "translator-credits", _("translator-credits"), NULL);
}

AwContext *
aw_window_get_context (AwWindow *self)
{
  return self->context;
}

AwTrainer *
aw_window_get_trainer (AwWindow *self)
{
  return self->trainer;
}

/* “welcome”, “modules”, “trainer”, “history” or “policy”. */
const char *
aw_window_get_page (AwWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

/* The rows of the review shown in the history. */
GtkListBox *
aw_window_get_review_list (AwWindow *self)
{
  return self->review_list;
}

AwSyncStatus
aw_window_get_sync_status (AwWindow *self)
{
  return self->sync_status;
}

const char *
aw_window_get_sync_text (AwWindow *self)
{
  return self->sync_text;
}

AwWindow *
aw_window_new (GtkApplication   *application,
                      AwContext *context)
{
  AwWindow *self = g_object_new (AW_TYPE_WINDOW, "application", application, NULL);

  self->context = aw_context_ref (context);
  aw_trainer_set_context (self->trainer, context);
  aw_checklist_page_set_context (self->checklist_page, context);
  adw_window_title_set_title (self->modules_title,
                              awareness_catalog_get_title (context->catalog, context->lang));
  show_start_page (self);
  aw_window_sync (self);
  self->due_source = g_timeout_add_seconds (DUE_CHECK_SECONDS, check_due, self);
  return self;
}

static void
aw_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AwWindow *self = AW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SYNC_STATUS:
      g_value_set_int (value, self->sync_status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aw_window_dispose (GObject *object)
{
  AwWindow *self = AW_WINDOW (object);

  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->due_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), AW_TYPE_WINDOW);
  g_clear_pointer (&self->context, aw_context_unref);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->sync_text, g_free);

  G_OBJECT_CLASS (aw_window_parent_class)->dispose (object);
}

static void
aw_window_class_init (AwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = aw_window_dispose;
  object_class->get_property = aw_window_get_property;
  window_class->close_request = close_request;

  /* An AwSyncStatus, as an int. */
  properties[PROP_SYNC_STATUS] =
    g_param_spec_int ("sync-status", NULL, NULL, AW_SYNC_STATUS_OFFLINE, AW_SYNC_STATUS_PENDING,
                      AW_SYNC_STATUS_OFFLINE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (AW_TYPE_TRAINER);
  g_type_ensure (AW_TYPE_CHECKLIST_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/Awareness/aw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AwWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, modules_title);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, module_list);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, trainer);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, checklist_page);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, checklist_heading);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, checklist_list);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, history_stack);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, history_title);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, history_list);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, review_summary);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, review_list);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, policy_clamp);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, policy_flap);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, policy_scroll);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, policy_search);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, policy_toc);
  gtk_widget_class_bind_template_callback (widget_class, policy_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, policy_toc_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, AwWindow, problem_retry);

  gtk_widget_class_install_action (widget_class, "win.home", NULL, home_activated);
  gtk_widget_class_install_action (widget_class, "win.history", NULL, history_activated);
  gtk_widget_class_install_action (widget_class, "win.policy", NULL, policy_activated);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_activated);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_activated);
  gtk_widget_class_install_action (widget_class, "win.offline", NULL, offline_activated);
  gtk_widget_class_install_action (widget_class, "win.signed-in", NULL, signed_in_activated);
  gtk_widget_class_install_action (widget_class, "win.resume", NULL, resume_activated);
  gtk_widget_class_install_action (widget_class, "win.report-mail", NULL, report_mail_activated);
  gtk_widget_class_install_action (widget_class, "win.dismiss-problem", NULL,
                                   dismiss_problem_activated);
  /* The shortcuts window is the window's own, not GtkApplication's, so
   * that its key names can be made readable. */
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.home", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK, "win.history",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.policy", NULL);
}

static void
aw_window_init (AwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
#if DEVELOPMENT_BUILD
  /* A development build (-Dprofile=development) looks like one. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  g_signal_connect (self->trainer, "completed", G_CALLBACK (trainer_completed), self);
  g_signal_connect (self->trainer, "problem", G_CALLBACK (trainer_problem), self);
  g_signal_connect (self->checklist_page, "submitted", G_CALLBACK (checklist_submitted), self);
  g_signal_connect (self->checklist_page, "problem", G_CALLBACK (page_problem), self);
  gtk_button_set_icon_name (self->sync_button, "network-offline-symbolic");

  self->settings = open_settings ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      self->offline_chosen = g_settings_get_boolean (self->settings, "offline-chosen");
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (self), 960, 720);
}
