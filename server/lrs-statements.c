/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Statements resource (/xapi/statements): PUT, POST of one statement
 * or a batch (as JSON, or multipart/mixed with attachments), GET by id,
 * by voided id, and with the agent, verb, activity, registration, since,
 * until, limit and ascending filters and `more` paging, in the formats
 * exact, ids and canonical; and the alternate request syntax.  What is
 * sent is stored through lrs-ingest.c.  Learners read and write their own
 * statements only.
 */
#include "config.h"

#include <string.h>

#include "lrs-attachments.h"
#include "lrs-http.h"
#include "lrs-ingest.h"
#include "lrs-server.h"
#include "lrs-statement-format.h"

static gboolean
statement_readable (Lrs        *lrs,
                    LrsAccount *account,
                    const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *actor = NULL;
  g_autofree char *own = NULL;

  if (account->role == LRS_ROLE_ADMIN)
    return TRUE;
  if (!awareness_json_parser_load (parser, json, -1, NULL))
    return FALSE;

  actor = lrs_agent_key (
    json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "actor"));
  own = lrs_account_key (lrs, account);
  return g_strcmp0 (actor, own) == 0;
}

static const char * const query_parameters[] = {
  "statementId", "voidedStatementId", "agent", "verb", "activity", "registration",
  "related_activities", "related_agents", "since", "until", "limit", "format", "attachments",
  "ascending", "more", NULL,
};

