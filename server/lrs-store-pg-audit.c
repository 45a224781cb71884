/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The audit log on PostgreSQL: the security_log table, with the client's
 * address, append-only by a trigger (migration 5 of lrs-store-pg.c).
 */
#include "config.h"

#include "lrs-store-audit.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

#define EXEC(self, sql, error, ...) \
  lrs_pg_store_exec (LRS_PG_STORE (self), sql, \
                     G_N_ELEMENTS (((const char *[]) { __VA_ARGS__ })), \
                     (const char *[]) { __VA_ARGS__ }, error)

static gboolean
pg_add_security_event (LrsStore               *store,
                       const LrsSecurityEvent *event,
                       GError                **error)
{
  g_autoptr(PGresult) result = EXEC (store, "INSERT INTO security_log "
                                     "(at, event, actor, subject, detail, address) "
                                     "VALUES ($1, $2, $3, $4, $5, $6)", error,
                                     event->at, event->event, event->actor, event->subject,
                                     event->detail, event->address);

  return result != NULL;
}

static char *
value_or_null (PGresult *result,
               int       row,
               int       column)
{
  return PQgetisnull (result, row, column) ? NULL : g_strdup (PQgetvalue (result, row, column));
}

static GPtrArray *
pg_list_security_events (LrsStore    *store,
                         const char  *since,
                         guint        limit,
                         GError     **error)
{
  g_autofree char *count = g_strdup_printf ("%u", limit);
  g_autoptr(PGresult) result = EXEC (store, "SELECT seq, at, event, actor, subject, detail, "
                                     "address FROM (SELECT * FROM security_log WHERE at >= $1 "
                                     "ORDER BY seq DESC LIMIT $2) l ORDER BY seq",
                                     error, since != NULL ? since : "", count);
  GPtrArray *events;

  if (result == NULL)
    return NULL;
  events = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_security_event_free);
  for (int i = 0; i < PQntuples (result); i++)
    {
      LrsSecurityEvent *event = g_new0 (LrsSecurityEvent, 1);

      event->seq = g_ascii_strtoll (PQgetvalue (result, i, 0), NULL, 10);
      event->at = value_or_null (result, i, 1);
      event->event = value_or_null (result, i, 2);
      event->actor = value_or_null (result, i, 3);
      event->subject = value_or_null (result, i, 4);
      event->detail = value_or_null (result, i, 5);
      event->address = value_or_null (result, i, 6);
      g_ptr_array_add (events, event);
    }
  return events;
}

void
lrs_pg_audit_iface_init (LrsStoreInterface *iface)
{
  iface->add_security_event = pg_add_security_event;
  iface->list_security_events = pg_list_security_events;
}
