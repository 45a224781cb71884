/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * POST /drill-reports: a member of staff reports a suspicious message
 * (awareness report-mail).  The body is {"token": "…"} when the pasted
 * headers held a drill's token header, or {"subject": "…"} when only the
 * subject was pasted.  A drill message of the reporter's is recorded as
 * reported, the first time; the answer says whether it was a drill, so
 * that the client can say what to do about a real one: report it as the
 * City's procedures say.  Nobody can report for someone else: the token
 * or the subject must match a message sent to the reporter.
 */
#include "config.h"

#include <string.h>

#include "lrs-drills.h"
#include "lrs-drills-store.h"
#include "lrs-http.h"

/* The recipient of @reporter's that the report names, or NULL. */
static LrsDrillRecipient *
find_reported (Lrs         *lrs,
               LrsAccount  *reporter,
               JsonObject  *report,
               GError     **error)
{
  const char *token = json_object_get_string_member_with_default (report, "token", NULL);
  const char *subject = json_object_get_string_member_with_default (report, "subject", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (token != NULL)
    {
      g_autofree char *hash = lrs_drill_token_hash (token);
      g_autoptr(LrsDrill) drill = NULL;
      g_autoptr(LrsDrillRecipient) recipient =
          lrs_drills_store_lookup_token (lrs->store, hash, &drill, NULL);

      if (recipient != NULL && g_strcmp0 (recipient->staff_id, reporter->staff_id) == 0 &&
          g_strcmp0 (drill->state, "scheduled") == 0 && now < drill->ends)
        return g_steal_pointer (&recipient);
      return NULL;
    }

  if (subject != NULL && lrs->catalog != NULL)
    {
      g_autoptr(GPtrArray) sent = lrs_drills_store_sent_to (lrs->store, reporter->staff_id, now,
                                                            error);
      g_autofree char *wanted = g_strstrip (g_strdup (subject));

      for (guint i = 0; sent != NULL && i < sent->len; i++)
        {
          LrsDrillRecipient *recipient = g_ptr_array_index (sent, i);
          g_autoptr(LrsDrill) drill = lrs_drills_store_get (lrs->store, recipient->drill, NULL);
          AwarenessDrill *template =
              drill != NULL ? awareness_catalog_lookup_drill (lrs->catalog, drill->template)
                            : NULL;

          if (template != NULL &&
              (g_strcmp0 (awareness_drill_get_subject (template, "ja"), wanted) == 0 ||
               g_strcmp0 (awareness_drill_get_subject (template, "en"), wanted) == 0))
            return g_ptr_array_steal_index (sent, i);
        }
    }

  return NULL;
}

void
lrs_drill_reports_cb (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *params,
                      gpointer           user_data)
{
  Lrs *lrs = user_data;
  g_autoptr(LrsAccount) reporter = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LrsDrillRecipient) recipient = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean first = FALSE;

  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "A report takes POST");
      return;
    }
  reporter = lrs_authenticate (lrs->auth, msg);
  if (reporter == NULL)
    return;
  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  root = lrs_parse_body (msg, bytes, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                         "A report is a JSON object with a “token” or a “subject”");
      return;
    }
  if (!lrs_drills_store_init (lrs->store, &error))
    {
      g_message ("drill: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The drills could not be read");
      return;
    }

  recipient = find_reported (lrs, reporter, json_node_get_object (root), &error);
  if (recipient != NULL &&
      !lrs_drills_store_set_reported (lrs->store, recipient, g_get_real_time () / G_USEC_PER_SEC,
                                      &first, &error))
    {
      g_message ("drill: %s", error->message);
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The report could not be stored");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "drill");
  json_builder_add_boolean_value (builder, recipient != NULL);
  json_builder_set_member_name (builder, "first");
  json_builder_add_boolean_value (builder, first);
  json_builder_end_object (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}
