/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Agents resource (/xapi/agents, Communication 2.4): the Person
 * object of an Agent, by GET or HEAD.  The server knows its staff by the
 * account they are named by in statements, and no other identifier of
 * theirs, so the Person holds what the request gave: each property of
 * the Agent as an array of one.  Learners ask about themselves only.
 */
#include "config.h"

#include "lrs-http.h"
#include "lrs-server.h"

/* The Person object of @agent (a valid Agent). */
static JsonNode *
person_of (JsonObject *agent)
{
  static const char * const properties[] = { "name", "mbox", "mbox_sha1sum", "openid", "account" };
  JsonObject *person = json_object_new ();
  JsonNode *root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (person, "objectType", "Person");
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      JsonNode *value = json_object_get_member (agent, properties[i]);
      JsonArray *array;

      if (value == NULL)
        continue;
      array = json_array_new ();
      json_array_add_element (array, json_node_copy (value));
      json_object_set_array_member (person, properties[i], array);
    }
  json_node_take_object (root, person);
  return root;
}

void
lrs_agents_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *params,
               gpointer           user_data)
{
  Lrs *lrs = user_data;
  static const char * const known[] = { "agent" };
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(JsonNode) agent = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  account = lrs_begin_xapi_read (lrs, msg, path, "/xapi/agents", &params, &form, known,
                                 G_N_ELEMENTS (known));
  if (account == NULL)
    return;
  text = params != NULL ? g_hash_table_lookup (params, "agent") : NULL;
  if (text == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "agent: missing");
      return;
    }
  agent = lrs_parse_agent_parameter (text, &error);
  if (agent == NULL)
    {
      lrs_respond_gerror (msg, error);
      return;
    }
  if (account->role != LRS_ROLE_ADMIN)
    {
      g_autofree char *own = lrs_account_key (lrs, account);
      g_autofree char *asked = lrs_agent_key (json_node_get_object (agent));

      if (g_strcmp0 (own, asked) != 0)
        {
          lrs_respond_error (msg, LRS_ERROR_FORBIDDEN,
                             "agent: a learner may ask about themselves only");
          return;
        }
    }
  lrs_respond_json (msg, SOUP_STATUS_OK, person_of (json_node_get_object (agent)));
}
