/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sending the outbox to the LRS, exactly once whatever the network does.
 *
 * A statement leaves the queue only when the server said it holds it: a
 * 2xx to the POST or PUT that carried it, or, for a statement whose
 * earlier try got no answer (the server may have stored it and the
 * answer been lost), a GET by id that returns the same statement.  A
 * statement the server refuses (4xx) is put aside with the server's
 * message and never blocks the others.  Timeouts, broken connections,
 * 5xx and 429 are tried again after a wait that doubles, with jitter, and
 * honours Retry-After; after max_tries the sync stops and what is left
 * stays pending.  401 and 403 stop the sync: nothing would get through.
 * Only the xAPI Statements resource is used, so any conformant LRS works.
 *
 * The pull fetches the learner's verdicts (passed, failed) from the LRS,
 * so that a member of staff who changes machines sees their completions:
 * each is an attempt of the store, by its registration (the attempt id),
 * so an attempt made here or fetched before is never counted twice.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "awareness-private.h"
#include "awareness-environment.h"
#include "awareness-json.h"
#include "awareness-catalog.h"
#include "awareness-module.h"
#include "awareness-package.h"
#include "awareness-sync.h"
#include "awareness-xapi.h"
#include "awareness-verdict.h"
#include "awareness-xapi-validate.h"

/**
 * awareness_sync_error_quark:
 *
 * The error domain of #AwarenessSyncError.
 *
 * Returns: the #GQuark of %AWARENESS_SYNC_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-sync-error-quark, awareness_sync_error)

/**
 * awareness_sync_options_init:
 * @options: (out caller-allocates): options to set to the defaults
 *
 * Since: 0.2
 */
void
awareness_sync_options_init (AwarenessSyncOptions *options)
{
  options->batch_size = 50;
  options->max_tries = 6;
  options->base_delay_ms = 500;
  options->max_delay_ms = 30000;
  options->timeout_s = 60;
  options->staff_id = NULL;
  options->home_page = NULL;
}

/* How many times a request honours a server's Retry-After. */
#define MAX_RETRY_AFTERS 3
/* The page of results the pull asks for, and the most it takes. */
#define PULL_PAGE 100

typedef struct {
  AwarenessStore             *store;
  AwarenessClient            *client;
  const AwarenessSyncOptions *options;
  AwarenessSyncSummary       *summary;
  AwarenessSyncProgress       progress;
  gpointer                    progress_data;
  GCancellable               *cancellable;
  guint                       done;
  guint                       total;
} Sync;

/* Waits before try @n (1-based) of a request; FALSE if cancelled. */
static gboolean
wait_before_retry (Sync   *sync,
                   guint   n,
                   gint    retry_after,
                   GError **error)
{
  guint64 delay = (guint64) sync->options->base_delay_ms << MIN (n - 1, 20u);
  GPollFD pollfd;
  gboolean pollable;

  delay = MIN (delay, sync->options->max_delay_ms);
  /* Jitter: many machines coming back after an outage do not all knock
   * at once. */
  delay = delay / 2 + (guint64) g_random_int_range (0, (gint32) MAX (delay / 2, 1));
  if (retry_after >= 0)
    delay = MAX (delay, (guint64) retry_after * 1000);

  pollable = g_cancellable_make_pollfd (sync->cancellable, &pollfd);
  if (pollable)
    {
      g_poll (&pollfd, 1, (gint) delay);
      g_cancellable_release_fd (sync->cancellable);
    }
  else
    g_usleep (delay * 1000);

  if (g_cancellable_set_error_if_cancelled (sync->cancellable, error))
    return FALSE;
  return TRUE;
}

static gboolean
is_transient (guint status)
{
  return status == 408 || status == 425 || status == 429 || status >= 500;
}

/* Answers that say something about one statement, not about the server:
 * only these put a statement aside. */
static gboolean
is_statement_refusal (guint status)
{
  return status == 400 || status == 409 || status == 413 || status == 422;
}

/* Any other answer (a redirect, 404 from a wrong address, 405): the
 * server is not answering as an LRS.  Nothing is put aside for it. */
static gboolean
not_an_lrs (const AwarenessResponse *response,
            GError                 **error)
{
  g_autofree char *message = awareness_response_message (response);

  g_set_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE,
               _("The server does not answer as an xAPI LRS (HTTP %u: %s): check its address; "
                 "the records stay on this machine"), response->status, message);
  return FALSE;
}

