/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Who a request comes from: the one owner of authentication in
 * awareness-server.
 *
 * xAPI clients, the command line and scripts send HTTP Basic credentials:
 * an account key and its secret, kept as an argon2id hash.  A secret once
 * verified is remembered as its SHA-256 until it fails or the server
 * restarts, since argon2id is slow by design.  Nothing about credentials
 * is ever logged.
 *
 * The administrators' web dashboard signs in once and then sends a
 * session cookie: that side, and the roles that may use it, are in
 * lrs-auth-session.c.
 */
/*
 * Argon2id takes 64 MiB and tens of milliseconds: it never runs on the
 * main loop.  Before a request reaches its handler, lrs_auth_prepare()
 * judges its credentials: a secret remembered needs nothing; any other
 * goes to a bounded pool of worker threads while the request is paused,
 * and the handler runs when the verdict is back (remembered if right,
 * refused without argon2id if wrong).  Wrong secrets lock the key and the
 * address they come from for a while (429 with Retry-After).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "lrs-auth-private.h"
#include "lrs-http.h"
#include "lrs-security-log.h"

/* Requests waiting for a worker, beyond which the server is busy. */
#define MAX_QUEUED      64
/* Failures remembered per table, beyond which expired ones are dropped. */
#define MAX_TRACKED     10000

/* The wrong secrets of a key or an address. */
typedef struct {
  guint  count;
  gint64 first;         /* monotonic time of the first in the window */
  gint64 locked_until;  /* monotonic time, or 0 */
} Failures;

/* A secret being verified by a worker, for a paused request. */
typedef struct {
  LrsAuth           *auth;
  SoupServerMessage *msg;
  char              *key;
  char              *address;
  char              *hash;
  char              *secret;
  char              *digest;
  gboolean           right;
  LrsAuthReady       ready;
  gpointer           user_data;
  GDestroyNotify     destroy;
} Job;

static char *
secret_digest (const char *secret,
               const char *hash)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) hash, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) secret, -1);
  return g_strdup (g_checksum_get_string (checksum));
}

/*
 * The active account of @key if @secret is its secret, or NULL.  Argon2id
 * verification is slow by design; a secret once verified is remembered as
 * its SHA-256 until it fails or the server restarts.  Nothing about the
 * credentials is ever logged.
 */
LrsAccount *
lrs_auth_check_credentials (LrsAuth    *self,
                            const char *key,
                            const char *secret)
{
  g_autofree char *hash = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(LrsAccount) account = NULL;
  const char *remembered;

  account = lrs_store_lookup_account (self->store, key, &hash, NULL);
  if (account == NULL || !account->active)
    {
      lrs_security_log (self->store, "sign-in-failed", key,
                        account != NULL ? account->staff_id : NULL,
                        account != NULL ? "the account is disabled" : "no account has this key");
      return NULL;
    }

  /* With the stored hash: a secret reset through another instance on
   * the database no longer matches what this one remembers. */
  digest = secret_digest (secret, hash);
  remembered = g_hash_table_lookup (self->verified, account->key);
  if (remembered == NULL || sodium_memcmp (remembered, digest, strlen (digest)) != 0)
    {
      const char *refused = g_hash_table_lookup (self->refused, account->key);

      /* A secret a worker refused is not verified again (see lrs_auth_prepare()). */
      if ((refused != NULL && sodium_memcmp (refused, digest, strlen (digest)) == 0) ||
          crypto_pwhash_str_verify (hash, secret, strlen (secret)) != 0)
        {
          lrs_security_log (self->store, "sign-in-failed", key, account->staff_id, "wrong secret");
          return NULL;
        }
      g_hash_table_insert (self->verified, g_strdup (account->key), g_steal_pointer (&digest));
    }
  return g_steal_pointer (&account);
}

/* The account of the request's Basic credentials, or NULL with the
 * response set (401). */
