/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * E-mail through the city's SMTP relay, by libcurl.  A message is plain
 * text in UTF-8 (base64, so that no relay mangles it), its subject
 * encoded as RFC 2047 words; it goes over smtps://, or over smtp:// with
 * STARTTLS required unless the relay is on loopback.  A batch goes out
 * one message at a time, at most per-minute a minute, and each message
 * says whether it was sent and why not: a refused recipient stops no
 * other, and nothing of the batch is lost when the relay fails.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "lrs-mail.h"

G_DEFINE_QUARK (lrs-mail-error-quark, lrs_mail_error)

/* Reads the [mail] section: smtp-url, from, username, password-file,
 * ca-file, per-minute (60) and remind-at (HH:MM, the daily reminders'
 * local time; none by default).  Without smtp-url, mail is off. */
gboolean
lrs_mail_config_load (LrsMailConfig  *config,
                      GKeyFile       *file,
                      const char     *path,
                      GError        **error)
{
  g_autofree char *password_file = g_key_file_get_string (file, "mail", "password-file", NULL);
  g_autofree char *remind_at = g_key_file_get_string (file, "mail", "remind-at", NULL);
  g_autoptr(GError) local_error = NULL;
  gint64 per_minute;
  guint hour, minute;
  char rest;

  config->smtp_url = g_key_file_get_string (file, "mail", "smtp-url", NULL);
  config->from = g_key_file_get_string (file, "mail", "from", NULL);
  config->username = g_key_file_get_string (file, "mail", "username", NULL);
  config->ca_file = g_key_file_get_string (file, "mail", "ca-file", NULL);
  per_minute = g_key_file_get_int64 (file, "mail", "per-minute", &local_error);
  config->per_minute = local_error != NULL || per_minute <= 0 ? 60 : (guint) MIN (per_minute, 6000);
  config->remind_at = -1;
  if (remind_at != NULL)
    {
      if (strlen (remind_at) != 5 || remind_at[2] != ':' ||
          sscanf (remind_at, "%2u:%2u%c", &hour, &minute, &rest) != 2 || hour > 23 || minute > 59)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("%s: [mail] remind-at must be a time of day, HH:MM (such as 08:30)"),
                       path);
          return FALSE;
        }
      if (config->smtp_url == NULL)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       _("%s: [mail] remind-at needs smtp-url, the relay to send through"), path);
          return FALSE;
        }
      config->remind_at = (int) (hour * 60 + minute);
    }
  if (config->smtp_url == NULL)
    return TRUE;

  if (!g_str_has_prefix (config->smtp_url, "smtp://") && !g_str_has_prefix (config->smtp_url,
                                                                            "smtps://"))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("%s: [mail] smtp-url must begin with smtp:// or smtps://"), path);
      return FALSE;
    }
  if (config->from == NULL || strchr (config->from, '@') == NULL || strpbrk (config->from,
                                                                             "\r\n<>") != NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _("%s: [mail] needs “from”, the sender's e-mail address"), path);
      return FALSE;
    }
  if (password_file != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *full = NULL;

      if (g_path_is_absolute (password_file))
        full = g_strdup (password_file);
      else
        full = g_build_filename (dir, password_file, NULL);

      if (!g_file_get_contents (full, &config->password, NULL, error))
        {
          g_prefix_error (error, "%s: [mail] password-file: ", path);
          return FALSE;
        }
      g_strchomp (config->password);
    }
  return TRUE;
}

void
lrs_mail_config_clear (LrsMailConfig *config)
{
  g_free (config->smtp_url);
  g_free (config->from);
  g_free (config->username);
  if (config->password != NULL)
    memset (config->password, 0, strlen (config->password));
  g_free (config->password);
  g_free (config->ca_file);
}

/* Whether @smtp_url must use STARTTLS: an smtp:// relay off loopback (an
 * smtps:// one is encrypted from the start). */
gboolean
lrs_mail_needs_starttls (const char *smtp_url)
{
  g_autoptr(GUri) uri = g_uri_parse (smtp_url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;
  g_autoptr(GInetAddress) address = NULL;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "smtps") == 0)
    return uri == NULL;
  if (host == NULL || g_ascii_strcasecmp (host, "localhost") == 0)
    return host == NULL;
  address = g_inet_address_new_from_string (host);
  return address == NULL || !g_inet_address_get_is_loopback (address);
}

/* @text as RFC 2047 encoded words (UTF-8, base64), each at most 75
 * characters and never splitting a character; ASCII without specials
 * as it is. */
