/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * HTTPS requests to an xAPI LRS, with libcurl: the version header, HTTP
 * Basic with the account's key and secret, certificate verification
 * always on (a city's CA file can replace the system's, a pinned key can
 * narrow it, nothing can turn it off), one connection reused from request
 * to request, and errors that say what went wrong without a credential in
 * them.
 */
#include "config.h"

#include <string.h>

#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "awareness-json.h"
#include "awareness-client.h"

#define MAX_BODY (100 * 1024 * 1024)

/**
 * awareness_client_error_quark:
 *
 * The error domain of #AwarenessClientError.
 *
 * Returns: the #GQuark of %AWARENESS_CLIENT_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-client-error-quark, awareness_client_error)

struct _AwarenessClient
{
  CURL    *curl;
  GUri    *base_uri;
  char    *base;
  char    *host;
  char    *secret;
  guint    timeout;
};

/* The longest Retry-After honoured, in seconds. */
#define AWARENESS_MAX_RETRY_AFTER 120

static gpointer
init_curl (gpointer data)
{
  curl_global_init (CURL_GLOBAL_DEFAULT);
  return NULL;
}

/**
 * awareness_client_new:
 * @config: the server, account and trust settings
 * @secret: the account's secret
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable) (skip): a client, or %NULL if @config cannot be used
 *
 * Since: 0.2
 */
