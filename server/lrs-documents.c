/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Document resources (Communication 2.2, 2.3, 2.6 and 2.7): State
 * (/xapi/activities/state), Activity Profile (/xapi/activities/profile)
 * and Agent Profile (/xapi/agents/profile).  One document or the ids of
 * a place (with `since`) by GET or HEAD, PUT, POST merging JSON objects,
 * DELETE of one document or of every State of a place; the ETag, If-Match
 * and If-None-Match of Communication 3.1 and Last-Modified; any content
 * type, stored as sent.  Learners use their own agent's State and Agent
 * Profile only, and read Activity Profiles; administrators do everything.
 */
#include "config.h"

#include <string.h>

#include "lrs-http.h"
#include "lrs-server.h"

/* What distinguishes the three resources. */
typedef struct {
  LrsDocumentKind  kind;
  const char      *id_name;        /* the parameter of a document's id */
  gboolean         by_activity;    /* takes activityId */
  gboolean         by_agent;       /* takes agent */
  gboolean         by_registration; /* takes registration; DELETE of all */
  gboolean         concurrency;    /* a PUT needs If-Match or If-None-Match */
} DocumentResource;

static const DocumentResource state_resource = {
  LRS_DOCUMENT_STATE, "stateId", TRUE, TRUE, TRUE, FALSE,
};
static const DocumentResource activity_profile_resource = {
  LRS_DOCUMENT_ACTIVITY_PROFILE, "profileId", TRUE, FALSE, FALSE, TRUE,
};
static const DocumentResource agent_profile_resource = {
  LRS_DOCUMENT_AGENT_PROFILE, "profileId", FALSE, TRUE, FALSE, TRUE,
};

/* A request's place and id, as its parameters give them. */
typedef struct {
  LrsDocumentKey  key;
  char           *agent_key;
  char           *registration;
  gint64          since;
} Request;

static void
request_clear (Request *request)
{
  g_free (request->agent_key);
  g_free (request->registration);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Request, request_clear)

/**
 * lrs_parse_agent_parameter:
 * @text: the value of an `agent` parameter
 * @error: return location for an error
 *
 * Reads @text as the JSON of an Agent (not a Group), bounded as request
 * bodies are and checked by the library's validator.
 *
 * Returns: (transfer full) (nullable): the agent, or `NULL` with @error set
 */
JsonNode *
lrs_parse_agent_parameter (const char  *text,
                           GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(JsonNode) agent = NULL;
  g_autoptr(GError) local_error = NULL;

  agent = lrs_parse_json (bytes, &local_error);
  if (agent != NULL)
    awareness_xapi_validate_agent (agent, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST, _("agent: not an Agent in JSON (%s)"),
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&agent);
}

/* The microseconds of a `since` parameter. */
static gboolean
parse_since (const char  *text,
             gint64      *since,
             GError     **error)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, NULL);

  if (when == NULL)
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                           _("since: not an ISO 8601 timestamp"));
      return FALSE;
    }
  *since = g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
  return TRUE;
}

/* Reads the parameters of @resource into @request: unknown or malformed
 * ones are refused, as are missing required ones. */