char *
lrs_mail_encode_header (const char *text)
{
  GString *encoded;
  const char *p = text;
  gboolean plain = TRUE;

  for (const char *c = text; *c != '\0'; c++)
    if ((guchar) *c >= 0x80 || *c == '\r' || *c == '\n' || (c[0] == '=' && c[1] == '?'))
      plain = FALSE;
  if (plain)
    return g_strdup (text);

  encoded = g_string_new (NULL);
  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *chunk = NULL;

      /* 45 bytes make 60 base64 characters, with "=?UTF-8?B?" and "?=" 72. */
      while (*end != '\0' && g_utf8_next_char (end) - p <= 45)
        end = g_utf8_next_char (end);
      chunk = g_base64_encode ((const guchar *) p, (gsize) (end - p));
      g_string_append_printf (encoded, "%s=?UTF-8?B?%s?=", encoded->len > 0 ? "\r\n " : "", chunk);
      p = end;
    }
  return g_string_free (encoded, FALSE);
}

/* Replaces CR and LF, which would begin a new header, by spaces. */
static char *
one_line (const char *text)
{
  return g_strdelimit (g_strdup (text), "\r\n", ' ');
}

/**
 * lrs_mail_compose:
 * @date: (nullable): the Date header, or now
 *
 * Returns: (transfer full): a plain text message in UTF-8: headers with
 *   CRLF, the subject encoded (RFC 2047), the body in base64
 */
char *
lrs_mail_compose (const char *from,
                  const char *to,
                  const char *subject,
                  const char *body,
                  GDateTime  *date)
{
  g_autoptr(GDateTime) now = date != NULL ? g_date_time_ref (date) : g_date_time_new_now_utc ();
  g_autofree char *when = NULL;
  g_autofree char *safe_subject = one_line (subject);
  g_autofree char *encoded_subject = lrs_mail_encode_header (safe_subject);
  g_autofree char *safe_from = one_line (from);
  g_autofree char *safe_to = one_line (to);
  g_autofree char *id = g_uuid_string_random ();
  const char *domain = strchr (safe_from, '@');
  g_autoptr(GString) crlf_body = g_string_new (NULL);
  g_autofree char *base64 = NULL;
  GString *message = g_string_new (NULL);
  gsize length;

  /* The Date header is in English whatever the locale: RFC 5322. */
  {
    static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                          "Sep",
                                           "Oct", "Nov", "Dec" };

    when = g_strdup_printf ("%s, %02d %s %04d %02d:%02d:%02d +0000",
                            days[g_date_time_get_day_of_week (now) - 1],
                            g_date_time_get_day_of_month (now),
                            months[g_date_time_get_month (now) - 1],
                            g_date_time_get_year (now), g_date_time_get_hour (now),
                            g_date_time_get_minute (now), g_date_time_get_second (now));
  }
  for (const char *p = body; *p != '\0'; p++)
    {
      if (*p == '\n' && (p == body || p[-1] != '\r'))
        g_string_append_c (crlf_body, '\r');
      g_string_append_c (crlf_body, *p);
    }
  base64 = g_base64_encode ((const guchar *) crlf_body->str, crlf_body->len);
  length = strlen (base64);

  g_string_append_printf (message, "From: %s\r\n", safe_from);
  g_string_append_printf (message, "To: %s\r\n", safe_to);
  g_string_append_printf (message, "Subject: %s\r\n", encoded_subject);
  g_string_append_printf (message, "Date: %s\r\n", when);
  g_string_append_printf (message, "Message-ID: <%s%s>\r\n", id,
                          domain != NULL ? domain : "@localhost");
  g_string_append (message, "MIME-Version: 1.0\r\n"
                            "Content-Type: text/plain; charset=UTF-8\r\n"
                            "Content-Transfer-Encoding: base64\r\n"
                            "Auto-Submitted: auto-generated\r\n\r\n");
  for (gsize i = 0; i < length; i += 76)
    {
      g_string_append_len (message, base64 + i, (gssize) MIN (76, length - i));
      g_string_append (message, "\r\n");
    }
  return g_string_free (message, FALSE);
}

typedef struct {
  const char *text;
  gsize       left;
} Upload;

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  Upload *upload = user_data;
  size_t n = MIN (size * count, upload->left);

  memcpy (buffer, upload->text, n);
  upload->text += n;
  upload->left -= n;
  return n;
}

