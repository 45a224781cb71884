/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Phishing drills: sending.  lrs_drills_send_due() makes each due
 * message's token, composes the message with the library in the
 * recipient's language and hands it to lrs_drills_deliver(), which sends
 * it through the City's relay (the [mail] section, as reminders) at most
 * per-minute messages a round; lrs_drills_start_timer() runs it on the
 * main loop.  The campaigns themselves are in lrs-drills.c.
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "lrs-drills.h"
#include "lrs-drills-store.h"
#include "lrs-mail.h"

/* 256 bits: unguessable, and short enough for a link. */
#define TOKEN_BYTES         32
#define DEFAULT_KEEP_DAYS   400

/* The drill messages' sender address: [drills] from, else the [mail]
 * sender. */
const char *
lrs_drills_sender (Lrs *lrs)
{
  return lrs->config.drill_from != NULL ? lrs->config.drill_from
         : lrs->config.mail.from != NULL ? lrs->config.mail.from
                                         : "awareness-drill@localhost";
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
  int sent = lrs_drills_send_due (lrs, now, lrs_drills_sender (lrs), error);

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