static gboolean
parse_request (const DocumentResource  *resource,
               GHashTable              *params,
               gboolean                 get,
               Request                 *request,
               GError                 **error)
{
  const char *known[] = {
    resource->id_name,
    resource->by_activity ? "activityId" : NULL,
    resource->by_agent ? "agent" : NULL,
    resource->by_registration ? "registration" : NULL,
    get ? "since" : NULL,
  };
  const char *text;

  request->key.kind = resource->kind;
  if (!lrs_check_parameters (params, known, G_N_ELEMENTS (known), error))
    return FALSE;

  if (resource->by_activity)
    {
      text = params != NULL ? g_hash_table_lookup (params, "activityId") : NULL;
      if (text == NULL || !awareness_xapi_validate_iri (text))
        {
          g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                               _("activityId: missing or not an IRI"));
          return FALSE;
        }
      request->key.activity = text;
    }
  if (resource->by_agent)
    {
      g_autoptr(JsonNode) agent = NULL;

      text = params != NULL ? g_hash_table_lookup (params, "agent") : NULL;
      if (text == NULL)
        {
          g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST, _("agent: missing"));
          return FALSE;
        }
      agent = lrs_parse_agent_parameter (text, error);
      if (agent == NULL)
        return FALSE;
      request->agent_key = lrs_agent_key (json_node_get_object (agent));
      request->key.agent = request->agent_key;
    }
  text = params != NULL ? g_hash_table_lookup (params, "registration") : NULL;
  if (text != NULL)
    {
      if (!g_uuid_string_is_valid (text))
        {
          g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                               _("registration: not a UUID"));
          return FALSE;
        }
      request->registration = g_ascii_strdown (text, -1);
      request->key.registration = request->registration;
    }
  request->key.id = params != NULL ? g_hash_table_lookup (params, resource->id_name) : NULL;
  text = params != NULL ? g_hash_table_lookup (params, "since") : NULL;
  if (text != NULL && request->key.id != NULL)
    {
      g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                   _("since: for the ids only, not with %s"), resource->id_name);
      return FALSE;
    }
  return text == NULL || parse_since (text, &request->since, error);
}

/* Whether the account may do @method on the documents of @request. */
static gboolean
authorize (Lrs                    *lrs,
           LrsAccount             *account,
           const DocumentResource *resource,
           const char             *method,
           const Request          *request,
           GError                **error)
{
  gboolean read = g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0;

  if (account->role == LRS_ROLE_ADMIN)
    return TRUE;
  if (resource->by_agent)
    {
      g_autofree char *own = lrs_account_key (lrs, account);

      if (g_strcmp0 (own, request->agent_key) != 0)
        {
          g_set_error_literal (error, LRS_ERROR, LRS_ERROR_FORBIDDEN,
                               _("agent: a learner may use their own agent's documents only"));
          return FALSE;
        }
      return TRUE;
    }
  if (!read)
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_FORBIDDEN,
                           _("A learner may read activity profiles, not change them"));
      return FALSE;
    }
  return TRUE;
}

/* Whether the list of ETags of an If-Match or If-None-Match header names
 * @etag ("*" names any). */
static gboolean
etag_listed (const char *header,
             const char *etag)
{
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      char *tag = g_strstrip (tags[i]);
      gsize length;

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (strcmp (tag, "*") == 0)
        return TRUE;
      length = strlen (tag);
      if (length >= 2 && tag[0] == '"' && tag[length - 1] == '"')
        {
          tag[length - 1] = '\0';
          tag++;
        }
      if (g_ascii_strcasecmp (tag, etag) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The conditions of If-Match and If-None-Match on @current (NULL when
 * there is no document): 412 when they fail; and the 409 of a PUT of a
 * profile over a document without either (Communication 3.1). */
static gboolean
check_conditions (SoupServerMessage      *msg,
                  const DocumentResource *resource,
                  const char             *method,
                  const LrsDocument      *current,
                  GError                **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *if_match = soup_message_headers_get_one (headers, "If-Match");
  const char *if_none_match = soup_message_headers_get_one (headers, "If-None-Match");

  if (if_match != NULL && (current == NULL || !etag_listed (if_match, current->etag)))
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_PRECONDITION_FAILED,
                           _("If-Match: the document is not in the state the request expects"));
      return FALSE;
    }
  if (if_none_match != NULL && current != NULL && etag_listed (if_none_match, current->etag))
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_PRECONDITION_FAILED,
                           _("If-None-Match: the document exists already"));
      return FALSE;
    }
  if (resource->concurrency && g_strcmp0 (method, "PUT") == 0 && current != NULL &&
      if_match == NULL && if_none_match == NULL)
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_CONFLICT,
                           _("The document exists: get it to check its current state, then send "
                           "the PUT again with If-Match and the ETag it had"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_json_type (const char *content_type)
{
  const char *end = content_type != NULL ? strchr (content_type, ';') : NULL;
  g_autofree char *media = content_type != NULL
                           ? g_strndup (content_type, end != NULL ? (gsize) (end - content_type)
                                                                  : strlen (content_type))
                           : NULL;

  return media != NULL && g_ascii_strcasecmp (g_strstrip (media), "application/json") == 0;
}

/* The JSON object of a document (the @posted one or the stored one), or
 * NULL with @error set. */
static JsonNode *
parse_object (const char  *content_type,
              GBytes      *content,
              gboolean     posted,
              GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  if (!is_json_type (content_type))
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                           posted ? _("POST merges JSON objects only: the document sent is not "
                                      "application/json")
                                  : _("POST merges JSON objects only: the stored document is not "
                                      "application/json"));
      return NULL;
    }
  root = lrs_parse_json (content, error);
  if (root != NULL && !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                           posted ? _("POST merges JSON objects only: the document sent is not a "
                                      "JSON object")
                                  : _("POST merges JSON objects only: the stored document is not a "
                                      "JSON object"));
      g_clear_pointer (&root, json_node_unref);
    }
  return g_steal_pointer (&root);
}