/* Whether a POST's answer names every statement sent, as the
 * specification's array of ids; a 2xx from anything else is no proof. */
static gboolean
answer_lists_ids (const AwarenessResponse *response,
                  GPtrArray               *ids)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) named = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root;
  JsonArray *array;

  if (response->body == NULL ||
      !awareness_json_parser_load (parser, response->body, (gssize) response->length, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return FALSE;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) == G_TYPE_STRING)
        g_hash_table_add (named, (gpointer) json_node_get_string (element));
    }
  for (guint i = 0; i < ids->len; i++)
    {
      gboolean found = g_hash_table_contains (named, g_ptr_array_index (ids, i));

      /* LRSs may answer ids in another case. */
      if (!found)
        {
          g_autofree char *lower = g_ascii_strdown (g_ptr_array_index (ids, i), -1);

          found = g_hash_table_contains (named, lower);
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/*
 * One request, tried again on transient failures.  Returns TRUE with the
 * answer in @response for anything that is not transient (2xx, 4xx but
 * 429); FALSE with @error when the tries are spent, the certificate is not
 * trusted or the sync is cancelled.  A try without an answer is noted on
 * @ids, so that the next sync asks the server whether it got them.
 */
static gboolean
request (Sync               *sync,
         const char         *method,
         const char         *path,
         const char         *body,
         const char * const *ids,
         guint               n_ids,
         AwarenessResponse  *response,
         GError            **error)
{
  g_autofree char *reason = NULL;
  guint waits_asked = 0;

  for (guint n = 1; ; n++)
    {
      g_autoptr(GError) local_error = NULL;
      gint retry_after = -1;

      awareness_response_clear (response);
      if (awareness_client_request (sync->client, method, path, body, response, sync->cancellable,
                                    &local_error))
        {
          if (!is_transient (response->status))
            return TRUE;
          /* A server's Retry-After is honoured three times a request at
           * most (and capped by the client); then the usual backoff. */
          if (response->retry_after >= 0 && ++waits_asked <= MAX_RETRY_AFTERS)
            retry_after = response->retry_after;
          g_free (reason);
          reason = g_strdup_printf (_("the server answered HTTP %u"), response->status);
        }
      else if (g_error_matches (local_error, AWARENESS_CLIENT_ERROR,
                                AWARENESS_CLIENT_ERROR_NETWORK))
        {
          g_free (reason);
          reason = g_strdup (local_error->message);
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (n_ids > 0 && !awareness_store_note_failure (sync->store, ids, n_ids, reason, error))
        return FALSE;
      if (n >= sync->options->max_tries)
        {
          g_set_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE,
                       _("The server did not take the records after %u tries (%s); they stay on "
                         "this machine for the next sync"), n, reason);
          return FALSE;
        }
      sync->summary->retries++;
      if (!wait_before_retry (sync, n, retry_after, error))
        return FALSE;
    }
}

static gboolean
refused (const AwarenessResponse *response,
         GError                 **error)
{
  g_autofree char *message = NULL;

  if (response->status != 401 && response->status != 403)
    return FALSE;
  message = awareness_response_message (response);
  g_set_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_REFUSED,
               response->status == 401
               ? _("The server refused the account's credential (%s): sign in again "
                   "with “awareness login”")
               : _("The server does not let this account record these statements (%s): "
                   "ask the administrator"),
               message);
  return TRUE;
}

static void
advance (Sync  *sync,
         guint  n)
{
  sync->done += n;
  if (sync->progress != NULL)
    sync->progress (sync->done, sync->total, sync->progress_data);
}

typedef enum {
  HELD_NO,
  HELD_SAME,
  HELD_OTHER,
} Held;

/* Whether the server holds a statement with the item's id, and the same. */
static gboolean
check_held (Sync                *sync,
            AwarenessOutboxItem *item,
            Held                *held,
            GError             **error)
{
  g_auto(AwarenessResponse) response = { 0 };
  g_autofree char *path = g_strconcat ("statements?statementId=", item->statement_id, NULL);
  g_autoptr(JsonParser) stored = json_parser_new ();
  g_autoptr(JsonParser) ours = json_parser_new ();

  *held = HELD_NO;
  if (!request (sync, "GET", path, NULL, NULL, 0, &response, error))
    return FALSE;
  if (refused (&response, error))
    return FALSE;
  if (response.status != 200 ||
      !awareness_json_parser_load (stored, response.body, (gssize) response.length, NULL) ||
      json_parser_get_root (stored) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (stored)) ||
      !awareness_json_parser_load (ours, item->statement, -1, NULL))
    return TRUE;
  *held = awareness_xapi_statements_equivalent (json_parser_get_root (stored),
                                                json_parser_get_root (ours))
          ? HELD_SAME : HELD_OTHER;
  return TRUE;
}

