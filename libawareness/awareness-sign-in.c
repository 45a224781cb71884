/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How a machine signs in to the city's server: the credential and the
 * certificate are checked before anything is saved, and the training done
 * before the first sign-in becomes the account's.  `awareness login` and
 * the app's welcome page and Preferences call this.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "awareness-private.h"
#include "awareness-client.h"
#include "awareness-json.h"
#include "awareness-sign-in.h"
#include "awareness-store.h"
#include "awareness-xapi.h"
#include "awareness-environment.h"
#include "awareness-xapi-validate.h"

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

/* Whether @response is an xAPI About resource: a JSON object whose
 * `version` lists the versions the server speaks. */
static gboolean
is_about (const AwarenessResponse *response)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root, *version;

  if (response->status != 200 || response->body == NULL ||
      !awareness_json_parser_load (parser, response->body, (gssize) response->length, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  version = json_object_get_member (json_node_get_object (root), "version");
  return version != NULL && JSON_NODE_HOLDS_ARRAY (version);
}

/* A client of @url, asked for its About resource: %NULL with the real
 * cause (TLS, refused, timeout) when it could not be asked, else the
 * client with @response filled. */
static AwarenessClient *
ask_about (AwarenessConfig   *config,
           const char        *url,
           const char        *secret,
           AwarenessResponse *response,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autoptr(AwarenessClient) client = NULL;
  char *given = config->server_url;

  config->server_url = (char *) url;
  client = awareness_client_new (config, secret, error);
  config->server_url = given;
  if (client == NULL ||
      !awareness_client_request (client, "GET", "about", NULL, response, cancellable, error))
    return NULL;
  return g_steal_pointer (&client);
}

/* The xAPI endpoint at the address given, checked with its About
 * resource.  When the server's root was given (or any address without
 * `/xapi/`), the endpoint is looked for under `xapi/` as well, and
 * @config then names the one found.  An address that is not an LRS is
 * refused with what it answered, not taken for a network failure later. */
static AwarenessClient *
find_endpoint (AwarenessConfig *config,
               const char      *secret,
               GCancellable    *cancellable,
               GError         **error)
{
  g_auto(AwarenessResponse) response = { 0 };
  g_autoptr(AwarenessClient) client = NULL;
  g_autofree char *base = g_str_has_suffix (config->server_url, "/")
                              ? g_strdup (config->server_url)
                              : g_strconcat (config->server_url, "/", NULL);
  g_autofree char *about_url = g_strconcat (base, "about", NULL);
  g_autofree char *message = NULL;
  guint status;

  client = ask_about (config, base, secret, &response, cancellable, error);
  if (client == NULL)
    return NULL;
  if (is_about (&response))
    {
      g_free (config->server_url);
      config->server_url = g_steal_pointer (&base);
      return g_steal_pointer (&client);
    }
  status = response.status;
  message = awareness_response_message (&response);

  if (strstr (base, "/xapi/") == NULL)
    {
      g_auto(AwarenessResponse) under = { 0 };
      g_autofree char *candidate = g_strconcat (base, "xapi/", NULL);
      g_autoptr(AwarenessClient) other =
          ask_about (config, candidate, secret, &under, cancellable, NULL);

      if (other != NULL && is_about (&under))
        {
          g_free (config->server_url);
          config->server_url = g_steal_pointer (&candidate);
          return g_steal_pointer (&other);
        }
    }

  if (status == 401)
    {
      /* An LRS that asks for a credential before its About resource (the
       * specification leaves it open): the address is likely right, the
       * credential is not. */
      g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                   _("The server refused the account key or the secret (%s answered HTTP 401: "
                     "%s)"), about_url, message);
    }
  else if (status == 200)
    /* Translators: the first %s is an address, the second the start of
     * what the server sent. */
    g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                 _("%s is not the address of a learning record server: "
                   "its About resource is not xAPI (%s). "
                   "The address usually ends in /xapi/"), base, message);
  else
    /* Translators: “… (https://…/about answered HTTP 404: Not Found) …”. */
    g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                 _("%s is not the address of a learning record server (%s answered HTTP %u: %s). "
                   "The address usually ends in /xapi/"), base, about_url, status, message);
  return NULL;
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

  if (response.status == 200 &&
      awareness_json_parser_load (parser, response.body, (gssize) response.length, NULL) &&
      json_parser_get_root (parser) != NULL &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      JsonObject *account = member_object (member_object (object, "agent"), "account");
      g_autofree char *name = dup_member_string (account, "name");
      g_autofree char *home_page = dup_member_string (account, "homePage");

      if (name != NULL && name[0] != '\0' && home_page != NULL &&
          awareness_xapi_validate_iri (home_page))
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
                           _("This server does not say whose account this is: give --staff-id "
                             "and --home-page"));
      return FALSE;
    }
  {
    g_autoptr(JsonNode) agent =
        awareness_xapi_build_account_agent (config->home_page, config->staff_id);
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
                     _("The server did not accept this account (HTTP %u): %s"), check.status,
                     message);
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
 * Checks that the address is an xAPI endpoint (its About resource; when
 * the server's root was given, the endpoint under `xapi/` is found and
 * @config names it), the credential and the server's certificate, then
 * keeps the secret and saves @config, in that order: a configuration
 * never names an account whose secret was not kept. At the first sign-in, the training
 * done on this machine before it becomes the account's. Blocks: call it
 * from a worker thread in an interface.
 *
 * Returns: %TRUE when signed in
 *
 * Since: 0.2
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
      g_set_error_literal (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_SECRET,
                           _("No secret was given"));
      return FALSE;
    }
  if (config->pinned_key != NULL && !g_str_has_prefix (config->pinned_key, "sha256//"))
    {
      g_set_error_literal (error, AWARENESS_CONFIG_ERROR, AWARENESS_CONFIG_ERROR_INVALID,
                           _("The pinned public key must be sha256// followed by the key's "
                             "digest in base64"));
      return FALSE;
    }

  /* Who the records on this machine were made as until now. */
  old_user = awareness_dup_default_user ();
  old_home_page = awareness_dup_default_account_home_page ();

  client = find_endpoint (config, secret, cancellable, error);
  if (client == NULL || !verify (client, config, cancellable, error))
    return FALSE;
  if (!awareness_config_store_secret (config, secret, error) ||
      !awareness_config_save (config, error))
    return FALSE;

  /* Training done on this machine before signing in is the account's. */
  if (first_sign_in && !_awareness_env_names_user ())
    {
      if (store == NULL)
        {
          g_autofree char *path = awareness_dup_default_store_path ();

          store = opened = awareness_store_new_for_path (path, error);
          if (store == NULL)
            return FALSE;
        }
      n = awareness_store_adopt (store, old_user, old_home_page, config->staff_id,
                                 config->home_page, error);
      if (n < 0)
        return FALSE;
    }
  if (adopted != NULL)
    *adopted = n;
  return TRUE;
}