/* The content of a POST (Communication 2.2, JSON procedure): the posted
 * object's properties set over those of @current, or the posted
 * document where there is none. */
static GBytes *
merge (const LrsDocument  *current,
       const char         *content_type,
       GBytes             *posted,
       gsize               limit,
       GError            **error)
{
  g_autoptr(JsonNode) update = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autofree char *text = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  gsize length;

  if (current == NULL && !is_json_type (content_type))
    return g_bytes_ref (posted);
  update = parse_object (content_type, posted, TRUE, error);
  if (update == NULL)
    return NULL;
  if (current == NULL)
    return g_bytes_ref (posted);
  merged = parse_object (current->content_type, current->content, FALSE, error);
  if (merged == NULL)
    return NULL;

  json_object_iter_init (&iter, json_node_get_object (update));
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (json_node_get_object (merged), name, json_node_copy (value));
  text = lrs_to_json (merged);
  length = strlen (text);
  if (length > limit)
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_TOO_LARGE,
                           _("The merged document is too large"));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&text), length);
}

/* The ETag (quoted, Communication 3.1) and Last-Modified of an answer. */
static void
set_document_headers (SoupServerMessage *msg,
                      const char        *etag,
                      gint64             updated)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", etag);

  soup_message_headers_replace (headers, "ETag", quoted);
  if (updated > 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (updated / G_USEC_PER_SEC);
      g_autofree char *text = soup_date_time_to_string (when, SOUP_DATE_HTTP);

      soup_message_headers_replace (headers, "Last-Modified", text);
    }
}

/* The document of @request, or NULL: with @error set only when the store
 * failed, not when there is no such document. */
