/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The landing page of a drill message's link, for staff, without a
 * credential: the token in the link is the only one.
 *
 *   GET /drill/TOKEN        a neutral page asking to confirm that you
 *                           opened the link yourself; recorded as a scan,
 *                           never as a click
 *   GET /drill/TOKEN/open   the deliberate click: recorded once, as an
 *                           xAPI statement about that member of staff, and
 *                           the page says calmly that it was a drill, the
 *                           signs in this message and what to do next time
 *
 * The rule for a click: link scanners fetch the URLs they find in a
 * message (following redirects, some running the page's scripts) but do
 * not follow the links of the pages they fetch, and the second URL is
 * written nowhere but in the first page, as a link marked nofollow.  So a
 * fetch of the URL in the message never counts; only the request for the
 * second one does, which takes a person's click.
 *
 * No page has a form, a field or a script (the Content-Security-Policy
 * forbids them), nothing is asked of the visitor, and the token never
 * leaves in a Referer.  An unknown token, or one of a drill that has ended
 * or was cancelled, gets the same neutral page and nothing is recorded.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lrs-drills.h"
#include "lrs-drills-store.h"
#include "lrs-http.h"
#include "lrs-ingest.h"

#define VERB_INTERACTED "http://adlnet.gov/expapi/verbs/interacted"
#define ACTIVITY_SIMULATION "http://adlnet.gov/expapi/activities/simulation"
#define EXT_DRILL AWARENESS_XAPI_EXTENSION_BASE "drill"

static const char csp[] =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; "
    "frame-ancestors 'none'; base-uri 'none'";

static const char style[] =
    "body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.7;"
    "color:#222}a.button{display:inline-block;padding:.6em 1.4em;border-radius:6px;"
    "background:#1c5fb4;color:#fff;text-decoration:none}h2{font-size:1.1em;margin-top:1.6em}";

static void
respond_page (SoupServerMessage *msg,
              guint              status,
              const char        *lang,
              const char        *title,
              const char        *body)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  g_autofree char *page =
      g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width\">\n"
                       "<meta name=\"robots\" content=\"noindex,nofollow\">\n"
                       "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n%s</body>\n"
                       "</html>\n", lang, escaped, style, body);

  soup_message_headers_replace (headers, "Content-Security-Policy", csp);
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Robots-Tag", "noindex, nofollow");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  lrs_respond (msg, status, "text/html; charset=utf-8", page);
}

static void
respond_neutral (SoupServerMessage *msg,
                 const char        *lang)
{
  g_autofree char *body = g_strdup_printf ("<h1>%s</h1>\n<p>%s</p>\n", _("Awareness"),
                                           _("This link is not valid, or no longer valid."));

  respond_page (msg, SOUP_STATUS_NOT_FOUND, lang, _("Awareness"), body);
}

/* The statement of a click: the member of staff interacted with the
 * drill, an activity of the catalog. */
static gboolean
record_click (Lrs                     *lrs,
              const LrsDrill          *drill,
              const LrsDrillRecipient *recipient,
              GError                 **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) statements = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                        json_node_unref);
  g_autoptr(GPtrArray) accepted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *timestamp = awareness_xapi_format_timestamp (now);
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *activity = g_strdup_printf ("%sdrills/%s",
                                               awareness_catalog_get_iri_base (lrs->catalog),
                                               drill->template);
  LrsAccount account = { 0 };

  account.staff_id = recipient->staff_id;
  account.department = recipient->department;
  account.role = LRS_ROLE_LEARNER;
  account.active = TRUE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_value (builder, lrs_account_agent (lrs, &account));
  json_builder_set_member_name (builder, "verb");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, VERB_INTERACTED);
  json_builder_set_member_name (builder, "display");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "en-US");
  json_builder_add_string_value (builder, "interacted");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "object");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, activity);
  json_builder_set_member_name (builder, "definition");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, ACTIVITY_SIMULATION);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "context");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "extensions");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, EXT_DRILL);
  json_builder_add_string_value (builder, drill->id);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_string_value (builder, timestamp);
  json_builder_end_object (builder);
  g_ptr_array_add (statements, json_builder_get_root (builder));

  return lrs_ingest_statements (lrs, &account, statements, NULL, LRS_INGEST_STATEMENTS, NULL,
                                accepted, NULL, error);
}