LrsAccount *
lrs_authenticate (LrsAuth           *self,
                  SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *credentials = NULL;
  g_autoptr(LrsAccount) account = NULL;
  char *colon;
  gsize length;

  if (header == NULL || g_ascii_strncasecmp (header, "Basic ", 6) != 0)
    goto refused;

  decoded = g_base64_decode (header + 6, &length);
  credentials = g_strndup ((const char *) decoded, length);
  sodium_memzero (decoded, length);
  colon = strchr (credentials, ':');
  if (colon == NULL)
    goto refused;
  *colon = '\0';

  account = lrs_auth_check_credentials (self, credentials, colon + 1);
  sodium_memzero (credentials, strlen (credentials) + strlen (colon + 1) + 1);
  if (account == NULL)
    goto refused;
  return g_steal_pointer (&account);

refused:
  if (credentials != NULL)
    sodium_memzero (credentials, strlen (credentials));
  lrs_respond_error (msg, LRS_ERROR_UNAUTHORIZED, "Missing or wrong credentials");
  return NULL;
}

/* Forgets the credentials of @key after its secret, its state or its role
 * changed: the old secret is not honoured from memory, and every
 * dashboard session of the account ends at once (so enabling a disabled
 * account does not bring them back). */
void
lrs_auth_forget (LrsAuth    *self,
                 const char *key)
{
  g_hash_table_remove (self->verified, key);
  g_hash_table_remove (self->refused, key);
  lrs_store_delete_account_sessions (self->store, key, NULL);
}

/* Throttling */

