/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * GET /admin/audit: the audit log (the security log of
 * lrs-security-log.c) for the administrators, as JSON or as CSV for
 * Excel.  Reading it is not itself an entry: it changes nothing.
 */
#include "config.h"

#include "lrs-http.h"
#include "lrs-report.h"
#include "lrs-server.h"

/* The most entries one request returns, and the default. */
#define MAX_ENTRIES     100000
#define DEFAULT_ENTRIES 1000

static const char * const headers_en[] = {
  "seq", "at", "event", "actor", "subject", "detail", "address", NULL,
};
static const char * const headers_ja[] = {
  "番号", "日時", "操作", "実行者", "対象", "詳細", "接続元", NULL,
};

/**
 * lrs_audit_to_csv:
 * @events: (element-type LrsSecurityEvent): entries of the audit log
 *
 * Returns: (transfer full): the entries as CSV (RFC 4180, CRLF), every
 *   cell defused against formulas
 */
char *
lrs_audit_to_csv (GPtrArray *events,
                  gboolean   bom,
                  gboolean   japanese)
{
  GString *csv = g_string_new (bom ? "\xEF\xBB\xBF" : "");

  lrs_csv_append_record (csv, japanese ? headers_ja : headers_en, G_N_ELEMENTS (headers_en) - 1);
  for (guint i = 0; i < events->len; i++)
    {
      LrsSecurityEvent *event = g_ptr_array_index (events, i);
      g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, event->seq);
      const char *values[] = { seq, event->at, event->event, event->actor, event->subject,
                               event->detail, event->address };

      lrs_csv_append_record (csv, values, G_N_ELEMENTS (values));
    }
  return g_string_free (csv, FALSE);
}

static JsonNode *
audit_to_json (GPtrArray *events)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      LrsSecurityEvent *event = g_ptr_array_index (events, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "seq");
      json_builder_add_int_value (builder, event->seq);
      lrs_json_add_nullable (builder, "at", event->at);
      lrs_json_add_nullable (builder, "event", event->event);
      lrs_json_add_nullable (builder, "actor", event->actor);
      lrs_json_add_nullable (builder, "subject", event->subject);
      lrs_json_add_nullable (builder, "detail", event->detail);
      lrs_json_add_nullable (builder, "address", event->address);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/*
 * GET /admin/audit: the latest entries (limit, 1000 by default) at or
 * after since (a date, an ISO 8601 time or a fiscal year, read as the
 * reports read them), the oldest first; as JSON, or as CSV (format=csv)
 * with bom=true for Excel and headers=ja for Japanese column names.
 * Administrators only.
 */
void
lrs_admin_audit_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *params,
                    gpointer           user_data)
{
  Lrs *lrs = user_data;
  g_autoptr(LrsAccount) account = lrs_authenticate_admin (lrs->auth, msg);
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) until = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *since_text = NULL;
  const char *format = params != NULL ? g_hash_table_lookup (params, "format") : NULL;
  const char *limit_text = params != NULL ? g_hash_table_lookup (params, "limit") : NULL;
  guint64 limit = DEFAULT_ENTRIES;
  SoupMessageHeaders *headers;

  if (account == NULL)
    return;
  if (g_strcmp0 (path, "/admin/audit") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "No such resource");
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The audit log takes GET: it is append-only");
      return;
    }
  if (limit_text != NULL &&
      (!g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_ENTRIES, &limit, NULL)))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "limit: a number from 1 to 100000");
      return;
    }
  if (!awareness_period_parse (params != NULL ? g_hash_table_lookup (params, "since") : NULL, NULL,
                               params != NULL ? g_hash_table_lookup (params, "fiscal-year") : NULL,
                               &since, &until, &error))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, error->message);
      return;
    }
  if (since != NULL)
    since_text = awareness_xapi_format_timestamp (since);

  events = lrs_store_list_security_events (lrs->store, since_text, (guint) limit, &error);
  if (events == NULL)
    {
      g_warning ("Reading the audit log failed: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The audit log could not be read");
      return;
    }

  headers = soup_server_message_get_response_headers (msg);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (g_strcmp0 (format, "csv") == 0)
    {
      gboolean bom = g_strcmp0 (g_hash_table_lookup (params, "bom"), "true") == 0;
      gboolean japanese = g_strcmp0 (g_hash_table_lookup (params, "headers"), "ja") == 0;
      g_autofree char *csv = lrs_audit_to_csv (events, bom, japanese);

      soup_message_headers_replace (headers, "Content-Disposition",
                                    "attachment; filename=\"audit.csv\"");
      lrs_respond (msg, SOUP_STATUS_OK, "text/csv; charset=utf-8", csv);
    }
  else if (format == NULL || g_strcmp0 (format, "json") == 0)
    lrs_respond_json (msg, SOUP_STATUS_OK, audit_to_json (events));
  else
    lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "format: json or csv");
}
