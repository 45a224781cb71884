/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Administration on PostgreSQL: the audit log (the security_log table,
 * with the client's address, append-only by a trigger: migration 6 of
 * lrs-store-pg.c), changes to accounts, and the staff's contacts
 * (migration 6).
 */
#include "config.h"

#include "lrs-store-admin.h"

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

static gboolean
pg_change_account (LrsStore    *store,
                   const char  *staff_id,
                   const char  *display_name,
                   const char  *department,
                   const char  *segment,
                   int          role,
                   char       **key,
                   GError     **error)
{
  const char *role_name = role < 0 ? NULL : lrs_role_to_string (role);
  g_autoptr(PGresult) result = EXEC (store, "UPDATE accounts SET "
                                     "display_name = coalesce ($2, display_name), "
                                     "department = coalesce ($3, department), "
                                     "segment = coalesce ($4, segment), role = coalesce ($5, role) "
                                     "WHERE staff_id = $1 RETURNING key", error,
                                     staff_id, display_name, department, segment, role_name);

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND,
                   "No account with staff id “%s”",
                   staff_id);
      return FALSE;
    }
  *key = g_strdup (PQgetvalue (result, 0, 0));
  return TRUE;
}

static gboolean
pg_set_contact (LrsStore         *store,
                const char       *staff_id,
                const LrsContact *contact,
                GError          **error)
{
  g_autoptr(PGresult) result = EXEC (store,
                                     "INSERT INTO account_contacts (staff_id, email, language) "
                                     "VALUES ($1, nullif ($2, ''), nullif ($3, '')) "
                                     "ON CONFLICT (staff_id) DO UPDATE SET "
                                     "email = CASE WHEN $2::text IS NULL "
                                     "THEN account_contacts.email "
                                     "ELSE nullif ($2, '') END, "
                                     "language = CASE WHEN $3::text IS NULL "
                                     "THEN account_contacts.language "
                                     "ELSE nullif ($3, '') END",
                                     error, staff_id, contact->email, contact->language);

  return result != NULL;
}

static GHashTable *
pg_get_contacts (LrsStore  *store,
                 GError   **error)
{
  static const char sql[] = "SELECT staff_id, email, language FROM account_contacts";
  g_autoptr(PGresult) result = lrs_pg_store_exec (LRS_PG_STORE (store), sql, 0, NULL, error);
  GHashTable *contacts;

  if (result == NULL)
    return NULL;
  contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) lrs_contact_free);
  for (int i = 0; i < PQntuples (result); i++)
    {
      LrsContact *contact = g_new0 (LrsContact, 1);

      contact->email = value_or_null (result, i, 1);
      contact->language = value_or_null (result, i, 2);
      g_hash_table_insert (contacts, g_strdup (PQgetvalue (result, i, 0)), contact);
    }
  return contacts;
}

static GHashTable *
pg_reminded_on (LrsStore    *store,
                const char  *day,
                GError     **error)
{
  g_autoptr(PGresult) result = EXEC (store,
                                     "SELECT staff_id, item FROM reminders_sent WHERE day = $1",
                                     error, day);
  GHashTable *reminded;

  if (result == NULL)
    return NULL;
  reminded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < PQntuples (result); i++)
    g_hash_table_add (reminded, lrs_reminded_key (PQgetvalue (result, i, 0), PQgetvalue (result, i,
                                                                                         1)));
  return reminded;
}

static gboolean
pg_add_reminded (LrsStore    *store,
                 const char  *staff_id,
                 const char  *item,
                 const char  *day,
                 GError     **error)
{
  g_autoptr(PGresult) result = EXEC (store, "INSERT INTO reminders_sent (staff_id, item, day) "
                                     "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                                     error, staff_id, item, day);

  return result != NULL;
}

void
lrs_pg_audit_iface_init (LrsStoreInterface *iface)
{
  iface->add_security_event = pg_add_security_event;
  iface->list_security_events = pg_list_security_events;
  iface->change_account = pg_change_account;
  iface->set_contact = pg_set_contact;
  iface->get_contacts = pg_get_contacts;
  iface->reminded_on = pg_reminded_on;
  iface->add_reminded = pg_add_reminded;
}
