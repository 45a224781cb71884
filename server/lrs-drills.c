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
 * Sending: lrs_drills_send_due() makes each due message's token, composes
 * the message with the library in the recipient's language and hands it
 * to lrs_drills_deliver(), which sends it through the City's relay (the
 * [mail] section, as reminders) at most per-minute messages a round.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "lrs-drills.h"
#include "lrs-drills-store.h"
#include "lrs-http.h"
#include "lrs-mail.h"
#include "lrs-report.h"

/* 256 bits: unguessable, and short enough for a link. */
#define TOKEN_BYTES         32
#define DEFAULT_FOLLOW_UP   14
#define DEFAULT_KEEP_DAYS   400

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

/* The drill messages' sender address: [drills] from, else the [mail]
 * sender. */
static const char *
drill_sender (Lrs *lrs)
{
  return lrs->config.drill_from != NULL ? lrs->config.drill_from
         : lrs->config.mail.from != NULL ? lrs->config.mail.from
                                         : "awareness-drill@localhost";
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
  sent = lrs_drills_send_due (lrs, g_get_real_time () / G_USEC_PER_SEC, drill_sender (lrs),
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

/*
 * Hands @message, the bytes of one drill message for @staff_id at @to, to
 * the City's relay (the [mail] configuration, as reminders are sent).
 * With [drills] outbox it is written to that directory instead: a dry
 * run an administrator can read.  Without either, it fails with this
 * error, is recorded as failed and is tried again at the next round.
 */
gboolean
lrs_drills_deliver (Lrs         *lrs,
                    const char  *drill_id,
                    const char  *staff_id,
                    const char  *to,
                    GBytes      *message,
                    GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (lrs->config.drill_outbox == NULL)
    {
      if (lrs->config.mail.smtp_url == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Drill messages cannot be sent: the server has no [mail] "
                                 "smtp-url"));
          return FALSE;
        }
      text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));
      return lrs_mail_send (&lrs->config.mail, to, text, error);
    }
  if (g_mkdir_with_parents (lrs->config.drill_outbox, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s: %s",
                   lrs->config.drill_outbox, g_strerror (errno));
      return FALSE;
    }
  name = g_strdup_printf ("%s-%s.eml", drill_id, staff_id);
  g_strdelimit (name, "/\\", '_');
  path = g_build_filename (lrs->config.drill_outbox, name, NULL);
  return g_file_set_contents_full (path, g_bytes_get_data (message, NULL),
                                   (gssize) g_bytes_get_size (message),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* The e-mail address of @staff_id, from the roster's contacts, the same
 * as reminders use; in a dry run to the outbox, a placeholder. */
static char *
recipient_address (Lrs         *lrs,
                   GHashTable  *contacts,
                   const char  *staff_id,
                   GError     **error)
{
  LrsContact *contact = contacts != NULL ? g_hash_table_lookup (contacts, staff_id) : NULL;

  if (contact != NULL && contact->email != NULL && contact->email[0] != '\0')
    return g_strdup (contact->email);
  if (lrs->config.drill_outbox != NULL)
    return g_strdup_printf ("%s@outbox.invalid", staff_id);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("%s has no e-mail address: add it to the roster"), staff_id);
  return NULL;
}

static char *
new_token (void)
{
  guchar bytes[TOKEN_BYTES];
  char *text;

  randombytes_buf (bytes, sizeof bytes);
  text = g_base64_encode (bytes, sizeof bytes);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  g_strdelimit (text, "=", '\0');
  sodium_memzero (bytes, sizeof bytes);
  return text;
}

/**
 * lrs_drill_token_hash:
 * @token: a drill token
 *
 * Returns: (transfer full): what the store keeps of @token: its SHA-256
 */
char *
lrs_drill_token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/**
 * lrs_drills_send_due:
 * @lrs: the server
 * @now: the time, in Unix seconds
 * @from_address: the drill messages' sender address
 * @error: return location for an error of the store
 *
 * Sends every drill message whose time has come (none while the kill
 * switch is on): makes its token, keeps its hash, composes the message in
 * Japanese with the library and delivers it.  A failure is recorded for
 * that recipient, who is tried again next time; a message is recorded as
 * sent only once.
 *
 * Returns: the number of messages sent, or -1 with @error set
 */
