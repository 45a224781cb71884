/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * E-mail through the city's SMTP relay, by libcurl (see lrs-mail.c):
 * composing one message, sending it to one recipient, and sending a
 * batch at a limited rate with a result per recipient.  Reminders use
 * it, and so will the phishing drills.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LRS_MAIL_ERROR (lrs_mail_error_quark ())

typedef enum {
  LRS_MAIL_ERROR_NOT_CONFIGURED,
  LRS_MAIL_ERROR_INVALID,
  LRS_MAIL_ERROR_REFUSED,      /* the relay refused the sender, a recipient or the message */
  LRS_MAIL_ERROR_FAILED,       /* the relay could not be reached or the connection failed */
} LrsMailError;

/* The [mail] section of the server's configuration. */
typedef struct {
  char  *smtp_url;         /* smtp:// or smtps://; NULL when mail is off */
  char  *from;             /* the sender's address */
  char  *username;         /* or NULL */
  char  *password;         /* read from password-file, or NULL */
  char  *ca_file;          /* or NULL for the system's */
  guint  per_minute;       /* the most messages sent in a minute */
  int    remind_at;        /* the daily reminders' time, minutes after midnight; -1: none */
} LrsMailConfig;

/* One message to one recipient, and how sending it went. */
typedef struct {
  char    *to;
  char    *text;           /* the whole message, RFC 5322, CRLF */
  gboolean sent;
  char    *error;          /* why it was not sent, or NULL */
} LrsMailMessage;

GQuark          lrs_mail_error_quark     (void);
gboolean        lrs_mail_config_load     (LrsMailConfig       *config,
                                          GKeyFile            *file,
                                          const char          *path,
                                          GError             **error);
void            lrs_mail_config_clear    (LrsMailConfig       *config);
gboolean        lrs_mail_needs_starttls  (const char          *smtp_url);
char           *lrs_mail_encode_header   (const char          *text);
char           *lrs_mail_compose         (const char          *from,
                                          const char          *to,
                                          const char          *subject,
                                          const char          *body,
                                          GDateTime           *date);
gboolean        lrs_mail_send            (const LrsMailConfig *config,
                                          const char          *to,
                                          const char          *text,
                                          GError             **error);
LrsMailMessage *lrs_mail_message_new     (const char          *to,
                                          char                *text);
void            lrs_mail_message_free    (LrsMailMessage      *message);
guint           lrs_mail_send_batch      (const LrsMailConfig *config,
                                          GPtrArray           *messages,
                                          GCancellable        *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrsMailMessage, lrs_mail_message_free)

G_END_DECLS
