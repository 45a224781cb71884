/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Phishing drills (標的型攻撃メール訓練), the administrators' side:
 *
 *   POST   /admin/drills             create a campaign (JSON below)
 *   GET    /admin/drills             list the campaigns
 *   GET    /admin/drills/ID          one campaign, with its recipients
 *   DELETE /admin/drills/ID          cancel it: nothing more is sent
 *   GET    /admin/drills/ID/report   results per department (JSON, or CSV
 *                                    with format=csv, bom=true, headers=ja)
 *   GET, PUT, DELETE /admin/drills/stop
 *                                    the kill switch: PUT stops all
 *                                    sending at once, DELETE resumes
 *   POST   /admin/drills/send        send what is due now
 *   GET    /admin/drills/templates   the templates of the published content
 *   GET    /admin/drills/trend       the whole of each drill, for the trend
 *
 * A campaign is {"template", "audience" (everyone, department, role or
 * segment), "audience_value", "send_from", "send_until", "ends" (ISO 8601,
 * or YYYY-MM-DD in Japan time), "follow_up_days", "exclude": [staff ids]}.
 * Each recipient gets a random time in [send_from, send_until), so that
 * staff cannot warn each other.
 *
 * Sending is in lrs-drill-sending.c, the follow-up modules of those who
 * clicked in lrs-drill-follow-ups.c, the landing page and the reports of
 * suspicious mail in lrs-drill-landing.c and lrs-drill-reports.c.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "lrs-drills.h"
#include "lrs-drills-store.h"
#include "lrs-http.h"
#include "lrs-report.h"

#define DEFAULT_FOLLOW_UP   14

static const char * const csv_headers_en[] = {
  "department", "recipients", "sent", "delivered", "clicked", "reported", "reported_before_click",
  "first_report_minutes", NULL,
};
static const char * const csv_headers_ja[] = {
  "所属", "対象者数", "送信数", "配信数", "クリック数", "報告数", "クリック前の報告数",
  "最初の報告までの分数", NULL,
};

/* A time of a campaign: ISO 8601 with its zone, or a day in Japan time. */
static gboolean
parse_time (const char *text,
            gint64     *out)
{
  g_autoptr(GTimeZone) japan = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;
  if (strlen (text) == 10)
    {
      g_autofree char *full = g_strconcat (text, "T00:00:00", NULL);

      time = g_date_time_new_from_iso8601 (full, japan);
    }
  else
    time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return FALSE;
  *out = g_date_time_to_unix (time);
  return TRUE;
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          gint64       at)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (at);
  g_autofree char *text = g_date_time_format_iso8601 (time);

  json_builder_set_member_name (builder, member);
  if (at > 0)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_drill (JsonBuilder    *builder,
           const LrsDrill *drill)
{
  json_builder_begin_object (builder);
  add_string (builder, "id", drill->id);
  add_string (builder, "template", drill->template);
  add_string (builder, "audience", drill->audience);
  add_string (builder, "audience_value", drill->audience_value);
  add_time (builder, "send_from", drill->send_from);
  add_time (builder, "send_until", drill->send_until);
  add_time (builder, "ends", drill->ends);
  add_int (builder, "follow_up_days", drill->follow_up_days);
  add_string (builder, "state", drill->state);
  add_time (builder, "created", drill->created);
  add_string (builder, "created_by", drill->created_by);
  if (drill->excluded != NULL)
    {
      json_builder_set_member_name (builder, "exclude");
      json_builder_begin_array (builder);
      for (guint i = 0; drill->excluded[i] != NULL; i++)
        json_builder_add_string_value (builder, drill->excluded[i]);
      json_builder_end_array (builder);
    }
}

/* The members of the audience, the excluded left out, each with a
 * random time in the window.  Who is in the audience is the library's
 * rule, the one the assignments follow. */
