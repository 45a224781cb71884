/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness-gui: the desktop trainer.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "aw-due-notice.h"
#include "aw-window.h"

static void
show_error (GtkApplication *app,
            const GError   *error)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, _("Awareness cannot start"), error->message);

  gtk_window_set_application (GTK_WINDOW (dialog), app);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
activate (GtkApplication *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwContext) context = NULL;
  GtkWindow *window = gtk_application_get_active_window (app);

  if (window == NULL)
    {
      context = aw_context_new (&error);
      if (context == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          show_error (app, error);
          return;
        }
      window = GTK_WINDOW (aw_window_new (app, context));
    }
  gtk_window_present (window);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (AW_IS_WINDOW (window))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  aw_show_about (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Closing each window keeps its size for the next start. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(AdwApplication) app = NULL;
  static const GActionEntry app_actions[] = {
    { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
    { "about", about_activated, NULL, NULL, NULL, { 0 } },
    { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, awareness_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("Awareness"));

  app = adw_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  /* The due notification's actions open a module's or a checklist's page. */
  aw_application_add_open_actions (GTK_APPLICATION (app));
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]){ "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         (const char *[]) { "<Control>question", NULL });
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
