/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A program outside the project: built only from the installed headers and
 * pkg-config file, it loads the shipped catalog and prints its counts. */
#include <awareness.h>

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *directory = awareness_dup_default_content_dir ();
  g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (directory, NULL,
                                                                             &error);
  GListModel *modules;
  guint n_questions = 0;

  if (catalog == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  modules = awareness_catalog_get_modules (catalog);
  for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);

      n_questions += awareness_module_get_questions (module)->len;
    }
  /* An enum GType made by glib-mkenums. */
  g_print ("modules %u questions %u severity-type %s\n",
           g_list_model_get_n_items (modules), n_questions,
           g_type_name (AWARENESS_TYPE_SEVERITY));
  return 0;
}