static GPtrArray *
choose_recipients (Lrs            *lrs,
                   const LrsDrill *drill,
                   GError        **error)
{
  g_autoptr(GPtrArray) accounts = lrs_store_list_accounts (lrs->store, error);
  GPtrArray *recipients;
  AwarenessAssignment audience = { 0 };
  guint32 span = (guint32) MIN (drill->send_until - drill->send_from, G_MAXUINT32);

  if (accounts == NULL)
    return NULL;
  audience.audience = g_strcmp0 (drill->audience, "department") == 0 ? AWARENESS_AUDIENCE_DEPARTMENT
                      : g_strcmp0 (drill->audience, "role") == 0   ? AWARENESS_AUDIENCE_ROLE
                      : g_strcmp0 (drill->audience, "segment") == 0
                          ? AWARENESS_AUDIENCE_SEGMENT
                          : AWARENESS_AUDIENCE_EVERYONE;
  audience.audience_value = drill->audience_value;

  recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_drill_recipient_free);
  for (guint i = 0; i < accounts->len; i++)
    {
      LrsAccount *account = g_ptr_array_index (accounts, i);
      AwarenessStaff staff = { account->department, lrs_role_to_string (account->role),
                               account->segment, NULL };
      LrsDrillRecipient *recipient;

      if (!account->active || account->staff_id == NULL ||
          !awareness_assignment_applies (&audience, &staff) ||
          (drill->excluded != NULL &&
           g_strv_contains ((const char * const *) drill->excluded, account->staff_id)))
        continue;

      recipient = g_new0 (LrsDrillRecipient, 1);
      recipient->staff_id = g_strdup (account->staff_id);
      recipient->department = g_strdup (account->department != NULL ? account->department : "");
      recipient->send_at = drill->send_from + (span > 0 ? randombytes_uniform (span) : 0);
      g_ptr_array_add (recipients, recipient);
    }
  return recipients;
}

static LrsDrill *
drill_from_request (Lrs          *lrs,
                    JsonNode     *root,
                    const char  **problem)
{
  g_autoptr(LrsDrill) drill = g_new0 (LrsDrill, 1);
  JsonObject *object;
  JsonArray *exclude;
  gint64 days = lrs->config.drill_follow_up_days > 0 ? lrs->config.drill_follow_up_days
                                                     : DEFAULT_FOLLOW_UP;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      *problem = N_("A drill is a JSON object");
      return NULL;
    }
  object = json_node_get_object (root);
  drill->template = g_strdup (json_object_get_string_member_with_default (object, "template",
                                                                          NULL));
  drill->audience = g_strdup (json_object_get_string_member_with_default (object, "audience",
                                                                          "everyone"));
  drill->audience_value =
      g_strdup (json_object_get_string_member_with_default (object, "audience_value", ""));
  if (json_object_has_member (object, "follow_up_days"))
    days = json_object_get_int_member_with_default (object, "follow_up_days", -1);

  if (drill->template == NULL || lrs->catalog == NULL ||
      awareness_catalog_lookup_drill (lrs->catalog, drill->template) == NULL)
    *problem = N_("“template” must name a drill template of the published content");
  else if (!g_strv_contains ((const char * const[]) { "everyone", "department", "role",
                                                      "segment", NULL }, drill->audience))
    *problem = N_("“audience” is everyone, department, role or segment");
  else if (g_strcmp0 (drill->audience, "everyone") != 0 && drill->audience_value[0] == '\0')
    *problem = N_("This audience needs an “audience_value”: which department, role or segment");
  else if (!parse_time (json_object_get_string_member_with_default (object, "send_from", NULL),
                        &drill->send_from) ||
           !parse_time (json_object_get_string_member_with_default (object, "send_until", NULL),
                        &drill->send_until) ||
           !parse_time (json_object_get_string_member_with_default (object, "ends", NULL),
                        &drill->ends))
    *problem = N_("“send_from”, “send_until” and “ends” must be dates or ISO 8601 times");
  else if (drill->send_from >= drill->send_until || drill->send_until > drill->ends)
    *problem = N_("The send window must begin before it ends, and end no later than the drill");
  else if (days < 1 || days > 365)
    *problem = N_("“follow_up_days” must be a whole number from 1 to 365");
  if (*problem != NULL)
    return NULL;

  drill->follow_up_days = (guint) days;
  exclude = json_object_has_member (object, "exclude") &&
                    JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "exclude"))
                ? json_object_get_array_member (object, "exclude")
                : NULL;
  if (exclude != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (exclude); i++)
        {
          const char *id = json_node_get_string (json_array_get_element (exclude, i));

          if (id != NULL)
            g_strv_builder_add (builder, id);
        }
      drill->excluded = g_strv_builder_end (builder);
    }
  else
    drill->excluded = g_new0 (char *, 1);
  return g_steal_pointer (&drill);
}

