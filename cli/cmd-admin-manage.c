/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * awareness admin accounts|roster|assignments|audit|remind|content: administrators run
 * the training from a terminal or a script, through the server's admin
 * API (which records every change in its audit log).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"

/* Sends a request; the answer in @response, or FALSE with the error
 * printed. */
static gboolean
send_request (const char        *method,
              const char        *path,
              const char        *content_type,
              GBytes            *body,
              AwarenessResponse *response)
{
  g_autoptr(AwarenessClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = cli_open_client (NULL, &error);
  if (client == NULL ||
      !awareness_client_request_bytes (client, method, path,
                                       content_type != NULL ? content_type : "application/json",
                                       body, response, NULL, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
send_json (const char        *method,
           const char        *path,
           JsonBuilder       *builder,
           AwarenessResponse *response)
{
  g_autoptr(JsonNode) root = builder != NULL ? json_builder_get_root (builder) : NULL;
  g_autofree char *text = root != NULL ? json_to_string (root, FALSE) : NULL;
  g_autoptr(GBytes) body = text != NULL ? g_bytes_new (text, strlen (text)) : NULL;

  return send_request (method, path, NULL, body, response);
}

/* The answer's JSON, or NULL with a message. */
static JsonNode *
parse_answer (const AwarenessResponse *response)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!awareness_json_parser_load (parser, response->body, (gssize) response->length, NULL) ||
      json_parser_get_root (parser) == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("The server's answer is not JSON"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

static const char *
string_of (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
}

/* A cell of a table: never NULL, which would end its row early. */
static char *
cell (const char *text)
{
  return g_strdup (text != NULL ? text : "");
}

static char *
escape_segment (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static gboolean
check_format (GOptionContext *context,
              const char     *format,
              gboolean        csv,
              int            *status)
{
  if (format == NULL || g_strcmp0 (format, "table") == 0 || g_strcmp0 (format, "json") == 0 ||
      (csv && g_strcmp0 (format, "csv") == 0))
    return TRUE;
  *status = cli_usage_error (context, csv ? _("--format: table, csv or json")
                                          : _("--format: table or json"));
  return FALSE;
}

/* GETs @path: with --format json or csv, prints the answer as it is and
 * returns NULL with *status set; otherwise returns the answer's JSON, to
 * be shown as a table (NULL with *status set when there is none). */
static JsonNode *
get_for_table (const char *path,
               const char *format,
               int        *status)
{
  g_auto(AwarenessResponse) response = { 0 };
  JsonNode *root;

  *status = EXIT_FAILURE;
  if (!send_request ("GET", path, NULL, NULL, &response))
    return NULL;
  if (response.status != 200)
    {
      *status = cli_print_refusal (&response);
      return NULL;
    }
  if (g_strcmp0 (format, "json") == 0 || g_strcmp0 (format, "csv") == 0)
    {
      fwrite (response.body, 1, response.length, stdout);
      if (g_strcmp0 (format, "json") == 0)
        g_print ("\n");
      *status = EXIT_SUCCESS;
      return NULL;
    }
  root = parse_answer (&response);
  if (root != NULL)
    *status = EXIT_SUCCESS;
  return root;
}

static const CliLabel role_labels[] = {
  { "admin",           N_("administrator") },
  { "learner",         N_("learner") },
  { "department-head", N_("department head") },
  { NULL, NULL },
};

/* Prints the key and secret of an answer, with the warning that they are
 * shown once. */
static void
print_credentials (JsonObject *answer)
{
  g_print ("%s: %s\n", _("Staff ID"), string_of (answer, "staff_id"));
  g_print ("%s: %s\n", _("Key"), string_of (answer, "key"));
  g_print ("%s: %s\n", _("Secret"), string_of (answer, "secret"));
  g_print ("%s\n", _("The secret is shown this once and stored only as a hash: keep it now."));
}

/* accounts */

static int
accounts_list (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GString) path = g_string_new ("../admin/staff");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *department = NULL, *role = NULL, *state = NULL, *search = NULL, *format = NULL;
  const char *headers[] = { _("Staff ID"), _("Name"), _("Department"), _("Role"), _("State"),
                           _("E-mail") };
  const GOptionEntry entries[] = {
    { "department", 0, 0, G_OPTION_ARG_STRING, &department, N_("Only staff of this department"),
      N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role,
      N_("Only this role: learner, admin or department-head"), N_("ROLE") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("Only active or disabled accounts"),
      N_("STATE") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only staff whose id, name, department or e-mail "
                                                       "contains this text"), N_("TEXT") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (the default) or json"),
      N_("FORMAT") },
    { NULL }
  };
  int status = EXIT_FAILURE;
  JsonArray *staff;

  g_option_context_set_summary (context, _("List the staff's accounts on the server."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));
  if (!check_format (context, format, FALSE, &status))
    return status;
  cli_append_param (path, "department", department);
  cli_append_param (path, "role", role);
  cli_append_param (path, "state", state);
  cli_append_param (path, "q", search);
  root = get_for_table (path->str, format, &status);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return root == NULL ? status : EXIT_FAILURE;
  staff = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (staff); i++)
    {
      JsonObject *member = json_array_get_object_element (staff, i);
      char **cells = g_new0 (char *, G_N_ELEMENTS (headers) + 1);

      cells[0] = cell (string_of (member, "staff_id"));
      cells[1] = cell (string_of (member, "display_name"));
      cells[2] = cell (string_of (member, "department"));
      cells[3] = cell (cli_label (role_labels, string_of (member, "role")));
      cells[4] = cell (json_object_get_boolean_member_with_default (member, "active", TRUE)
                           ? _("active") : _("disabled"));
      cells[5] = cell (string_of (member, "email"));
      g_ptr_array_add (rows, cells);
    }
  cli_print_columns (headers, G_N_ELEMENTS (headers), rows);
  /* Translators: the number of accounts listed. */
  g_print (ngettext ("%u account\n", "%u accounts\n", rows->len), rows->len);
  return EXIT_SUCCESS;
}

/* The fields of accounts add and accounts set. */
typedef struct {
  char *name;
  char *department;
  char *segment;
  char *role;
  char *email;
  char *language;
  char *start_date;
} Fields;

static void
fields_clear (Fields *fields)
{
  g_free (fields->name);
  g_free (fields->department);
  g_free (fields->segment);
  g_free (fields->role);
  g_free (fields->email);
  g_free (fields->language);
  g_free (fields->start_date);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* Changes the account @staff_id as @fields say; prints what went wrong. */
static gboolean
patch_staff (const char   *staff_id,
             const Fields *fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = escape_segment (staff_id);
  g_autofree char *path = g_strconcat ("../admin/staff/", id, NULL);
  g_auto(AwarenessResponse) response = { 0 };

  json_builder_begin_object (builder);
  add_member (builder, "display_name", fields->name);
  add_member (builder, "department", fields->department);
  add_member (builder, "segment", fields->segment);
  add_member (builder, "role", fields->role);
  add_member (builder, "email", fields->email);
  add_member (builder, "language", fields->language);
  json_builder_end_object (builder);
  if (!send_json ("PATCH", path, builder, &response))
    return FALSE;
  if (response.status != 204)
    {
      cli_print_refusal (&response);
      return FALSE;
    }
  return TRUE;
}

static int
accounts_add_or_set (int      argc,
                     char   **argv,
                     gboolean add)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("STAFF-ID"));
  g_autoptr(GError) error = NULL;
  g_auto(Fields) fields = { 0 };
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &fields.name, N_("The name staff see"), N_("NAME") },
    { "department", 0, 0, G_OPTION_ARG_STRING, &fields.department, N_("The department"),
      N_("NAME") },
    { "segment", 0, 0, G_OPTION_ARG_STRING, &fields.segment, N_("The network segment"),
      N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &fields.role,
      N_("learner, admin or department-head (who needs a department)"), N_("ROLE") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &fields.email, N_("The e-mail address for reminders"),
      N_("ADDRESS") },
    { "language", 0, 0, G_OPTION_ARG_STRING, &fields.language,
      N_("The language of reminders: ja or en"),
      N_("LANG") },
    { "start-date", 0, 0, G_OPTION_ARG_STRING, &fields.start_date,
      N_("The first day at the city, YYYY-MM-DD (when adding)"), N_("DATE") },
    { NULL }
  };

  g_option_context_set_summary (context,
                                add ? _("Add an account; its key and secret are shown once.")
                                    : _("Change an account's name, department, segment, role, "
                                        "e-mail address or language."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Give one staff id"));
  if (!add && fields.start_date != NULL)
    return cli_usage_error (context, _("--start-date is for adding an account"));
  if (!add && fields.name == NULL && fields.department == NULL && fields.segment == NULL &&
      fields.role == NULL && fields.email == NULL && fields.language == NULL)
    return cli_usage_error (context,
                            _("Say what to change: --name, --department, --segment, --role, "
                                       "--email or --language"));

  if (add)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_auto(AwarenessResponse) response = { 0 };
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      add_member (builder, "staff_id", argv[1]);
      add_member (builder, "display_name", fields.name);
      add_member (builder, "department", fields.department);
      add_member (builder, "segment", fields.segment);
      add_member (builder, "role", fields.role);
      add_member (builder, "start_date", fields.start_date);
      json_builder_end_object (builder);
      if (!send_json ("POST", "../admin/accounts", builder, &response))
        return EXIT_FAILURE;
      if (response.status != 201)
        return cli_print_refusal (&response);
      root = parse_answer (&response);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return EXIT_FAILURE;
      print_credentials (json_node_get_object (root));
      if (fields.email != NULL || fields.language != NULL)
        {
          Fields contact = { .email = fields.email, .language = fields.language };

          if (!patch_staff (argv[1], &contact))
            return EXIT_FAILURE;
        }
      return EXIT_SUCCESS;
    }

  if (!patch_staff (argv[1], &fields))
    return EXIT_FAILURE;
  /* Translators: after “awareness admin accounts set”. */
  g_print (_("Changed the account of %s.\n"), argv[1]);
  return EXIT_SUCCESS;
}

/* accounts disable|enable|reset-secret STAFF-ID */
static int
accounts_action (int         argc,
                 char      **argv,
                 const char *action)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("STAFF-ID"));
  g_autoptr(GError) error = NULL;
  g_auto(AwarenessResponse) response = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  gboolean reset = g_strcmp0 (action, "reset-secret") == 0;
  const char *summary;

  if (reset)
    summary = _("Give an account a new secret, shown once; the old one stops working at once.");
  else if (g_strcmp0 (action, "disable") == 0)
    summary = _("Disable an account: it can no longer sign in or send records.");
  else
    summary = _("Enable a disabled account again.");
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, (GOptionEntry[]) { { NULL } }, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Give one staff id"));
  id = escape_segment (argv[1]);
  path = g_strdup_printf ("../admin/accounts/%s/%s", id, action);
  if (!send_request ("POST", path, NULL, NULL, &response))
    return EXIT_FAILURE;
  if (response.status != (reset ? 200 : 204))
    return cli_print_refusal (&response);
  if (reset)
    {
      g_autoptr(JsonNode) root = parse_answer (&response);

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return EXIT_FAILURE;
      print_credentials (json_node_get_object (root));
    }
  else if (g_strcmp0 (action, "disable") == 0)
    g_print (_("Disabled the account of %s.\n"), argv[1]);
  else
    g_print (_("Enabled the account of %s.\n"), argv[1]);
  return EXIT_SUCCESS;
}

