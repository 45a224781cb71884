/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The storage of phishing-drill campaigns, written once for SQLite and
 * PostgreSQL through lrs_store_sql(): the campaigns, their recipients with
 * their random send times, what happened to each message (sent, scanned,
 * clicked, reported) and the kill switch that stops all sending.
 *
 * A recipient's token is made when their message is sent and only its
 * SHA-256 is kept: a token is 256 random bits, so a fast hash is enough
 * to make a stolen database useless for forging clicks.
 */
#include "config.h"

#include <string.h>

#include "lrs-drills-store.h"

#define N(array) G_N_ELEMENTS (array)

/* The tables, made on SQLite when first used and on PostgreSQL by a
 * numbered migration of lrs-store-pg.c (lrs_drills_pg_migration), which
 * keeps IF NOT EXISTS for the databases where an earlier version made
 * them on first use. */
#define DRILLS_TABLE \
  "CREATE TABLE IF NOT EXISTS drills (" \
  "  id TEXT PRIMARY KEY," \
  "  template TEXT NOT NULL," \
  "  audience TEXT NOT NULL," \
  "  audience_value TEXT NOT NULL," \
  "  send_from BIGINT NOT NULL," \
  "  send_until BIGINT NOT NULL," \
  "  ends BIGINT NOT NULL," \
  "  follow_up_days INTEGER NOT NULL," \
  "  state TEXT NOT NULL," \
  "  created BIGINT NOT NULL," \
  "  created_by TEXT NOT NULL)"
#define RECIPIENTS_TABLE \
  "CREATE TABLE IF NOT EXISTS drill_recipients (" \
  "  drill TEXT NOT NULL REFERENCES drills (id)," \
  "  staff_id TEXT NOT NULL," \
  "  department TEXT NOT NULL," \
  "  send_at BIGINT NOT NULL," \
  "  token_hash TEXT UNIQUE," \
  "  sent_at BIGINT NOT NULL DEFAULT 0," \
  "  clicked_at BIGINT NOT NULL DEFAULT 0," \
  "  reported_at BIGINT NOT NULL DEFAULT 0," \
  "  scans INTEGER NOT NULL DEFAULT 0," \
  "  failure TEXT NOT NULL DEFAULT ''," \
  "  PRIMARY KEY (drill, staff_id))"
#define RECIPIENTS_DUE_INDEX \
  "CREATE INDEX IF NOT EXISTS drill_recipients_due ON drill_recipients (sent_at, send_at)"
#define EXCLUSIONS_TABLE \
  "CREATE TABLE IF NOT EXISTS drill_exclusions (" \
  "  drill TEXT NOT NULL REFERENCES drills (id)," \
  "  staff_id TEXT NOT NULL," \
  "  PRIMARY KEY (drill, staff_id))"
#define SETTINGS_TABLE \
  "CREATE TABLE IF NOT EXISTS drill_settings (" \
  "  name TEXT PRIMARY KEY," \
  "  value TEXT NOT NULL)"
#define FOLLOW_UPS_TABLE \
  "CREATE TABLE IF NOT EXISTS drill_follow_ups (" \
  "  drill TEXT NOT NULL REFERENCES drills (id)," \
  "  staff_id TEXT NOT NULL," \
  "  module TEXT NOT NULL," \
  "  assigned_at BIGINT NOT NULL," \
  "  due TEXT NOT NULL," \
  "  PRIMARY KEY (drill, staff_id))"

static const char * const schema[] = {
  DRILLS_TABLE, RECIPIENTS_TABLE, RECIPIENTS_DUE_INDEX, EXCLUSIONS_TABLE, SETTINGS_TABLE,
  FOLLOW_UPS_TABLE,
};

const char lrs_drills_pg_migration[] =
  DRILLS_TABLE ";" RECIPIENTS_TABLE ";" RECIPIENTS_DUE_INDEX ";" EXCLUSIONS_TABLE ";"
  SETTINGS_TABLE ";" FOLLOW_UPS_TABLE ";";

#define DRILL_COLUMNS \
  "id, template, audience, audience_value, send_from, send_until, ends, follow_up_days, " \
  "state, created, created_by"
#define RECIPIENT_COLUMNS \
  "drill, staff_id, department, send_at, sent_at, clicked_at, reported_at, scans, failure"

