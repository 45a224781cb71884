/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one path by which statements enter the LRS, whether they come in a
 * POST or PUT of the Statements resource or in a transfer file: validate
 * each, apply the rules of the account that sends them, complete them as
 * the LRS stores them, check their attachments, and store them, all or
 * none.  A refusal is an LRS_ERROR; lrs-http.c turns it into a status.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "lrs-attachments.h"
#include "lrs-error.h"
#include "lrs-ingest.h"
#include "lrs-store-writer.h"

/* Validates @node as a statement from @account (whose agent's key is
 * @own) and completes it as the LRS stores it: id, stored, authority,
 * version. */
static gboolean
prepare_statement (Lrs         *lrs,
                   LrsAccount  *account,
                   const char  *own,
                   JsonNode    *node,
                   const char  *stored,
                   GError     **error)
{
  JsonObject *statement;
  g_autofree char *actor = NULL;
  g_autoptr(GError) invalid = NULL;

  if (!awareness_xapi_validate_statement (node, AWARENESS_XAPI_VALIDATE_NONE, &invalid))
    {
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST, invalid->message);
      return FALSE;
    }

  statement = json_node_get_object (node);
  if (json_object_has_member (statement, "authority") && account->role != LRS_ROLE_ADMIN)
    {
      /* The LRS vouches for the credential; a learner cannot name another authority. */
      json_object_remove_member (statement, "authority");
    }

  actor = lrs_agent_key (json_object_get_object_member (statement, "actor"));
  if (account->role != LRS_ROLE_ADMIN && g_strcmp0 (actor, own) != 0)
    {
      g_set_error (error, LRS_ERROR, LRS_ERROR_FORBIDDEN,
                   _("actor: a learner may record statements about their own account only"));
      return FALSE;
    }
  /* A statement named by id (what a voiding names) is named in lower
   * case, as ids are stored and compared. */
  {
    JsonObject *object = json_object_get_object_member (statement, "object");

    if (g_strcmp0 (json_object_get_string_member_with_default (object, "objectType", NULL),
                   "StatementRef")
        == 0)
      {
        g_autofree char *lower = g_ascii_strdown (json_object_get_string_member (object, "id"), -1);

        json_object_set_string_member (object, "id", lower);
      }
  }
  /* Nor void anyone else's, nor what is not stored: a voided result
   * leaves the reports. */
  if (account->role != LRS_ROLE_ADMIN
      && g_strcmp0 (json_object_get_string_member (json_object_get_object_member (statement,
                                                                                  "verb"),
                                                   "id"),
                    "http://adlnet.gov/expapi/verbs/voided")
           == 0)
    {
      const char *target =
        json_object_get_string_member (json_object_get_object_member (statement, "object"), "id");
      g_autofree char *held = lrs_store_get_statement (lrs->store, target, FALSE, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *target_actor = NULL;

      if (held == NULL)
        {
          g_set_error (error, LRS_ERROR, LRS_ERROR_FORBIDDEN,
                       _("object.id: no statement with this id is stored to be voided"));
          return FALSE;
        }
      if (awareness_json_parser_load (parser, held, -1, NULL))
        target_actor = lrs_agent_key (
          json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                         "actor"));
      if (g_strcmp0 (target_actor, own) != 0)
        {
          g_set_error (error, LRS_ERROR, LRS_ERROR_FORBIDDEN,
                       _("object.id: a learner may void their own statements only"));
          return FALSE;
        }
    }

  if (!json_object_has_member (statement, "id"))
    {
      g_autofree char *id = g_uuid_string_random ();
      json_object_set_string_member (statement, "id", id);
    }
  else
    {
      /* UUIDs compare as lower case. */
      g_autofree char *lower = g_ascii_strdown (json_object_get_string_member (statement, "id"),
                                                -1);
      json_object_set_string_member (statement, "id", lower);
    }

  /* The timestamp, when missing, is set by the store once it knows the
   * statement is new: a resent statement is compared as it was sent. */
  json_object_set_string_member (statement, "stored", stored);
  if (!json_object_has_member (statement, "version"))
    json_object_set_string_member (statement, "version", "1.0.0");
  if (!json_object_has_member (statement, "authority"))
    json_object_set_member (statement, "authority", lrs_account_agent (lrs, account));

  return TRUE;
}