/* roster import */

static const CliLabel kind_labels[] = {
  { "new",       N_("new") },
  { "changed",   N_("changed") },
  { "disabled",  N_("disabled") },
  { "enabled",   N_("enabled") },
  { "unchanged", N_("unchanged") },
  { NULL, NULL },
};

static char *
line_of (JsonObject *row)
{
  gint64 line = json_object_get_int_member_with_default (row, "line", 0);

  return g_strdup_printf ("%" G_GINT64_FORMAT, line);
}

static void
print_preview (JsonObject *answer)
{
  const char *headers[] = { _("Line"), _("Staff ID"), _("Name"), _("What"), _("Details") };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  JsonArray *previewed = json_object_get_array_member (answer, "rows");
  JsonArray *refused = json_object_get_array_member (answer, "refused");

  for (guint i = 0; previewed != NULL && i < json_array_get_length (previewed); i++)
    {
      JsonObject *row = json_array_get_object_element (previewed, i);
      char **cells;

      if (g_strcmp0 (string_of (row, "kind"), "unchanged") == 0)
        continue;
      cells = g_new0 (char *, G_N_ELEMENTS (headers) + 1);
      cells[0] = line_of (row);
      cells[1] = cell (string_of (row, "staff_id"));
      cells[2] = cell (string_of (row, "display_name"));
      cells[3] = cell (cli_label (kind_labels, string_of (row, "kind")));
      cells[4] = cell (string_of (row, "changes"));
      g_ptr_array_add (rows, cells);
    }
  for (guint i = 0; refused != NULL && i < json_array_get_length (refused); i++)
    {
      JsonObject *row = json_array_get_object_element (refused, i);
      char **cells = g_new0 (char *, G_N_ELEMENTS (headers) + 1);

      cells[0] = line_of (row);
      cells[1] = cell (string_of (row, "staff_id"));
      cells[2] = cell (NULL);
      cells[3] = cell (_("REFUSED"));
      cells[4] = cell (string_of (row, "reason"));
      g_ptr_array_add (rows, cells);
    }
  if (rows->len > 0)
    cli_print_columns (headers, G_N_ELEMENTS (headers), rows);
  /* Translators: the summary of a roster import's preview. */
  g_print (_("%u new, %u changed, %u disabled, %u enabled, %u unchanged, %u refused\n"),
           (guint) json_object_get_int_member_with_default (answer, "new", 0),
           (guint) json_object_get_int_member_with_default (answer, "changed", 0),
           (guint) json_object_get_int_member_with_default (answer, "disabled", 0),
           (guint) json_object_get_int_member_with_default (answer, "enabled", 0),
           (guint) json_object_get_int_member_with_default (answer, "unchanged", 0),
           refused != NULL ? json_array_get_length (refused) : 0);
}

