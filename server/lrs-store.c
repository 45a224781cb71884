/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The LRS's storage: an interface narrow enough for a second engine, and
 * what the engines share (how a statement is taken apart into indexed
 * columns and derived rows).  The SQLite engine is lrs-store-sqlite.c,
 * PostgreSQL lrs-store-pg.c.  Statements are kept as the JSON the LRS
 * returns, with indexed columns for the filters.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "awareness.h"
#include "lrs-store.h"
#include "lrs-store-admin.h"
#include "lrs-store-private.h"

G_DEFINE_QUARK (lrs-store-error-quark, lrs_store_error)
G_DEFINE_INTERFACE (LrsStore, lrs_store, G_TYPE_OBJECT)

static void
lrs_store_default_init (LrsStoreInterface *iface)
{
}

gboolean
lrs_store_insert_statements (LrsStore   *self,
                             GPtrArray  *statements,
                             GPtrArray  *accepted_ids,
                             GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->insert_statements (self, statements, accepted_ids, error);
}

/**
 * lrs_store_insert_groups:
 * @groups: the statements of several requests
 *
 * Inserts each group all or nothing, and runs its after function in the
 * same transaction once its statements are in; a group refused (a
 * conflict, a rule broken, its after function failing) gets its error
 * and leaves the others stored.  A store that can commits all the groups
 * at once, with one fsync.  A store that cannot (PostgreSQL, today)
 * commits each group's statements before its after function, as before
 * group commit: an after function that fails there leaves them stored
 * (the request still gets its error).
 *
 * Returns: FALSE with @error if none could be stored (then no group is)
 */
gboolean
lrs_store_insert_groups (LrsStore       *self,
                         LrsStoreGroup **groups,
                         guint           n_groups,
                         GError        **error)
{
  LrsStoreInterface *iface = LRS_STORE_GET_IFACE (self);

  if (iface->insert_groups != NULL)
    return iface->insert_groups (self, groups, n_groups, error);
  for (guint i = 0; i < n_groups; i++)
    {
      LrsStoreGroup *group = groups[i];

      /* Committed before its after function, as before group commit. */
      if (iface->insert_statements (self, group->statements, group->accepted_ids, &group->error)
          && group->after != NULL)
        group->after (self, group, &group->error);
    }
  return TRUE;
}

char *
lrs_store_get_statement (LrsStore   *self,
                         const char *id,
                         gboolean    voided,
                         GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->get_statement (self, id, voided, error);
}

GPtrArray *
lrs_store_query_statements (LrsStore       *self,
                            const LrsQuery *query,
                            gint64         *next,
                            GError        **error)
{
  return LRS_STORE_GET_IFACE (self)->query_statements (self, query, next, error);
}

char *
lrs_store_consistent_through (LrsStore *self)
{
  return LRS_STORE_GET_IFACE (self)->consistent_through (self);
}

LrsAccount *
lrs_store_lookup_account (LrsStore   *self,
                          const char *key,
                          char      **secret_hash,
                          GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->lookup_account (self, key, secret_hash, error);
}

gboolean
lrs_store_add_account (LrsStore         *self,
                       const LrsAccount *account,
                       const char       *secret_hash,
                       GError          **error)
{
  return LRS_STORE_GET_IFACE (self)->add_account (self, account, secret_hash, error);
}

GPtrArray *
lrs_store_list_accounts (LrsStore  *self,
                         GError   **error)
{
  return LRS_STORE_GET_IFACE (self)->list_accounts (self, error);
}

/* Calls @func with each answer (not voided) of this server's staff
 * (@home_page), of one department's learners or of all, the answers of
 * one attempt one after another. */
gboolean
lrs_store_foreach_answer (LrsStore       *self,
                          const char     *home_page,
                          const char     *department,
                          LrsAnswerFunc   func,
                          gpointer        user_data,
                          GError        **error)
{
  return LRS_STORE_GET_IFACE (self)->foreach_answer (self, home_page, department, func, user_data,
                                                     error);
}

/* Calls @func on each self-inspection record (an answer to an item, or a
 * completion) that @query asks for, not voided, in the order stored. */
gboolean
lrs_store_foreach_inspection_record (LrsStore                 *self,
                                     const LrsInspectionQuery *query,
                                     LrsInspectionFunc         func,
                                     gpointer                  user_data,
                                     GError                  **error)
{
  return LRS_STORE_GET_IFACE (self)->foreach_inspection_record (self, query, func, user_data,
                                                                error);
}

/* The statements (JSON text, not voided) of the answers of one attempt:
 * of the account @name of @home_page, in @registration. */