void
lrs_drill_free (LrsDrill *drill)
{
  if (drill == NULL)
    return;
  g_free (drill->id);
  g_free (drill->template);
  g_free (drill->audience);
  g_free (drill->audience_value);
  g_free (drill->state);
  g_free (drill->created_by);
  g_strfreev (drill->excluded);
  g_free (drill);
}

void
lrs_drill_recipient_free (LrsDrillRecipient *recipient)
{
  if (recipient == NULL)
    return;
  g_free (recipient->drill);
  g_free (recipient->staff_id);
  g_free (recipient->department);
  g_free (recipient->failure);
  g_free (recipient);
}

static gint64
to_int (const char *text)
{
  return g_ascii_strtoll (text, NULL, 10);
}

static gboolean
run (LrsStore            *store,
     const char          *sql,
     const char * const  *params,
     guint                n_params,
     GError             **error)
{
  return lrs_store_sql_run (store, sql, params, n_params, error);
}

gboolean
lrs_drills_store_init (LrsStore  *store,
                       GError   **error)
{
  return lrs_store_sql_make_tables (store, schema, N (schema), error);
}

/* Stored as "preparing" until every recipient is in, so that a failure
 * half-way leaves a campaign that never sends rather than one that sends
 * to half its audience. */
gboolean
lrs_drills_store_create (LrsStore        *store,
                         const LrsDrill  *drill,
                         GPtrArray       *recipients,
                         GError         **error)
{
  g_autofree char *from = g_strdup_printf ("%" G_GINT64_FORMAT, drill->send_from);
  g_autofree char *until = g_strdup_printf ("%" G_GINT64_FORMAT, drill->send_until);
  g_autofree char *ends = g_strdup_printf ("%" G_GINT64_FORMAT, drill->ends);
  g_autofree char *days = g_strdup_printf ("%u", drill->follow_up_days);
  g_autofree char *created = g_strdup_printf ("%" G_GINT64_FORMAT, drill->created);
  const char *params[] = {
    drill->id, drill->template, drill->audience, drill->audience_value, from, until, ends,
    days, created, drill->created_by,
  };
  const char *done[] = { drill->id };

  if (!run (store,
            "INSERT INTO drills (" DRILL_COLUMNS ") "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'preparing', $9, $10)",
            params, N (params), error))
    return FALSE;

  for (guint i = 0; i < recipients->len; i++)
    {
      LrsDrillRecipient *recipient = g_ptr_array_index (recipients, i);
      g_autofree char *send_at = g_strdup_printf ("%" G_GINT64_FORMAT, recipient->send_at);
      const char *row[] = { drill->id, recipient->staff_id, recipient->department, send_at };

      if (!run (store,
                "INSERT INTO drill_recipients (drill, staff_id, department, send_at) "
                "VALUES ($1, $2, $3, $4)", row, N (row), error))
        return FALSE;
    }
  for (guint i = 0; drill->excluded != NULL && drill->excluded[i] != NULL; i++)
    {
      const char *row[] = { drill->id, drill->excluded[i] };

      if (!run (store, "INSERT INTO drill_exclusions (drill, staff_id) VALUES ($1, $2)",
                row, N (row), error))
        return FALSE;
    }

  return run (store, "UPDATE drills SET state = 'scheduled' WHERE id = $1", done, N (done),
              error);
}

static LrsDrill *
drill_from_row (char **row)
{
  LrsDrill *drill = g_new0 (LrsDrill, 1);

  drill->id = g_strdup (row[0]);
  drill->template = g_strdup (row[1]);
  drill->audience = g_strdup (row[2]);
  drill->audience_value = g_strdup (row[3]);
  drill->send_from = to_int (row[4]);
  drill->send_until = to_int (row[5]);
  drill->ends = to_int (row[6]);
  drill->follow_up_days = (guint) to_int (row[7]);
  drill->state = g_strdup (row[8]);
  drill->created = to_int (row[9]);
  drill->created_by = g_strdup (row[10]);
  return drill;
}

GPtrArray *
lrs_drills_store_list (LrsStore  *store,
                       GError   **error)
{
  g_autoptr(GPtrArray) rows =
      lrs_store_sql (store, "SELECT " DRILL_COLUMNS " FROM drills ORDER BY created, id",
                     NULL, 0, error);
  GPtrArray *drills;

  if (rows == NULL)
    return NULL;
  drills = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_drill_free);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (drills, drill_from_row (g_ptr_array_index (rows, i)));
  return drills;
}