static int
roster_import (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) path = g_string_new ("../admin/staff/roster");
  g_auto(AwarenessResponse) response = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *format = NULL;
  gboolean dry_run = FALSE;
  gsize length;
  const GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Only show what would change"), NULL },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding,
      N_("utf-8 or shift_jis; by default told apart from the bytes"), N_("ENCODING") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (the default) or json"),
      N_("FORMAT") },
    { NULL }
  };
  int status = EXIT_FAILURE;
  JsonObject *answer;
  JsonArray *created;

  g_option_context_set_summary (context,
                                _("Import a staff roster (CSV, UTF-8 or Shift_JIS as Excel saves "
                                  "it): new accounts, changes, disabled staff.  Nothing changes "
                                  "when a row is refused."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Give one roster file"));
  if (!check_format (context, format, FALSE, &status))
    return status;
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }
  if (dry_run)
    cli_append_param (path, "dry-run", "true");
  cli_append_param (path, "encoding", encoding);
  body = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (!send_request ("POST", path->str, "text/csv", body, &response))
    return EXIT_FAILURE;
  if (response.status != 200 && response.status != 422)
    return cli_print_refusal (&response);
  if (g_strcmp0 (format, "json") == 0)
    {
      fwrite (response.body, 1, response.length, stdout);
      g_print ("\n");
      return response.status == 200 ? EXIT_SUCCESS : EXIT_FAILURE;
    }
  root = parse_answer (&response);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return EXIT_FAILURE;
  answer = json_node_get_object (root);
  print_preview (answer);
  if (response.status == 422)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("Rows were refused: nothing was changed. Correct them and "
                                                  "import the roster again."));
      return EXIT_FAILURE;
    }
  if (dry_run)
    {
      g_print ("%s\n", _("A dry run: nothing was changed."));
      return EXIT_SUCCESS;
    }
  created = json_object_get_array_member (answer, "created");
  for (guint i = 0; created != NULL && i < json_array_get_length (created); i++)
    {
      JsonObject *account = json_array_get_object_element (created, i);

      g_print ("%s\t%s\t%s\n", string_of (account, "staff_id"), string_of (account, "key"),
               string_of (account, "secret"));
    }
  if (created != NULL && json_array_get_length (created) > 0)
    g_print ("%s\n", _("The secrets above are shown this once and stored only as hashes: "
                       "hand them over now."));
  g_print ("%s\n", _("The roster was imported."));
  return EXIT_SUCCESS;
}