GPtrArray *
lrs_store_attempt_answers (LrsStore   *self,
                           const char *home_page,
                           const char *name,
                           const char *registration,
                           GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->attempt_answers (self, home_page, name, registration, error);
}

/* Records whether the verdict of statement @id is earned by its answers,
 * and when the server received it (@recorded_at, Unix microseconds).  The
 * first time received stays; a verdict once verified stays verified. */
gboolean
lrs_store_put_verdict_check (LrsStore   *self,
                             const char *id,
                             gboolean    verified,
                             gint64      recorded_at,
                             GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->put_verdict_check (self, id, verified, recorded_at, error);
}

/* The latest verdict (passed or failed, not voided) of each staff member
 * on each activity, among those the query selects, by staff id and
 * activity. */
GPtrArray *
lrs_store_latest_verdicts (LrsStore              *self,
                           const LrsVerdictQuery *query,
                           GError               **error)
{
  return LRS_STORE_GET_IFACE (self)->latest_verdicts (self, query, error);
}

/* Attachments are kept once per content, by their SHA-2. */
gboolean
lrs_store_put_attachment (LrsStore   *self,
                          const char *sha2,
                          const char *content_type,
                          GBytes     *content,
                          GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->put_attachment (self, sha2, content_type, content, error);
}

/* The data of @sha2 as the statement @statement_id uploaded it, or NULL:
 * data is bound to the statement that carried it, so that naming its
 * hash in another statement fetches nothing. */
GBytes *
lrs_store_get_attachment (LrsStore   *self,
                          const char *sha2,
                          const char *statement_id,
                          char      **content_type)
{
  return LRS_STORE_GET_IFACE (self)->get_attachment (self, sha2, statement_id, content_type);
}

/* Binds the data of @sha2 (@size bytes) to the statement @statement_id
 * that carried it, uploaded by the account @owner. */
gboolean
lrs_store_bind_attachment (LrsStore   *self,
                           const char *statement_id,
                           const char *sha2,
                           const char *owner,
                           gint64      size,
                           GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->bind_attachment (self, statement_id, sha2, owner, size, error);
}

/* The bytes of attachment data the account @owner uploaded; -1 on error. */
gint64
lrs_store_attachment_usage (LrsStore   *self,
                            const char *owner,
                            GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->attachment_usage (self, owner, error);
}

/* Deletes the data of @sha2 if no statement carried it (a batch refused
 * after its data was stored). */
gboolean
lrs_store_delete_unused_attachment (LrsStore   *self,
                                    const char *sha2,
                                    GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->delete_unused_attachment (self, sha2, error);
}

/* Sets whether the account is active (@active 0 or 1; -1 leaves it) and
 * its secret (@secret_hash and @transfer_key, or NULL to leave them);
 * returns its key. */
gboolean
lrs_store_update_account (LrsStore   *self,
                          const char *staff_id,
                          int         active,
                          const char *secret_hash,
                          const char *transfer_key,
                          char      **key,
                          GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->update_account (self, staff_id, active, secret_hash,
                                                     transfer_key, key, error);
}

/* Whether the database answers: for the health check. */
gboolean
lrs_store_ping (LrsStore  *self,
                GError   **error)
{
  return LRS_STORE_GET_IFACE (self)->ping (self, error);
}

/* Keeps a dashboard session, by the SHA-256 of its token (@digest), so
 * that every instance on the database honours it; @expires in Unix
 * microseconds. */
gboolean
lrs_store_put_session (LrsStore   *self,
                       const char *digest,
                       const char *account_key,
                       const char *csrf,
                       gint64      expires,
                       GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->put_session (self, digest, account_key, csrf, expires, error);
}

/* The account key of the session @digest, with its CSRF token and
 * expiry, or NULL (LRS_STORE_ERROR_NOT_FOUND). */
char *
lrs_store_get_session (LrsStore   *self,
                       const char *digest,
                       char      **csrf,
                       gint64     *expires,
                       GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->get_session (self, digest, csrf, expires, error);
}

/* Forgets the session @digest, or with @digest NULL every session that
 * expired before @before. */
gboolean
lrs_store_delete_sessions (LrsStore   *self,
                           const char *digest,
                           gint64      before,
                           GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->delete_sessions (self, digest, before, error);
}

/* Ends every session of the account @account_key. */
gboolean
lrs_store_delete_account_sessions (LrsStore   *self,
                                   const char *account_key,
                                   GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->delete_account_sessions (self, account_key, error);
}