int
lrs_drills_send_due (Lrs         *lrs,
                     gint64       now,
                     const char  *from_address,
                     GError     **error)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GHashTable) contacts = NULL;
  int sent = 0;
  guint tried = 0;

  if (!lrs_drills_store_init (lrs->store, error))
    return -1;
  due = lrs_drills_store_due (lrs->store, now, error);
  if (due == NULL)
    return -1;
  contacts = lrs_store_get_contacts (lrs->store, error);
  if (contacts == NULL)
    return -1;

  for (guint i = 0; i < due->len; i++)
    {
      LrsDrillRecipient *r = g_ptr_array_index (due, i);
      g_autoptr(LrsDrill) drill = lrs_drills_store_get (lrs->store, r->drill, error);
      g_autoptr(GError) failure = NULL;
      g_autoptr(GBytes) message = NULL;
      g_autofree char *token = new_token ();
      g_autofree char *hash = lrs_drill_token_hash (token);
      g_autofree char *link = NULL;
      g_autofree char *address = NULL;
      AwarenessDrill *template;

      if (drill == NULL)
        return -1;
      /* The relay's rate: the rest are due at the next round. */
      if (lrs->config.drill_outbox == NULL && lrs->config.mail.per_minute > 0
          && tried++ >= lrs->config.mail.per_minute)
        break;
      template = lrs->catalog != NULL
                     ? awareness_catalog_lookup_drill (lrs->catalog, drill->template)
                     : NULL;
      link = g_strdup_printf ("%s%sdrill/%s", lrs->config.home_page,
                              g_str_has_suffix (lrs->config.home_page, "/") ? "" : "/", token);
      if (template == NULL)
        g_set_error (&failure, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("The drill template “%s” is not in the published content"),
                     drill->template);
      else
        address = recipient_address (lrs, contacts, r->staff_id, &failure);
      if (address != NULL)
        {
          LrsContact *contact = g_hash_table_lookup (contacts, r->staff_id);
          const char *language = contact != NULL && contact->language != NULL
                                   ? contact->language : "ja";

          message = awareness_drill_compose_message (template, language, from_address, address,
                                                     link, token, NULL, FALSE, &failure);
        }
      if (message != NULL
          && lrs_drills_deliver (lrs, r->drill, r->staff_id, address, message, &failure))
        {
          if (!lrs_drills_store_mark_sent (lrs->store, r->drill, r->staff_id, hash, now, NULL,
                                           error))
            return -1;
          sent++;
          continue;
        }
      if (!lrs_drills_store_mark_sent (lrs->store, r->drill, r->staff_id, NULL, 0,
                                       failure->message, error))
        return -1;
    }

  return sent;
}

/**
 * lrs_drills_tick:
 * @lrs: the server
 * @now: the time, in Unix seconds (the server's clock; a test's own)
 * @error: return location for an error of the store
 *
 * One round of the drills' timer: sends what is due at @now (nothing
 * while the kill switch is on, nothing of a cancelled or ended campaign;
 * failures are kept per recipient and tried again at the next round), and
 * removes the data of the drills that ended more than [drills] keep-days
 * before @now.
 *
 * Returns: the number of messages sent, or -1 with @error set
 */
int
lrs_drills_tick (Lrs         *lrs,
                 gint64       now,
                 GError     **error)
{
  gint64 keep = (gint64) (lrs->config.drill_keep_days > 0 ? lrs->config.drill_keep_days
                                                           : DEFAULT_KEEP_DAYS) * 86400;
  guint removed = 0;
  int sent = lrs_drills_send_due (lrs, now, drill_sender (lrs), error);

  if (sent < 0 || !lrs_drills_store_purge (lrs->store, now - keep, &removed, error))
    return -1;
  if (removed > 0)
    g_message ("drill: removed the data of %u drills that ended over %" G_GINT64_FORMAT
               " days ago", removed, keep / 86400);
  return sent;
}

static gboolean
tick_cb (gpointer user_data)
{
  Lrs *lrs = user_data;
  g_autoptr(GError) error = NULL;

  if (lrs_drills_tick (lrs, g_get_real_time () / G_USEC_PER_SEC, &error) < 0)
    g_message ("drill: %s", error->message);
  return G_SOURCE_CONTINUE;
}

/**
 * lrs_drills_start_timer:
 * @lrs: the server
 *
 * Runs lrs_drills_tick() every [drills] send-interval-seconds on the main
 * loop, so that each message goes out at its own time in its campaign's
 * window without anyone asking: the times are stored, so a restart keeps
 * them, and what fell due while the server was down goes out at the first
 * round.
 *
 * Returns: the timer's source id, for g_source_remove()
 */
guint
lrs_drills_start_timer (Lrs *lrs)
{
  return g_timeout_add_seconds (MAX (lrs->config.drill_interval, 1), tick_cb, lrs);
}