/* assignments */

static int
assignments_list (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GList) modules = NULL;
  g_autofree char *format = NULL;
  const char *headers[] = { _("Module"), _("Audience"), _("Recurrence"), _("Due") };
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (the default) or json"),
      N_("FORMAT") },
    { NULL }
  };
  int status = EXIT_FAILURE;

  g_option_context_set_summary (context,
                                _("List the assignments the server sets over the catalog's."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));
  if (!check_format (context, format, FALSE, &status))
    return status;
  root = get_for_table ("../assignments", format, &status);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return root == NULL ? status : EXIT_FAILURE;
  modules = json_object_get_members (json_node_get_object (root));
  modules = g_list_sort (modules, (GCompareFunc) g_strcmp0);
  for (GList *l = modules; l != NULL; l = l->next)
    {
      JsonObject *rule = json_object_get_object_member (json_node_get_object (root), l->data);
      const char *audience = string_of (rule, "audience");
      const char *value = string_of (rule, "audience_value");
      char **cells = g_new0 (char *, G_N_ELEMENTS (headers) + 1);

      cells[0] = cell (l->data);
      cells[1] = value != NULL ? g_strdup_printf ("%s: %s", audience, value) : cell (audience);
      cells[2] = cell (string_of (rule, "recurrence"));
      cells[3] = cell (string_of (rule, "due_date") != NULL ? string_of (rule, "due_date")
                                                               : string_of (rule, "due"));
      g_ptr_array_add (rows, cells);
    }
  cli_print_columns (headers, G_N_ELEMENTS (headers), rows);
  return EXIT_SUCCESS;
}