AwarenessClient *
awareness_client_new (const AwarenessConfig *config,
                      const char            *secret,
                      GError               **error)
{
  static GOnce once = G_ONCE_INIT;
  AwarenessClient *self;
  g_autoptr(GUri) uri = NULL;

  if (config->server_url == NULL || config->account_key == NULL)
    {
      g_set_error_literal (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_NOT_SIGNED_IN,
                           _("Not signed in to a server: run “awareness login” first"));
      return NULL;
    }
  if (!awareness_config_check_url (config->server_url, config->allow_http_loopback, error))
    return NULL;
  g_once (&once, init_curl, NULL);

  uri = g_uri_parse (config->server_url, G_URI_FLAGS_NONE, NULL);
  self = g_new0 (AwarenessClient, 1);
  self->curl = curl_easy_init ();
  self->base = g_str_has_suffix (config->server_url, "/")
                   ? g_strdup (config->server_url)
                   : g_strconcat (config->server_url, "/", NULL);
  self->host = g_strdup (g_uri_get_host (uri));
  self->base_uri = g_uri_parse (self->base, G_URI_FLAGS_NONE, NULL);
  self->secret = g_strdup (secret);
  self->timeout = 60;

  curl_easy_setopt (self->curl, CURLOPT_USERNAME, config->account_key);
  curl_easy_setopt (self->curl, CURLOPT_PASSWORD, self->secret);
  curl_easy_setopt (self->curl, CURLOPT_HTTPAUTH, (long) CURLAUTH_BASIC);
  /* Verification is never turned off; a city's CA or a pin adds to it. */
  curl_easy_setopt (self->curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (self->curl, CURLOPT_SSL_VERIFYHOST, 2L);
  /* A city's CA file replaces the system's store, not adds to it: only
   * that authority can vouch for the city's server. */
  if (config->ca_file != NULL)
    {
      curl_easy_setopt (self->curl, CURLOPT_CAINFO, config->ca_file);
      curl_easy_setopt (self->curl, CURLOPT_CAPATH, NULL);
    }
  if (config->pinned_key != NULL)
    curl_easy_setopt (self->curl, CURLOPT_PINNEDPUBLICKEY, config->pinned_key);
  /* The credential goes to the configured server only, never to where a
   * redirect points. */
  curl_easy_setopt (self->curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (self->curl, CURLOPT_PROTOCOLS_STR,
                    config->allow_http_loopback ? "https,http" : "https");
  /* Loopback never through a proxy; the user's own exceptions stay. */
  {
    const char *user_exceptions =
        g_getenv ("no_proxy") != NULL ? g_getenv ("no_proxy") : g_getenv ("NO_PROXY");
    g_autofree char *exceptions = user_exceptions != NULL && user_exceptions[0] != '\0'
                                  ? g_strconcat ("localhost,127.0.0.1,::1,", user_exceptions, NULL)
                                  : g_strdup ("localhost,127.0.0.1,::1");

    curl_easy_setopt (self->curl, CURLOPT_NOPROXY, exceptions);
  }
  /* An answer larger than any content package is not one. */
  curl_easy_setopt (self->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) MAX_BODY);
  curl_easy_setopt (self->curl, CURLOPT_CONNECTTIMEOUT, 15L);
  curl_easy_setopt (self->curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (self->curl, CURLOPT_USERAGENT, "awareness/" PACKAGE_VERSION);
  return self;
}

/**
 * awareness_client_free:
 * @self: (nullable) (transfer full): a client
 *
 * Frees the client and its connection, and wipes the secret from memory.
 *
 * Since: 0.2
 */
void
awareness_client_free (AwarenessClient *self)
{
  if (self == NULL)
    return;

  curl_easy_cleanup (self->curl);
  if (self->secret != NULL)
    explicit_bzero (self->secret, strlen (self->secret));
  g_free (self->secret);
  g_free (self->base);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_free (self->host);
  g_free (self);
}

/**
 * awareness_client_set_timeout:
 * @self: a client
 * @seconds: the longest a request may take, whole
 *
 * Since: 0.2
 */
void
awareness_client_set_timeout (AwarenessClient *self,
                              guint            seconds)
{
  self->timeout = seconds;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  n,
          void   *user_data)
{
  GString *received = user_data;

  if (received->len + size * n > MAX_BODY)
    return 0;   /* libcurl ends the transfer with an error */
  g_string_append_len (received, data, (gssize) (size * n));
  return size * n;
}

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  n,
           void   *user_data)
{
  AwarenessResponse *response = user_data;
  size_t length = size * n;

  if (length > 12 && g_ascii_strncasecmp (data, "Retry-After:", 12) == 0)
    {
      g_autofree char *value = g_strstrip (g_strndup (data + 12, length - 12));
      char *end = NULL;
      gint64 seconds = g_ascii_strtoll (value, &end, 10);

      /* A server cannot hold a sync for long: at most two minutes. */
      if (end != value && *end == '\0' && seconds >= 0)
        response->retry_after = (gint) MIN (seconds, AWARENESS_MAX_RETRY_AFTER);
      else
        {
          time_t when = curl_getdate (value, NULL);

          if (when != -1)
            response->retry_after = (gint) CLAMP (when - time (NULL), 0, AWARENESS_MAX_RETRY_AFTER);
        }
    }
  return length;
}

static int
progress_cb (void      *user_data,
             curl_off_t dltotal,
             curl_off_t dlnow,
             curl_off_t ultotal,
             curl_off_t ulnow)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

static void
set_transfer_error (AwarenessClient *self,
                    CURLcode         code,
                    const char      *detail,
                    GError         **error)
{
  const char *reason = detail[0] != '\0' ? detail : curl_easy_strerror (code);

  switch ((int) code)
    {
    case CURLE_ABORTED_BY_CALLBACK:
      g_set_error_literal (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_CANCELLED,
                           _("Cancelled"));
      return;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
      g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_TLS,
                   _("The server %s could not prove its identity, so nothing was sent: %s. If "
                     "your city uses its own certificate authority, set its file with --ca-file"),
                   self->host, reason);
      return;
    case CURLE_UNSUPPORTED_PROTOCOL:
      g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                   _("The server %s: %s"), self->host, reason);
      return;
    default:
      g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_NETWORK,
                   _("The server %s could not be reached: %s"), self->host, reason);
      return;
    }
}