static gboolean
set_aside (Sync                *sync,
           AwarenessOutboxItem *item,
           const char          *reason,
           GError             **error)
{
  if (!awareness_store_mark_rejected (sync->store, item->statement_id, reason, error))
    return FALSE;
  sync->summary->rejected++;
  return TRUE;
}

static gboolean
mark_sent (Sync                *sync,
           AwarenessOutboxItem *item,
           gboolean             already,
           GError             **error)
{
  const char *id = item->statement_id;

  if (!awareness_store_mark_sent (sync->store, &id, 1, error))
    return FALSE;
  if (already)
    sync->summary->already++;
  else
    sync->summary->sent++;
  return TRUE;
}

/* One statement on its own, when its batch was refused: PUT by id. */
static gboolean
put_one (Sync                *sync,
         AwarenessOutboxItem *item,
         GError             **error)
{
  g_auto(AwarenessResponse) response = { 0 };
  g_autofree char *path = g_strconcat ("statements?statementId=", item->statement_id, NULL);
  const char *id = item->statement_id;
  g_autofree char *message = NULL;
  Held held;

  if (!request (sync, "PUT", path, item->statement, &id, 1, &response, error))
    return FALSE;
  if (response.status >= 200 && response.status < 300)
    return mark_sent (sync, item, FALSE, error);
  if (refused (&response, error))
    return FALSE;

  if (!is_statement_refusal (response.status))
    return not_an_lrs (&response, error);

  /* 409: the id is taken; ours if the content is the same. */
  if (response.status == 409)
    {
      if (!check_held (sync, item, &held, error))
        return FALSE;
      if (held == HELD_SAME)
        return mark_sent (sync, item, TRUE, error);
    }
  message = awareness_response_message (&response);
  {
    /* Translators: why a statement was put aside: “HTTP 400: …”. */
    g_autofree char *reason = g_strdup_printf (_("HTTP %u: %s"), response.status, message);

    return set_aside (sync, item, reason, error);
  }
}

/* Whether the statement's actor is the signed-in account (any statement
 * is, when the options name no account). */
static gboolean
is_own (Sync                *sync,
        AwarenessOutboxItem *item)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *account;

  if (sync->options->staff_id == NULL || sync->options->home_page == NULL)
    return TRUE;
  if (!awareness_json_parser_load (parser, item->statement, -1, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  account =
      _awareness_json_object_member (_awareness_json_object_member (json_node_get_object (root),
                                                                    "actor"),
                                     "account");
  return g_strcmp0 (_awareness_json_string_member (account, "name"), sync->options->staff_id) ==
             0 &&
         g_strcmp0 (_awareness_json_string_member (account, "homePage"),
                    sync->options->home_page) == 0;
}

static gboolean
push_batch (Sync      *sync,
            GPtrArray *batch,
            GError   **error)
{
  g_autoptr(GPtrArray) to_send = g_ptr_array_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GString) body = g_string_new ("[");
  g_auto(AwarenessResponse) response = { 0 };

  /* A statement tried before without an answer, or carried in a transfer
   * file, may be on the server already: ask, rather than count it twice. */
  for (guint i = 0; i < batch->len; i++)
    {
      AwarenessOutboxItem *item = g_ptr_array_index (batch, i);
      Held held = HELD_NO;

      /* Another account's records wait for that account to sign in:
       * the server would refuse them, and with them the whole batch. */
      if (!is_own (sync, item))
        {
          sync->summary->foreign++;
          advance (sync, 1);
          continue;
        }
      if ((item->tries > 0 || item->exported != NULL) && !check_held (sync, item, &held, error))
        return FALSE;
      if (held == HELD_SAME)
        {
          if (!mark_sent (sync, item, TRUE, error))
            return FALSE;
          advance (sync, 1);
          continue;
        }
      g_ptr_array_add (to_send, item);
      g_ptr_array_add (ids, item->statement_id);
      g_string_append_printf (body, "%s%s", to_send->len > 1 ? "," : "", item->statement);
    }
  if (to_send->len == 0)
    return TRUE;
  g_string_append_c (body, ']');

  if (!request (sync, "POST", "statements", body->str, (const char * const *) ids->pdata, ids->len,
                &response, error))
    return FALSE;
  if (response.status >= 200 && response.status < 300)
    {
      if (!answer_lists_ids (&response, ids))
        return not_an_lrs (&response, error);
      if (!awareness_store_mark_sent (sync->store, (const char * const *) ids->pdata, ids->len,
                                      error))
        return FALSE;
      sync->summary->sent += to_send->len;
      advance (sync, to_send->len);
      return TRUE;
    }
  if (refused (&response, error))
    return FALSE;
  if (!is_statement_refusal (response.status))
    return not_an_lrs (&response, error);

  /* The batch was refused as a whole (one bad statement, an id taken,
   * too large): one by one, so that only the bad ones are put aside. */
  for (guint i = 0; i < to_send->len; i++)
    {
      if (!put_one (sync, g_ptr_array_index (to_send, i), error))
        return FALSE;
      advance (sync, 1);
    }
  return TRUE;
}