LrsDrill *
lrs_drills_store_get (LrsStore    *store,
                      const char  *id,
                      GError     **error)
{
  const char *params[] = { id };
  g_autoptr(GPtrArray) rows =
      lrs_store_sql (store, "SELECT " DRILL_COLUMNS " FROM drills WHERE id = $1",
                     params, N (params), error);
  g_autoptr(GPtrArray) excluded = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  LrsDrill *drill;

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No drill “%s”", id);
      return NULL;
    }
  excluded = lrs_store_sql (store, "SELECT staff_id FROM drill_exclusions WHERE drill = $1 "
                            "ORDER BY staff_id", params, N (params), error);
  if (excluded == NULL)
    return NULL;

  drill = drill_from_row (g_ptr_array_index (rows, 0));
  for (guint i = 0; i < excluded->len; i++)
    g_strv_builder_add (builder, ((char **) g_ptr_array_index (excluded, i))[0]);
  drill->excluded = g_strv_builder_end (builder);
  return drill;
}

gboolean
lrs_drills_store_cancel (LrsStore    *store,
                         const char  *id,
                         GError     **error)
{
  const char *params[] = { id };
  g_autoptr(LrsDrill) drill = lrs_drills_store_get (store, id, error);

  if (drill == NULL)
    return FALSE;
  return run (store, "UPDATE drills SET state = 'cancelled' WHERE id = $1", params, N (params),
              error);
}

static GPtrArray *
recipients_from_rows (GPtrArray *rows)
{
  GPtrArray *recipients =
      g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_drill_recipient_free);

  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      LrsDrillRecipient *recipient = g_new0 (LrsDrillRecipient, 1);

      recipient->drill = g_strdup (row[0]);
      recipient->staff_id = g_strdup (row[1]);
      recipient->department = g_strdup (row[2]);
      recipient->send_at = to_int (row[3]);
      recipient->sent_at = to_int (row[4]);
      recipient->clicked_at = to_int (row[5]);
      recipient->reported_at = to_int (row[6]);
      recipient->scans = (guint) to_int (row[7]);
      recipient->failure = g_strdup (row[8]);
      g_ptr_array_add (recipients, recipient);
    }
  return recipients;
}

GPtrArray *
lrs_drills_store_recipients (LrsStore    *store,
                             const char  *id,
                             GError     **error)
{
  const char *params[] = { id };
  g_autoptr(GPtrArray) rows =
      lrs_store_sql (store, "SELECT " RECIPIENT_COLUMNS " FROM drill_recipients "
                     "WHERE drill = $1 ORDER BY department, staff_id", params, N (params), error);

  return rows != NULL ? recipients_from_rows (rows) : NULL;
}

/* The messages whose time has come, of the scheduled campaigns that have
 * not ended; none while the kill switch is on. */
GPtrArray *
lrs_drills_store_due (LrsStore  *store,
                      gint64     now,
                      GError   **error)
{
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  const char *params[] = { at };
  g_autoptr(GPtrArray) rows = NULL;
  gboolean stopped = FALSE;

  if (!lrs_drills_store_get_stopped (store, &stopped, error))
    return NULL;
  if (stopped)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_drill_recipient_free);

  rows = lrs_store_sql (store,
                        "SELECT r.drill, r.staff_id, r.department, r.send_at, r.sent_at, "
                        "r.clicked_at, r.reported_at, r.scans, r.failure "
                        "FROM drill_recipients r JOIN drills d ON d.id = r.drill "
                        "WHERE d.state = 'scheduled' AND r.sent_at = 0 AND r.send_at <= $1 "
                        "AND d.ends > $1 ORDER BY r.send_at, r.staff_id",
                        params, N (params), error);
  return rows != NULL ? recipients_from_rows (rows) : NULL;
}

/* Records a message as sent with the hash of its token, or, when it
 * failed, why: it is tried again at the next round, never twice once
 * sent. */
