/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The HTTP helpers of awareness-server (see lrs-http.h).  The messages of
 * HTTP responses are in the language the request asks for with
 * Accept-Language: Japanese or English, English when it names neither
 * (xAPI clients, whose logs expect one language, send none).
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lrs-http.h"

#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " \
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* libsoup 3.2 removes the Content-Length of a 204 as it writes the
 * headers, which makes the response one that ends when the connection
 * does: it then closes the connection, and a client that keeps it alive
 * sees its next request fail.  A 204 has no body: said once its headers
 * are written, the connection is kept for the next request. */
static void
no_content_written_cb (SoupServerMessage *msg,
                       gpointer           user_data)
{
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_NONE);
}

void
lrs_respond (SoupServerMessage *msg,
             guint              status,
             const char        *content_type,
             const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
  else if (status == SOUP_STATUS_NO_CONTENT)
    g_signal_connect (msg, "wrote-headers", G_CALLBACK (no_content_written_cb), NULL);
}

/* Answers with @root (which it takes) as JSON. */
void
lrs_respond_json (SoupServerMessage *msg,
                  guint              status,
                  JsonNode          *root)
{
  g_autofree char *body = lrs_to_json (root);

  lrs_respond (msg, status, "application/json", body);
  json_node_unref (root);
}

/**
 * lrs_request_language:
 * @msg: a request
 *
 * The language of the answer to @msg: the first of Japanese and English
 * that its Accept-Language (RFC 9110, 12.5.4) accepts, by quality.
 *
 * Returns: `"ja"` or `"en"` (the default)
 */
const char *
lrs_request_language (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "Accept-Language");
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  const char *language = "en";
  GSList *tags;

  /* ?lang=ja or ?lang=en, where a page offers the choice, wins. */
  if (query != NULL)
    {
      g_autoptr(GHashTable) params = soup_form_decode (query);
      const char *asked = g_hash_table_lookup (params, "lang");

      if (g_strcmp0 (asked, "ja") == 0)
        return "ja";
      if (g_strcmp0 (asked, "en") == 0)
        return "en";
    }
  if (header == NULL)
    return language;
  tags = soup_header_parse_quality_list (header, NULL);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *tag = l->data;

      if (g_ascii_strncasecmp (tag, "ja", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
        {
          language = "ja";
          break;
        }
      if (g_ascii_strncasecmp (tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
        break;
    }
  soup_header_free_list (tags);
  return language;
}

/* The messages locale of each language the server answers in: the
 * process's locale otherwise, so that numbers and character classes do
 * not change with the request.  NULL where the system lacks the locale. */
static locale_t
language_locale (const char *language)
{
  static locale_t locales[2];
  static gsize once;

  if (g_once_init_enter (&once))
    {
      const char *names[] = { "ja_JP.UTF-8", "C" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          locale_t base = duplocale (LC_GLOBAL_LOCALE);

          locales[i] = base != (locale_t) 0 ? newlocale (LC_MESSAGES_MASK, names[i], base)
                                            : (locale_t) 0;
          if (locales[i] == (locale_t) 0 && base != (locale_t) 0)
            freelocale (base);
        }
      /* GLib decides once per process whether g_dgettext(), which the
       * library's messages go through, translates at all: not when the
       * process's own locale has no catalog (C.UTF-8, as the server is
       * often run).  Decided here in Japanese, the library's messages
       * follow each request's language as the server's own do. */
      if (locales[0] != (locale_t) 0)
        {
          locale_t previous = uselocale (locales[0]);

          g_dgettext (GETTEXT_PACKAGE, "");
          uselocale (previous);
        }
      g_once_init_leave (&once, 1);
    }
  return g_strcmp0 (language, "ja") == 0 ? locales[0] : locales[1];
}

/* Makes the locales of the languages the server answers in, once the
 * process's locale and text domain are set: before any message of the
 * library is looked up (see language_locale()). */
void
lrs_init_languages (void)
{
  language_locale ("en");
}

/**
 * lrs_use_request_language:
 * @msg: a request
 *
 * Makes the messages of this thread speak the language of @msg (see
 * lrs_request_language()), until lrs_restore_language().
 *
 * Returns: what to give lrs_restore_language()
 */
locale_t
lrs_use_request_language (SoupServerMessage *msg)
{
  locale_t chosen = language_locale (lrs_request_language (msg));

  return uselocale (chosen != (locale_t) 0 ? chosen : (locale_t) 0);
}

/* Makes the messages of this thread speak @language ("ja" or "en", as
 * for a person's e-mail), until lrs_restore_language(). */
locale_t
lrs_use_language (const char *language)
{
  locale_t chosen = language_locale (language);

  return uselocale (chosen != (locale_t) 0 ? chosen : (locale_t) 0);
}

void
lrs_restore_language (locale_t previous)
{
  uselocale (previous);
}

/* Answers {"error": @message} with the status of @code, @message in the
 * language of the request: a message of the catalog (every literal given
 * here is one; see po/meson.build) is translated, any other is said as it
 * is (it was made in the language of the request already). */
void
lrs_respond_error (SoupServerMessage *msg,
                   LrsError           code,
                   const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (LRS_ERROR, (gint) code, message);
  guint status = lrs_http_status_for_error (error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;

  const char *language = lrs_request_language (msg);
  locale_t previous = lrs_use_request_language (msg);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, message[0] != '\0' ? _(message) : message);
  json_builder_end_object (builder);
  lrs_restore_language (previous);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Language",
                                language);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Basic realm=\"xAPI\"");
  lrs_respond (msg, status, "application/json", body);
}