/**
 * lrs_drills_assign_follow_up:
 * @lrs: the server
 * @drill: the drill whose link was clicked
 * @recipient: who clicked it
 * @template: the drill's template, which names the follow-up module
 * @now: the click, in Unix seconds
 * @error: return location for an error of the store
 *
 * Assigns the template's follow-up module to the member of staff who
 * clicked, due the campaign's follow-up days after the day of the click
 * (the server's time zone, the City's): a per-person assignment that their
 * status, the app, the reports and the reminders show until they pass the
 * module after the click.  Once per drill and person.
 */
gboolean
lrs_drills_assign_follow_up (Lrs                     *lrs,
                             const LrsDrill          *drill,
                             const LrsDrillRecipient *recipient,
                             AwarenessDrill          *template,
                             gint64                   now,
                             GError                 **error)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr(GDateTime) click = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *due_text = NULL;
  LrsFollowUp follow_up = { 0 };

  if (awareness_drill_get_follow_up (template) == NULL)
    return TRUE;
  day = g_date_time_new (zone, g_date_time_get_year (click), g_date_time_get_month (click),
                         g_date_time_get_day_of_month (click), 12, 0, 0);
  due = g_date_time_add_days (day, (gint) drill->follow_up_days);
  due_text = g_date_time_format (due, "%Y-%m-%d");
  follow_up.drill = drill->id;
  follow_up.staff_id = recipient->staff_id;
  follow_up.module = (char *) awareness_drill_get_follow_up (template);
  follow_up.assigned_at = now;
  follow_up.due = due_text;
  return lrs_drills_store_assign_follow_up (lrs->store, &follow_up, error);
}

/**
 * lrs_drills_follow_ups_by_person:
 * @store: the store
 * @staff_id: (nullable): one member of staff, or everyone
 * @error: return location for an error
 *
 * Returns: (transfer full): the latest follow-up of each person and
 *   module, by lrs_follow_up_key(), open or not
 */
GHashTable *
lrs_drills_follow_ups_by_person (LrsStore    *store,
                                 const char  *staff_id,
                                 GError     **error)
{
  g_autoptr(GPtrArray) follow_ups = NULL;
  GHashTable *latest;

  if (!lrs_drills_store_init (store, error))
    return NULL;
  follow_ups = lrs_drills_store_follow_ups (store, staff_id, error);
  if (follow_ups == NULL)
    return NULL;
  latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                  (GDestroyNotify) lrs_follow_up_free);
  /* The oldest first: a later click's follow-up replaces an earlier one. */
  for (guint i = 0; i < follow_ups->len; i++)
    {
      LrsFollowUp *follow_up = g_ptr_array_index (follow_ups, i);

      g_hash_table_replace (latest, lrs_follow_up_key (follow_up->staff_id, follow_up->module),
                            g_steal_pointer (&follow_ups->pdata[i]));
    }
  return latest;
}

/* The key of a person's follow-up of a module. */
char *
lrs_follow_up_key (const char *staff_id,
                   const char *module)
{
  return g_strconcat (staff_id, "\x1f", module, NULL);
}

/**
 * lrs_follow_up_is_open:
 * @follow_up: a follow-up
 * @pass_at: when the server received the person's latest pass of its
 *   module, in Unix microseconds; 0 for none
 *
 * Returns: whether @follow_up is still to do: only a pass after the click
 *   completes it, whatever came before
 */
gboolean
lrs_follow_up_is_open (const LrsFollowUp *follow_up,
                       gint64             pass_at)
{
  return pass_at == 0 || pass_at / G_USEC_PER_SEC < follow_up->assigned_at;
}

/**
 * lrs_follow_up_to_assignment:
 * @follow_up: an open follow-up
 * @assignment: (out caller-allocates): the assignment it is, for the
 *   library's rules: that person, once, by its due date
 */
void
lrs_follow_up_to_assignment (const LrsFollowUp   *follow_up,
                             AwarenessAssignment *assignment)
{
  memset (assignment, 0, sizeof *assignment);
  assignment->audience = AWARENESS_AUDIENCE_EVERYONE;
  assignment->recurrence = AWARENESS_RECURRENCE_ONCE;
  /* Unused by a campaign held once, but a valid day, as the rule's reader
   * defaults to. */
  assignment->due_month = 3;
  assignment->due_day = 31;
  if (!awareness_date_parse (follow_up->due, &assignment->due_date))
    g_date_clear (&assignment->due_date, 1);
}