gboolean
lrs_drills_store_mark_sent (LrsStore    *store,
                            const char  *drill,
                            const char  *staff_id,
                            const char  *token_hash,
                            gint64       sent_at,
                            const char  *failure,
                            GError     **error)
{
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, sent_at);

  if (failure != NULL)
    {
      const char *params[] = { drill, staff_id, failure };

      return run (store, "UPDATE drill_recipients SET failure = $3 "
                  "WHERE drill = $1 AND staff_id = $2", params, N (params), error);
    }
  {
    const char *params[] = { drill, staff_id, token_hash, at };

    return run (store, "UPDATE drill_recipients SET token_hash = $3, sent_at = $4, failure = '' "
                "WHERE drill = $1 AND staff_id = $2 AND sent_at = 0", params, N (params), error);
  }
}

gboolean
lrs_drills_store_set_stopped (LrsStore  *store,
                              gboolean   stopped,
                              GError   **error)
{
  const char *params[] = { stopped ? "true" : "false" };

  if (!run (store, "DELETE FROM drill_settings WHERE name = 'stopped'", NULL, 0, error))
    return FALSE;
  return run (store, "INSERT INTO drill_settings (name, value) VALUES ('stopped', $1)",
              params, N (params), error);
}

gboolean
lrs_drills_store_get_stopped (LrsStore  *store,
                              gboolean  *stopped,
                              GError   **error)
{
  g_autoptr(GPtrArray) rows =
      lrs_store_sql (store, "SELECT value FROM drill_settings WHERE name = 'stopped'", NULL, 0,
                     error);

  if (rows == NULL)
    return FALSE;
  *stopped = rows->len > 0 && g_strcmp0 (((char **) g_ptr_array_index (rows, 0))[0], "true") == 0;
  return TRUE;
}

/* The recipient a token was sent to, and its drill; NULL with
 * LRS_STORE_ERROR_NOT_FOUND for a token that was never sent. */
LrsDrillRecipient *
lrs_drills_store_lookup_token (LrsStore    *store,
                               const char  *token_hash,
                               LrsDrill   **drill,
                               GError     **error)
{
  const char *params[] = { token_hash };
  g_autoptr(GPtrArray) rows =
      lrs_store_sql (store, "SELECT " RECIPIENT_COLUMNS " FROM drill_recipients "
                     "WHERE token_hash = $1", params, N (params), error);
  g_autoptr(GPtrArray) recipients = NULL;

  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      g_set_error_literal (error, LRS_STORE_ERROR, LRS_STORE_ERROR_NOT_FOUND, "No such token");
      return NULL;
    }
  recipients = recipients_from_rows (rows);
  *drill = lrs_drills_store_get (store, ((LrsDrillRecipient *) recipients->pdata[0])->drill,
                                 error);
  if (*drill == NULL)
    return NULL;
  return g_ptr_array_steal_index (recipients, 0);
}

/* A fetch of the link in the message: counted apart, never as a click. */
gboolean
lrs_drills_store_add_scan (LrsStore                *store,
                           const LrsDrillRecipient *recipient,
                           GError                 **error)
{
  const char *params[] = { recipient->drill, recipient->staff_id };

  return run (store, "UPDATE drill_recipients SET scans = scans + 1 "
              "WHERE drill = $1 AND staff_id = $2", params, N (params), error);
}

/* The deliberate click: the first only.  *first says whether this was it. */
gboolean
lrs_drills_store_set_clicked (LrsStore                *store,
                              const LrsDrillRecipient *recipient,
                              gint64                   at,
                              gboolean                *first,
                              GError                 **error)
{
  g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, at);
  const char *params[] = { recipient->drill, recipient->staff_id, when };
  g_autoptr(GPtrArray) rows =
      lrs_store_sql (store, "UPDATE drill_recipients SET clicked_at = $3 "
                     "WHERE drill = $1 AND staff_id = $2 AND clicked_at = 0 "
                     "RETURNING staff_id", params, N (params), error);

  if (rows == NULL)
    return FALSE;
  *first = rows->len > 0;
  return TRUE;
}

/* A report of the message by its recipient: the first only. */
gboolean
lrs_drills_store_set_reported (LrsStore                *store,
                               const LrsDrillRecipient *recipient,
                               gint64                   at,
                               gboolean                *first,
                               GError                 **error)
{
  g_autofree char *when = g_strdup_printf ("%" G_GINT64_FORMAT, at);
  const char *params[] = { recipient->drill, recipient->staff_id, when };
  g_autoptr(GPtrArray) rows =
      lrs_store_sql (store, "UPDATE drill_recipients SET reported_at = $3 "
                     "WHERE drill = $1 AND staff_id = $2 AND reported_at = 0 "
                     "RETURNING staff_id", params, N (params), error);

  if (rows == NULL)
    return FALSE;
  *first = rows->len > 0;
  return TRUE;
}

