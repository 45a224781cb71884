/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where a learner stands, what they finish, and how a machine signs in:
 * the rules the CLI and the desktop app share.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "awareness-json.h"
#include "awareness-client.h"
#include "awareness-module.h"
#include "awareness-progress.h"
#include "awareness-xapi.h"
#include "awareness-xapi-validate.h"

/**
 * awareness_get_today:
 * @today: (out caller-allocates): today in the learner's time zone
 *
 * `$AWARENESS_TODAY` (YYYY-MM-DD) stands in for today in tests of deadlines.
 */
void
awareness_get_today (GDate *today)
{
  const char *forced = g_getenv ("AWARENESS_TODAY");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (!awareness_date_parse (forced, today))
    g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now), (GDateMonth) g_date_time_get_month (now),
                    (GDateYear) g_date_time_get_year (now));
}

/* Dates in the learner's time zone, as a city office writes them. */
char *
awareness_format_date (GDateTime *when)
{
  g_autoptr(GDateTime) local = NULL;

  if (when == NULL)
    return g_strdup ("-");

  local = g_date_time_to_local (when);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* A score as a whole percentage, rounded half up. */
char *
awareness_format_percent (guint score,
                    guint max)
{
  return g_strdup_printf ("%u%%", max > 0 ? (score * 100 + max / 2) / max : 0);
}

/* The state of an attempt, as the learner reads it. */
const char *
awareness_attempt_state_label (AwarenessAttemptState state)
{
  switch (state)
    {
    case AWARENESS_ATTEMPT_STATE_NOT_STARTED:
      return _("not started");
    case AWARENESS_ATTEMPT_STATE_IN_PROGRESS:
      return _("in progress");
    case AWARENESS_ATTEMPT_STATE_PASSED:
      return _("passed");
    case AWARENESS_ATTEMPT_STATE_FAILED:
      return _("failed");
    case AWARENESS_ATTEMPT_STATE_ABANDONED:
      return _("abandoned");
    default:
      g_assert_not_reached ();
    }
}

static void
progress_item_free (gpointer data)
{
  AwarenessProgressItem *item = data;

  g_clear_object (&item->module);
  g_clear_pointer (&item->record, awareness_attempt_record_free);
  g_free (item);
}

void
awareness_progress_free (AwarenessProgress *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_free (self);
}

static AwarenessDueState
due_of (AwarenessModule        *module,
        GHashTable             *overrides,
        AwarenessAttemptRecord *record,
        AwarenessAttemptState   state,
        const AwarenessStaff   *staff,
        const GDate            *today,
        GDate                  *due)
{
  const AwarenessAssignment *assignment = awareness_module_get_effective_assignment (module, overrides);
  GDate passed;

  if (assignment == NULL)
    return AWARENESS_DUE_NOT_REQUIRED;
  g_date_clear (&passed, 1);
  if (state == AWARENESS_ATTEMPT_STATE_PASSED && record != NULL && record->finished != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (record->finished);

      g_date_set_dmy (&passed, (GDateDay) g_date_time_get_day_of_month (local),
                      (GDateMonth) g_date_time_get_month (local), (GDateYear) g_date_time_get_year (local));
    }
  return awareness_assignment_evaluate (assignment, staff, today, g_date_valid (&passed) ? &passed : NULL,
                                        record != NULL ? record->module_version : NULL, due);
}

/**
 * awareness_progress_new:
 * @catalog: the content
 * @store: the learner's records
 * @user: the learner
 * @config: (nullable): the machine's configuration, for the department,
 *   role, segment and start date the assignments depend on
 * @today: the day to judge due dates on
 * @error: return location for a #GError
 *
 * Where @user stands in each module: the attempt that decides its state,
 * and the due date of the module's assignment, with the due dates the
 * administrators set as the last sync brought them.
 *
 * Returns: (transfer full): the progress, or %NULL when the records cannot
 *   be read
 */
AwarenessProgress *
awareness_progress_new (AwarenessCatalog      *catalog,
                        AwarenessStore        *store,
                        const char            *user,
                        const AwarenessConfig *config,
                        const GDate           *today,
                        GError               **error)
{
  g_autoptr(AwarenessProgress) self = g_new0 (AwarenessProgress, 1);
  GListModel *modules = awareness_catalog_get_modules (catalog);
  guint n = g_list_model_get_n_items (modules);
  g_autofree char *overrides_path = awareness_dup_assignments_path ();
  g_autofree char *overrides_text = NULL;
  g_autoptr(GHashTable) overrides = NULL;
  AwarenessStaff staff = { 0 };
  GDate start;

  if (g_file_get_contents (overrides_path, &overrides_text, NULL, NULL))
    overrides = awareness_assignments_parse (overrides_text, NULL);
  if (config != NULL)
    {
      staff.department = config->department;
      staff.role = config->role;
      staff.segment = config->segment;
      if (awareness_date_parse (config->start_date, &start))
        staff.start_date = &start;
    }

  self->items = g_ptr_array_new_with_free_func (progress_item_free);
  for (guint i = 0; i < n; i++)
    {
      AwarenessProgressItem *item = g_new0 (AwarenessProgressItem, 1);

      item->module = g_list_model_get_item (modules, i);
      g_ptr_array_add (self->items, item);
      item->state = awareness_store_get_module_status (store, user, awareness_module_get_id (item->module),
                                                       &item->record, error);
      if (error != NULL && *error != NULL)
        return NULL;
      g_date_clear (&item->due, 1);
      item->due_state = due_of (item->module, overrides, item->record, item->state, &staff, today, &item->due);
      if (item->due_state == AWARENESS_DUE_OVERDUE)
        self->n_overdue++;
      if (awareness_module_get_required (item->module))
        {
          self->n_required++;
          if (item->state == AWARENESS_ATTEMPT_STATE_PASSED)
            self->n_passed++;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * awareness_progress_lookup:
 *
 * Returns: (nullable): where the learner stands in the module @module_id
 */
const AwarenessProgressItem *
awareness_progress_lookup (AwarenessProgress *self,
                           const char        *module_id)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      AwarenessProgressItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (awareness_module_get_id (item->module), module_id) == 0)
        return item;
    }
  return NULL;
}

/**
 * awareness_progress_next_module:
 *
 * Returns: (transfer none) (nullable): the module to continue with: one in
 *   progress, else the first required module in catalog order that is not
 *   passed, else %NULL
 */
AwarenessModule *
awareness_progress_next_module (AwarenessProgress *self)
{
  AwarenessModule *first = NULL;

  for (guint i = 0; i < self->items->len; i++)
    {
      AwarenessProgressItem *item = g_ptr_array_index (self->items, i);

      if (!awareness_module_get_required (item->module))
        continue;
      if (item->state == AWARENESS_ATTEMPT_STATE_IN_PROGRESS)
        return item->module;
      if (item->state != AWARENESS_ATTEMPT_STATE_PASSED && first == NULL)
        first = item->module;
    }
  return first;
}

/**
 * awareness_complete_attempt:
 * @store: the learner's records
 * @attempt: an attempt with every question answered
 * @catalog: the content it belongs to
 * @user: the learner
 * @lang: the language the attempt was taken in
 * @error: return location for a #GError
 *
 * Finishes @attempt, makes its xAPI statements and commits both in one
 * transaction. Only after this returns %TRUE may the result be shown.
 *
 * Returns: %TRUE once the result is durable
 */
gboolean
awareness_complete_attempt (AwarenessStore   *store,
                            AwarenessAttempt *attempt,
                            AwarenessCatalog *catalog,
                            const char       *user,
                            const char       *lang,
                            GError          **error)
{
  g_autofree char *home_page = NULL;
  g_autoptr(GPtrArray) statements = NULL;

  if (!awareness_attempt_is_finished (attempt) && !awareness_attempt_finish (attempt, NULL, error))
    return FALSE;
  home_page = awareness_dup_default_account_home_page ();
  statements = awareness_xapi_build_attempt_statements (attempt, catalog, home_page, user, lang);
  return awareness_store_finish_attempt (store, attempt, statements, error);
}

static char *
dup_member_string (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Who the credential belongs to, as statements will name the learner:
 * from our server's account resource, or, on another LRS, as given and
 * checked by reading that agent's statements. */
static gboolean
verify (AwarenessClient *client,
        AwarenessConfig *config,
        GCancellable    *cancellable,
        GError         **error)
{
  g_auto(AwarenessResponse) response = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!awareness_client_request (client, "GET", "../account", NULL, &response, cancellable, error))
    return FALSE;

  if (response.status == 200 && awareness_json_parser_load (parser, response.body, (gssize) response.length, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      JsonObject *account = member_object (member_object (object, "agent"), "account");
      g_autofree char *name = dup_member_string (account, "name");
      g_autofree char *home_page = dup_member_string (account, "homePage");

      if (name != NULL && name[0] != '\0' && home_page != NULL && awareness_xapi_validate_iri (home_page))
        {
          g_free (config->staff_id);
          g_free (config->home_page);
          config->staff_id = g_steal_pointer (&name);
          config->home_page = g_steal_pointer (&home_page);
          /* For the modules required of the account. */
          g_free (config->department);
          g_free (config->role);
          g_free (config->segment);
          g_free (config->start_date);
          config->department = dup_member_string (object, "department");
          config->role = dup_member_string (object, "role");
          config->segment = dup_member_string (object, "segment");
          config->start_date = dup_member_string (object, "start_date");
          return TRUE;
        }
    }
  if (response.status == 401)
    {
      g_set_error_literal (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                           _("The server refused the account key or the secret"));
      return FALSE;
    }

  /* Another LRS: the learner's identity must be given, and the
   * credential must be allowed to read that learner's statements. */
  if (config->staff_id == NULL || config->home_page == NULL)
    {
      g_set_error_literal (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                           _("This server does not say whose account this is: give --staff-id and --home-page"));
      return FALSE;
    }
  {
    g_autoptr(JsonNode) agent = awareness_xapi_build_account_agent (config->home_page, config->staff_id);
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autofree char *agent_json = NULL;
    g_autofree char *escaped = NULL;
    g_autofree char *path = NULL;
    g_auto(AwarenessResponse) check = { 0 };

    json_generator_set_root (generator, agent);
    agent_json = json_generator_to_data (generator, NULL);
    escaped = g_uri_escape_string (agent_json, NULL, FALSE);
    path = g_strconcat ("statements?limit=1&agent=", escaped, NULL);
    if (!awareness_client_request (client, "GET", path, NULL, &check, cancellable, error))
      return FALSE;
    if (check.status == 200)
      return TRUE;
    if (check.status == 401)
      g_set_error_literal (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                           _("The server refused the account key or the secret"));
    else
      {
        g_autofree char *message = awareness_response_message (&check);

        g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                     _("The server did not accept this account (HTTP %u): %s"), check.status, message);
      }
    return FALSE;
  }
}

/**
 * awareness_sign_in:
 * @config: the configuration, with the server, the account key and any
 *   CA file or pin set; on success it also names the account
 * @secret: the account's secret
 * @store: (nullable): the records to adopt: the caller's open store, or
 *   %NULL to open the default records for the time of the call
 * @adopted: (out) (optional): how many records made before the first
 *   sign-in now belong to the account
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Checks the credential and the server's certificate, then keeps the
 * secret and saves @config, in that order: a configuration never names an
 * account whose secret was not kept. At the first sign-in, the training
 * done on this machine before it becomes the account's. Blocks: call it
 * from a worker thread in an interface.
 *
 * Returns: %TRUE when signed in
 */
gboolean
awareness_sign_in (AwarenessConfig *config,
                   const char      *secret,
                   AwarenessStore  *store,
                   gint64          *adopted,
                   GCancellable    *cancellable,
                   GError         **error)
{
  g_autoptr(AwarenessClient) client = NULL;
  g_autofree char *old_user = NULL;
  g_autofree char *old_home_page = NULL;
  g_autoptr(AwarenessStore) opened = NULL;
  /* Records are adopted at the first sign-in only: after that they are
   * someone's, and another account signing in does not take them. */
  g_autoptr(AwarenessConfig) before = awareness_config_load (config->path, NULL);
  gboolean first_sign_in = before == NULL || before->staff_id == NULL;
  gint64 n = 0;

  if (adopted != NULL)
    *adopted = 0;
  if (secret == NULL || secret[0] == '\0')
    {
      g_set_error_literal (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_SECRET, _("No secret was given"));
      return FALSE;
    }
  if (config->pinned_key != NULL && !g_str_has_prefix (config->pinned_key, "sha256//"))
    {
      g_set_error_literal (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID,
                           _("The pinned public key must be sha256// followed by the key's digest in base64"));
      return FALSE;
    }

  /* Who the records on this machine were made as until now. */
  old_user = awareness_dup_default_user ();
  old_home_page = awareness_dup_default_account_home_page ();

  client = awareness_client_new (config, secret, error);
  if (client == NULL || !verify (client, config, cancellable, error))
    return FALSE;
  if (!awareness_config_store_secret (config, secret, error) || !awareness_config_save (config, error))
    return FALSE;

  /* Training done on this machine before signing in is the account's. */
  if (first_sign_in && g_getenv ("AWARENESS_USER") == NULL)
    {
      if (store == NULL)
        {
          g_autofree char *path = awareness_dup_default_store_path ();

          store = opened = awareness_store_new_for_path (path, error);
          if (store == NULL)
            return FALSE;
        }
      n = awareness_store_adopt (store, old_user, old_home_page, config->staff_id, config->home_page, error);
      if (n < 0)
        return FALSE;
    }
  if (adopted != NULL)
    *adopted = n;
  return TRUE;
}