static LrsDocument *
current_document (Lrs            *lrs,
                  const Request  *request,
                  GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  LrsDocument *document = lrs_store_get_document (lrs->store, &request->key, &local_error);

  if (document == NULL &&
      !g_error_matches (local_error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return document;
}

static void
get_documents (Lrs               *lrs,
               SoupServerMessage *msg,
               const Request     *request)
{
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  gint64 latest = 0;
  char *text;

  if (request->key.id != NULL)
    {
      g_autoptr(LrsDocument) document = current_document (lrs, request, &error);
      gsize size;
      gconstpointer data;

      if (error != NULL)
        {
          lrs_respond_gerror (msg, error);
          return;
        }
      if (document == NULL)
        {
          lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such document");
          return;
        }
      set_document_headers (msg, document->etag, document->updated);
      data = g_bytes_get_data (document->content, &size);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, document->content_type, SOUP_MEMORY_COPY, data, size);
      return;
    }

  documents = lrs_store_list_documents (lrs->store, &request->key, request->since, &error);
  if (documents == NULL)
    {
      lrs_respond_gerror (msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < documents->len; i++)
    {
      const LrsDocument *document = g_ptr_array_index (documents, i);

      json_builder_add_string_value (builder, document->id);
      latest = MAX (latest, document->updated);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  text = lrs_to_json (root);
  body = g_bytes_new_take (text, strlen (text));
  etag = lrs_document_etag (body);
  set_document_headers (msg, etag, latest);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

/* A PUT or a POST: written only over the document whose state the
 * conditions were checked on; a document changed meanwhile by another
 * request is read again, and the conditions checked again. */
static void
write_document (Lrs                    *lrs,
                SoupServerMessage      *msg,
                const DocumentResource *resource,
                const char             *method,
                const Request          *request,
                GBytes                 *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_one (headers, "Content-Type");

  if (content_type == NULL)
    content_type = "application/octet-stream";
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LrsDocument) current = current_document (lrs, request, &error);
      g_autoptr(GBytes) content = NULL;
      const char *stored_type = content_type;

      if (error == NULL)
        check_conditions (msg, resource, method, current, &error);
      if (error == NULL && g_strcmp0 (method, "POST") == 0)
        {
          content = merge (current, content_type, body, lrs->config.max_body, &error);
          if (current != NULL)
            stored_type = current->content_type;
        }
      else if (error == NULL)
        content = g_bytes_ref (body);
      if (error != NULL)
        {
          lrs_respond_gerror (msg, error);
          return;
        }

      if (lrs_store_put_document (lrs->store, &request->key, stored_type, content,
                                  current != NULL ? current->etag : "", &error))
        {
          g_autofree char *etag = lrs_document_etag (content);

          set_document_headers (msg, etag, 0);
          lrs_respond (msg, SOUP_STATUS_NO_CONTENT, NULL, NULL);
          return;
        }
      if (!g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT))
        {
          lrs_respond_gerror (msg, error);
          return;
        }
    }
  lrs_respond_error (msg, LRS_ERROR_CONFLICT, "The document is being changed by other requests: "
                     "send the request again");
}

static void
delete_documents (Lrs                    *lrs,
                  SoupServerMessage      *msg,
                  const DocumentResource *resource,
                  const Request          *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *if_match = soup_message_headers_get_one (headers, "If-Match");
  g_autoptr(LrsDocument) current = NULL;
  g_autoptr(GError) error = NULL;

  if (request->key.id == NULL && !resource->by_registration)
    {
      g_autofree char *message = g_strdup_printf (_("%s: missing"), resource->id_name);

      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, message);
      return;
    }
  if (request->key.id != NULL)
    {
      current = current_document (lrs, request, &error);
      if (error == NULL)
        check_conditions (msg, resource, "DELETE", current, &error);
    }
  if (error == NULL)
    lrs_store_delete_documents (lrs->store, &request->key,
                                if_match != NULL && current != NULL ? current->etag : NULL, &error);
  if (g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT))
    lrs_respond_error (msg, LRS_ERROR_PRECONDITION_FAILED,
                       "If-Match: the document is not in the state the request expects");
  else if (error != NULL)
    lrs_respond_gerror (msg, error);
  else
    lrs_respond (msg, SOUP_STATUS_NO_CONTENT, NULL, NULL);
}

/**
 * lrs_begin_xapi_request:
 * @lrs: the server
 * @msg: a request to an xAPI resource
 * @params: (inout): its query parameters
 * @form: (out): the form fields of the alternate request syntax, which
 *   @params then points to
 * @method: (out): the method it intends
 * @body: (out): its content
 *
 * What every xAPI resource but Statements does first: the body limit, the
 * alternate request syntax (Communication 1.3), the version header and
 * the credentials; the answer is given already when it fails.
 *
 * Returns: (transfer full) (nullable): the account, or `NULL` if answered
 */