/* The name of @role in the store and the API. */
const char *
lrs_role_to_string (LrsRole role)
{
  switch (role)
    {
    case LRS_ROLE_ADMIN:
      return "admin";
    case LRS_ROLE_DEPARTMENT_HEAD:
      return "department-head";
    case LRS_ROLE_LEARNER:
    default:
      return "learner";
    }
}

/* The role named @name (English, or as a Japanese roster names it);
 * FALSE if none is. */
gboolean
lrs_role_from_string (const char *name,
                      LrsRole    *role)
{
  static const struct {
    const char *name;
    LrsRole     role;
  } names[] = {
    { "learner", LRS_ROLE_LEARNER }, { "受講者", LRS_ROLE_LEARNER },
    { "admin", LRS_ROLE_ADMIN }, { "管理者", LRS_ROLE_ADMIN },
    { "department-head", LRS_ROLE_DEPARTMENT_HEAD }, { "所属長", LRS_ROLE_DEPARTMENT_HEAD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i].name) == 0)
      {
        *role = names[i].role;
        return TRUE;
      }
  return FALSE;
}

/* An account from the row of either back end that selects key,
 * staff_id, display_name, department, segment, role, active,
 * transfer_key and start_date, in this order, read through @text. */
LrsAccount *
lrs_account_from_row (LrsColumnText text,
                      gpointer      row)
{
  LrsAccount *account = g_new0 (LrsAccount, 1);

  account->key = g_strdup (text (row, 0));
  account->staff_id = g_strdup (text (row, 1));
  account->display_name = g_strdup (text (row, 2));
  account->department = g_strdup (text (row, 3));
  account->segment = g_strdup (text (row, 4));
  lrs_role_from_string (text (row, 5), &account->role);
  account->active = text (row, 6) != NULL && g_strcmp0 (text (row, 6), "0") != 0;
  account->transfer_key = g_strdup (text (row, 7));
  account->start_date = g_strdup (text (row, 8));
  return account;
}

void
lrs_account_free (LrsAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->key);
  g_free (account->staff_id);
  g_free (account->display_name);
  g_free (account->department);
  g_free (account->segment);
  g_free (account->transfer_key);
  g_free (account->start_date);
  g_free (account);
}

/* Keeps a published content package; publishing one again makes it the
 * latest again. */
gboolean
lrs_store_put_package (LrsStore   *self,
                       const char *digest,
                       const char *signer,
                       const char *published,
                       GBytes     *data,
                       GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->put_package (self, digest, signer, published, data, error);
}

/* A package by digest, or the latest with @digest NULL; its digest and
 * publication time in @latest_digest and @published. */
GBytes *
lrs_store_get_package (LrsStore   *self,
                       const char *digest,
                       char      **latest_digest,
                       char      **published,
                       GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->get_package (self, digest, latest_digest, published, error);
}

/* Adds @event (its seq is ignored) to the security log. */
gboolean
lrs_store_add_security_event (LrsStore               *self,
                              const LrsSecurityEvent *event,
                              GError                **error)
{
  return LRS_STORE_GET_IFACE (self)->add_security_event (self, event, error);
}

/* The latest @limit entries of the security log at or after @since (an
 * ISO 8601 time in UTC as the log writes it, or NULL), the oldest first
 * (element-type LrsSecurityEvent). */
GPtrArray *
lrs_store_list_security_events (LrsStore   *self,
                                const char *since,
                                guint       limit,
                                GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->list_security_events (self, since, limit, error);
}

void
lrs_security_event_free (LrsSecurityEvent *event)
{
  g_free (event->at);
  g_free (event->event);
  g_free (event->actor);
  g_free (event->subject);
  g_free (event->detail);
  g_free (event->address);
  g_free (event);
}

/* Sets the assignment of a module over the catalog's (@rule, JSON), or
 * goes back to the catalog's (@rule NULL). */
gboolean
lrs_store_set_override (LrsStore   *self,
                        const char *module,
                        const char *rule,
                        GError    **error)
{
  return LRS_STORE_GET_IFACE (self)->set_override (self, module, rule, error);
}

/* Module id → its assignment as JSON, for the modules that have one. */
GHashTable *
lrs_store_get_overrides (LrsStore  *self,
                         GError   **error)
{
  return LRS_STORE_GET_IFACE (self)->get_overrides (self, error);
}

void
lrs_verdict_free (LrsVerdict *verdict)
{
  if (verdict == NULL)
    return;

  /* One block, with its strings (see lrs_verdict_new()). */
  g_free (verdict);
}

/* A verdict and its strings in one allocation: a report over a whole
 * city reads a hundred thousand of them, and the allocator's time is
 * most of it. */