/* Whether the answers stored for the attempt of @verdict earn it against
 * the published catalog (awareness_verdict_check_attempt()). */
static gboolean
verdict_earned (LrsStore         *store,
                AwarenessCatalog *catalog,
                AwarenessVerdict *verdict)
{
  AwarenessModule *module = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) answers =
    g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_verdict_free);
  g_autofree char *iri = NULL;
  g_autoptr(GError) error = NULL;

  if (catalog == NULL || verdict->registration == NULL ||
      (module = awareness_catalog_lookup_module (catalog, verdict->module_id)) == NULL)
    return FALSE;
  /* The module of this server's catalog, not one of the same name elsewhere. */
  iri = awareness_catalog_dup_module_iri (catalog, module);
  if (g_strcmp0 (iri, verdict->activity) != 0)
    return FALSE;
  texts = lrs_store_attempt_answers (store, verdict->home_page, verdict->name,
                                     verdict->registration, &error);
  if (texts == NULL)
    {
      g_warning ("The answers of an attempt could not be read: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      AwarenessVerdict *answer;
      JsonNode *root;

      if (!awareness_json_parser_load (parser, g_ptr_array_index (texts, i), -1, NULL))
        continue;
      root = json_parser_get_root (parser);
      answer = awareness_verdict_new_from_statement (json_node_get_object (root), NULL);
      if (answer != NULL)
        g_ptr_array_add (answers, answer);
    }
  if (!awareness_verdict_check_attempt (verdict, module, answers, &error))
    {
      g_debug ("Verdict of %s on %s unverified: %s", verdict->name, verdict->module_id,
               error->message);
      return FALSE;
    }
  return TRUE;
}

static gint64
usec_of (GDateTime *when)
{
  return g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
}

/* Judges each verdict of @statements (stored now, in the transaction
 * open on @store) by its answers, and records when it arrived:
 * @recorded_at, a time the learner cannot set. */
static void
check_verdicts (LrsStore         *store,
                AwarenessCatalog *catalog,
                GPtrArray        *statements,
                gint64            recorded_at)
{
  for (guint i = 0; i < statements->len; i++)
    {
      JsonObject *statement = json_node_get_object (g_ptr_array_index (statements, i));
      g_autoptr(AwarenessVerdict) verdict = awareness_verdict_new_from_statement (statement, NULL);
      g_autoptr(GError) error = NULL;

      /* The verdicts the reports read. */
      if (verdict == NULL ||
          (verdict->kind != AWARENESS_VERDICT_PASSED && verdict->kind != AWARENESS_VERDICT_FAILED))
        continue;
      /* A failure leaves the verdict unverified: the safe side. */
      if (!lrs_store_put_verdict_check (store, json_object_get_string_member (statement, "id"),
                                        verdict_earned (store, catalog, verdict), recorded_at,
                                        &error))
        g_warning ("A verdict's check could not be stored: %s", error->message);
    }
}

/* A batch on its way to the store: everything the store's transaction
 * needs, owned, so that the writer thread uses nothing of the server. */
typedef struct {
  Lrs              *lrs;
  LrsStoreGroup     group;
  AwarenessCatalog *catalog;      /* the catalog the verdicts are judged by, or NULL */
  GHashTable       *parts;        /* the attachment data, stored already, or NULL */
  char             *owner;        /* the account that sends them */
  gint64            recorded_at;  /* when the verdicts arrived */
} Ingest;

static void
ingest_free (gpointer data)
{
  Ingest *ingest = data;

  g_ptr_array_unref (ingest->group.statements);
  g_ptr_array_unref (ingest->group.accepted_ids);
  g_clear_error (&ingest->group.error);
  g_clear_object (&ingest->catalog);
  g_clear_pointer (&ingest->parts, g_hash_table_unref);
  g_free (ingest->owner);
  g_free (ingest);
}

/* In the store's transaction, once the statements are in. */
static gboolean
after_insert_cb (LrsStore       *store,
                 LrsStoreGroup  *group,
                 GError        **error)
{
  Ingest *ingest = group->after_data;

  if (ingest->parts != NULL
      && !lrs_attachments_bind (store, group->statements, ingest->parts, ingest->owner, error))
    return FALSE;
  check_verdicts (store, ingest->catalog, group->statements, ingest->recorded_at);
  return TRUE;
}