static void
get_statements (Lrs               *lrs,
                SoupServerMessage *msg,
                LrsAccount        *account,
                GHashTable        *params)
{
  const char *id = params != NULL ? g_hash_table_lookup (params, "statementId") : NULL;
  const char *voided_id = params != NULL ? g_hash_table_lookup (params, "voidedStatementId") : NULL;
  const char *format;
  const char *accept_language =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Accept-Language");
  gboolean with_attachments;
  g_autofree char *consistent = lrs_store_consistent_through (lrs->store);
  g_auto(LrsQuery) query = { 0 };
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = NULL;
  GHashTableIter iter;
  gpointer key, value;
  const char *text;
  gint64 next = 0;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Experience-API-Consistent-Through", consistent);

  /* ids strips to identifiers; canonical keeps one language per map. */
  format = params != NULL ? g_hash_table_lookup (params, "format") : NULL;
  if (format != NULL
      && !g_strv_contains ((const char *[]){ "exact", "ids", "canonical", NULL }, format))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "format: exact, ids or canonical");
      return;
    }
  text = params != NULL ? g_hash_table_lookup (params, "attachments") : NULL;
  if (text != NULL && g_strcmp0 (text, "true") != 0 && g_strcmp0 (text, "false") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "attachments: true or false");
      return;
    }
  with_attachments = g_strcmp0 (text, "true") == 0;

  if (params != NULL)
    {
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_strv_contains (query_parameters, key))
          {
            g_autofree char *message = g_strdup_printf ("Unknown parameter “%s”",
                                                        (const char *) key);
            lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, message);
            return;
          }
    }

  if (id != NULL || voided_id != NULL)
    {
      g_autofree char *json = NULL;
      g_autofree char *lower = g_ascii_strdown (id != NULL ? id : voided_id, -1);

      if (id != NULL && voided_id != NULL)
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                             "statementId and voidedStatementId exclude each other");
          return;
        }
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (!g_strv_contains ((const char *[]){ "statementId", "voidedStatementId", "format",
                                                "attachments", NULL },
                              key))
          {
            lrs_respond_error (
              msg, LRS_ERROR_BAD_REQUEST,
              "With statementId or voidedStatementId, only format and attachments may be given");
            return;
          }

      json = lrs_store_get_statement (lrs->store, lower, voided_id != NULL, NULL);
      if (json == NULL || !statement_readable (lrs, account, json))
        {
          lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such statement");
          return;
        }

      {
        g_autoptr(JsonParser) parser = json_parser_new ();

        if (awareness_json_parser_load (parser, json, -1, NULL))
          {
            g_autoptr(GDateTime) stored =
              g_date_time_new_from_iso8601 (json_object_get_string_member (json_node_get_object (
                                                                             json_parser_get_root (
                                                                               parser)),
                                                                           "stored"),
                                            NULL);

            if (stored != NULL)
              {
                g_autoptr(GDateTime) local = g_date_time_to_utc (stored);
                g_autofree char *date = g_date_time_format (local, "%a, %d %b %Y %H:%M:%S GMT");

                soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                              "Last-Modified", date);
              }
          }
      }
      {
        g_autofree char *formatted = lrs_statement_format (json, format, accept_language);
        g_autoptr(GPtrArray) one = g_ptr_array_new ();

        g_ptr_array_add (one, json);
        lrs_attachments_respond (lrs->store, msg, formatted, one, with_attachments,
                                 lrs->config.max_response);
      }
      return;
    }

  query.limit = lrs->config.max_limit;
  if (params != NULL && (text = g_hash_table_lookup (params, "limit")) != NULL)
    {
      guint64 limit;

      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &limit, NULL))
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "limit: not a non-negative integer");
          return;
        }
      if (limit > 0 && limit < query.limit)
        query.limit = (guint) limit;
    }

  if (params != NULL && (text = g_hash_table_lookup (params, "agent")) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!awareness_json_parser_load (parser, text, -1, NULL)
          || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
          || (query.agent_key = lrs_agent_key (
                json_node_get_object (json_parser_get_root (parser))))
               == NULL)
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                             "agent: not an Agent or identified Group in JSON");
          return;
        }
    }

  /* verb and activity are IRIs: a malformed one is refused, not searched for. */
  for (guint i = 0; params != NULL && i < 2; i++)
    {
      const char *name = i == 0 ? "verb" : "activity";

      text = g_hash_table_lookup (params, name);
      if (text != NULL && !awareness_xapi_validate_iri (text))
        {
          g_autofree char *message = g_strdup_printf ("%s: not an IRI", name);

          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, message);
          return;
        }
    }

  if (params != NULL)
    {
      query.verb = g_strdup (g_hash_table_lookup (params, "verb"));
      query.activity = g_strdup (g_hash_table_lookup (params, "activity"));
      query.registration = g_strdup (g_hash_table_lookup (params, "registration"));
      query.ascending = g_strcmp0 (g_hash_table_lookup (params, "ascending"), "true") == 0;
      query.related_agents = g_strcmp0 (g_hash_table_lookup (params, "related_agents"), "true")
                             == 0;
      query.related_activities =
        g_strcmp0 (g_hash_table_lookup (params, "related_activities"), "true") == 0;
      if ((text = g_hash_table_lookup (params, "more")) != NULL)
        query.after = g_ascii_strtoll (text, NULL, 10);
      for (guint i = 0; i < 2; i++)
        {
          const char *name = i == 0 ? "since" : "until";

          if ((text = g_hash_table_lookup (params, name)) != NULL)
            {
              g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, NULL);
              g_autofree char *message = g_strdup_printf ("%s: not an ISO 8601 timestamp", name);

              if (when == NULL)
                {
                  lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, message);
                  return;
                }
              if (i == 0)
                query.since = awareness_xapi_format_timestamp (when);
              else
                query.until = awareness_xapi_format_timestamp (when);
            }
        }
    }

  /* Learners read their own statements only. */
  if (account->role != LRS_ROLE_ADMIN)
    {
      g_autofree char *own = lrs_account_key (lrs, account);

      if (query.agent_key != NULL && g_strcmp0 (query.agent_key, own) != 0)
        {
          lrs_respond_error (msg, LRS_ERROR_FORBIDDEN,
                             "agent: a learner may read their own statements only");
          return;
        }
      g_free (query.agent_key);
      query.agent_key = g_steal_pointer (&own);
      /* Their own: as actor or object, not as an instructor of others. */
      query.related_agents = FALSE;
    }

  results = lrs_store_query_statements (lrs->store, &query, &next, &error);
  if (results == NULL)
    {
      g_warning ("Querying statements failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The statements could not be read");
      return;
    }

  body = g_string_new ("{\"statements\":[");
  for (guint i = 0; i < results->len; i++)
    {
      g_autofree char *formatted = lrs_statement_format (g_ptr_array_index (results, i), format,
                                                         accept_language);

      if (i > 0)
        g_string_append_c (body, ',');
      g_string_append (body, formatted);
    }
  g_string_append (body, "],\"more\":\"");
  if (next > 0)
    {
      /* The same query, continued: a relative IRL, as the specification allows. */
      GUri *uri = soup_server_message_get_uri (msg);
      g_autoptr(GString) more = g_string_new (g_uri_get_path (uri));

      g_string_append_c (more, '?');
      if (params != NULL)
        g_hash_table_iter_init (&iter, params);
      while (params != NULL && g_hash_table_iter_next (&iter, &key, &value))
        if (g_strcmp0 (key, "more") != 0)
          {
            g_autofree char *k = g_uri_escape_string (key, NULL, TRUE);
            g_autofree char *v = g_uri_escape_string (value, NULL, TRUE);

            g_string_append_printf (more, "%s=%s&", k, v);
          }
      g_string_append_printf (more, "more=%" G_GINT64_FORMAT, next);
      g_string_append (body, more->str);
    }
  g_string_append (body, "\"}");

  lrs_attachments_respond (lrs->store, msg, body->str, results, with_attachments,
                           lrs->config.max_response);
}

