/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The formats a client may ask statements in (Communication 2.1.3):
 * exact as stored, ids (agents, groups, activities and verbs reduced to
 * what identifies them), or canonical (every language map reduced to the
 * language the client prefers).
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "lrs-http.h"
#include "lrs-statement-format.h"

static void reduce_to_ids (JsonObject *object, const char *kind);

/* An agent or group with only what identifies it (format=ids). */
static void
reduce_agent (JsonObject *agent)
{
  static const char * const keep[] = { "objectType", "mbox", "mbox_sha1sum", "openid", "account",
                                       "member",     NULL };
  GList *members = json_object_get_members (agent);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (keep, l->data))
      json_object_remove_member (agent, l->data);
  g_list_free (members);

  /* An anonymous group is identified by its members. */
  if (json_object_has_member (agent, "member") &&
      (json_object_has_member (agent, "mbox") || json_object_has_member (agent, "mbox_sha1sum") ||
       json_object_has_member (agent, "openid") || json_object_has_member (agent, "account")))
    json_object_remove_member (agent, "member");
  else if (json_object_has_member (agent, "member"))
    {
      JsonArray *array = json_object_get_array_member (agent, "member");

      for (guint i = 0; i < json_array_get_length (array); i++)
        reduce_agent (json_array_get_object_element (array, i));
    }
}

/*
 * format=ids (Communication 2.1.3): agents, groups, activities and verbs
 * keep only what identifies them.
 */
static void
reduce_to_ids (JsonObject *object,
               const char *kind)
{
  if (g_strcmp0 (kind, "agent") == 0)
    reduce_agent (object);
  else if (g_strcmp0 (kind, "verb") == 0 || g_strcmp0 (kind, "activity") == 0)
    {
      GList *members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        if (g_strcmp0 (l->data, "id") != 0 && g_strcmp0 (l->data, "objectType") != 0)
          json_object_remove_member (object, l->data);
      g_list_free (members);
    }
  else if (g_strcmp0 (kind, "statement") == 0)
    {
      JsonObject *object_member = json_object_get_object_member (object, "object");
      const char *type = json_object_get_string_member_with_default (object_member, "objectType",
                                                                     "Activity");

      reduce_to_ids (json_object_get_object_member (object, "actor"), "agent");
      reduce_to_ids (json_object_get_object_member (object, "verb"), "verb");
      if (g_strcmp0 (type, "Activity") == 0)
        reduce_to_ids (object_member, "activity");
      else if (g_strcmp0 (type, "Agent") == 0 || g_strcmp0 (type, "Group") == 0)
        reduce_to_ids (object_member, "agent");
      else if (g_strcmp0 (type, "SubStatement") == 0)
        reduce_to_ids (object_member, "statement");
      if (json_object_has_member (object, "authority"))
        reduce_to_ids (json_object_get_object_member (object, "authority"), "agent");
      if (json_object_has_member (object, "context"))
        {
          JsonObject *context = json_object_get_object_member (object, "context");

          if (json_object_has_member (context, "instructor"))
            reduce_to_ids (json_object_get_object_member (context, "instructor"), "agent");
          if (json_object_has_member (context, "team"))
            reduce_to_ids (json_object_get_object_member (context, "team"), "agent");
          if (json_object_has_member (context, "contextActivities"))
            {
              JsonObject *activities = json_object_get_object_member (context, "contextActivities");
              GList *members = json_object_get_members (activities);

              for (GList *l = members; l != NULL; l = l->next)
                {
                  JsonNode *node = json_object_get_member (activities, l->data);

                  if (JSON_NODE_HOLDS_ARRAY (node))
                    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
                      reduce_to_ids (json_array_get_object_element (json_node_get_array (node), i),
                                     "activity");
                  else if (JSON_NODE_HOLDS_OBJECT (node))
                    reduce_to_ids (json_node_get_object (node), "activity");
                }
              g_list_free (members);
            }
        }
    }
}

/* The languages of an Accept-Language header, most wanted first. */
static char **
accepted_languages (const char *header)
{
  g_auto(GStrv) ranges = g_strsplit (header != NULL ? header : "", ",", -1);
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; ranges[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (ranges[i], ";", 2);
      char *tag = g_strstrip (parts[0]);
      double q = 1.0;
      guint at;

      if (tag[0] == '\0' || g_strcmp0 (tag, "*") == 0)
        continue;
      if (parts[1] != NULL && g_str_has_prefix (g_strstrip (parts[1]), "q="))
        q = g_ascii_strtod (g_strstrip (parts[1]) + 2, NULL);
      /* Stable: equal weights keep the order given. */
      for (at = 0; at < weights->len && g_array_index (weights, double, at) >= q; at++)
        ;
      g_array_insert_val (weights, at, q);
      g_ptr_array_insert (tags, (gint) at, g_strdup (tag));
    }
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}

static gboolean
is_language_map (JsonNode *node)
{
  JsonObject *object;
  GList *members;
  gboolean all_strings = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL && all_strings; l = l->next)
    all_strings = JSON_NODE_HOLDS_VALUE (json_object_get_member (object, l->data))
                  && json_node_get_value_type (json_object_get_member (object, l->data))
                       == G_TYPE_STRING;
  g_list_free (members);
  return members != NULL && all_strings;
}

/* Keeps one language in a language map: the first wanted one it has
 * (exactly, or by primary language), else its first. */
static void
filter_language_map (JsonObject         *map,
                     const char * const *wanted)
{
  g_autoptr(GList) members = json_object_get_members (map);
  const char *keep = members != NULL ? members->data : NULL;
  gboolean found = FALSE;

  for (guint w = 0; wanted[w] != NULL && !found; w++)
    for (GList *l = members; l != NULL && !found; l = l->next)
      {
        gsize n = strcspn (wanted[w], "-");

        if (g_ascii_strcasecmp (l->data, wanted[w]) == 0 ||
            (g_ascii_strncasecmp (l->data, wanted[w], n) == 0 && strcspn (l->data, "-") == n))
          {
            keep = l->data;
            found = TRUE;
          }
      }

  for (GList *l = members; l != NULL; l = l->next)
    if (l->data != keep)
      json_object_remove_member (map, l->data);
}

/* format=canonical (Communication 2.1.3): every language map reduced to
 * the language the client prefers. */
static void
filter_languages (JsonNode           *node,
                  const char * const *wanted)
{
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        filter_languages (json_array_get_element (array, i), wanted);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);

          if (g_strcmp0 (l->data, "extensions") == 0)
            continue;   /* extensions are not ours to change */
          if ((g_strcmp0 (l->data, "display") == 0 || g_strcmp0 (l->data, "name") == 0 ||
               g_strcmp0 (l->data, "description") == 0) && is_language_map (member))
            filter_language_map (json_node_get_object (member), wanted);
          else
            filter_languages (member, wanted);
        }
    }
}

/* A stored statement in the requested format: exact as stored, ids, or
 * canonical for the languages of @accept_language. */
char *
lrs_statement_format (const char *json,
                      const char *format,
                      const char *accept_language)
{
  g_autoptr(JsonParser) parser = NULL;

  if (g_strcmp0 (format, "ids") != 0 && g_strcmp0 (format, "canonical") != 0)
    return g_strdup (json);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return g_strdup (json);
  if (g_strcmp0 (format, "ids") == 0)
    reduce_to_ids (json_node_get_object (json_parser_get_root (parser)), "statement");
  else
    {
      g_auto(GStrv) wanted = accepted_languages (accept_language);

      filter_languages (json_parser_get_root (parser), (const char * const *) wanted);
    }
  return lrs_to_json (json_parser_get_root (parser));
}