/* Validates and completes @statements, checks their attachments and
 * stores their data: what precedes the transaction (see
 * lrs_ingest_statements()).  Returns the batch ready for the store, or
 * NULL with an LRS_ERROR. */
static Ingest *
ingest_prepare (Lrs              *lrs,
                LrsAccount       *account,
                GPtrArray        *statements,
                GHashTable       *parts,
                LrsIngestSource   source,
                GDateTime        *exported,
                guint            *already,
                GError          **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stored = awareness_xapi_format_timestamp (now);
  g_autofree char *own = lrs_account_key (lrs, account);
  gboolean transfer = source == LRS_INGEST_TRANSFER_FILE;
  Ingest *ingest;

  if (already != NULL)
    *already = 0;
  if (!transfer && statements->len > lrs->config.max_batch)
    {
      g_set_error (error, LRS_ERROR, LRS_ERROR_TOO_LARGE, _("A batch holds at most %u statements"),
                   lrs->config.max_batch);
      return NULL;
    }

  for (guint i = 0; i < statements->len; i++)
    {
      JsonNode *node = g_ptr_array_index (statements, i);
      const char *id;

      /* A transfer file's statements as the account itself would have sent them. */
      if (!prepare_statement (lrs, account, own, node, stored, error))
        {
          if (transfer || statements->len > 1)
            g_prefix_error (error, "statement %u: ", i);
          return NULL;
        }

      id = json_object_get_string_member (json_node_get_object (node), "id");
      if (transfer)
        {
          g_autofree char *held = NULL;

          if (already != NULL
              && (held = lrs_store_get_statement (lrs->store, id, FALSE, NULL)) != NULL)
            (*already)++;
          continue;
        }
      if (g_hash_table_contains (seen, id))
        {
          g_set_error (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST,
                       _("statement %u: id %s appears twice in the batch"), i, id);
          return NULL;
        }
      g_hash_table_add (seen, (gpointer) id);
    }

  /* Transfer files carry no attachment data: a statement that needs some
   * is refused, as on the Statements resource. */
  if (!lrs_attachments_check (statements, parts, lrs->config.max_attachments, error))
    return NULL;
  if (!transfer && !lrs_attachments_check_signatures (statements, parts, error))
    return NULL;
  if (parts != NULL && !lrs_attachments_check_quota (lrs->store, parts, account->key,
                                                     lrs->config.attachment_quota, error))
    return NULL;

  /* The data first: a statement is never stored without its attachments. */
  if (parts != NULL && !lrs_attachments_store (lrs->store, parts, error))
    return NULL;

  ingest = g_new0 (Ingest, 1);
  ingest->lrs = lrs;
  ingest->group.statements = g_ptr_array_ref (statements);
  ingest->group.accepted_ids = g_ptr_array_new_with_free_func (g_free);
  ingest->group.after = after_insert_cb;
  ingest->group.after_data = ingest;
  ingest->catalog = lrs->catalog != NULL ? g_object_ref (lrs->catalog) : NULL;
  ingest->parts = parts != NULL ? g_hash_table_ref (parts) : NULL;
  ingest->owner = g_strdup (account->key);
  ingest->recorded_at =
    usec_of (exported != NULL && g_date_time_compare (exported, now) < 0 ? exported : now);
  return ingest;
}

/* The outcome of @ingest, once its transaction is over: its ids added to
 * @accepted_ids, or FALSE with an LRS_ERROR. */
static gboolean
ingest_finish (Ingest     *ingest,
               GPtrArray  *accepted_ids,
               GError    **error)
{
  GError *refused = ingest->group.error;

  if (refused == NULL)
    {
      GPtrArray *ids = ingest->group.accepted_ids;

      for (guint i = 0; i < ids->len; i++)
        g_ptr_array_add (accepted_ids, g_strdup (g_ptr_array_index (ids, i)));
      return TRUE;
    }

  /* The data of a batch refused: no statement carries it. */
  if (ingest->parts != NULL)
    lrs_attachments_unstore (ingest->lrs->store, ingest->parts);
  if (refused->domain == LRS_ERROR)
    g_set_error_literal (error, LRS_ERROR, refused->code, refused->message);
  else if (g_error_matches (refused, LRS_STORE_ERROR, LRS_STORE_ERROR_CONFLICT))
    g_set_error_literal (error, LRS_ERROR, LRS_ERROR_CONFLICT, refused->message);
  else if (g_error_matches (refused, LRS_STORE_ERROR, LRS_STORE_ERROR_INVALID))
    g_set_error_literal (error, LRS_ERROR, LRS_ERROR_BAD_REQUEST, refused->message);
  else
    {
      g_warning ("Storing statements failed: %s", refused->message);
      g_set_error_literal (error, LRS_ERROR, LRS_ERROR_INTERNAL,
                           _("The statements could not be stored"));
    }
  return FALSE;
}