/* The language the server should answer in: the user's, by the
 * locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), Japanese or English. */
static const char *
accept_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "ja"))
        return "Accept-Language: ja, en;q=0.5";
      if (g_str_has_prefix (names[i], "en") || g_strcmp0 (names[i], "C") == 0)
        break;
    }
  return "Accept-Language: en";
}

/**
 * awareness_client_request:
 * @self: a client
 * @method: GET, POST or PUT
 * @path: the resource, relative to the server's xAPI endpoint, with its
 *   query (`statements?statementId=…`)
 * @body: (nullable): a JSON body
 * @response: (inout): zeroed, or holding an earlier
 *   answer, which is freed; what the server answered
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Makes one request.  Any HTTP answer, 4xx and 5xx included, is a
 * success here: the caller reads @response.
 *
 * Returns: whether the server answered
 *
 * Since: 0.2
 */
gboolean
awareness_client_request (AwarenessClient   *self,
                          const char        *method,
                          const char        *path,
                          const char        *body,
                          AwarenessResponse *response,
                          GCancellable      *cancellable,
                          GError           **error)
{
  g_autoptr(GBytes) bytes = body != NULL ? g_bytes_new_static (body, strlen (body)) : NULL;

  return awareness_client_request_bytes (self, method, path, "application/json", bytes, response,
                                         cancellable, error);
}

/**
 * awareness_client_request_bytes:
 * @self: a client
 * @method: GET, POST or PUT
 * @path: the resource, relative to the server's xAPI endpoint
 * @content_type: the body's type
 * @body: (nullable): the body
 * @response: (inout): as for awareness_client_request()
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * awareness_client_request() with a body of any type, binary included.
 *
 * Returns: whether the server answered
 *
 * Since: 0.2
 */