LrsVerdict *
lrs_verdict_new (const char *staff_id,
                 const char *activity,
                 const char *timestamp,
                 const char *version)
{
  gsize a = strlen (staff_id) + 1;
  gsize b = strlen (activity) + 1;
  gsize c = timestamp != NULL ? strlen (timestamp) + 1 : 0;
  gsize d = version != NULL ? strlen (version) + 1 : 0;
  LrsVerdict *verdict = g_malloc0 (sizeof *verdict + a + b + c + d);
  char *p = (char *) (verdict + 1);

  verdict->staff_id = memcpy (p, staff_id, a);
  p += a;
  verdict->activity = memcpy (p, activity, b);
  p += b;
  if (timestamp != NULL)
    {
      verdict->timestamp = memcpy (p, timestamp, c);
      p += c;
    }
  if (version != NULL)
    verdict->version = memcpy (p, version, d);
  return verdict;
}

void
lrs_query_clear (LrsQuery *query)
{
  g_clear_pointer (&query->agent_key, g_free);
  g_clear_pointer (&query->verb, g_free);
  g_clear_pointer (&query->activity, g_free);
  g_clear_pointer (&query->registration, g_free);
  g_clear_pointer (&query->since, g_free);
  g_clear_pointer (&query->until, g_free);
}

/**
 * lrs_agent_key:
 * @agent: an Agent or identified Group
 *
 * The inverse functional identifier of an agent as one string, for
 * matching: two agents are the same person when their keys are equal.
 *
 * Returns: (transfer full) (nullable): the key, or `NULL` without an IFI
 */
char *
lrs_agent_key (JsonObject *agent)
{
  if (agent == NULL)
    return NULL;

  if (json_object_has_member (agent, "mbox"))
    return g_strconcat ("mbox\t", json_object_get_string_member (agent, "mbox"), NULL);
  if (json_object_has_member (agent, "mbox_sha1sum"))
    {
      g_autofree char *lower =
        g_ascii_strdown (json_object_get_string_member (agent, "mbox_sha1sum"), -1);
      return g_strconcat ("sha1\t", lower, NULL);
    }
  if (json_object_has_member (agent, "openid"))
    return g_strconcat ("openid\t", json_object_get_string_member (agent, "openid"), NULL);
  if (json_object_has_member (agent, "account"))
    {
      JsonObject *account = json_object_get_object_member (agent, "account");

      return g_strconcat ("account\t", json_object_get_string_member (account, "homePage"), "\t",
                          json_object_get_string_member (account, "name"), NULL);
    }

  return NULL;
}

/* The indexed columns of @statement. */
void
lrs_statement_columns (JsonObject          *statement,
                       LrsStatementColumns *columns)
{
  JsonObject *object = json_object_get_object_member (statement, "object");
  JsonObject *context = json_object_has_member (statement, "context")
                        ? json_object_get_object_member (statement, "context") : NULL;
  const char *object_type = json_object_get_string_member_with_default (object, "objectType",
                                                                        "Activity");

  columns->id = json_object_get_string_member (statement, "id");
  columns->stored = json_object_get_string_member (statement, "stored");
  columns->verb = json_object_get_string_member (json_object_get_object_member (statement, "verb"),
                                                 "id");
  columns->actor = lrs_agent_key (json_object_get_object_member (statement, "actor"));
  if (g_strcmp0 (object_type, "Agent") == 0 || g_strcmp0 (object_type, "Group") == 0)
    columns->object_agent = lrs_agent_key (object);
  if (g_strcmp0 (object_type, "Activity") == 0)
    columns->activity = json_object_get_string_member (object, "id");
  if (context != NULL && json_object_has_member (context, "registration"))
    columns->registration = json_object_get_string_member (context, "registration");
  if (g_strcmp0 (columns->verb, VERB_VOIDED) == 0)
    columns->voids = json_object_get_string_member (object, "id");
}

void
lrs_statement_columns_clear (LrsStatementColumns *columns)
{
  g_clear_pointer (&columns->actor, g_free);
  g_clear_pointer (&columns->object_agent, g_free);
}

void
lrs_set_unvoidable_error (GError     **error,
                          const char  *id,
                          const char  *voids)
{
  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_INVALID,
               "statement %s: object.id: statement %s is a voiding statement, which "
               "cannot be voided", id, voids);
}

void
lrs_set_conflict_error (GError     **error,
                        const char  *id)
{
  g_set_error (error, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT,
               "statement %s: a statement with this id, but different content, "
               "is already stored", id);
}

static void
add_agent (GHashTable *set,
           JsonObject *agent)
{
  char *key = lrs_agent_key (agent);

  if (key != NULL)
    g_hash_table_add (set, key);
}

