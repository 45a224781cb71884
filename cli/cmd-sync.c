/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness sync: send the records of this machine to the city's server,
 * or, with --status, tell what is waiting and what the server refused.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cli-common.h"

static void
show_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  /* Translators: progress of a long sync: “Sending… 150 of 1000”. */
  g_printerr ("\r");
  g_printerr (_("Sending… %u of %u"), done, total);
  if (done == total)
    g_printerr ("\n");
}

static void
add_items (JsonBuilder *builder,
           GPtrArray   *items)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      AwarenessOutboxItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      cli_json_add_string (builder, "id", item->statement_id);
      cli_json_add_string (builder, "recorded", item->created);
      json_builder_set_member_name (builder, "tries");
      json_builder_add_int_value (builder, item->tries);
      cli_json_add_string (builder, "error", item->last_error);
      cli_json_add_string (builder, "exported", item->exported);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* What a statement is about, for a person: its verb and object. */
static char *
describe_statement (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *statement, *verb, *object;
  const char *verb_id, *object_id;

  if (!awareness_json_parser_load (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_strdup ("?");
  statement = json_node_get_object (json_parser_get_root (parser));
  verb = json_object_get_object_member (statement, "verb");
  object = json_object_get_object_member (statement, "object");
  verb_id = verb != NULL ? json_object_get_string_member_with_default (verb, "id", "?") : "?";
  object_id = object != NULL ? json_object_get_string_member_with_default (object, "id", "?") : "?";
  return g_strdup_printf ("%s %s",
                          strrchr (verb_id, '/') != NULL ? strrchr (verb_id, '/') + 1 : verb_id,
                          object_id);
}

static int
print_status (AwarenessStore *store,
              gboolean        json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = awareness_store_list_outbox (store, AWARENESS_OUTBOX_PENDING, 0,
                                                               &error);
  g_autoptr(GPtrArray) rejected =
    pending != NULL ? awareness_store_list_outbox (store, AWARENESS_OUTBOX_REJECTED, 0, &error)
                    : NULL;
  guint exported = 0;

  if (rejected == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "pending");
      add_items (builder, pending);
      json_builder_set_member_name (builder, "rejected");
      add_items (builder, rejected);
      json_builder_end_object (builder);
      cli_print_json (builder);
      return EXIT_SUCCESS;
    }

  for (guint i = 0; i < pending->len; i++)
    if (((AwarenessOutboxItem *) g_ptr_array_index (pending, i))->exported != NULL)
      exported++;

  if (pending->len == 0)
    g_print ("%s\n", _("Nothing is waiting to be sent."));
  else
    {
      AwarenessOutboxItem *oldest = g_ptr_array_index (pending, 0);

      /* Translators: “12 records are waiting to be sent, the oldest from 2026-11-25T…”. */
      g_print (ngettext ("%u record is waiting to be sent, the oldest from %s.\n",
                         "%u records are waiting to be sent, the oldest from %s.\n", pending->len),
               pending->len, oldest->created);
      if (exported > 0)
        g_print (
          ngettext (
            "%u of them was written to a transfer file and waits for the server to confirm it.\n",
            "%u of them were written to a transfer file and wait for the server to confirm them.\n",
            exported),
          exported);
      for (guint i = 0; i < pending->len; i++)
        {
          AwarenessOutboxItem *item = g_ptr_array_index (pending, i);

          if (item->last_error != NULL)
            {
              /* Translators: the last failure of a record still to send: “3 tries, last: …”. */
              g_print (ngettext ("  %s: %u try, last: %s\n", "  %s: %u tries, last: %s\n",
                                 item->tries),
                       item->statement_id, item->tries, item->last_error);
            }
        }
    }

  if (rejected->len > 0)
    {
      g_print (ngettext ("%u record was refused by the server and put aside:\n",
                         "%u records were refused by the server and put aside:\n", rejected->len),
               rejected->len);
      for (guint i = 0; i < rejected->len; i++)
        {
          AwarenessOutboxItem *item = g_ptr_array_index (rejected, i);
          g_autofree char *what = describe_statement (item->statement);

          g_print ("  %s (%s): %s\n", item->statement_id, what, item->last_error);
        }
    }
  return EXIT_SUCCESS;
}

int
cmd_sync (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(AwarenessConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *changes = NULL;
  gboolean status = FALSE, json = FALSE;
  AwarenessSyncOptions options;
  AwarenessSyncSummary summary = { 0 };
  gboolean ok;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_NONE, &status,
      N_("List what is waiting to be sent, and what the server refused and why"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Read the records in FILE"),
      N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                _("Send the records of this machine to the city's server."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));

  store = cli_open_store (store_path, &error);
  if (store == NULL)
    goto fail;
  if (status)
    return print_status (store, json);

  client = cli_open_client (&config, &error);
  if (client == NULL)
    goto fail;
  awareness_sync_options_init (&options);
  awareness_sync_options_apply_environment (&options);
  options.staff_id = config->staff_id;
  options.home_page = config->home_page;
  ok = awareness_sync_run (store, client, config, &options,
                           isatty (STDERR_FILENO) ? show_progress : NULL, NULL, &summary, &changes,
                           NULL, &error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "sent");
      json_builder_add_int_value (builder, summary.sent);
      json_builder_set_member_name (builder, "already");
      json_builder_add_int_value (builder, summary.already);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, summary.rejected);
      json_builder_set_member_name (builder, "remaining");
      json_builder_add_int_value (builder, summary.remaining);
      json_builder_set_member_name (builder, "retries");
      json_builder_add_int_value (builder, summary.retries);
      json_builder_set_member_name (builder, "pulled");
      json_builder_add_int_value (builder, summary.pulled);
      cli_json_add_string (builder, "content_changes", changes);
      cli_json_add_string (builder, "error", ok ? NULL : error->message);
      json_builder_end_object (builder);
      cli_print_json (builder);
    }
  else
    {
      /* Translators: the summary of a sync. */
      g_print (_("Sent: %u, already on the server: %u, refused: %u, still to send: %u\n"),
               summary.sent, summary.already, summary.rejected, summary.remaining);
      if (summary.pulled > 0)
        g_print (ngettext ("%u result made on another machine was fetched from the server.\n",
                           "%u results made on other machines were fetched from the server.\n",
                           summary.pulled),
                 summary.pulled);
      if (summary.foreign > 0)
        g_print (
          ngettext (
            "%u record of another account waits for that account to sign in on this machine.\n",
            "%u records of another account wait for that account to sign in on this machine.\n",
            summary.foreign),
          summary.foreign);
      if (summary.rejected > 0)
        g_print ("%s\n", _("Run “awareness sync --status” to see why the server refused records."));
      if (changes != NULL)
        g_print ("%s\n%s", _("New training content was installed:"), changes);
    }
  if (!ok)
    goto fail;
  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}