/* How long @name must wait, in seconds (0: not locked). */
static guint
locked_for (GHashTable *table,
            const char *name)
{
  Failures *failures = name != NULL ? g_hash_table_lookup (table, name) : NULL;
  gint64 now = g_get_monotonic_time ();

  if (failures == NULL || failures->locked_until <= now)
    return 0;
  return (guint) ((failures->locked_until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static gboolean
expired_cb (gpointer key,
            gpointer value,
            gpointer user_data)
{
  Failures *failures = value;
  gint64 horizon = *(gint64 *) user_data;

  return failures->locked_until < g_get_monotonic_time () && failures->first < horizon;
}

/* Counts a wrong secret of @name: @limit of them within the lockout lock
 * it for the lockout. */
static void
note_failure (LrsAuth    *self,
              GHashTable *table,
              const char *name,
              guint       limit)
{
  gint64 now = g_get_monotonic_time ();
  gint64 lockout = (gint64) self->limits.lockout_seconds * G_USEC_PER_SEC;
  Failures *failures;

  if (name == NULL)
    return;
  if (g_hash_table_size (table) >= MAX_TRACKED)
    {
      gint64 horizon = now - lockout;

      g_hash_table_foreach_remove (table, expired_cb, &horizon);
    }
  failures = g_hash_table_lookup (table, name);
  if (failures == NULL)
    {
      failures = g_new0 (Failures, 1);
      g_hash_table_insert (table, g_strdup (name), failures);
    }
  if (failures->count == 0 || now - failures->first > lockout)
    {
      failures->count = 0;
      failures->first = now;
    }
  if (++failures->count >= limit)
    {
      failures->locked_until = now + lockout;
      failures->count = 0;
    }
}

static void
note_wrong_secret (LrsAuth    *self,
                   const char *key,
                   const char *address)
{
  note_failure (self, self->key_failures, key, self->limits.failures_per_key);
  note_failure (self, self->address_failures, address, self->limits.failures_per_address);
}

/* 429, to be tried again in @seconds. */
static void
respond_later (SoupServerMessage *msg,
               guint              seconds,
               const char        *message)
{
  g_autofree char *retry = g_strdup_printf ("%u", MAX (seconds, 1));

  lrs_respond_error (msg, LRS_ERROR_TOO_MANY, message);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After",
                                retry);
}

/* Verifying off the main loop */

static void
job_free (Job *job)
{
  if (job->secret != NULL)
    sodium_memzero (job->secret, strlen (job->secret));
  g_free (job->secret);
  g_free (job->key);
  g_free (job->address);
  g_free (job->hash);
  g_free (job->digest);
  g_clear_object (&job->msg);
  if (job->destroy != NULL)
    job->destroy (job->user_data);
  g_free (job);
}

/* On the main loop: the verdict of a worker; the request goes on. */
static gboolean
job_done_cb (gpointer data)
{
  Job *job = data;
  LrsAuth *self = job->auth;

  if (job->right)
    {
      g_hash_table_insert (self->verified, g_strdup (job->key), g_steal_pointer (&job->digest));
      g_hash_table_remove (self->refused, job->key);
    }
  else
    {
      g_hash_table_insert (self->refused, g_strdup (job->key), g_steal_pointer (&job->digest));
      note_wrong_secret (self, job->key, job->address);
    }
  sodium_memzero (job->secret, strlen (job->secret));
  job->ready (job->msg, job->user_data);
  /* A handler that answers later (it paused the request again, with no
   * status yet) unpauses it itself. */
  if (soup_server_message_get_status (job->msg) != SOUP_STATUS_NONE)
    soup_server_message_unpause (job->msg);
  job_free (job);
  return G_SOURCE_REMOVE;
}

/* In a worker: argon2id, and nothing else. */
static void
verify_work (gpointer data,
             gpointer user_data)
{
  Job *job = data;

  job->right = crypto_pwhash_str_verify (job->hash, job->secret, strlen (job->secret)) == 0;
}

/* A piece of work for the pool: @work in a worker, then @done on the
 * main loop. */
typedef struct {
  GFunc       work;
  GSourceFunc done;
  gpointer    data;
} Work;

static void
worker_func (gpointer item,
             gpointer user_data)
{
  Work *work = item;
  LrsAuth *self = user_data;

  work->work (work->data, NULL);
  g_main_context_invoke (self->context, work->done, work->data);
  g_free (work);
}

/**
 * lrs_auth_run:
 * @work: what to do in a worker thread (hashing secrets: nothing that
 *   touches the store or the server)
 * @done: then, on the main loop
 *
 * Runs @work in the pool that verifies secrets, so that argon2id, for
 * whatever purpose, takes at most its threads and never the main loop.
 */
void
lrs_auth_run (LrsAuth     *self,
              GFunc        work,
              GSourceFunc  done,
              gpointer     data)
{
  Work *item = g_new0 (Work, 1);

  item->work = work;
  item->done = done;
  item->data = data;
  g_thread_pool_push (self->pool, item, NULL);
}

/* The key and secret of the request: its Basic credentials, or the body
 * of a dashboard sign-in. */
static gboolean
request_credentials (SoupServerMessage *msg,
                     char             **key,
                     char             **secret)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header != NULL && g_ascii_strncasecmp (header, "Basic ", 6) == 0)
    {
      gsize length;
      g_autofree guchar *decoded = g_base64_decode (header + 6, &length);
      g_autofree char *credentials = g_strndup ((const char *) decoded, length);
      char *colon = strchr (credentials, ':');

      sodium_memzero (decoded, length);
      if (colon != NULL)
        {
          *key = g_strndup (credentials, (gsize) (colon - credentials));
          *secret = g_strdup (colon + 1);
        }
      sodium_memzero (credentials, strlen (credentials));
      return colon != NULL;
    }
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") == 0 &&
      g_strcmp0 (g_uri_get_path (soup_server_message_get_uri (msg)), "/dashboard/api/session") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *k, *s;

      if (!lrs_auth_sign_in_credentials (msg, parser, &k, &s))
        return FALSE;
      *key = g_strdup (k);
      *secret = g_strdup (s);
      return TRUE;
    }
  return FALSE;
}

/**
 * lrs_auth_prepare:
 * @ready: what to do once the credentials are judged (the handler)
 *
 * Judges the credentials of @msg before its handler runs: without any,
 * or with a secret remembered or known wrong, @ready is called at once;
 * a key or address locked by wrong secrets is answered 429 with
 * Retry-After, and so is every request while the workers are full; any
 * other secret is verified by a worker while @msg is paused, and @ready
 * is called on the main loop when the verdict is back, so that the
 * handler's lrs_authenticate() finds it without argon2id.
 *
 * Returns: FALSE if @msg was answered already and @ready will not be called
 */