/**
 * awareness_sync_push:
 * @store: the records
 * @client: a client of the LRS
 * @options: (nullable): how to send, or %NULL for the defaults
 * @progress: (nullable) (scope call): called as statements are dealt with
 * @progress_data: data for @progress
 * @summary: (out caller-allocates): what happened
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Sends the pending statements of the outbox.  @summary is filled
 * whether the sync completes or stops.
 *
 * Returns: whether every pending statement was dealt with (sent, found
 *   on the server, or put aside)
 *
 * Since: 0.2
 */
gboolean
awareness_sync_push (AwarenessStore             *store,
                     AwarenessClient            *client,
                     const AwarenessSyncOptions *options,
                     AwarenessSyncProgress       progress,
                     gpointer                    progress_data,
                     AwarenessSyncSummary       *summary,
                     GCancellable               *cancellable,
                     GError                    **error)
{
  AwarenessSyncOptions defaults;
  g_autoptr(GPtrArray) pending = NULL;
  Sync sync = { store, client, options, summary, progress, progress_data, cancellable, 0, 0 };
  gboolean ok = TRUE;
  gint64 remaining;

  g_return_val_if_fail (AWARENESS_IS_STORE (store), FALSE);

  memset (summary, 0, sizeof *summary);
  if (options == NULL)
    {
      awareness_sync_options_init (&defaults);
      sync.options = &defaults;
    }
  awareness_client_set_timeout (client, sync.options->timeout_s);
  g_return_val_if_fail (sync.options->batch_size > 0, FALSE);

  pending = awareness_store_list_outbox (store, AWARENESS_OUTBOX_PENDING, 0, error);
  if (pending == NULL)
    return FALSE;
  sync.total = pending->len;

  for (guint i = 0; ok && i < pending->len; i += sync.options->batch_size)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();

      for (guint j = i; j < pending->len && j < i + sync.options->batch_size; j++)
        g_ptr_array_add (batch, g_ptr_array_index (pending, j));
      ok = push_batch (&sync, batch, error);
    }

  remaining = awareness_store_count_pending (store, NULL);
  summary->remaining = remaining > 0 ? (guint) remaining : 0;
  return ok;
}

/* A verdict statement as the attempt it ends; NULL if it is not one an
 * Awareness client made (no registration, no timestamp). */
static AwarenessAttemptRecord *
record_of_statement (JsonObject *statement,
                     const char *user,
                     const char *home_page)
{
  g_autoptr(AwarenessVerdict) verdict = awareness_verdict_new_from_statement (statement, NULL);
  AwarenessAttemptRecord *record;

  if (verdict == NULL || verdict->registration == NULL ||
      (verdict->kind != AWARENESS_VERDICT_PASSED && verdict->kind != AWARENESS_VERDICT_FAILED))
    return NULL;
  /* Only the signed-in learner's own verdicts: a server cannot slip
   * another's result into the records. */
  if (g_strcmp0 (verdict->name, user) != 0 || g_strcmp0 (verdict->home_page, home_page) != 0)
    return NULL;

  record = g_new0 (AwarenessAttemptRecord, 1);
  record->id = g_strdup (verdict->registration);
  record->user = g_strdup (user);
  record->module_id = g_strdup (verdict->module_id);
  record->module_version = g_strdup (verdict->module_version);
  record->language = g_strdup (verdict->language);
  record->finished = g_date_time_ref (verdict->instant);
  record->started = g_date_time_add (verdict->instant, -verdict->duration);
  if (record->started == NULL)
    record->started = g_date_time_ref (verdict->instant);
  record->state =
      verdict->success ? AWARENESS_ATTEMPT_STATE_PASSED : AWARENESS_ATTEMPT_STATE_FAILED;
  if (verdict->raw >= 0 && verdict->max >= 0)
    {
      record->score = (guint) verdict->raw;
      record->max_score = (guint) verdict->max;
    }
  return record;
}