int
cmd_export (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(AwarenessStore) store = NULL;
  g_autoptr(AwarenessConfig) config = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) statements = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *output = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *transfer_key = NULL;
  g_autofree char *text = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the transfer file to FILE"),
      N_("FILE") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Read the records in FILE"),
      N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (
    context, _("Write the records waiting to be sent into one file, for a machine "
                "that cannot reach the server. The file is authenticated with your "
                "account's secret; the records stay here until the server confirms them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));
  if (output == NULL)
    return cli_usage_error (context, _("Give the file to write with -o"));

  config = awareness_config_load (NULL, &error);
  if (config == NULL)
    goto fail;
  secret = awareness_config_lookup_secret (config, &error);
  if (secret == NULL)
    goto fail;
  if (config->staff_id == NULL || config->home_page == NULL)
    {
      g_set_error_literal (&error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_NOT_SIGNED_IN,
                           _("Not signed in to a server: run “awareness login” first"));
      goto fail;
    }
  transfer_key = awareness_transfer_derive_key (secret);
  explicit_bzero (secret, strlen (secret));

  store = cli_open_store (store_path, &error);
  if (store == NULL)
    goto fail;
  pending = awareness_store_list_outbox (store, AWARENESS_OUTBOX_PENDING, 0, &error);
  if (pending == NULL)
    goto fail;
  if (pending->len == 0)
    {
      g_print ("%s\n", _("Nothing is waiting to be sent: no file was written."));
      return EXIT_SUCCESS;
    }
  for (guint i = 0; i < pending->len; i++)
    {
      AwarenessOutboxItem *item = g_ptr_array_index (pending, i);

      g_ptr_array_add (statements, item->statement);
      g_ptr_array_add (ids, item->statement_id);
    }

  text = awareness_transfer_write (config->account_key, config->staff_id, config->home_page,
                                   statements, transfer_key);
  if (!g_file_set_contents_full (output, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error) ||
      !awareness_store_mark_exported (store, (const char * const *) ids->pdata, ids->len, &error))
    goto fail;

  /* Translators: “14 records written to transfer.json. Import it on a connected machine with …”. */
  g_print (
    ngettext ("%u record written to %s. On a connected machine: awareness admin import %s\n",
              "%u records written to %s. On a connected machine: awareness admin import %s\n",
              ids->len),
    ids->len, output, output);
  return EXIT_SUCCESS;

fail:
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE;
}