gboolean
lrs_auth_prepare (LrsAuth           *self,
                  SoupServerMessage *msg,
                  LrsAuthReady       ready,
                  gpointer           user_data,
                  GDestroyNotify     destroy)
{
  g_autofree char *key = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *digest = NULL;
  g_autoptr(LrsAccount) account = NULL;
  const char *address = soup_server_message_get_remote_host (msg);
  const char *known;
  guint wait;
  Job *job;

  if (!request_credentials (msg, &key, &secret))
    goto go_on;

  account = lrs_store_lookup_account (self->store, key, &hash, NULL);
  if (account == NULL || !account->active)
    {
      /* Nothing to verify: the handler refuses it; the address pays. */
      wait = locked_for (self->address_failures, address);
      if (wait > 0)
        goto locked;
      note_failure (self, self->address_failures, address, self->limits.failures_per_address);
      goto go_on;
    }
  digest = secret_digest (secret, hash);
  known = g_hash_table_lookup (self->verified, account->key);
  /* The secret last verified costs nothing and tells a guesser nothing. */
  if (known != NULL && sodium_memcmp (known, digest, strlen (digest)) == 0)
    goto go_on;
  wait = MAX (locked_for (self->key_failures, account->key),
              locked_for (self->address_failures, address));
  if (wait > 0)
    goto locked;
  known = g_hash_table_lookup (self->refused, account->key);
  if (known != NULL && sodium_memcmp (known, digest, strlen (digest)) == 0)
    {
      note_wrong_secret (self, account->key, address);
      goto go_on;
    }
  if (g_thread_pool_unprocessed (self->pool) >= MAX_QUEUED)
    {
      sodium_memzero (secret, strlen (secret));
      respond_later (msg, 1, N_("The server is busy verifying secrets: try again in a moment"));
      if (destroy != NULL)
        destroy (user_data);
      return FALSE;
    }

  job = g_new0 (Job, 1);
  job->auth = self;
  job->msg = g_object_ref (msg);
  job->key = g_strdup (account->key);
  job->address = g_strdup (address);
  job->hash = g_steal_pointer (&hash);
  job->secret = g_steal_pointer (&secret);
  job->digest = g_steal_pointer (&digest);
  job->ready = ready;
  job->user_data = user_data;
  job->destroy = destroy;
  soup_server_message_pause (msg);
  lrs_auth_run (self, verify_work, job_done_cb, job);
  return TRUE;

locked:
  sodium_memzero (secret, strlen (secret));
  lrs_security_log (self->store, "sign-in-throttled", key,
                    account != NULL ? account->staff_id : NULL, "from %s",
                    address != NULL ? address : "-");
  respond_later (msg, wait, N_("Too many wrong secrets: try again later"));
  if (destroy != NULL)
    destroy (user_data);
  return FALSE;

go_on:
  if (secret != NULL)
    sodium_memzero (secret, strlen (secret));
  ready (msg, user_data);
  if (destroy != NULL)
    destroy (user_data);
  return TRUE;
}

void
lrs_auth_set_limits (LrsAuth             *self,
                     const LrsAuthLimits *limits)
{
  self->limits = *limits;
  g_thread_pool_set_max_threads (self->pool, (gint) MAX (limits->workers, 1), NULL);
}

LrsAuth *
lrs_auth_new (LrsStore *store,
              guint     session_seconds)
{
  LrsAuth *self = g_new0 (LrsAuth, 1);

  self->store = store;
  self->session_seconds = session_seconds;
  self->verified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->refused = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->key_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->address_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->limits = (LrsAuthLimits) { 2, 5, 50, 300 };
  self->context = g_main_context_ref_thread_default ();
  self->pool = g_thread_pool_new (worker_func, self, (gint) self->limits.workers, FALSE, NULL);
  return self;
}

void
lrs_auth_free (LrsAuth *self)
{
  /* Waits for the workers; their verdicts are not delivered any more. */
  g_thread_pool_free (self->pool, TRUE, TRUE);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->verified);
  g_hash_table_unref (self->refused);
  g_hash_table_unref (self->key_failures);
  g_hash_table_unref (self->address_failures);
  g_free (self);
}