static void
create (Lrs               *lrs,
        SoupServerMessage *msg,
        LrsAccount        *admin)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = lrs_parse_body (msg, bytes, &error);
  g_autoptr(LrsDrill) drill = NULL;
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *problem = NULL;

  if (root == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "The body is not JSON");
      return;
    }
  drill = drill_from_request (lrs, root, &problem);
  if (drill == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, problem);
      return;
    }
  drill->id = g_uuid_string_random ();
  drill->created = g_get_real_time () / G_USEC_PER_SEC;
  drill->created_by = g_strdup (admin->staff_id != NULL ? admin->staff_id : admin->key);

  recipients = choose_recipients (lrs, drill, &error);
  if (recipients == NULL || !lrs_drills_store_create (lrs->store, drill, recipients, &error))
    {
      g_message ("drill: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The drill could not be stored");
      return;
    }
  g_free (drill->state);
  drill->state = g_strdup ("scheduled");

  add_drill (builder, drill);
  add_int (builder, "recipients", recipients->len);
  json_builder_end_object (builder);
  lrs_respond_json (msg, SOUP_STATUS_CREATED, json_builder_get_root (builder));
}

/* GET /admin/drills, and GET /admin/drills/trend with @totals: the
 * campaigns, oldest first, each with the whole of its results for the
 * trend across drills (no individual). */
