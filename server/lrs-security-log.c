/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The security log, which is the administrators' audit log: every
 * administrative change, sign-ins to the dashboard and sign-outs, and
 * refused attempts, with the client's address.  Each entry goes to the store
 * (the security_log table, which an audit log reads) and to the system
 * log as structured fields (AWARENESS_EVENT, AWARENESS_ACTOR,
 * AWARENESS_SUBJECT).  Callers never pass a secret; what a client sent
 * (a key that failed, a staff id) is escaped here, so that no control
 * character reaches a terminal or a log viewer, and cut to a bounded
 * length.
 */
#include "config.h"

#include <stdarg.h>

#include "awareness.h"
#include "lrs-security-log.h"

#define MAX_FIELD 256

/* The address of the client whose request the thread is handling
 * (borrowed from the request), for every entry written meanwhile. */
static GPrivate request_address;

/* Sets the address entries get until the next call (NULL for none), and
 * returns the one before: the server sets it around each handler. */
const char *
lrs_security_log_set_address (const char *address)
{
  const char *previous = g_private_get (&request_address);

  g_private_set (&request_address, (gpointer) address);
  return previous;
}

/* @text with control characters and backslashes escaped (\xNN, \\),
 * invalid UTF-8 replaced, cut at MAX_FIELD characters; NULL for NULL. */
char *
lrs_escape_control (const char *text)
{
  g_autofree char *valid = NULL;
  GString *escaped;
  const char *p;
  guint n = 0;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  escaped = g_string_new (NULL);
  for (p = valid; *p != '\0' && n < MAX_FIELD; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        g_string_append_printf (escaped, "\\x%02x", c);
      else if (c == '\\')
        g_string_append (escaped, "\\\\");
      else
        g_string_append_unichar (escaped, c);
    }
  if (*p != '\0')
    g_string_append (escaped, "…");
  return g_string_free (escaped, FALSE);
}

/* Records @event (e.g. "sign-in-failed") by @actor on @subject (either
 * may be NULL), with a detail; never give it a secret. */
void
lrs_security_log (LrsStore   *store,
                  const char *event,
                  const char *actor,
                  const char *subject,
                  const char *detail_format,
                  ...)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = awareness_xapi_format_timestamp (now);
  g_autofree char *raw_detail = NULL;
  g_autofree char *safe_actor = lrs_escape_control (actor);
  g_autofree char *safe_subject = lrs_escape_control (subject);
  g_autofree char *detail = NULL;
  g_autoptr(GError) error = NULL;
  LrsSecurityEvent entry = { 0 };
  va_list args;

  if (detail_format != NULL)
    {
      va_start (args, detail_format);
      raw_detail = g_strdup_vprintf (detail_format, args);
      va_end (args);
    }
  detail = lrs_escape_control (raw_detail);

  entry.at = at;
  entry.event = (char *) event;
  entry.actor = safe_actor;
  entry.subject = safe_subject;
  entry.detail = detail;
  entry.address = g_private_get (&request_address);
  if (!lrs_store_add_security_event (store, &entry, &error))
    g_warning ("The security log cannot be written: %s", error->message);

  g_log_structured ("awareness-server", G_LOG_LEVEL_MESSAGE,
                    "AWARENESS_EVENT", event,
                    "AWARENESS_ACTOR", safe_actor != NULL ? safe_actor : "",
                    "AWARENESS_SUBJECT", safe_subject != NULL ? safe_subject : "",
                    "AWARENESS_ADDRESS", entry.address != NULL ? entry.address : "",
                    "MESSAGE", "security: %s actor=%s subject=%s %s", event,
                    safe_actor != NULL ? safe_actor : "-",
                    safe_subject != NULL ? safe_subject : "-", detail != NULL ? detail : "");
}
