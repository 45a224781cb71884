/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Preferences: the city's server and the account, checked against the
 * server before anything is saved (the same sign-in as `awareness login`),
 * and the language, which follows the system.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "awareness-window.h"

typedef struct {
  AwarenessWindow *window;
  GtkWidget       *prefs;
  GtkWidget       *url_row;
  GtkWidget       *key_row;
  GtkWidget       *secret_row;
  GtkWidget       *ca_row;
  GtkWidget       *status_row;
  GtkWidget       *sign_in_button;
  GtkWidget       *sign_out_button;
  GtkWidget       *spinner;
  GCancellable    *cancellable;
} Prefs;

static void
prefs_free (Prefs *prefs)
{
  if (prefs->cancellable != NULL)
    g_cancellable_cancel (prefs->cancellable);
  g_clear_object (&prefs->cancellable);
  g_clear_object (&prefs->window);
  g_free (prefs);
}

static void
update_status (Prefs *prefs)
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
      g_autofree char *text = g_strdup_printf (_("Signed in as %s to %s"), config->staff_id, config->server_url);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (prefs->status_row), text);
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (prefs->status_row),
                                   _("Not signed in: your training is kept on this computer"));
  gtk_widget_set_visible (prefs->sign_out_button, signed_in);
  if (config != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (prefs->url_row), config->server_url != NULL ? config->server_url : "");
      gtk_editable_set_text (GTK_EDITABLE (prefs->key_row), config->account_key != NULL ? config->account_key : "");
      gtk_editable_set_text (GTK_EDITABLE (prefs->ca_row), config->ca_file != NULL ? config->ca_file : "");
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

  if (awareness_sign_in (data->config, data->secret, data->store, &data->adopted, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
sign_in_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Prefs *prefs = user_data;
  SignIn *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_spinner_stop (GTK_SPINNER (prefs->spinner));
      gtk_widget_set_sensitive (prefs->sign_in_button, TRUE);
      /* Translators: %s says why signing in failed. */
      {
        g_autofree char *text = g_strdup_printf (_("Could not sign in: %s"), error->message);

        adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (prefs->prefs), adw_toast_new (text));
      }
      return;
    }
  gtk_spinner_stop (GTK_SPINNER (prefs->spinner));
  gtk_widget_set_sensitive (prefs->sign_in_button, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (prefs->secret_row), "");
  update_status (prefs);
  {
    g_autofree char *text = data->adopted > 0
      ? g_strdup_printf (ngettext ("Signed in. %u record made on this computer will be sent as %s.",
                                   "Signed in. %u records made on this computer will be sent as %s.",
                                   (gulong) data->adopted), (guint) data->adopted, data->config->staff_id)
      : g_strdup_printf (_("Signed in as %s."), data->config->staff_id);

    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (prefs->prefs), adw_toast_new (text));
  }
  /* The records are the account's now: show them, and send them. */
  awareness_context_reload_user (awareness_window_get_context (prefs->window));
  gtk_widget_activate_action (GTK_WIDGET (prefs->window), "win.offline", NULL);
}

static void
sign_in_clicked (GtkButton *button,
                 Prefs     *prefs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  SignIn *data;
  AwarenessConfig *config = awareness_config_load (NULL, &error);
  const char *url = gtk_editable_get_text (GTK_EDITABLE (prefs->url_row));
  const char *key = gtk_editable_get_text (GTK_EDITABLE (prefs->key_row));
  const char *ca = gtk_editable_get_text (GTK_EDITABLE (prefs->ca_row));

  if (config == NULL)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (prefs->prefs), adw_toast_new (error->message));
      return;
    }
  if (!awareness_config_check_url (url, config->allow_http_loopback, &error) || key[0] == '\0')
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (prefs->prefs),
                                        adw_toast_new (error != NULL ? error->message
                                                                     : _("Enter your account key")));
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
  data->secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (prefs->secret_row)));
  /* One store in the app: the window's records adopt in the thread. */
  data->store = g_object_ref (awareness_window_get_context (prefs->window)->store);
  gtk_widget_set_sensitive (prefs->sign_in_button, FALSE);
  gtk_spinner_start (GTK_SPINNER (prefs->spinner));
  g_clear_object (&prefs->cancellable);
  prefs->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, prefs->cancellable, sign_in_done, prefs);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_free);
  g_task_run_in_thread (task, sign_in_thread);
}