/* Fetches one verb's statements about the learner, page after page. */
static gboolean
pull_verb (Sync       *sync,
           const char *agent,
           const char *verb,
           const char *user,
           const char *home_page,
           GError    **error)
{
  g_autofree char *escaped_agent = g_uri_escape_string (agent, NULL, FALSE);
  g_autofree char *escaped_verb = g_uri_escape_string (verb, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("statements?agent=%s&verb=%s&limit=%u", escaped_agent,
                                           escaped_verb, PULL_PAGE);
  guint pages = 0;

  while (path != NULL)
    {
      g_auto(AwarenessResponse) response = { 0 };
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *page;
      JsonNode *statements;
      const char *more;

      if (!request (sync, "GET", path, NULL, NULL, 0, &response, error))
        return FALSE;
      if (refused (&response, error))
        return FALSE;
      if (response.status != 200 ||
          !awareness_json_parser_load (parser, response.body, (gssize) response.length, NULL) ||
          json_parser_get_root (parser) == NULL ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_autofree char *message = awareness_response_message (&response);

          g_set_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE,
                       _("The server did not give your results (HTTP %u: %s)"), response.status,
                       message);
          return FALSE;
        }
      page = json_node_get_object (json_parser_get_root (parser));
      statements = json_object_get_member (page, "statements");
      if (statements != NULL && JSON_NODE_HOLDS_ARRAY (statements) &&
          json_array_get_length (json_node_get_array (statements)) > PULL_PAGE)
        {
          g_set_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE,
                       _("The server sent a page of more results than were asked for"));
          return FALSE;
        }
      for (guint i = 0; statements != NULL && JSON_NODE_HOLDS_ARRAY (statements) &&
                        i < json_array_get_length (json_node_get_array (statements)); i++)
        {
          JsonNode *node = json_array_get_element (json_node_get_array (statements), i);
          g_autoptr(AwarenessAttemptRecord) record =
              JSON_NODE_HOLDS_OBJECT (node)
                  ? record_of_statement (json_node_get_object (node), user, home_page)
                  : NULL;
          int merged;

          if (record == NULL)
            continue;
          merged = awareness_store_merge_result (sync->store, record, error);
          if (merged < 0)
            return FALSE;
          sync->summary->pulled += (guint) merged;
        }

      more = _awareness_json_string_member (page, "more");
      if (more != NULL && more[0] != '\0' && (g_strcmp0 (more, path) == 0 || ++pages > 10000))
        {
          g_set_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE,
                       _("The server's pages of results do not end"));
          return FALSE;
        }
      g_clear_pointer (&path, g_free);
      if (more != NULL && more[0] != '\0')
        path = g_strdup (more);
    }
  return TRUE;
}

/**
 * awareness_sync_pull:
 * @store: the records
 * @client: a client of the LRS
 * @options: (nullable): how to ask, or %NULL for the defaults
 * @user: the learner, as the store names them
 * @home_page: the home page of the learner's account
 * @summary: (inout): its @pulled is increased by the results fetched
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Fetches the learner's results from the server and records those made
 * on other machines, each once.
 *
 * Returns: whether the results were fetched
 *
 * Since: 0.2
 */