static void
add_activities (GHashTable *set,
                JsonNode   *node)
{
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        add_activities (set, json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (node)
           && json_object_has_member (json_node_get_object (node), "id"))
    g_hash_table_add (set,
                      g_strdup (json_object_get_string_member (json_node_get_object (node), "id")));
}

/* The agents and activities that related_agents and related_activities
 * match: actor, object, authority, instructor, team, the context
 * activities, and the same in a SubStatement. */
void
lrs_statement_related (JsonObject *statement,
                       GHashTable *agents,
                       GHashTable *activities)
{
  JsonObject *object = json_object_get_object_member (statement, "object");
  const char *type = json_object_get_string_member_with_default (object, "objectType", "Activity");

  add_agent (agents, json_object_get_object_member (statement, "actor"));
  if (json_object_has_member (statement, "authority"))
    add_agent (agents, json_object_get_object_member (statement, "authority"));

  if (g_strcmp0 (type, "Agent") == 0 || g_strcmp0 (type, "Group") == 0)
    add_agent (agents, object);
  else if (g_strcmp0 (type, "Activity") == 0)
    add_activities (activities, json_object_get_member (statement, "object"));
  else if (g_strcmp0 (type, "SubStatement") == 0)
    lrs_statement_related (object, agents, activities);

  if (json_object_has_member (statement, "context"))
    {
      JsonObject *context = json_object_get_object_member (statement, "context");

      if (json_object_has_member (context, "instructor"))
        add_agent (agents, json_object_get_object_member (context, "instructor"));
      if (json_object_has_member (context, "team"))
        add_agent (agents, json_object_get_object_member (context, "team"));
      if (json_object_has_member (context, "contextActivities"))
        {
          JsonObject *kinds = json_object_get_object_member (context, "contextActivities");
          GList *members = json_object_get_members (kinds);

          for (GList *l = members; l != NULL; l = l->next)
            add_activities (activities, json_object_get_member (kinds, l->data));
          g_list_free (members);
        }
    }
}

/* The statement read by the library as a verdict (passed or failed) of
 * an account on a module, or NULL: the row of the verdicts table, for
 * both back ends. */
AwarenessVerdict *
lrs_statement_verdict (JsonObject *statement)
{
  g_autoptr(AwarenessVerdict) verdict = awareness_verdict_new_from_statement (statement, NULL);

  if (verdict == NULL ||
      (verdict->kind != AWARENESS_VERDICT_PASSED && verdict->kind != AWARENESS_VERDICT_FAILED))
    return NULL;
  return g_steal_pointer (&verdict);
}

/* The statement read by the library as an answer, with its success, of
 * an account within an attempt (a registration) to an activity, or NULL:
 * the row of the answers table, for both back ends. */
AwarenessVerdict *
lrs_statement_answer (JsonObject *statement)
{
  g_autoptr(AwarenessVerdict) answer = awareness_verdict_new_from_statement (statement, NULL);

  /* Self-inspection answers have a table of their own. */
  if (answer == NULL || answer->kind != AWARENESS_VERDICT_ANSWERED ||
      answer->registration == NULL || answer->checklist_id != NULL)
    return NULL;
  return g_steal_pointer (&answer);
}

/* The statement read by the library as a self-inspection record (an
 * answer to an item of a checklist, or the checklist's completion) of an
 * account, or NULL: the row of the inspection_records table, for both
 * back ends (lrs-store-inspection-*.c). */
AwarenessVerdict *
lrs_statement_inspection (JsonObject *statement)
{
  g_autoptr(AwarenessVerdict) record = awareness_verdict_new_from_statement (statement, NULL);

  if (record == NULL || record->checklist_id == NULL || record->instant == NULL ||
      !((record->kind == AWARENESS_VERDICT_ANSWERED && record->item_id != NULL &&
         record->response != NULL) ||
        (record->kind == AWARENESS_VERDICT_COMPLETED && record->item_id == NULL)))
    return NULL;
  return g_steal_pointer (&record);
}

/* When a verdict was reached, in microseconds since the epoch. */
gint64
lrs_verdict_at (AwarenessVerdict *verdict)
{
  return g_date_time_to_unix (verdict->instant) * G_USEC_PER_SEC
         + g_date_time_get_microsecond (verdict->instant);
}

gboolean
lrs_statements_same (const char *stored_json,
                     JsonNode   *received)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, stored_json, -1, NULL))
    return FALSE;
  return awareness_xapi_statements_equivalent (json_parser_get_root (parser), received);
}