static char *
render_result (AwarenessDrill *template,
               const char     *lang)
{
  g_auto(GStrv) signs = awareness_drill_dup_signs (template, lang, AWARENESS_TEXT_FORMAT_MARKUP);
  g_auto(GStrv) next = awareness_drill_dup_next_time (template, lang,
                                                      AWARENESS_TEXT_FORMAT_MARKUP);
  g_autofree char *subject = g_markup_escape_text (awareness_drill_get_subject (template, lang),
                                                   -1);
  GString *body = g_string_new (NULL);

  g_string_append_printf (body, "<h1>%s</h1>\n<p>%s</p>\n", _("This was a drill"),
                          _("This message was a drill of the City's information security "
                            "training. Nothing was sent from your computer and nothing was "
                            "installed. There is nothing more to do on this page."));
  g_string_append_printf (body, "<h2>%s</h2>\n<p>“%s”</p>\n<ul>\n",
                          _("Signs in this message"), subject);
  for (guint i = 0; signs[i] != NULL; i++)
    g_string_append_printf (body, "<li>%s</li>\n", signs[i]);
  g_string_append_printf (body, "</ul>\n<h2>%s</h2>\n", _("What to do next time"));
  for (guint i = 0; next[i] != NULL; i++)
    g_string_append_printf (body, "<p>%s</p>\n", next[i]);
  return g_string_free (body, FALSE);
}

void
lrs_drill_landing_cb (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *params,
                      gpointer           user_data)
{
  Lrs *lrs = user_data;
  const char *lang = lrs_request_language (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(LrsDrill) drill = NULL;
  g_autoptr(LrsDrillRecipient) recipient = NULL;
  g_auto(GStrv) parts = NULL;
  g_autofree char *hash = NULL;
  gboolean open, first = FALSE;
  AwarenessDrill *template = NULL;
  gint64 now;

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0 &&
      g_strcmp0 (soup_server_message_get_method (msg), "HEAD") != 0)
    {
      respond_neutral (msg, lang);
      return;
    }

  parts = g_strsplit (path + strlen ("/drill/"), "/", -1);
  open = g_strv_length (parts) == 2 && strcmp (parts[1], "open") == 0;
  if (!(g_strv_length (parts) == 1 || open) || strlen (parts[0]) < 22 ||
      !lrs_drills_store_init (lrs->store, &error))
    {
      respond_neutral (msg, lang);
      return;
    }

  hash = lrs_drill_token_hash (parts[0]);
  recipient = lrs_drills_store_lookup_token (lrs->store, hash, &drill, &error);
  if (recipient != NULL && lrs->catalog != NULL)
    template = awareness_catalog_lookup_drill (lrs->catalog, drill->template);
  if (recipient == NULL || template == NULL || g_strcmp0 (drill->state, "scheduled") != 0 ||
      g_get_real_time () / G_USEC_PER_SEC >= drill->ends)
    {
      respond_neutral (msg, lang);
      return;
    }

  if (!open)
    {
      g_autofree char *body = NULL;

      if (!lrs_drills_store_add_scan (lrs->store, recipient, &error))
        g_message ("drill: %s", error->message);
      body = g_strdup_printf ("<h1>%s</h1>\n<p>%s</p>\n"
                              "<p><a class=\"button\" rel=\"nofollow noreferrer\" "
                              "href=\"%s/open?lang=%s\">%s</a></p>\n",
                              _("Awareness"),
                              _("Please confirm that you opened this link yourself."),
                              parts[0], lang, _("Yes, I opened it"));
      respond_page (msg, SOUP_STATUS_OK, lang, _("Awareness"), body);
      return;
    }

  now = g_get_real_time () / G_USEC_PER_SEC;
  if (!lrs_drills_store_set_clicked (lrs->store, recipient, now, &first, &error))
    g_message ("drill: %s", error->message);
  else if (first && !record_click (lrs, drill, recipient, &error))
    g_message ("drill: the statement of a click: %s", error->message);
  /* At every click, once stored: a failure is made good by the next. */
  g_clear_error (&error);
  if (!lrs_drills_assign_follow_up (lrs, drill, recipient, template, now, &error))
    g_message ("drill: the follow-up of a click: %s", error->message);

  {
    g_autofree char *body = render_result (template, lang);

    respond_page (msg, SOUP_STATUS_OK, lang, _("This was a drill"), body);
  }
}