LrsAccount *
lrs_begin_xapi_request (Lrs                *lrs,
                        SoupServerMessage  *msg,
                        GHashTable        **params,
                        GHashTable        **form,
                        char              **method,
                        GBytes            **body)
{
  g_autoptr(GError) error = NULL;

  *method = g_strdup (soup_server_message_get_method (msg));
  *body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (*body) > lrs->config.max_body)
    {
      lrs_respond_error (msg, LRS_ERROR_TOO_LARGE, "The body is too large");
      return NULL;
    }
  if (g_strcmp0 (*method, "POST") == 0 && *params != NULL &&
      g_hash_table_contains (*params, "method"))
    {
      g_clear_pointer (method, g_free);
      if (!lrs_unwrap_alternate (msg, *params, body, form, method, &error))
        {
          lrs_respond_gerror (msg, error);
          return NULL;
        }
      *params = *form;
    }
  if (!lrs_check_version_header (msg))
    return NULL;
  return lrs_authenticate (lrs->auth, msg);
}

/**
 * lrs_begin_xapi_read:
 * @lrs: the server
 * @msg: a request to a resource that is read only
 * @path: the path of the request
 * @own_path: the resource's path (nothing under it is a resource)
 * @params: (inout): its query parameters
 * @form: (out): as for lrs_begin_xapi_request()
 * @known: the @n_known names of the parameters the resource takes
 * @n_known: their number
 *
 * lrs_begin_xapi_request() for the resources that take GET and HEAD only
 * (Agents, Activities), with their path and parameters checked.
 *
 * Returns: (transfer full) (nullable): the account, or `NULL` if answered
 */
LrsAccount *
lrs_begin_xapi_read (Lrs                *lrs,
                     SoupServerMessage  *msg,
                     const char         *path,
                     const char         *own_path,
                     GHashTable        **params,
                     GHashTable        **form,
                     const char * const *known,
                     gsize               n_known)
{
  g_autofree char *method = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (path, own_path) != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such resource");
      return NULL;
    }
  account = lrs_begin_xapi_request (lrs, msg, params, form, &method, &body);
  if (account == NULL)
    return NULL;
  if (g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "HEAD") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "This resource takes GET and HEAD");
      return NULL;
    }
  if (!lrs_check_parameters (*params, known, n_known, &error))
    {
      lrs_respond_gerror (msg, error);
      return NULL;
    }
  return g_steal_pointer (&account);
}

static void
handle (const DocumentResource *resource,
        Lrs                    *lrs,
        SoupServerMessage      *msg,
        GHashTable             *params)
{
  g_autofree char *method = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Request) request = { 0 };
  gboolean get;

  account = lrs_begin_xapi_request (lrs, msg, &params, &form, &method, &body);
  if (account == NULL)
    return;

  if (!g_strv_contains ((const char *[]) { "GET", "HEAD", "PUT", "POST", "DELETE", NULL }, method))
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED,
                         "The document resources take GET, HEAD, PUT, POST and DELETE");
      return;
    }
  get = g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0;
  if (!parse_request (resource, params, get, &request, &error) ||
      !authorize (lrs, account, resource, method, &request, &error))
    {
      lrs_respond_gerror (msg, error);
      return;
    }

  if (get)
    get_documents (lrs, msg, &request);
  else if (g_strcmp0 (method, "DELETE") == 0)
    delete_documents (lrs, msg, resource, &request);
  else if (request.key.id == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s: missing"), resource->id_name);

      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, message);
    }
  else
    write_document (lrs, msg, resource, method, &request, body);
}

/* Only the resource's own path: nothing under it. */
static gboolean
check_path (SoupServerMessage *msg,
            const char        *path,
            const char        *expected)
{
  if (g_strcmp0 (path, expected) == 0)
    return TRUE;
  lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such resource");
  return FALSE;
}

void
lrs_state_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *params,
              gpointer           user_data)
{
  if (check_path (msg, path, "/xapi/activities/state"))
    handle (&state_resource, user_data, msg, params);
}

void
lrs_activity_profile_cb (SoupServer        *server,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *params,
                         gpointer           user_data)
{
  if (check_path (msg, path, "/xapi/activities/profile"))
    handle (&activity_profile_resource, user_data, msg, params);
}

void
lrs_agent_profile_cb (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *params,
                      gpointer           user_data)
{
  if (check_path (msg, path, "/xapi/agents/profile"))
    handle (&agent_profile_resource, user_data, msg, params);
}