static int
assignments_set (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("MODULE"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) rule = NULL;
  g_auto(AwarenessResponse) response = { 0 };
  g_autofree char *audience = NULL, *value = NULL, *recurrence = NULL;
  g_autofree char *due = NULL, *due_date = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) body = NULL;
  int new_staff_days = -1;
  AwarenessAssignment assignment;
  const GOptionEntry entries[] = {
    { "audience", 0, 0, G_OPTION_ARG_STRING, &audience, N_("everyone, department, role or segment"),
      N_("WHO") },
    { "audience-value", 0, 0, G_OPTION_ARG_STRING, &value, N_("Which department, role or segment"),
      N_("NAME") },
    { "recurrence", 0, 0, G_OPTION_ARG_STRING, &recurrence, N_("once or annual"), N_("HOW") },
    { "due", 0, 0, G_OPTION_ARG_STRING, &due, N_("The day it is due each year, MM-DD"),
      N_("MM-DD") },
    { "due-date", 0, 0, G_OPTION_ARG_STRING, &due_date, N_("The day it is due, YYYY-MM-DD"),
      N_("DATE") },
    { "new-staff-days", 0, 0, G_OPTION_ARG_INT, &new_staff_days,
      N_("Days new staff have to complete it"),
      N_("DAYS") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Set a module's assignment over the catalog's."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Give one module id"));
  json_builder_begin_object (builder);
  add_member (builder, "audience", audience);
  add_member (builder, "audience_value", value);
  add_member (builder, "recurrence", recurrence);
  add_member (builder, "due", due);
  add_member (builder, "due_date", due_date);
  if (new_staff_days >= 0)
    {
      json_builder_set_member_name (builder, "new_staff_days");
      json_builder_add_int_value (builder, new_staff_days);
    }
  json_builder_end_object (builder);
  rule = json_builder_get_root (builder);
  /* The rule the server applies, checked here first to name what is wrong. */
  if (!awareness_assignment_from_json (rule, &assignment, &error))
    return cli_usage_error (context, error->message);
  awareness_assignment_clear (&assignment);

  id = escape_segment (argv[1]);
  path = g_strconcat ("../admin/assignments/", id, NULL);
  text = json_to_string (rule, FALSE);
  body = g_bytes_new (text, strlen (text));
  if (!send_request ("PUT", path, NULL, body, &response))
    return EXIT_FAILURE;
  if (response.status != 200)
    return cli_print_refusal (&response);
  /* Translators: after “awareness admin assignments set”. */
  g_print (_("Set the assignment of %s.\n"), argv[1]);
  return EXIT_SUCCESS;
}

static int
assignments_clear (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("MODULE"));
  g_autoptr(GError) error = NULL;
  g_auto(AwarenessResponse) response = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_option_context_set_summary (context, _("Go back to the catalog's assignment of a module."));
  g_option_context_add_main_entries (context, (GOptionEntry[]) { { NULL } }, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Give one module id"));
  id = escape_segment (argv[1]);
  path = g_strconcat ("../admin/assignments/", id, NULL);
  if (!send_request ("DELETE", path, NULL, NULL, &response))
    return EXIT_FAILURE;
  if (response.status != 204)
    return cli_print_refusal (&response);
  g_print (_("%s follows the catalog's assignment again.\n"), argv[1]);
  return EXIT_SUCCESS;
}

/* audit */

static int
audit (int    argc,
       char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) path = g_string_new ("../admin/audit");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *since = NULL, *format = NULL, *limit = NULL;
  gboolean bom = FALSE, japanese = FALSE;
  const char *headers[] = { _("Time"), _("Event"), _("Actor"), _("Target"), _("Details"),
                            _("Client address") };
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since,
      N_("Only entries from this day (YYYY-MM-DD, Japan time) or time (ISO 8601) on"), N_("DATE") },
    { "limit", 0, 0, G_OPTION_ARG_STRING, &limit,
      N_("At most this many entries, the latest (1000 by default)"),
      N_("N") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (the default), csv or json"),
      N_("FORMAT") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom, N_("Begin the CSV with a byte order mark, for Excel"),
      NULL },
    { "japanese-headers", 0, 0, G_OPTION_ARG_NONE, &japanese,
      N_("Name the CSV columns in Japanese"), NULL },
    { NULL }
  };
  int status = EXIT_FAILURE;
  JsonArray *entries_read;

  g_option_context_set_summary (context,
                                _("Show the server's audit log: every administrative change, "
                                           "sign-in and refusal, with who, when and from where."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));
  if (!check_format (context, format, TRUE, &status))
    return status;
  if (!awareness_period_parse (since, NULL, NULL, &start, &end, &error))
    return cli_usage_error (context, error->message);
  cli_append_param (path, "since", since);
  cli_append_param (path, "limit", limit);
  cli_append_param (path, "format", g_strcmp0 (format, "csv") == 0 ? "csv" : "json");
  if (bom)
    cli_append_param (path, "bom", "true");
  if (japanese)
    cli_append_param (path, "headers", "ja");
  root = get_for_table (path->str, format, &status);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return root == NULL ? status : EXIT_FAILURE;
  entries_read = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (entries_read); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries_read, i);
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (string_of (entry, "at"), NULL);
      g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;
      char **cells = g_new0 (char *, G_N_ELEMENTS (headers) + 1);

      cells[0] = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S")
                               : cell (string_of (entry, "at"));
      cells[1] = cell (string_of (entry, "event"));
      cells[2] = cell (string_of (entry, "actor"));
      cells[3] = cell (string_of (entry, "subject"));
      cells[4] = cell (string_of (entry, "detail"));
      cells[5] = cell (string_of (entry, "address"));
      g_ptr_array_add (rows, cells);
    }
  cli_print_columns (headers, G_N_ELEMENTS (headers), rows);
  /* Translators: the number of entries of the audit log shown. */
  g_print (ngettext ("%u entry\n", "%u entries\n", rows->len), rows->len);
  return EXIT_SUCCESS;
}