gboolean
awareness_client_request_bytes (AwarenessClient   *self,
                                const char        *method,
                                const char        *path,
                                const char        *content_type,
                                GBytes            *body,
                                AwarenessResponse *response,
                                GCancellable      *cancellable,
                                GError           **error)
{
  g_autofree char *url = g_uri_resolve_relative (self->base, path, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GString) received = g_string_new (NULL);
  struct curl_slist *headers = NULL;
  char detail[CURL_ERROR_SIZE] = "";
  CURLcode code;
  long status = 0;

  g_autoptr(GUri) target = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  awareness_response_clear (response);
  memset (response, 0, sizeof *response);
  response->retry_after = -1;
  if (target == NULL)
    {
      g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                   _("“%s” is not a resource"), path);
      return FALSE;
    }
  /* The credential goes to the configured server only, whatever a link
   * in an answer (such as `more`) points to. */
  if (g_ascii_strcasecmp (g_uri_get_scheme (target), g_uri_get_scheme (self->base_uri)) != 0 ||
      g_ascii_strcasecmp (g_uri_get_host (target), g_uri_get_host (self->base_uri)) != 0 ||
      g_uri_get_port (target) != g_uri_get_port (self->base_uri))
    {
      g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                   _("The server pointed to another server (%s): nothing was sent there"),
                   g_uri_get_host (target));
      return FALSE;
    }

  headers = curl_slist_append (headers, "X-Experience-API-Version: 1.0.3");
  headers = curl_slist_append (headers, "Accept: application/json");
  headers = curl_slist_append (headers, accept_language ());
  if (body != NULL)
    {
      g_autofree char *type_header = g_strconcat ("Content-Type: ", content_type, NULL);

      headers = curl_slist_append (headers, type_header);
    }

  curl_easy_setopt (self->curl, CURLOPT_URL, url);
  curl_easy_setopt (self->curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (self->curl, CURLOPT_CUSTOMREQUEST, NULL);
  curl_easy_setopt (self->curl, CURLOPT_HTTPGET, 1L);
  if (g_strcmp0 (method, "GET") != 0)
    {
      gsize size = 0;
      gconstpointer data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

      curl_easy_setopt (self->curl, CURLOPT_POSTFIELDS, data != NULL ? data : "");
      curl_easy_setopt (self->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
      curl_easy_setopt (self->curl, CURLOPT_CUSTOMREQUEST, method);
    }
  curl_easy_setopt (self->curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (self->curl, CURLOPT_WRITEDATA, received);
  curl_easy_setopt (self->curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (self->curl, CURLOPT_HEADERDATA, response);
  curl_easy_setopt (self->curl, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt (self->curl, CURLOPT_TIMEOUT, (long) self->timeout);
  curl_easy_setopt (self->curl, CURLOPT_NOPROGRESS, cancellable != NULL ? 0L : 1L);
  curl_easy_setopt (self->curl, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (self->curl, CURLOPT_XFERINFODATA, cancellable);

  code = curl_easy_perform (self->curl);
  curl_easy_setopt (self->curl, CURLOPT_HTTPHEADER, NULL);
  curl_easy_setopt (self->curl, CURLOPT_ERRORBUFFER, NULL);
  curl_slist_free_all (headers);

  if (code != CURLE_OK)
    {
      set_transfer_error (self, code, detail, error);
      return FALSE;
    }

  curl_easy_getinfo (self->curl, CURLINFO_RESPONSE_CODE, &status);
  response->status = (guint) status;
  response->length = received->len;
  response->body = g_string_free (g_steal_pointer (&received), FALSE);
  return TRUE;
}

static char *response_message (const AwarenessResponse *response);

/**
 * awareness_response_message:
 * @response: an answer
 *
 * Returns: (transfer full): what the server said was wrong, from the
 *   usual shapes of an LRS's error body, or the start of the body
 *
 * Since: 0.2
 */
char *
awareness_response_message (const AwarenessResponse *response)
{
  g_autofree char *message = response_message (response);
  GString *printable = g_string_new (NULL);

  /* What a server says is printed to a terminal: no control characters
   * (escape sequences could rewrite the screen). */
  for (const char *p = message; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_c (printable, ' ');
      else
        g_string_append_unichar (printable, c);
    }
  return g_string_free (printable, FALSE);
}

static char *
response_message (const AwarenessResponse *response)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  static const char * const members[] = { "error", "message", NULL };

  if (response->body != NULL &&
      awareness_json_parser_load (parser, response->body, (gssize) response->length, NULL) &&
      json_parser_get_root (parser) != NULL &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      JsonNode *warnings = json_object_get_member (object, "warnings");

      for (guint i = 0; members[i] != NULL; i++)
        {
          JsonNode *node = json_object_get_member (object, members[i]);

          if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
            return g_utf8_make_valid (json_node_get_string (node), -1);
        }
      if (warnings != NULL && JSON_NODE_HOLDS_ARRAY (warnings))
        {
          JsonArray *array = json_node_get_array (warnings);
          g_autoptr(GString) joined = g_string_new (NULL);

          for (guint i = 0; i < json_array_get_length (array); i++)
            if (json_node_get_value_type (json_array_get_element (array, i)) == G_TYPE_STRING)
              g_string_append_printf (joined, "%s%s", joined->len > 0 ? "; " : "",
                                      json_array_get_string_element (array, i));
          if (joined->len > 0)
            return g_string_free (g_steal_pointer (&joined), FALSE);
        }
    }
  if (response->body == NULL || response->length == 0)
    return g_strdup_printf (_("HTTP status %u"), response->status);
  return g_utf8_make_valid (response->body, MIN ((gssize) response->length, 300));
}

/**
 * awareness_response_clear:
 * @response: a response filled by awareness_client_request()
 *
 * Frees the body of @response, not @response itself.
 *
 * Since: 0.2
 */
void
awareness_response_clear (AwarenessResponse *response)
{
  g_clear_pointer (&response->body, g_free);
  response->length = 0;
}