/**
 * lrs_mail_send:
 * @text: a message made by lrs_mail_compose()
 *
 * Sends @text to @to through the relay of @config.
 *
 * Returns: whether the relay took it; LRS_MAIL_ERROR_REFUSED when it
 *   refused (the error says the relay's answer)
 */
gboolean
lrs_mail_send (const LrsMailConfig  *config,
               const char           *to,
               const char           *text,
               GError              **error)
{
  g_autofree char *recipient = NULL;
  g_autofree char *sender = NULL;
  char message[CURL_ERROR_SIZE] = "";
  struct curl_slist *recipients = NULL;
  Upload upload = { text, strlen (text) };
  CURL *curl;
  CURLcode code;

  if (config->smtp_url == NULL)
    {
      g_set_error_literal (error, LRS_MAIL_ERROR, LRS_MAIL_ERROR_NOT_CONFIGURED,
                           _("No SMTP relay is configured ([mail] smtp-url)"));
      return FALSE;
    }
  if (to == NULL || strpbrk (to, "\r\n<>") != NULL || strchr (to, '@') == NULL)
    {
      g_set_error (error, LRS_MAIL_ERROR, LRS_MAIL_ERROR_INVALID,
                   _("“%s” is not an e-mail address"),
                   to != NULL ? to : "");
      return FALSE;
    }
  recipient = g_strdup_printf ("<%s>", to);
  sender = g_strdup_printf ("<%s>", config->from);
  recipients = curl_slist_append (NULL, recipient);
  curl = curl_easy_init ();
  curl_easy_setopt (curl, CURLOPT_URL, config->smtp_url);
  curl_easy_setopt (curl, CURLOPT_MAIL_FROM, sender);
  curl_easy_setopt (curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt (curl, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt (curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, message);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  /* Off loopback, never in clear: STARTTLS or nothing. */
  if (lrs_mail_needs_starttls (config->smtp_url))
    curl_easy_setopt (curl, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
  if (config->ca_file != NULL)
    curl_easy_setopt (curl, CURLOPT_CAINFO, config->ca_file);
  if (config->username != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_USERNAME, config->username);
      curl_easy_setopt (curl, CURLOPT_PASSWORD, config->password != NULL ? config->password : "");
    }
  code = curl_easy_perform (curl);
  curl_easy_cleanup (curl);
  curl_slist_free_all (recipients);

  if (code == CURLE_OK)
    return TRUE;
  g_set_error (error, LRS_MAIL_ERROR,
               code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_LOGIN_DENIED ||
               code == CURLE_USE_SSL_FAILED ? LRS_MAIL_ERROR_REFUSED : LRS_MAIL_ERROR_FAILED,
               "%s", message[0] != '\0' ? message : curl_easy_strerror (code));
  return FALSE;
}

LrsMailMessage *
lrs_mail_message_new (const char *to,
                      char       *text)
{
  LrsMailMessage *message = g_new0 (LrsMailMessage, 1);

  message->to = g_strdup (to);
  message->text = text;
  return message;
}

void
lrs_mail_message_free (LrsMailMessage *message)
{
  g_free (message->to);
  g_free (message->text);
  g_free (message->error);
  g_free (message);
}

/**
 * lrs_mail_send_batch:
 * @messages: (element-type LrsMailMessage): what to send; each gets its
 *   result (sent, or the error)
 *
 * Sends @messages one at a time, no more than the configured number a
 * minute; blocks, so run it in a thread.  A message not sent keeps its
 * error, and the others are sent all the same.
 *
 * Returns: how many were sent
 */
guint
lrs_mail_send_batch (const LrsMailConfig *config,
                     GPtrArray           *messages,
                     GCancellable        *cancellable)
{
  gint64 interval = G_USEC_PER_SEC * 60 / MAX (config->per_minute, 1);
  gint64 next = 0;
  guint sent = 0;

  for (guint i = 0; i < messages->len; i++)
    {
      LrsMailMessage *message = g_ptr_array_index (messages, i);
      g_autoptr(GError) error = NULL;
      gint64 now = g_get_monotonic_time ();

      if (g_cancellable_is_cancelled (cancellable))
        {
          message->error = g_strdup (_("Not sent: the sending was stopped"));
          continue;
        }
      if (next > now)
        g_usleep ((gulong) (next - now));
      next = g_get_monotonic_time () + interval;
      message->sent = lrs_mail_send (config, message->to, message->text, &error);
      if (message->sent)
        sent++;
      else
        message->error = g_strdup (error->message);
    }
  return sent;
}