/* The drill messages sent to @staff_id of the campaigns still running,
 * most recent first: to match a report by its subject alone. */
GPtrArray *
lrs_drills_store_sent_to (LrsStore    *store,
                          const char  *staff_id,
                          gint64       now,
                          GError     **error)
{
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  const char *params[] = { staff_id, at };
  g_autoptr(GPtrArray) rows =
      lrs_store_sql (store,
                     "SELECT r.drill, r.staff_id, r.department, r.send_at, r.sent_at, "
                     "r.clicked_at, r.reported_at, r.scans, r.failure "
                     "FROM drill_recipients r JOIN drills d ON d.id = r.drill "
                     "WHERE r.staff_id = $1 AND r.sent_at > 0 AND d.state = 'scheduled' "
                     "AND d.ends > $2 ORDER BY r.sent_at DESC",
                     params, N (params), error);

  return rows != NULL ? recipients_from_rows (rows) : NULL;
}

void
lrs_follow_up_free (LrsFollowUp *follow_up)
{
  if (follow_up == NULL)
    return;
  g_free (follow_up->drill);
  g_free (follow_up->staff_id);
  g_free (follow_up->module);
  g_free (follow_up->due);
  g_free (follow_up);
}

/* A click's follow-up for its recipient: once per drill. */
gboolean
lrs_drills_store_assign_follow_up (LrsStore           *store,
                                   const LrsFollowUp  *follow_up,
                                   GError            **error)
{
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, follow_up->assigned_at);
  const char *params[] = {
    follow_up->drill, follow_up->staff_id, follow_up->module, at, follow_up->due,
  };

  return run (store, "INSERT INTO drill_follow_ups (drill, staff_id, module, assigned_at, due) "
              "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (drill, staff_id) DO NOTHING",
              params, N (params), error);
}

/* The follow-ups assigned to @staff_id, or to everyone when NULL, the
 * oldest first: whether each is still open is for the passes to say. */
GPtrArray *
lrs_drills_store_follow_ups (LrsStore    *store,
                             const char  *staff_id,
                             GError     **error)
{
  const char *params[] = { staff_id };
  g_autoptr(GPtrArray) rows =
    lrs_store_sql (store,
                   staff_id != NULL
                     ? "SELECT drill, staff_id, module, assigned_at, due FROM drill_follow_ups "
                       "WHERE staff_id = $1 ORDER BY assigned_at, drill"
                     : "SELECT drill, staff_id, module, assigned_at, due FROM drill_follow_ups "
                       "ORDER BY assigned_at, drill",
                   params, staff_id != NULL ? 1 : 0, error);
  GPtrArray *follow_ups;

  if (rows == NULL)
    return NULL;
  follow_ups = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_follow_up_free);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      LrsFollowUp *follow_up = g_new0 (LrsFollowUp, 1);

      follow_up->drill = g_strdup (row[0]);
      follow_up->staff_id = g_strdup (row[1]);
      follow_up->module = g_strdup (row[2]);
      follow_up->assigned_at = to_int (row[3]);
      follow_up->due = g_strdup (row[4]);
      g_ptr_array_add (follow_ups, follow_up);
    }
  return follow_ups;
}

/* Removes everything of the drills that ended before @before: their
 * follow-ups, recipients (tokens, sending, scans, clicks and reports),
 * exclusions and the campaigns.  *removed: how many campaigns. */
gboolean
lrs_drills_store_purge (LrsStore    *store,
                        gint64       before,
                        guint       *removed,
                        GError     **error)
{
  static const char * const tables[] = {
    "drill_follow_ups", "drill_recipients", "drill_exclusions",
  };
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, before);
  const char *params[] = { at };
  g_autoptr(GPtrArray) gone = NULL;

  for (guint i = 0; i < N (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE drill IN "
                                              "(SELECT id FROM drills WHERE ends < $1)",
                                              tables[i]);

      if (!run (store, sql, params, N (params), error))
        return FALSE;
    }
  gone = lrs_store_sql (store, "DELETE FROM drills WHERE ends < $1 RETURNING id", params,
                        N (params), error);
  if (gone == NULL)
    return FALSE;
  *removed = gone->len;
  return TRUE;
}