/* remind */

static const CliLabel status_labels[] = {
  { "sent",             N_("sent") },
  { "failed",           N_("FAILED") },
  { "preview",          N_("to send") },
  { "no-address",       N_("no e-mail address") },
  { "already-reminded", N_("reminded today already") },
  { NULL, NULL },
};

static int
remind (int    argc,
        char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) path = g_string_new ("../admin/reminders");
  g_auto(AwarenessResponse) response = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *as_of = NULL, *format = NULL;
  gboolean overdue = FALSE, dry_run = FALSE;
  int within = -1;
  const char *headers[] = { _("Staff ID"), _("Name"), _("E-mail"), _("Items"), _("Result") };
  const GOptionEntry entries[] = {
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Remind of what is past its due date"),
      NULL },
    { "due-within", 0, 0, G_OPTION_ARG_INT, &within,
      N_("Remind of what is due within this many days"), N_("DAYS") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, N_("As of this day, YYYY-MM-DD"), N_("DATE") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Only show who would get which e-mail"),
      NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (the default) or json"),
      N_("FORMAT") },
    { NULL }
  };
  int status = EXIT_FAILURE;
  JsonArray *recipients;
  guint failed = 0;

  g_option_context_set_summary (context,
                                _("E-mail each member of staff what is overdue or due soon, in "
                                  "their language, once a day at most."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));
  if (overdue == (within >= 0))
    return cli_usage_error (context, _("Give --overdue or --due-within DAYS"));
  if (!check_format (context, format, FALSE, &status))
    return status;
  if (overdue)
    cli_append_param (path, "overdue", "true");
  else
    {
      g_autofree char *days = g_strdup_printf ("%d", within);

      cli_append_param (path, "due-within", days);
    }
  cli_append_param (path, "as-of", as_of);
  if (dry_run)
    cli_append_param (path, "dry-run", "true");
  if (!send_request ("POST", path->str, NULL, NULL, &response))
    return EXIT_FAILURE;
  if (response.status != 200)
    return cli_print_refusal (&response);
  if (g_strcmp0 (format, "json") == 0)
    {
      fwrite (response.body, 1, response.length, stdout);
      g_print ("\n");
    }
  root = parse_answer (&response);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return EXIT_FAILURE;
  recipients = json_object_get_array_member (json_node_get_object (root), "recipients");
  for (guint i = 0; recipients != NULL && i < json_array_get_length (recipients); i++)
    {
      JsonObject *recipient = json_array_get_object_element (recipients, i);
      JsonArray *items = json_object_get_array_member (recipient, "items");
      const char *state = string_of (recipient, "status");
      char **cells = g_new0 (char *, G_N_ELEMENTS (headers) + 1);
      GString *titles = g_string_new (NULL);

      for (guint j = 0; items != NULL && j < json_array_get_length (items); j++)
        g_string_append_printf (titles, "%s%s", j > 0 ? ", " : "",
                                string_of (json_array_get_object_element (items, j), "title"));
      if (g_strcmp0 (state, "failed") == 0)
        failed++;
      cells[0] = cell (string_of (recipient, "staff_id"));
      cells[1] = cell (string_of (recipient, "name"));
      cells[2] = cell (string_of (recipient, "email"));
      cells[3] = g_string_free (titles, FALSE);
      cells[4] = string_of (recipient, "error") != NULL
                 ? g_strdup_printf ("%s: %s", cli_label (status_labels, state),
                                    string_of (recipient, "error"))
                 : cell (cli_label (status_labels, state));
      g_ptr_array_add (rows, cells);
    }
  if (g_strcmp0 (format, "json") != 0)
    {
      JsonObject *answer = json_node_get_object (root);

      cli_print_columns (headers, G_N_ELEMENTS (headers), rows);
      /* Translators: the summary of a run of reminders. */
      g_print (_("%u sent, %u failed, %u not sent\n"),
               (guint) json_object_get_int_member_with_default (answer, "sent", 0), failed,
               (guint) json_object_get_int_member_with_default (answer, "not_sent", 0));
      if (dry_run)
        g_print ("%s\n", _("A dry run: no e-mail was sent."));
    }
  if (failed > 0)
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  _("Some reminders could not be sent; they are sent at the next run."));
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

static int
run (const char *command,
     int       (*func) (int, char **),
     int         argc,
     char      **argv)
{
  g_autofree char *prgname = g_strdup_printf ("%s %s", g_get_prgname (), command);

  g_set_prgname (prgname);
  return func (argc, argv);
}

static int
accounts_add (int    argc,
              char **argv)
{
  return accounts_add_or_set (argc, argv, TRUE);
}