static void
sign_out_clicked (GtkButton *button,
                  Prefs     *prefs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, &error);

  if (config == NULL || !awareness_config_clear_secret (config, &error))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (prefs->prefs), adw_toast_new (error->message));
      return;
    }
  update_status (prefs);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (prefs->prefs),
                                    adw_toast_new (_("Signed out. Records not yet sent stay on this computer.")));
  awareness_window_sync (prefs->window);
}

/* The language the interface is shown in, as the system sets it. */
static const char *
language_name (const char *lang)
{
  return g_str_equal (lang, "ja") ? "日本語" : "English";
}

/**
 * awareness_preferences_new:
 *
 * Returns: (transfer floating): the preferences window of @window
 */
GtkWidget *
awareness_preferences_new (AwarenessWindow *window)
{
  Prefs *prefs = g_new0 (Prefs, 1);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *server = adw_preferences_group_new ();
  GtkWidget *account = adw_preferences_group_new ();
  GtkWidget *language = adw_preferences_group_new ();
  GtkWidget *language_row = adw_action_row_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *language_text = NULL;

  prefs->window = g_object_ref (window);
  prefs->prefs = adw_preferences_window_new ();
  gtk_window_set_transient_for (GTK_WINDOW (prefs->prefs), GTK_WINDOW (window));
  gtk_window_set_modal (GTK_WINDOW (prefs->prefs), TRUE);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (prefs->prefs), FALSE);
  g_object_set_data_full (G_OBJECT (prefs->prefs), "prefs", prefs, (GDestroyNotify) prefs_free);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (server), _("The City’s Server"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (server),
                                         _("Completions are sent to this server over HTTPS. Its certificate is "
                                           "always verified; the credential is checked before it is saved."));
  prefs->url_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (prefs->url_row), _("Server address"));
  prefs->key_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (prefs->key_row), _("Account key"));
  prefs->secret_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (prefs->secret_row), _("Secret"));
  prefs->ca_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (prefs->ca_row),
                                 _("Certificate authority file of the city (optional)"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (server), prefs->url_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (server), prefs->key_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (server), prefs->secret_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (server), prefs->ca_row);

  prefs->spinner = gtk_spinner_new ();
  prefs->sign_in_button = gtk_button_new_with_mnemonic (_("_Sign In"));
  gtk_widget_add_css_class (prefs->sign_in_button, "suggested-action");
  gtk_widget_add_css_class (prefs->sign_in_button, "pill");
  prefs->sign_out_button = gtk_button_new_with_mnemonic (_("Sign _Out"));
  gtk_widget_add_css_class (prefs->sign_out_button, "pill");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 12);
  gtk_box_append (GTK_BOX (buttons), prefs->spinner);
  gtk_box_append (GTK_BOX (buttons), prefs->sign_out_button);
  gtk_box_append (GTK_BOX (buttons), prefs->sign_in_button);
  g_signal_connect (prefs->sign_in_button, "clicked", G_CALLBACK (sign_in_clicked), prefs);
  g_signal_connect (prefs->sign_out_button, "clicked", G_CALLBACK (sign_out_clicked), prefs);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (account), _("Account"));
  prefs->status_row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (prefs->status_row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (prefs->status_row), 3);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (account), prefs->status_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (account), buttons);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (language), _("Language"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (language_row), _("Language of the interface and the training"));
  /* Translators: %s is the name of a language, such as 日本語. */
  language_text = g_strdup_printf (_("%s, as the system is set; change it in the system’s settings"),
                                   language_name (awareness_window_get_context (window)->lang));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (language_row), language_text);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (language), language_row);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (server));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (account));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (language));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (prefs->prefs), ADW_PREFERENCES_PAGE (page));
  update_status (prefs);
  return prefs->prefs;
}
