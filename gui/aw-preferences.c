/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Preferences: the city's server and the account, checked against the
 * server before anything is saved (the same sign-in as `awareness login`),
 * and the language, which follows the system.  A template-based window
 * that knows the app's context, not its window: it tells the window what
 * changed through the window's actions (`win.signed-in`, `win.sync`).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "aw-preferences.h"

struct _AwPreferences
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwEntryRow          *url_row;
  AdwEntryRow          *key_row;
  AdwPasswordEntryRow  *secret_row;
  AdwEntryRow          *ca_row;
  AdwActionRow         *status_row;
  AdwActionRow         *language_row;
  GtkButton            *sign_in_button;
  GtkButton            *sign_out_button;
  GtkSpinner           *spinner;

  /* Owned references */
  AwContext            *context;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (AwPreferences, aw_preferences, ADW_TYPE_PREFERENCES_WINDOW)

/* Tells the window the preferences belong to, through its action. */
static void
activate_window_action (AwPreferences *self,
                        const char    *action)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), action, NULL);
}

static void
toast (AwPreferences *self,
       const char    *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (text));
}

static void
update_status (AwPreferences *self)
{
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, NULL);
  g_autofree char *secret = config != NULL && config->account_key != NULL
                            ? awareness_config_lookup_secret (config, NULL) : NULL;
  gboolean signed_in = secret != NULL && config->staff_id != NULL;

  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  if (signed_in)
    {
      /* Translators: “Signed in as 1001 to https://lrs.city.example/xapi/”. */
      g_autofree char *text = g_strdup_printf (_("Signed in as %s to %s"), config->staff_id,
                                               config->server_url);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), text);
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                   _("Not signed in: your training is kept on this computer"));
  gtk_widget_set_visible (GTK_WIDGET (self->sign_out_button), signed_in);
  if (config != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->url_row),
                             config->server_url != NULL ? config->server_url : "");
      gtk_editable_set_text (GTK_EDITABLE (self->key_row),
                             config->account_key != NULL ? config->account_key : "");
      gtk_editable_set_text (GTK_EDITABLE (self->ca_row),
                             config->ca_file != NULL ? config->ca_file : "");
    }
}

typedef struct {
  AwarenessConfig *config;
  char            *secret;
  AwarenessStore  *store;
  gint64           adopted;
} SignIn;

static void
sign_in_free (SignIn *data)
{
  if (data->secret != NULL)
    explicit_bzero (data->secret, strlen (data->secret));
  g_free (data->secret);
  g_clear_object (&data->store);
  awareness_config_free (data->config);
  g_free (data);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignIn *data = task_data;
  GError *error = NULL;

  if (awareness_sign_in (data->config, data->secret, data->store, &data->adopted, cancellable,
                         &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
sign_in_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AwPreferences *self = AW_PREFERENCES (source);
  SignIn *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_spinner_stop (self->spinner);
      gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), TRUE);
      /* Translators: %s says why signing in failed. */
      text = g_strdup_printf (_("Could not sign in: %s"), error->message);
      toast (self, text);
      return;
    }
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), "");
  update_status (self);
  text = data->adopted > 0 ? g_strdup_printf (
           ngettext ("Signed in. %u record made on this computer will be sent as %s.",
                     "Signed in. %u records made on this computer will be sent as %s.",
                     (gulong) data->adopted),
           (guint) data->adopted, data->config->staff_id)
                           : g_strdup_printf (_("Signed in as %s."), data->config->staff_id);
  toast (self, text);
  /* The records are the account's now: the window shows and sends them. */
  activate_window_action (self, "win.signed-in");
}

static void
sign_in_clicked_cb (AwPreferences *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  SignIn *data;
  AwarenessConfig *config = awareness_config_load (NULL, &error);
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  const char *ca = gtk_editable_get_text (GTK_EDITABLE (self->ca_row));

  if (config == NULL)
    {
      toast (self, error->message);
      return;
    }
  if (!awareness_config_check_url (url, config->allow_http_loopback, &error) || key[0] == '\0')
    {
      toast (self, error != NULL ? error->message : _("Enter your account key"));
      awareness_config_free (config);
      return;
    }
  g_free (config->server_url);
  config->server_url = g_strdup (url);
  g_free (config->account_key);
  config->account_key = g_strdup (key);
  g_free (config->ca_file);
  config->ca_file = ca[0] != '\0' ? g_strdup (ca) : NULL;
  /* A new account says who it is. */
  g_clear_pointer (&config->staff_id, g_free);
  g_clear_pointer (&config->home_page, g_free);

  data = g_new0 (SignIn, 1);
  data->config = config;
  data->secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->secret_row)));
  /* One store in the app: the window's records adopt in the thread. */
  data->store = g_object_ref (self->context->store);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), FALSE);
  gtk_spinner_start (self->spinner);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, sign_in_done, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);
  g_task_run_in_thread (task, sign_in_thread);
}

static void
ca_chosen_cb (GtkNativeDialog *chooser,
              int              response,
              AwPreferences   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->ca_row), path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

/* The city's certificate file, chosen rather than typed. */
static void
ca_choose_clicked_cb (AwPreferences *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("The City’s Certificate File"),
                                                               GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                                               _("_Choose"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (ca_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
sign_out_clicked_cb (AwPreferences *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, &error);

  if (config == NULL || !awareness_config_clear_secret (config, &error))
    {
      toast (self, error->message);
      return;
    }
  update_status (self);
  toast (self, _("Signed out. Records not yet sent stay on this computer."));
  activate_window_action (self, "win.sync");
}

/* The language the interface is shown in, as the system sets it. */
static const char *
language_name (const char *lang)
{
  return g_str_equal (lang, "ja") ? "日本語" : "English";
}

static void
aw_preferences_dispose (GObject *object)
{
  AwPreferences *self = AW_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, aw_context_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), AW_TYPE_PREFERENCES);

  G_OBJECT_CLASS (aw_preferences_parent_class)->dispose (object);
}

static void
aw_preferences_class_init (AwPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aw_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/example/Awareness/aw-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, AwPreferences, url_row);
  gtk_widget_class_bind_template_child (widget_class, AwPreferences, key_row);
  gtk_widget_class_bind_template_child (widget_class, AwPreferences, secret_row);
  gtk_widget_class_bind_template_child (widget_class, AwPreferences, ca_row);
  gtk_widget_class_bind_template_child (widget_class, AwPreferences, status_row);
  gtk_widget_class_bind_template_child (widget_class, AwPreferences, language_row);
  gtk_widget_class_bind_template_child (widget_class, AwPreferences, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, AwPreferences, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, AwPreferences, spinner);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_out_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ca_choose_clicked_cb);
}

static void
aw_preferences_init (AwPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * aw_preferences_new:
 * @parent: the window the preferences are for; they reach it through its
 *   actions
 * @context: the app's context
 *
 * Returns: (transfer floating): the preferences window
 */
GtkWidget *
aw_preferences_new (GtkWindow *parent,
                    AwContext *context)
{
  AwPreferences *self = g_object_new (AW_TYPE_PREFERENCES, "transient-for", parent, NULL);
  g_autofree char *language_text = NULL;

  self->context = aw_context_ref (context);
  /* Translators: %s is the name of a language, such as 日本語. */
  language_text =
    g_strdup_printf (_("%s, as the system is set; change it in the system’s settings"),
                     language_name (context->lang));
  adw_action_row_set_subtitle (self->language_row, language_text);
  update_status (self);
  return GTK_WIDGET (self);
}
