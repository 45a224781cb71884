/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * E-mail through a real SMTP server on loopback (npm smtp-server, run by
 * tests/peers/smtp-sink.js), by the server's libcurl sender: messages
 * received with their headers and encoding right (RFC 2047 subject,
 * UTF-8 body), a refused recipient reported while the others are sent,
 * and an smtp:// relay off loopback refused when it offers no STARTTLS.
 */
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "lrs-mail.h"
#include "smtp-sink.h"

static void
test_encode_header (void)
{
  g_autofree char *plain = lrs_mail_encode_header ("Security training");
  g_autofree char *japanese = lrs_mail_encode_header ("【情報セキュリティ研修】受講期限を過ぎた研修があります");
  g_auto(GStrv) words = NULL;

  g_assert_cmpstr (plain, ==, "Security training");
  words = g_strsplit (japanese, "\r\n ", -1);
  g_assert_cmpuint (g_strv_length (words), >=, 2);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_assert_true (g_str_has_prefix (words[i], "=?UTF-8?B?"));
      g_assert_true (g_str_has_suffix (words[i], "?="));
      g_assert_cmpuint (strlen (words[i]), <=, 75);
    }
  g_assert_true (lrs_mail_needs_starttls ("smtp://relay.city.example:25"));
  g_assert_true (lrs_mail_needs_starttls ("smtp://192.0.2.1"));
  g_assert_false (lrs_mail_needs_starttls ("smtp://127.0.0.1:2525"));
  g_assert_false (lrs_mail_needs_starttls ("smtp://[::1]:2525"));
  g_assert_false (lrs_mail_needs_starttls ("smtps://relay.city.example"));
}

/* A batch: two messages received as written, one recipient refused and
 * reported, and the one after it sent all the same. */
static void
test_send_batch (void)
{
  SmtpSink sink = { 0 };
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 3, 23, 30, 0);
  LrsMailConfig config = { 0 };
  const char *subject = "【情報セキュリティ研修】受講期限のお知らせ";
  const char *body = "田中 花子 様\n\n次の研修の期限が近づいています。\n・標的型メール攻撃への対応（期限：2026-12-10）\n";

  if (!smtp_sink_start (&sink, "127.0.0.1", "nobody@city.example"))
    return;
  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_mail_message_free);
  url = g_strdup_printf ("smtp://127.0.0.1:%u", sink.port);
  config.smtp_url = url;
  config.from = (char *) "training@city.example";
  config.per_minute = 600;

  g_ptr_array_add (messages, lrs_mail_message_new ("tanaka@city.example",
                                                   lrs_mail_compose (config.from,
                                                                     "tanaka@city.example",
                                                                     subject, body, date)));
  g_ptr_array_add (messages, lrs_mail_message_new ("nobody@city.example",
                                                   lrs_mail_compose (config.from,
                                                                     "nobody@city.example",
                                                                     subject, body, date)));
  g_ptr_array_add (messages, lrs_mail_message_new ("suzuki@city.example",
                                                   lrs_mail_compose (config.from,
                                                                     "suzuki@city.example",
                                                                     "Security training: due soon",
                                                                     "Dear Suzuki,\n", date)));
  g_assert_cmpuint (lrs_mail_send_batch (&config, messages, NULL), ==, 2);
  g_assert_true (((LrsMailMessage *) messages->pdata[0])->sent);
  g_assert_false (((LrsMailMessage *) messages->pdata[1])->sent);
  g_test_message ("refused: %s", ((LrsMailMessage *) messages->pdata[1])->error);
  g_assert_nonnull (strstr (((LrsMailMessage *) messages->pdata[1])->error, "550"));
  g_assert_true (((LrsMailMessage *) messages->pdata[2])->sent);
  g_assert_null (((LrsMailMessage *) messages->pdata[2])->error);

  {
    g_autoptr(JsonNode) first = smtp_sink_next (&sink);
    g_autoptr(JsonNode) second = smtp_sink_next (&sink);
    JsonObject *received = json_node_get_object (first);
    const char *headers = json_object_get_string_member (received, "rawHeaders");
    JsonObject *next = json_node_get_object (second);

    g_test_message ("%s", headers);
    g_assert_cmpstr (json_object_get_string_member (received, "from"), ==, "training@city.example");
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (received, "to"),
                                                    0), ==,
                     "tanaka@city.example");
    /* Encoded on the wire, decoded by the receiver. */
    g_assert_nonnull (strstr (headers, "Subject: =?UTF-8?B?"));
    g_assert_nonnull (strstr (headers, "Date: Thu, 03 Dec 2026 23:30:00 +0000"));
    g_assert_nonnull (strstr (headers, "Content-Transfer-Encoding: base64"));
    g_assert_null (strstr (headers, "\n\n"));
    g_assert_cmpstr (json_object_get_string_member (received, "subject"), ==, subject);
    g_assert_cmpstr (json_object_get_string_member (received, "contentType"), ==, "text/plain");
    g_assert_cmpstr (json_object_get_string_member (received, "charset"), ==, "UTF-8");
    g_assert_nonnull (strstr (json_object_get_string_member (received, "text"),
                              "・標的型メール攻撃への対応（期限：2026-12-10）"));
    g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (next, "to"), 0),
                     ==, "suzuki@city.example");
    g_assert_cmpstr (json_object_get_string_member (next, "subject"), ==,
                     "Security training: due soon");
  }
  smtp_sink_stop (&sink);
}

/* The first address of this machine that is not loopback, or NULL. */
static char *
outside_address (void)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) words = NULL;

  if (!g_spawn_command_line_sync ("hostname -I", &out, NULL, NULL, NULL) || out == NULL)
    return NULL;
  words = g_strsplit (g_strstrip (out), " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (strchr (words[i], '.') != NULL && !g_str_has_prefix (words[i], "127."))
      return g_strdup (words[i]);
  return NULL;
}

/* An smtp:// relay off loopback that offers no STARTTLS is refused:
 * nothing goes out in clear, and the recipient is reported. */
static void
test_starttls_required (void)
{
  g_autofree char *address = outside_address ();
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  SmtpSink sink = { 0 };
  LrsMailConfig config = { 0 };

  if (address == NULL)
    {
      g_test_skip ("This machine has no address off loopback");
      return;
    }
  if (!smtp_sink_start (&sink, address, "nobody@city.example"))
    return;
  url = g_strdup_printf ("smtp://%s:%u", address, sink.port);
  config.smtp_url = url;
  config.from = (char *) "training@city.example";
  config.per_minute = 60;
  text = lrs_mail_compose (config.from, "tanaka@city.example", "Test", "Secret content\n", NULL);
  g_assert_false (lrs_mail_send (&config, "tanaka@city.example", text, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, LRS_MAIL_ERROR, LRS_MAIL_ERROR_REFUSED);
  smtp_sink_stop (&sink);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/awareness/mail/encode-header", test_encode_header);
  g_test_add_func ("/awareness/mail/send-batch", test_send_batch);
  g_test_add_func ("/awareness/mail/starttls-required", test_starttls_required);
  return g_test_run ();
}