/* Answers with @error's message and the status of its code (see
 * lrs_http_status_for_error()). */
void
lrs_respond_gerror (SoupServerMessage *msg,
                    const GError      *error)
{
  guint status = lrs_http_status_for_error (error);

  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR && error->domain != LRS_ERROR)
    {
      /* Not a message for clients: the details go to the log only. */
      g_warning ("Answering 500: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The server failed");
      return;
    }
  lrs_respond_error (msg, (LrsError) error->code, error->message);
}

char *
lrs_to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Parses a body: bounded in size, nesting and values before json-glib,
 * whose recursive parser a deep enough body would crash. */
JsonNode *
lrs_parse_json (GBytes  *bytes,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *root;

  if (data == NULL)
    data = "";
  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST, _("The body is not UTF-8"));
      return NULL;
    }
  root = awareness_json_parse_bounded (data, (gssize) size, NULL, &local_error);
  if (root == NULL)
    {
      gboolean large = g_error_matches (local_error, AWARENESS_JSON_ERROR,
                                        AWARENESS_JSON_ERROR_TOO_LARGE);

      g_set_error (error, LRS_ERROR, large ? LRS_ERROR_TOO_LARGE : LRS_ERROR_BAD_REQUEST,
                   _("The body is refused: %s"), local_error->message);
      return NULL;
    }

  return root;
}

JsonNode *
lrs_parse_body (SoupServerMessage *msg,
                GBytes            *bytes,
                GError           **error)
{
  const char *type =
    soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL);

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    {
      /* 400, as xAPI clients have always been told. */
      g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                   _("Content-Type: statements are sent as application/json, or as multipart/mixed "
                   "with attachments"));
      return NULL;
    }

  return lrs_parse_json (bytes, error);
}

gboolean
lrs_check_version_header (SoupServerMessage *msg)
{
  const char *version = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                      "X-Experience-API-Version");

  if (version == NULL || !g_str_has_prefix (version, "1.0."))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                         "X-Experience-API-Version: missing or not a 1.0.x version");
      return FALSE;
    }

  return TRUE;
}

/* Header parameters that the alternate request syntax sends as form fields. */
static const char * const form_headers[] = {
  "Authorization", "X-Experience-API-Version", "Content-Type", "Content-Length", "If-Match",
  "If-None-Match", NULL,
};

/*
 * The alternate request syntax (Communication 1.3): a POST whose query
 * string holds only `method`, and whose form fields hold the headers, the
 * content and the query parameters of the intended request: @body becomes
 * the content, @query the parameters and @method the intended method, for
 * every resource that takes the syntax.
 */
gboolean
lrs_unwrap_alternate (SoupServerMessage  *msg,
                      GHashTable         *params,
                      GBytes            **body,
                      GHashTable        **query,
                      char              **method,
                      GError            **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *text = NULL;
  GHashTable *form;
  const char *content;
  gsize size;
  const char *data = g_bytes_get_data (*body, &size);

  if (g_hash_table_size (params) != 1)
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                           "With the alternate request syntax, the query string holds “method” "
                           "only");
      return FALSE;
    }

  text = g_strndup (data != NULL ? data : "", size);
  form = soup_form_decode (text);
  for (guint i = 0; form_headers[i] != NULL; i++)
    {
      const char *value = g_hash_table_lookup (form, form_headers[i]);

      if (value != NULL)
        {
          soup_message_headers_replace (headers, form_headers[i], value);
          g_hash_table_remove (form, form_headers[i]);
        }
    }

  /* The content, as UTF-8 text. */
  content = g_hash_table_lookup (form, "content");
  g_bytes_unref (*body);
  *body = g_bytes_new (content != NULL ? content : "", content != NULL ? strlen (content) : 0);
  g_hash_table_remove (form, "content");

  *method = g_ascii_strup (g_hash_table_lookup (params, "method"), -1);
  *query = form;
  return TRUE;
}

/* Refuses any of @params that is not among the @n_known names of @known
 * (where NULL stands for none). */
gboolean
lrs_check_parameters (GHashTable         *params,
                      const char * const *known,
                      gsize               n_known,
                      GError            **error)
{
  GHashTableIter iter;
  gpointer name;

  if (params == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      gboolean found = FALSE;

      for (gsize i = 0; i < n_known && !found; i++)
        found = g_strcmp0 (known[i], name) == 0;
      if (!found)
        {
          g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST, _("Unknown parameter “%s”"),
                       (const char *) name);
          return FALSE;
        }
    }
  return TRUE;
}

/* Refuses a body over @limit bytes before it is read. */
void
lrs_refuse_large_body (SoupServerMessage *msg,
                       gsize              limit)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  /* A chunked body has no length to check before it is read: refused, or
   * anyone could make the server hold any amount before signing in. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    lrs_respond_error (msg, LRS_ERROR_LENGTH_REQUIRED, "Send the body with a Content-Length");
  else if (length > (goffset) limit)
    lrs_respond_error (msg, LRS_ERROR_TOO_LARGE, "The body is too large");
}

/* The headers of every response, set as its request arrives: no copy of
 * personal data in a cache, no sniffing of a type, and HTTPS only from a
 * browser that has seen the server once. */
void
lrs_set_private_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Strict-Transport-Security", "max-age=31536000");
}

/* The headers of every dashboard response: no inline scripts, framing,
 * sniffing, referrers or caching. */
void
lrs_set_security_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  lrs_set_private_headers (msg);
  soup_message_headers_replace (headers, "Content-Security-Policy", CSP);
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
}