/* Stores @ingest on the main loop's connection, in a transaction of its own. */
static void
store_here (Ingest *ingest)
{
  LrsStoreGroup *groups[] = { &ingest->group };
  GError *error = NULL;

  if (!lrs_store_insert_groups (ingest->lrs->store, groups, 1, &error))
    {
      g_clear_error (&ingest->group.error);
      ingest->group.error = error;
    }
}

/*
 * Stores @statements (JsonNodes, completed in place) from @account, with
 * the attachment data of @parts (SHA-2 → part, or NULL), and adds the
 * ids accepted to @accepted_ids.  A batch is stored whole or not at all.
 *
 * From the Statements resource, a batch holds at most [limits] max-batch
 * statements, an id appears once, and a signature must come as a part.
 * A transfer file is the records of a machine, however many, as its
 * account made them; it carries no attachment data.  For a transfer file
 * @already (if not NULL) counts the statements the store held before.
 *
 * Each verdict stored is judged by the answers of its attempt (see
 * verdict_earned()), in the same transaction; it arrived when it was
 * stored, or for a transfer file when the file was exported (@exported,
 * signed), whichever is earlier.
 *
 * This stores on the main loop's connection and waits for the commit;
 * lrs_ingest_statements_async() is the same through the store writer.
 *
 * Returns: FALSE with an LRS_ERROR if anything is refused.
 */
gboolean
lrs_ingest_statements (Lrs              *lrs,
                       LrsAccount       *account,
                       GPtrArray        *statements,
                       GHashTable       *parts,
                       LrsIngestSource   source,
                       GDateTime        *exported,
                       GPtrArray        *accepted_ids,
                       guint            *already,
                       GError          **error)
{
  Ingest *ingest = ingest_prepare (lrs, account, statements, parts, source, exported, already,
                                   error);
  gboolean ok;

  if (ingest == NULL)
    return FALSE;
  store_here (ingest);
  ok = ingest_finish (ingest, accepted_ids, error);
  ingest_free (ingest);
  return ok;
}

/* On the main loop, once the writer has committed the batch or refused it. */
static void
stored_cb (LrsStoreGroup *group,
           gpointer       user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;

  if (ingest_finish (g_task_get_task_data (task), ids, &error))
    g_task_return_pointer (task, g_steal_pointer (&ids), (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

/**
 * lrs_ingest_statements_async:
 *
 * As lrs_ingest_statements() from the Statements resource, but the batch
 * is stored by the store writer (lrs-store-writer.c) with the batches of
 * the other requests that arrive meanwhile, in one transaction: @callback
 * runs on the main loop only once that transaction is committed, so that
 * a 2xx sent then is durable.  The validation is done before this
 * returns, on the main loop.
 */
void
lrs_ingest_statements_async (Lrs                 *lrs,
                             LrsAccount          *account,
                             GPtrArray           *statements,
                             GHashTable          *parts,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  GError *error = NULL;
  Ingest *ingest;

  g_task_set_source_tag (task, lrs_ingest_statements_async);
  ingest = ingest_prepare (lrs, account, statements, parts, LRS_INGEST_STATEMENTS, NULL, NULL,
                           &error);
  if (ingest == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, ingest, ingest_free);
  if (lrs->writer == NULL)
    {
      store_here (ingest);
      stored_cb (&ingest->group, g_steal_pointer (&task));
      return;
    }
  lrs_store_writer_submit (lrs->writer, &ingest->group, stored_cb, g_steal_pointer (&task));
}

/**
 * lrs_ingest_statements_finish:
 *
 * Returns: (transfer full): the ids accepted, or NULL with an LRS_ERROR
 */
GPtrArray *
lrs_ingest_statements_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
