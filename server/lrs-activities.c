/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Activities resource (/xapi/activities, Communication 2.5): the
 * Activity object of an activity IRI, by GET or HEAD, with the definition
 * the latest statements about it gave; an activity the server has no
 * definition of is answered with its id alone.
 */
#include "config.h"

#include "lrs-http.h"
#include "lrs-server.h"

/* How many of the latest statements that name the activity are searched
 * for its definition. */
#define SEARCHED_STATEMENTS 20

/* The definition of the activity @id wherever @node (a part of a valid
 * statement) has it: as the object, in the context, or in a
 * SubStatement. */
static JsonNode *
find_definition (JsonNode   *node,
                 const char *id,
                 guint       depth)
{
  if (depth > 8)
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *found = find_definition (json_array_get_element (array, i), id, depth + 1);

          if (found != NULL)
            return found;
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      const char *type = json_object_get_string_member_with_default (object, "objectType",
                                                                     "Activity");
      static const char * const parts[] = {
        "object", "context", "contextActivities", "parent", "grouping", "category", "other",
      };

      if (g_strcmp0 (type, "Activity") == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (object, "id", NULL), id) == 0 &&
          json_object_has_member (object, "definition"))
        return json_object_get_member (object, "definition");
      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          JsonNode *part = json_object_get_member (object, parts[i]);
          JsonNode *found = part != NULL ? find_definition (part, id, depth + 1) : NULL;

          if (found != NULL)
            return found;
        }
    }
  return NULL;
}

/* The Activity object of @id: its definition as the latest statement
 * that has one gave it. */
static JsonNode *
activity_of (Lrs         *lrs,
             const char  *id,
             GError     **error)
{
  g_auto(LrsQuery) query = { 0 };
  g_autoptr(GPtrArray) statements = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 next = 0;

  query.activity = g_strdup (id);
  query.related_activities = TRUE;
  query.limit = SEARCHED_STATEMENTS;
  statements = lrs_store_query_statements (lrs->store, &query, &next, error);
  if (statements == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "objectType");
  json_builder_add_string_value (builder, "Activity");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  for (guint i = 0; i < statements->len; i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (g_ptr_array_index (statements, i),
                                                    strlen (g_ptr_array_index (statements, i)));
      g_autoptr(JsonNode) statement = lrs_parse_json (bytes, NULL);
      JsonNode *definition = statement != NULL ? find_definition (statement, id, 0) : NULL;

      if (definition != NULL)
        {
          json_builder_set_member_name (builder, "definition");
          json_builder_add_value (builder, json_node_copy (definition));
          break;
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
lrs_activities_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *params,
                   gpointer           user_data)
{
  Lrs *lrs = user_data;
  static const char * const known[] = { "activityId" };
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *activity;
  const char *id;

  account = lrs_begin_xapi_read (lrs, msg, path, "/xapi/activities", &params, &form, known,
                                 G_N_ELEMENTS (known));
  if (account == NULL)
    return;
  id = params != NULL ? g_hash_table_lookup (params, "activityId") : NULL;
  if (id == NULL || !awareness_xapi_validate_iri (id))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "activityId: missing or not an IRI");
      return;
    }
  activity = activity_of (lrs, id, &error);
  if (activity == NULL)
    {
      lrs_respond_gerror (msg, error);
      return;
    }
  lrs_respond_json (msg, SOUP_STATUS_OK, activity);
}