static int
accounts_set (int    argc,
              char **argv)
{
  return accounts_add_or_set (argc, argv, FALSE);
}

static int
accounts_disable (int    argc,
                  char **argv)
{
  return accounts_action (argc, argv, "disable");
}

static int
accounts_enable (int    argc,
                 char **argv)
{
  return accounts_action (argc, argv, "enable");
}

static int
accounts_reset_secret (int    argc,
                       char **argv)
{
  return accounts_action (argc, argv, "reset-secret");
}

/* content */

static int
content_list (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *format = NULL;
  const char *headers[] = { _("Version"), _("Published"), _("Published by"), _("Fetched by"),
                            _("Digest") };
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (the default) or json"),
      N_("FORMAT") },
    { NULL }
  };
  int status = EXIT_FAILURE;
  JsonArray *versions;

  g_option_context_set_summary (context,
                                _("List the published content versions, the latest first, with "
                                  "how many staff accounts have fetched each."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc > 1)
    return cli_usage_error (context, _("Too many arguments"));
  if (!check_format (context, format, FALSE, &status))
    return status;
  root = get_for_table ("../admin/content/versions", format, &status);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return root == NULL ? status : EXIT_FAILURE;
  versions = json_object_get_array_member (json_node_get_object (root), "versions");
  for (guint i = 0; versions != NULL && i < json_array_get_length (versions); i++)
    {
      JsonObject *version = json_array_get_object_element (versions, i);
      char **cells = g_new0 (char *, G_N_ELEMENTS (headers) + 1);

      cells[0] = g_strdup_printf ("%" G_GINT64_FORMAT "%s",
                                  json_object_get_int_member_with_default (version, "version", 0),
                                  json_object_get_boolean_member_with_default (version, "current",
                                                                               FALSE)
                                    ? "*" : "");
      cells[1] = cell (string_of (version, "published"));
      cells[2] = cell (string_of (version, "published_by"));
      cells[3] = g_strdup_printf ("%" G_GINT64_FORMAT,
                                  json_object_get_int_member_with_default (version, "fetched_by",
                                                                           0));
      cells[4] = cell (string_of (version, "digest"));
      g_ptr_array_add (rows, cells);
    }
  cli_print_columns (headers, G_N_ELEMENTS (headers), rows);
  return EXIT_SUCCESS;
}

static const char *
change_label (const char *change)
{
  if (g_strcmp0 (change, "new") == 0)
    return _("new");
  if (g_strcmp0 (change, "revised") == 0)
    return _("revised");
  if (g_strcmp0 (change, "removed") == 0)
    return _("removed");
  return change != NULL ? change : "";
}

/* The changes of a preview's @list ("modules" or "checklists"). */
static void
print_changes (JsonObject *answer,
               const char *list,
               const char *title)
{
  JsonArray *changes = json_object_get_array_member (answer, list);

  g_print ("%s:\n", title);
  if (changes == NULL || json_array_get_length (changes) == 0)
    g_print ("  %s\n", _("no change"));
  for (guint i = 0; changes != NULL && i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);
      JsonNode *counts = json_object_get_member (change, "passes_count");
      const char *old = string_of (change, "old_version");
      const char *next = string_of (change, "new_version");

      /* Translators: a change of a module, e.g. “  threats  revised  2026.2 → 2026.3”. */
      g_print (_("  %s  %s  %s%s%s"), string_of (change, "id"),
               change_label (string_of (change, "change")), old != NULL ? old : "",
               old != NULL && next != NULL ? " → " : "", next != NULL ? next : "");
      if (counts != NULL)
        g_print ("  (%s)", json_node_get_boolean (counts) ? _("earlier passes still count")
                                                           : _("staff must take it again"));
      g_print ("\n");
    }
}