static void
list (Lrs               *lrs,
      SoupServerMessage *msg,
      gboolean           totals)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drills = lrs_drills_store_list (lrs->store, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (drills == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The drills could not be read");
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; i < drills->len; i++)
    {
      LrsDrill *drill = g_ptr_array_index (drills, i);
      g_autoptr(GPtrArray) recipients = NULL;
      g_autoptr(GPtrArray) results = NULL;
      LrsDrillResult *total;

      add_drill (builder, drill);
      if (totals)
        {
          recipients = lrs_drills_store_recipients (lrs->store, drill->id, &error);
          if (recipients == NULL)
            {
              lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The drills could not be read");
              return;
            }
          results = lrs_drill_results (recipients);
          total = g_ptr_array_index (results, results->len - 1);
          add_int (builder, "recipients", total->recipients);
          add_int (builder, "delivered", total->delivered);
          add_int (builder, "clicked", total->clicked);
          add_int (builder, "reported", total->reported);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/**
 * lrs_drill_results:
 * @recipients: (element-type LrsDrillRecipient): the recipients of a drill
 *
 * Returns: (transfer full) (element-type LrsDrillResult): one row per
 *   department, in order, then the whole drill (department `NULL`)
 */
GPtrArray *
lrs_drill_results (GPtrArray *recipients)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_drill_result_free);
  LrsDrillResult *total = g_new0 (LrsDrillResult, 1);
  LrsDrillResult *current = NULL;
  gint64 total_first_sent = 0, total_first_report = 0;
  gint64 first_sent = 0, first_report = 0;

  total->first_report_seconds = -1;
  for (guint i = 0; i <= recipients->len; i++)
    {
      LrsDrillRecipient *r = i < recipients->len ? g_ptr_array_index (recipients, i) : NULL;

      if (current != NULL && (r == NULL || g_strcmp0 (current->department, r->department) != 0))
        {
          if (first_sent > 0 && first_report > 0)
            current->first_report_seconds = first_report - first_sent;
          current = NULL;
        }
      if (r == NULL)
        break;
      if (current == NULL)
        {
          current = g_new0 (LrsDrillResult, 1);
          current->department = g_strdup (r->department);
          current->first_report_seconds = -1;
          first_sent = first_report = 0;
          g_ptr_array_add (results, current);
        }

      for (LrsDrillResult *row = current; row != NULL; row = row == current ? total : NULL)
        {
          gint64 *sent = row == current ? &first_sent : &total_first_sent;
          gint64 *report = row == current ? &first_report : &total_first_report;

          row->recipients++;
          if (r->sent_at > 0 || r->failure[0] != '\0')
            row->sent++;
          if (r->sent_at > 0)
            {
              row->delivered++;
              *sent = *sent == 0 ? r->sent_at : MIN (*sent, r->sent_at);
            }
          if (r->clicked_at > 0)
            row->clicked++;
          if (r->reported_at > 0)
            {
              row->reported++;
              *report = *report == 0 ? r->reported_at : MIN (*report, r->reported_at);
              if (r->clicked_at == 0 || r->reported_at < r->clicked_at)
                row->reported_before_click++;
            }
        }
    }
  if (total_first_sent > 0 && total_first_report > 0)
    total->first_report_seconds = total_first_report - total_first_sent;
  g_ptr_array_add (results, total);
  return results;
}

void
lrs_drill_result_free (LrsDrillResult *result)
{
  g_free (result->department);
  g_free (result);
}

/* The results as CSV (RFC 4180, CRLF), for Excel with @bom. */
char *
lrs_drill_results_to_csv (GPtrArray *results,
                          gboolean   bom,
                          gboolean   japanese)
{
  GString *csv = g_string_new (bom ? "\xEF\xBB\xBF" : "");

  lrs_csv_append_record (csv, japanese ? csv_headers_ja : csv_headers_en,
                         G_N_ELEMENTS (csv_headers_en) - 1);
  for (guint i = 0; i < results->len; i++)
    {
      LrsDrillResult *row = g_ptr_array_index (results, i);
      g_autofree char *n = g_strdup_printf ("%u", row->recipients);
      g_autofree char *sent = g_strdup_printf ("%u", row->sent);
      g_autofree char *delivered = g_strdup_printf ("%u", row->delivered);
      g_autofree char *clicked = g_strdup_printf ("%u", row->clicked);
      g_autofree char *reported = g_strdup_printf ("%u", row->reported);
      g_autofree char *before = g_strdup_printf ("%u", row->reported_before_click);
      g_autofree char *minutes = row->first_report_seconds >= 0
                                     ? g_strdup_printf ("%" G_GINT64_FORMAT,
                                                        row->first_report_seconds / 60)
                                     : g_strdup ("");
      const char *values[] = {
        row->department != NULL ? row->department : (japanese ? "全体" : "(all)"),
        n, sent, delivered, clicked, reported, before, minutes,
      };

      lrs_csv_append_record (csv, values, G_N_ELEMENTS (values));
    }
  return g_string_free (csv, FALSE);
}

static void
report (Lrs               *lrs,
        SoupServerMessage *msg,
        const char        *id,
        GHashTable        *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) recipients = lrs_drills_store_recipients (lrs->store, id, &error);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *format = params != NULL ? g_hash_table_lookup (params, "format") : NULL;

  if (recipients == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The drill's results could not be read");
      return;
    }
  results = lrs_drill_results (recipients);
  if (g_strcmp0 (format, "csv") == 0)
    {
      g_autofree char *csv =
          lrs_drill_results_to_csv (results,
                                    g_strcmp0 (g_hash_table_lookup (params, "bom"), "true") == 0,
                                    g_strcmp0 (g_hash_table_lookup (params, "headers"), "ja")
                                        == 0);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Disposition",
                                    "attachment; filename=\"drill-results.csv\"");
      lrs_respond (msg, SOUP_STATUS_OK, "text/csv; charset=utf-8", csv);
      return;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < results->len; i++)
    {
      LrsDrillResult *row = g_ptr_array_index (results, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "department");
      if (row->department != NULL)
        json_builder_add_string_value (builder, row->department);
      else
        json_builder_add_null_value (builder);
      add_int (builder, "recipients", row->recipients);
      add_int (builder, "sent", row->sent);
      add_int (builder, "delivered", row->delivered);
      add_int (builder, "clicked", row->clicked);
      add_int (builder, "reported", row->reported);
      add_int (builder, "reported_before_click", row->reported_before_click);
      json_builder_set_member_name (builder, "first_report_seconds");
      if (row->first_report_seconds >= 0)
        json_builder_add_int_value (builder, row->first_report_seconds);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
show (Lrs               *lrs,
      SoupServerMessage *msg,
      const char        *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LrsDrill) drill = lrs_drills_store_get (lrs->store, id, &error);
  g_autoptr(GPtrArray) recipients = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (drill == NULL)
    {
      if (g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND))
        lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "There is no drill with this id");
      else
        lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The drill could not be read");
      return;
    }
  recipients = lrs_drills_store_recipients (lrs->store, id, &error);
  if (recipients == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The drill could not be read");
      return;
    }

  /* Individuals: for administrators only, as this resource is. */
  add_drill (builder, drill);
  json_builder_set_member_name (builder, "recipients");
  json_builder_begin_array (builder);
  for (guint i = 0; i < recipients->len; i++)
    {
      LrsDrillRecipient *r = g_ptr_array_index (recipients, i);

      json_builder_begin_object (builder);
      add_string (builder, "staff_id", r->staff_id);
      add_string (builder, "department", r->department);
      add_time (builder, "send_at", r->send_at);
      add_time (builder, "sent_at", r->sent_at);
      add_time (builder, "clicked_at", r->clicked_at);
      add_time (builder, "reported_at", r->reported_at);
      add_int (builder, "scans", r->scans);
      if (r->failure[0] != '\0')
        add_string (builder, "failure", r->failure);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* GET /admin/drills/templates: the drill templates of the published
 * content, with their titles, for the dashboard's form. */
static void
templates (Lrs               *lrs,
           SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GListModel *drills = lrs->catalog != NULL ? awareness_catalog_get_drills (lrs->catalog) : NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; drills != NULL && i < g_list_model_get_n_items (drills); i++)
    {
      g_autoptr(AwarenessDrill) drill = g_list_model_get_item (drills, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", awareness_drill_get_id (drill));
      json_builder_set_member_name (builder, "title");
      json_builder_begin_object (builder);
      add_string (builder, "ja", awareness_drill_get_title (drill, "ja"));
      add_string (builder, "en", awareness_drill_get_title (drill, "en"));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
kill_switch (Lrs               *lrs,
             SoupServerMessage *msg,
             const char        *method)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean stopped = FALSE;

  if (g_strcmp0 (method, "PUT") == 0 || g_strcmp0 (method, "DELETE") == 0)
    {
      if (!lrs_drills_store_set_stopped (lrs->store, g_strcmp0 (method, "PUT") == 0, &error))
        {
          lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The kill switch could not be set");
          return;
        }
    }
  else if (g_strcmp0 (method, "GET") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The kill switch takes GET, PUT or DELETE");
      return;
    }
  if (!lrs_drills_store_get_stopped (lrs->store, &stopped, &error))
    {
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The kill switch could not be read");
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "stopped");
  json_builder_add_boolean_value (builder, stopped);
  json_builder_end_object (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* POST /admin/drills/send: the sending step, now, for what is due. */
static void
send_now (Lrs               *lrs,
          SoupServerMessage *msg,
          const char        *method)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int sent;

  if (g_strcmp0 (method, "POST") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Sending takes POST");
      return;
    }
  sent = lrs_drills_send_due (lrs, g_get_real_time () / G_USEC_PER_SEC, lrs_drills_sender (lrs),
                              &error);
  if (sent < 0)
    {
      g_message ("drill: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The drills could not be read");
      return;
    }
  json_builder_begin_object (builder);
  add_int (builder, "sent", sent);
  json_builder_end_object (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

void
lrs_drills_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *params,
               gpointer           user_data)
{
  Lrs *lrs = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(LrsAccount) admin = lrs_authenticate_admin (lrs->auth, msg);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = NULL;
  const char *rest;

  if (admin == NULL)
    return;
  if (!lrs_drills_store_init (lrs->store, &error))
    {
      g_message ("drill: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The drills could not be read");
      return;
    }

  rest = path + strlen ("/admin/drills");
  if (rest[0] == '\0' || strcmp (rest, "/") == 0)
    {
      if (g_strcmp0 (method, "POST") == 0)
        create (lrs, msg, admin);
      else if (g_strcmp0 (method, "GET") == 0)
        list (lrs, msg, FALSE);
      else
        lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The drills take GET or POST");
      return;
    }

  parts = g_strsplit (rest + 1, "/", -1);
  if (g_strv_length (parts) == 1 && strcmp (parts[0], "stop") == 0)
    kill_switch (lrs, msg, method);
  else if (g_strv_length (parts) == 1 && strcmp (parts[0], "send") == 0)
    send_now (lrs, msg, method);
  else if (g_strv_length (parts) == 1 && strcmp (parts[0], "templates") == 0 &&
           g_strcmp0 (method, "GET") == 0)
    templates (lrs, msg);
  else if (g_strv_length (parts) == 1 && strcmp (parts[0], "trend") == 0 &&
           g_strcmp0 (method, "GET") == 0)
    list (lrs, msg, TRUE);
  else if (g_strv_length (parts) == 1 && g_strcmp0 (method, "GET") == 0)
    show (lrs, msg, parts[0]);
  else if (g_strv_length (parts) == 1 && g_strcmp0 (method, "DELETE") == 0)
    {
      if (lrs_drills_store_cancel (lrs->store, parts[0], &error))
        show (lrs, msg, parts[0]);
      else if (g_error_matches (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND))
        lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, "There is no drill with this id");
      else
        lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The drill could not be cancelled");
    }
  else if (g_strv_length (parts) == 2 && strcmp (parts[1], "report") == 0 &&
           g_strcmp0 (method, "GET") == 0)
    report (lrs, msg, parts[0], params);
  else
    lrs_respond_error (msg, LRS_ERROR_NOT_FOUND,
                       "Drills: /admin/drills, /admin/drills/ID, /admin/drills/ID/report, "
                       "/admin/drills/stop, /admin/drills/send, /admin/drills/templates, "
                       "/admin/drills/trend");
}