gboolean
awareness_sync_pull (AwarenessStore             *store,
                     AwarenessClient            *client,
                     const AwarenessSyncOptions *options,
                     const char                 *user,
                     const char                 *home_page,
                     AwarenessSyncSummary       *summary,
                     GCancellable               *cancellable,
                     GError                    **error)
{
  AwarenessSyncOptions defaults;
  Sync sync = { store, client, options, summary, NULL, NULL, cancellable, 0, 0 };
  g_autoptr(JsonNode) agent = awareness_xapi_build_account_agent (home_page, user);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *agent_json = NULL;

  g_return_val_if_fail (AWARENESS_IS_STORE (store), FALSE);

  if (options == NULL)
    {
      awareness_sync_options_init (&defaults);
      sync.options = &defaults;
    }
  json_generator_set_root (generator, agent);
  agent_json = json_generator_to_data (generator, NULL);
  return pull_verb (&sync, agent_json, AWARENESS_XAPI_VERB_PASSED, user, home_page, error) &&
         pull_verb (&sync, agent_json, AWARENESS_XAPI_VERB_FAILED, user, home_page, error);
}

/* What changed for the learner between two catalogs, a line each. */
static char *
describe_changes (AwarenessCatalog *before,
                  AwarenessCatalog *after)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *lang = awareness_get_content_language ();
  GListModel *modules = awareness_catalog_get_modules (after);

  for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);
      AwarenessModule *old =
          before != NULL
              ? awareness_catalog_lookup_module (before, awareness_module_get_id (module))
              : NULL;

      if (old == NULL)
        /* Translators: a module in newly installed content. */
        g_string_append_printf (text, _("New module: %s (version %s)\n"),
                                awareness_module_get_title (module, lang),
                                awareness_module_get_version (module));
      else if (g_strcmp0 (awareness_module_get_version (old),
                          awareness_module_get_version (module)) != 0)
        g_string_append_printf (text, _("%s: version %s → %s\n"),
                                awareness_module_get_title (module, lang),
                                awareness_module_get_version (old),
                                awareness_module_get_version (module));
    }
  if (before != NULL)
    {
      GListModel *old_modules = awareness_catalog_get_modules (before);

      for (guint i = 0; i < g_list_model_get_n_items (old_modules); i++)
        {
          g_autoptr(AwarenessModule) old = g_list_model_get_item (old_modules, i);

          if (awareness_catalog_lookup_module (after, awareness_module_get_id (old)) == NULL)
            g_string_append_printf (text, _("%s is no longer part of the training\n"),
                                    awareness_module_get_title (old, lang));
        }
    }
  if (text->len == 0)
    g_string_append (text, _("The training content was updated; no module changed its version\n"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * awareness_sync_content:
 * @client: a client of the city's server
 * @trusted_keys: (array zero-terminated=1) (nullable): the keys whose
 *   packages this machine installs
 * @root: (type filename) (nullable): the install root, or %NULL for
 *   awareness_dup_content_install_root()
 * @changes: (out) (transfer full) (nullable): what changed for the
 *   learner, a line each, when new content was installed; else %NULL
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Fetches the newest content package the server publishes, if this
 * machine does not have it, verifies it against @trusted_keys, and
 * installs it (see awareness_package_install()).
 *
 * Returns: whether the machine has the newest content now (or the
 *   server publishes none)
 *
 * Since: 0.2
 */
gboolean
awareness_sync_content (AwarenessClient    *client,
                        const char * const *trusted_keys,
                        const char         *root,
                        char              **changes,
                        GCancellable       *cancellable,
                        GError            **error)
{
  AwarenessSyncOptions options;
  AwarenessSyncSummary summary = { 0 };
  Sync sync = { NULL, client, &options, &summary, NULL, NULL, cancellable, 0, 0 };
  g_auto(AwarenessResponse) latest = { 0 };
  g_auto(AwarenessResponse) download = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *base = root != NULL ? g_strdup (root) : awareness_dup_content_install_root ();
  g_autofree char *current = g_build_filename (base, "current", NULL);
  g_autofree char *current_target = g_file_read_link (current, NULL);
  /* What the learner had: the installed content, else what came with the
   * program. */
  g_autofree char *before_dir =
      current_target != NULL ? g_strdup (current) : awareness_dup_default_content_dir ();
  g_autofree char *path = NULL;
  g_autofree char *installed = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(AwarenessPackage) package = NULL;
  g_autoptr(AwarenessCatalog) before = NULL;
  g_autoptr(AwarenessCatalog) after = NULL;
  const char *digest;

  awareness_sync_options_init (&options);
  *changes = NULL;
  if (!request (&sync, "GET", "../content", NULL, NULL, 0, &latest, error))
    return FALSE;
  if (latest.status == 404)
    return TRUE;
  if (refused (&latest, error))
    return FALSE;
  if (latest.status != 200 ||
      !awareness_json_parser_load (parser, latest.body, (gssize) latest.length, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return not_an_lrs (&latest, error);
  digest = _awareness_json_string_member (json_node_get_object (json_parser_get_root (parser)),
                                          "digest");
  if (digest == NULL || strlen (digest) != 64 || strspn (digest, "0123456789abcdef") != 64)
    return not_an_lrs (&latest, error);
  if (current_target != NULL && g_str_has_suffix (current_target, digest))
    return TRUE;

  path = g_strconcat ("../content/", digest, NULL);
  if (!request (&sync, "GET", path, NULL, NULL, 0, &download, error))
    return FALSE;
  if (refused (&download, error))
    return FALSE;
  if (download.status != 200)
    return not_an_lrs (&download, error);
  bytes = g_bytes_new_take (g_steal_pointer (&download.body), download.length);
  package = awareness_package_open (bytes, trusted_keys, error);
  if (package == NULL)
    return FALSE;
  /* What came must be what the server named. */
  if (g_strcmp0 (awareness_package_get_digest (package), digest) != 0)
    {
      g_set_error (error, AWARENESS_SYNC_ERROR, AWARENESS_SYNC_ERROR_UNREACHABLE,
                   _("The server sent another content package than the one it named: nothing was "
                     "installed"));
      return FALSE;
    }

  before = awareness_catalog_new_for_directory (before_dir, NULL, NULL);
  installed = awareness_package_install (package, base, NULL, error);
  if (installed == NULL)
    return FALSE;
  after = awareness_catalog_new_for_directory (installed, NULL, NULL);
  if (after != NULL)
    *changes = describe_changes (before, after);
  return TRUE;
}

/**
 * awareness_sync_assignments:
 * @client: a client of the city's server
 * @path: (type filename) (nullable): where to keep them, or %NULL for
 *   awareness_dup_assignments_path()
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Fetches the assignments the server sets over the catalog's, so that
 * the machine shows the due dates the administrators decided.  An LRS
 * without them (another product) leaves the catalog's.
 *
 * Returns: whether the machine has the server's assignments now
 *
 * Since: 0.2
 */
gboolean
awareness_sync_assignments (AwarenessClient *client,
                            const char      *path,
                            GCancellable    *cancellable,
                            GError         **error)
{
  AwarenessSyncOptions options;
  AwarenessSyncSummary summary = { 0 };
  Sync sync = { NULL, client, &options, &summary, NULL, NULL, cancellable, 0, 0 };
  g_auto(AwarenessResponse) response = { 0 };
  g_autoptr(GHashTable) parsed = NULL;
  g_autofree char *file = path != NULL ? g_strdup (path) : awareness_dup_assignments_path ();
  g_autofree char *dir = g_path_get_dirname (file);

  awareness_sync_options_init (&options);
  if (!request (&sync, "GET", "../assignments", NULL, NULL, 0, &response, error))
    return FALSE;
  if (response.status == 404)
    return TRUE;
  if (refused (&response, error))
    return FALSE;
  if (response.status != 200)
    return not_an_lrs (&response, error);
  parsed = awareness_assignments_parse (response.body, NULL);
  if (parsed == NULL)
    return not_an_lrs (&response, error);
  g_mkdir_with_parents (dir, 0700);
  return g_file_set_contents_full (file, response.body, (gssize) response.length,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* The same in a thread of its own, for a main loop that must not wait. */

typedef struct {
  AwarenessStore       *store;
  AwarenessConfig      *config;
  AwarenessSyncOptions  options;
  AwarenessSyncSummary  summary;
} PushData;

static void
push_data_free (PushData *data)
{
  g_clear_object (&data->store);
  awareness_config_free (data->config);
  g_free (data);
}

/**
 * awareness_sync_run:
 * @store: the learner's records
 * @client: a client for the server
 * @config: the server and account; its trusted keys decide whether
 *   content is fetched
 * @options: how to send
 * @progress: (nullable) (scope call): called as statements are sent
 * @progress_data: data for @progress
 * @summary: (out caller-allocates): what happened
 * @changes: (out) (optional) (nullable): what new content changed, if any
 *   was installed
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * A whole sync, in the order that makes the learner's view right: the
 * pending statements out, then the results made on other machines, the
 * due dates the administrators set, and the newest training content on a
 * machine that trusts a signer.
 *
 * Returns: %TRUE when every step succeeded
 *
 * Since: 0.2
 */
gboolean
awareness_sync_run (AwarenessStore             *store,
                    AwarenessClient            *client,
                    const AwarenessConfig      *config,
                    const AwarenessSyncOptions *options,
                    AwarenessSyncProgress       progress,
                    gpointer                    progress_data,
                    AwarenessSyncSummary       *summary,
                    char                      **changes,
                    GCancellable               *cancellable,
                    GError                    **error)
{
  if (!awareness_sync_push (store, client, options, progress, progress_data, summary, cancellable,
                            error))
    return FALSE;
  if (config->staff_id != NULL && config->home_page != NULL &&
      !awareness_sync_pull (store, client, options, config->staff_id, config->home_page, summary,
                            cancellable, error))
    return FALSE;
  if (!awareness_sync_assignments (client, NULL, cancellable, error))
    return FALSE;
  if (config->trusted_keys != NULL && config->trusted_keys[0] != NULL &&
      !awareness_sync_content (client, (const char * const *) config->trusted_keys, NULL, changes,
                               cancellable, error))
    return FALSE;
  return TRUE;
}

static AwarenessConfig *
config_copy (const AwarenessConfig *config)
{
  AwarenessConfig *copy = g_new0 (AwarenessConfig, 1);

  copy->path = g_strdup (config->path);
  copy->server_url = g_strdup (config->server_url);
  copy->account_key = g_strdup (config->account_key);
  copy->staff_id = g_strdup (config->staff_id);
  copy->home_page = g_strdup (config->home_page);
  copy->ca_file = g_strdup (config->ca_file);
  copy->pinned_key = g_strdup (config->pinned_key);
  copy->allow_http_loopback = config->allow_http_loopback;
  copy->trusted_keys = g_strdupv (config->trusted_keys);
  return copy;
}

static void
push_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PushData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessClient) client = NULL;
  g_autofree char *secret = awareness_config_lookup_secret (data->config, &error);

  if (secret == NULL)
    goto failed;
  client = awareness_client_new (data->config, secret, &error);
  explicit_bzero (secret, strlen (secret));
  if (client == NULL)
    goto failed;
  if (data->options.staff_id == NULL && data->options.home_page == NULL)
    {
      data->options.staff_id = data->config->staff_id;
      data->options.home_page = data->config->home_page;
    }
  if (!awareness_sync_run (data->store, client, data->config, &data->options, NULL, NULL,
                           &data->summary, NULL, cancellable, &error))
    goto failed;
  g_task_return_boolean (task, TRUE);
  return;

failed:
  g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * awareness_sync_push_async:
 * @store: the records: the caller's own store, which the thread shares
 * @config: the server and account
 * @options: (nullable): how to send, or %NULL for the defaults
 * @cancellable: (nullable): a cancellable
 * @callback: called in the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Runs awareness_sync_run() without blocking the caller's main loop: the work runs
 * in a thread on the caller's store (one store per process: every store call
 * runs whole before another begins, whichever thread makes it).
 *
 * Since: 0.2
 */
void
awareness_sync_push_async (AwarenessStore             *store,
                           const AwarenessConfig      *config,
                           const AwarenessSyncOptions *options,
                           GCancellable               *cancellable,
                           GAsyncReadyCallback         callback,
                           gpointer                    user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PushData *data = g_new0 (PushData, 1);

  data->store = g_object_ref (store);
  data->config = config_copy (config);
  if (options != NULL)
    data->options = *options;
  else
    awareness_sync_options_init (&data->options);
  g_task_set_source_tag (task, awareness_sync_push_async);
  g_task_set_task_data (task, data, (GDestroyNotify) push_data_free);
  g_task_run_in_thread (task, push_thread);
}

/**
 * awareness_sync_push_finish:
 * @result: the result given to the callback
 * @summary: (out caller-allocates) (optional): what happened
 * @error: return location for an error
 *
 * Returns: whether every pending statement was dealt with
 *
 * Since: 0.2
 */
gboolean
awareness_sync_push_finish (GAsyncResult         *result,
                            AwarenessSyncSummary *summary,
                            GError              **error)
{
  PushData *data = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  if (summary != NULL)
    *summary = data->summary;
  return g_task_propagate_boolean (G_TASK (result), error);
}