static int
content_preview (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE"));
  g_autoptr(GError) error = NULL;
  g_auto(AwarenessResponse) response = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *format = NULL;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("table (the default) or json"),
      N_("FORMAT") },
    { NULL }
  };
  int status = EXIT_FAILURE;
  JsonObject *answer;

  g_option_context_set_summary (context,
                                _("Verify a signed content package on the server and show what "
                                  "it changes, without publishing it; publish it then with "
                                  "“content publish --preview TOKEN”."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (argc != 2)
    return cli_usage_error (context, _("Give one package file"));
  if (!check_format (context, format, FALSE, &status))
    return status;
  mapped = g_mapped_file_new (argv[1], FALSE, &error);
  if (mapped == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }
  body = g_mapped_file_get_bytes (mapped);
  if (!send_request ("POST", "../admin/content/preview", "application/octet-stream", body,
                     &response))
    return EXIT_FAILURE;
  if (response.status != 200)
    return cli_print_refusal (&response);
  root = parse_answer (&response);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return EXIT_FAILURE;
  answer = json_node_get_object (root);
  if (g_strcmp0 (format, "json") == 0)
    {
      fwrite (response.body, 1, response.length, stdout);
      g_print ("\n");
    }
  else if (!json_object_get_boolean_member_with_default (answer, "verified", FALSE))
    {
      g_print ("%s: %s\n", _("Digest"), string_of (answer, "digest"));
      g_printerr (_("%s: verification failed: %s\n"), g_get_prgname (),
                  string_of (answer, "reason"));
    }
  else
    {
      g_print ("%s\n", _("Verified: the signature is valid, its key is trusted and the content "
                         "validates."));
      g_print ("%s: %s\n", _("Signer key"), string_of (answer, "signer"));
      g_print ("%s: %s\n", _("Digest"), string_of (answer, "digest"));
      print_changes (answer, "modules", _("Modules"));
      print_changes (answer, "checklists", _("Checklists"));
      /* Translators: %s is the preview's token. */
      g_print (_("Nothing is published yet. To publish it: awareness admin content publish "
                 "--preview %s\n"), string_of (answer, "token"));
    }
  return json_object_get_boolean_member_with_default (answer, "verified", FALSE) ? EXIT_SUCCESS
                                                                                 : EXIT_FAILURE;
}

/* Publishes a package, signed and verified by the server: a file at once
 * (POST /content), or what was previewed (POST /admin/content/publish). */
static int
content_publish (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[FILE]"));
  g_autoptr(GError) error = NULL;
  g_auto(AwarenessResponse) response = { 0 };
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *token = NULL;
  const GOptionEntry entries[] = {
    { "preview", 0, 0, G_OPTION_ARG_STRING, &token,
      N_("Publish the package previewed with “content preview” under this token"),
      N_("TOKEN") },
    { NULL }
  };

  g_option_context_set_summary (
    context, _("Publish a signed content package: staff machines that trust its signer "
                "install it at their next sync."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cli_usage_error (context, error->message);
  if (token == NULL && argc != 2)
    return cli_usage_error (context, _("Give one package file"));
  if (token != NULL && argc != 1)
    return cli_usage_error (context, _("Give either a package file or --preview, not both"));

  if (token != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, token);
      json_builder_end_object (builder);
      if (!send_json ("POST", "../admin/content/publish", builder, &response))
        return EXIT_FAILURE;
    }
  else
    {
      mapped = g_mapped_file_new (argv[1], FALSE, &error);
      if (mapped == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return EXIT_FAILURE;
        }
      bytes = g_mapped_file_get_bytes (mapped);
      if (!send_request ("POST", "../content", "application/octet-stream", bytes, &response))
        return EXIT_FAILURE;
    }
  if (response.status != 201)
    return cli_print_refusal (&response);
  /* Translators: “Published content.pkg; machines install it at their next sync.” */
  g_print (_("Published %s; staff machines install it at their next sync.\n"),
           token != NULL ? _("the previewed package") : argv[1]);
  return EXIT_SUCCESS;
}

static const struct {
  const char *group;
  const char *command;
  int       (*func) (int, char **);
} commands[] = {
  { "accounts", "list", accounts_list },
  { "accounts", "add", accounts_add },
  { "accounts", "set", accounts_set },
  { "accounts", "disable", accounts_disable },
  { "accounts", "enable", accounts_enable },
  { "accounts", "reset-secret", accounts_reset_secret },
  { "roster", "import", roster_import },
  { "assignments", "list", assignments_list },
  { "assignments", "set", assignments_set },
  { "assignments", "clear", assignments_clear },
  { "audit", NULL, audit },
  { "remind", NULL, remind },
  { "content", "list", content_list },
  { "content", "preview", content_preview },
  { "content", "publish", content_publish },
};

/**
 * cmd_admin_manage:
 *
 * Runs `awareness admin accounts|roster|assignments|audit|remind|content …`.
 *
 * Returns: the exit status, or -1 when @argv names none of them
 */
int
cmd_admin_manage (int    argc,
                  char **argv)
{
  gboolean group_known = FALSE;

  if (argc < 2)
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i].group) != 0)
        continue;
      group_known = TRUE;
      if (commands[i].command == NULL)
        return run (commands[i].group, commands[i].func, argc - 1, argv + 1);
      if (argc >= 3 && g_strcmp0 (argv[2], commands[i].command) == 0)
        {
          g_autofree char *name = g_strdup_printf ("%s %s", commands[i].group, commands[i].command);

          return run (name, commands[i].func, argc - 2, argv + 2);
        }
    }
  if (!group_known)
    return -1;
  /* Translators: usage of a group of admin commands; %s is e.g. “awareness admin accounts”. */
  g_printerr (_("Usage: %s %s COMMAND [OPTION…]\n"), g_get_prgname (), argv[1]);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (argv[1], commands[i].group) == 0)
      g_printerr ("  %s %s\n", commands[i].group, commands[i].command);
  return CLI_EXIT_USAGE;
}