/* A request whose statements are being stored. */
typedef struct {
  SoupServerMessage *msg;
  JsonNode          *root;  /* what the statements are part of */
  gboolean           put;
} Storing;

/* On the main loop, once the statements are committed or refused:
 * 204 to a PUT, the ids to a POST. */
static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Storing *storing = user_data;
  SoupServerMessage *msg = storing->msg;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = lrs_ingest_statements_finish (result, &error);
  if (ids == NULL)
    lrs_respond_gerror (msg, error);
  else if (storing->put)
    lrs_respond (msg, SOUP_STATUS_NO_CONTENT, NULL, NULL);
  else
    {
      g_autoptr(GString) body = g_string_sized_new (40 * ids->len + 2);

      /* Ids are UUIDs: nothing in them to escape. */
      g_string_append_c (body, '[');
      for (guint i = 0; i < ids->len; i++)
        g_string_append_printf (body, "%s\"%s\"", i > 0 ? "," : "",
                                (const char *) g_ptr_array_index (ids, i));
      g_string_append_c (body, ']');
      lrs_respond (msg, SOUP_STATUS_OK, "application/json", body->str);
    }
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  g_clear_pointer (&storing->root, json_node_unref);
  g_free (storing);
}

/* Stores @nodes (parts of @root, or @root itself) through the store
 * writer; the request waits, paused, for the commit. */
static void
store_statements (Lrs               *lrs,
                  SoupServerMessage *msg,
                  LrsAccount        *account,
                  JsonNode          *root,
                  GPtrArray         *nodes,
                  GHashTable        *parts,
                  gboolean           put)
{
  Storing *storing = g_new0 (Storing, 1);

  storing->msg = g_object_ref (msg);
  storing->root = json_node_ref (root);
  storing->put = put;
  soup_server_message_pause (msg);
  lrs_ingest_statements_async (lrs, account, nodes, parts, stored_cb, storing);
}

void
lrs_statements_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *params,
                   gpointer           user_data)
{
  Lrs *lrs = user_data;
  g_autofree char *method = g_strdup (soup_server_message_get_method (msg));
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GHashTable) parts = NULL;
  g_autoptr(GError) error = NULL;

  if (g_bytes_get_size (body) > lrs->config.max_body)
    {
      lrs_respond_error (msg, LRS_ERROR_TOO_LARGE, "The body is too large");
      return;
    }

  if (g_strcmp0 (method, "POST") == 0 && params != NULL && g_hash_table_contains (params, "method"))
    {
      g_clear_pointer (&method, g_free);
      if (!lrs_unwrap_alternate (msg, params, &body, &form, &method, &error))
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, error->message);
          return;
        }
      params = form;
    }

  if (!lrs_check_version_header (msg))
    return;

  account = lrs_authenticate (lrs->auth, msg);
  if (account == NULL)
    return;

  if (g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0)
    {
      get_statements (lrs, msg, account, params);
      return;
    }

  if (g_strcmp0 (method, "PUT") != 0 && g_strcmp0 (method, "POST") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Statements take GET, PUT and POST");
      return;
    }

  {
    const char *type =
      soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

    if (type != NULL && g_ascii_strcasecmp (type, "multipart/mixed") == 0)
      root = lrs_attachments_parse_multipart (msg, body, &parts, &error);
    else
      root = lrs_parse_body (msg, body, &error);
  }
  if (root == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, error->message);
      return;
    }

  nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (g_strcmp0 (method, "PUT") == 0)
    {
      const char *id = params != NULL ? g_hash_table_lookup (params, "statementId") : NULL;
      JsonObject *statement;

      if (id == NULL || !g_uuid_string_is_valid (id))
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                             "statementId: PUT needs a statementId that is a UUID");
          return;
        }
      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                             "PUT takes one statement, as a JSON object");
          return;
        }
      statement = json_node_get_object (root);
      if (json_object_has_member (statement, "id") &&
          (!JSON_NODE_HOLDS_VALUE (json_object_get_member (statement, "id")) ||
           g_ascii_strcasecmp (json_object_get_string_member (statement, "id"), id) != 0))
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                             "id: differs from the statementId parameter");
          return;
        }
      json_object_set_string_member (statement, "id", id);
      g_ptr_array_add (nodes, json_node_ref (root));
      store_statements (lrs, msg, account, root, nodes, parts, TRUE);
      return;
    }

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      if (json_array_get_length (array) == 0)
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "The batch is empty");
          return;
        }
      /* Stored as they were parsed: no copy. */
      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (nodes, json_node_ref (json_array_get_element (array, i)));
    }
  else
    g_ptr_array_add (nodes, json_node_ref (root));

  store_statements (lrs, msg, account, root, nodes, parts, FALSE);
}
