/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Validation of xAPI 1.0.3 statements (shared/xapi/, the Data part), as a
 * Learning Record Store must do before it stores one.  The grammars of
 * the values are in awareness-xapi-grammar.c; the statement comparison of
 * Data 2.3.1, which makes PUT and POST idempotent, in
 * awareness-xapi-compare.c.
 *
 * Every kind of object has a table of its allowed properties, each with a
 * checker; check_members() walks an object against its table.  Unknown
 * properties, null values and missing required properties are refused
 * there; the checkers refuse wrong types and formats.  The few rules that
 * involve more than one property (one inverse functional identifier,
 * score ranges, voiding, revision and platform, interaction component
 * lists) run after the walk.
 *
 * The messages go to xAPI clients over HTTP, where the learner's language
 * is unknown, so they are plain English and deliberately not marked for
 * translation.  Each begins with the JSON path of the wrong value.
 *
 * Readings of the specification that are not obvious:
 *
 * - `stored` and `authority` are accepted from clients.  The Data part
 *   says that the store "SHOULD validate and then MUST overwrite" a
 *   received `stored` (2.4.8), and that `authority` is optional, set by
 *   the store if not provided, and MAY be kept where there is strong
 *   trust (2.4.9); the ADL conformance suite sends both and expects them
 *   accepted.  So both are validated like the rest, with or without
 *   `AWARENESS_XAPI_VALIDATE_ALLOW_LRS_PROPERTIES`, and the store then
 *   overwrites them.  Only a SubStatement MUST NOT have them (2.4.4.3).
 * - A Group `authority` (3-legged OAuth, 2.4.9) has exactly two Agent
 *   members and no identifier of its own.
 * - Timestamps (4.5) are ISO 8601 combined date and time representations:
 *   calendar, ordinal or week dates, basic or extended format (not mixed),
 *   a time of day to the hour, minute or second with an optional decimal
 *   fraction.  A time zone is only SHOULD*, so one without is accepted; a
 *   zone may be written ±hh, ±hhmm or ±hh:mm whatever the format, as
 *   common clients mix them.  An offset of -00:00 (or -0000, -00) is
 *   refused: ISO 8601 has no negative zero, only Z or +00:00; "-00:00" is
 *   RFC 3339's "unknown local offset", which is not an ISO 8601 zone.
 * - Language maps may be empty: 2.2 only says that objects SHOULD NOT be.
 * - Response patterns are not checked against the interaction type: the
 *   store MAY do so and SHOULD* NOT limit them (2.4.4.1).
 * - The version may be "1.0" or 1.0.x, with a Semantic Versioning 1.0.0
 *   pre-release suffix: 2.4.10 says it starts with "1.0." but must be
 *   formatted as the version header, which takes "1.0" as "1.0.0".
 */
#include "config.h"

#include <math.h>  /* isfinite(), a macro: no libm */
#include <stdarg.h>
#include <string.h>

#include "awareness-private.h"

#define VERB_VOIDED           "http://adlnet.gov/expapi/verbs/voided"
#define USAGE_TYPE_SIGNATURE  "http://adlnet.gov/expapi/attachments/signature"

/**
 * awareness_xapi_error_quark:
 *
 * The error domain of #AwarenessXapiError.
 *
 * Returns: the #GQuark of %AWARENESS_XAPI_ERROR
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-xapi-error-quark, awareness_xapi_error)

/* Walking a statement */

typedef struct
{
  /* Not consulted: clients may send `stored` and `authority` too (see
   * the top of the file). */
  AwarenessXapiValidateFlags   flags;
  GString                     *path;
  GError                     **error;
  gboolean                     in_substatement;
  gboolean                     object_is_activity;  /* of the statement being walked */
} Validator;

typedef gboolean (*Check) (Validator *v,
                           JsonNode  *node);

typedef struct
{
  const char *name;
  Check       check;
  gboolean    required;
} Property;

#define CHECK_MEMBERS(v, object, table) check_members (v, object, table, G_N_ELEMENTS (table))

static gsize
path_push_key (Validator  *v,
               const char *key)
{
  gsize len = v->path->len;

  if (len > 0)
    g_string_append_c (v->path, '.');
  g_string_append (v->path, key);
  return len;
}

static gsize
path_push_index (Validator *v,
                 guint      i)
{
  gsize len = v->path->len;

  g_string_append_printf (v->path, "[%u]", i);
  return len;
}

static void
path_pop (Validator *v,
          gsize      len)
{
  g_string_truncate (v->path, len);
}

/* A value for a message: quoted, shortened, controls escaped. */
static char *
quote (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *s = g_string_new ("“");
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n++ == 64)
        {
          g_string_append (s, "…");
          break;
        }
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f))
        g_string_append_printf (s, "\\u%04X", c);
      else
        g_string_append_unichar (s, c);
    }
  g_string_append (s, "”");

  return g_string_free (s, FALSE);
}

static char *
format_number (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
}

static const char *
type_name (JsonNode *node)
{
  GType type;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
      type = json_node_get_value_type (node);
      if (type == G_TYPE_STRING)
        return "a string";
      if (type == G_TYPE_BOOLEAN)
        return "a boolean";
      return "a number";
    default:
      return "an unknown value";
    }
}

static gboolean fail (Validator  *v,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);
static gboolean fail_at (Validator  *v,
                         const char *key,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);
static gboolean fail_version (Validator  *v,
                              const char *format,
                              ...) G_GNUC_PRINTF (2, 3);
static gboolean fail_valist (Validator          *v,
                             AwarenessXapiError  code,
                             const char         *format,
                             va_list             args) G_GNUC_PRINTF (3, 0);

static gboolean
fail_valist (Validator          *v,
             AwarenessXapiError  code,
             const char         *format,
             va_list             args)
{
  g_autofree char *reason = g_strdup_vprintf (format, args);

  g_set_error (v->error, AWARENESS_XAPI_ERROR, code, "%s: %s",
               v->path->len > 0 ? v->path->str : "statement", reason);
  return FALSE;
}

/* Refuses the value at the current path.  Always returns `FALSE`. */
static gboolean
fail (Validator  *v,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (v, AWARENESS_XAPI_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

/* Refuses the property @key of the object at the current path. */
static gboolean
fail_at (Validator  *v,
         const char *key,
         const char *format,
         ...)
{
  va_list args;

  path_push_key (v, key);
  va_start (args, format);
  fail_valist (v, AWARENESS_XAPI_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
fail_version (Validator  *v,
              const char *format,
              ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (v, AWARENESS_XAPI_ERROR_VERSION, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
fail_value (Validator  *v,
            const char *value,
            const char *reason)
{
  g_autofree char *quoted = quote (value);

  return fail (v, "%s %s", quoted, reason);
}

gboolean
_awareness_json_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
_awareness_json_is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static gboolean
expect_object (Validator   *v,
               JsonNode    *node,
               JsonObject **object)
{
  *object = NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (v, "expected an object, got %s", type_name (node));
  *object = json_node_get_object (node);
  return TRUE;
}

static gboolean
expect_array (Validator  *v,
              JsonNode   *node,
              JsonArray **array)
{
  *array = NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (v, "expected an array, got %s", type_name (node));
  *array = json_node_get_array (node);
  return TRUE;
}

static gboolean
expect_string (Validator   *v,
               JsonNode    *node,
               const char **text)
{
  *text = NULL;
  if (!_awareness_json_is_string (node))
    return fail (v, "expected a string, got %s", type_name (node));
  *text = json_node_get_string (node);
  return TRUE;
}

static const Property *
find_property (const Property *properties,
               gsize           n_properties,
               const char     *name)
{
  for (gsize i = 0; i < n_properties; i++)
    if (strcmp (properties[i].name, name) == 0)
      return &properties[i];
  return NULL;
}

/* Walks @object against its table: no unknown properties and no nulls
 * (Data 2.2), the required ones present, each one checked. */
static gboolean
check_members (Validator      *v,
               JsonObject     *object,
               const Property *properties,
               gsize           n_properties)
{
  g_autoptr(GList) names = json_object_get_members (object);
  const Property *type_property = find_property (properties, n_properties, "objectType");
  JsonNode *type = json_object_get_member (object, "objectType");

  /* A wrong objectType first: the properties it makes unknown would only
   * hide the real mistake. */
  if (type_property != NULL && type != NULL && !JSON_NODE_HOLDS_NULL (type))
    {
      gsize len = path_push_key (v, "objectType");

      if (!type_property->check (v, type))
        return FALSE;
      path_pop (v, len);
    }

  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (find_property (properties, n_properties, name) == NULL)
        return fail_at (v, name, "unknown property");
      if (JSON_NODE_HOLDS_NULL (json_object_get_member (object, name)))
        return fail_at (v, name, "null is not allowed");
    }

  for (gsize i = 0; i < n_properties; i++)
    {
      JsonNode *node = json_object_get_member (object, properties[i].name);
      gsize len;

      if (node == NULL)
        {
          if (properties[i].required)
            return fail_at (v, properties[i].name, "missing");
          continue;
        }

      len = path_push_key (v, properties[i].name);
      if (!properties[i].check (v, node))
        return FALSE;
      path_pop (v, len);
    }

  return TRUE;
}

/* The value of "objectType", or `NULL` if there is none. */
static gboolean
get_object_type (Validator   *v,
                 JsonObject  *object,
                 const char **type)
{
  JsonNode *node = json_object_get_member (object, "objectType");
  gsize len;

  *type = NULL;
  if (node == NULL)
    return TRUE;

  len = path_push_key (v, "objectType");
  if (!expect_string (v, node, type))
    return FALSE;
  path_pop (v, len);
  return TRUE;
}

/* Values */

static gboolean
check_string (Validator *v,
              JsonNode  *node)
{
  const char *text;

  return expect_string (v, node, &text);
}

static gboolean
check_boolean (Validator *v,
               JsonNode  *node)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (v, "expected a boolean, got %s", type_name (node));
  return TRUE;
}

static gboolean
check_number (Validator *v,
              JsonNode  *node)
{
  if (!_awareness_json_is_number (node))
    return fail (v, "expected a number, got %s", type_name (node));
  if (!isfinite (json_node_get_double (node)))
    return fail (v, "not a finite number");
  return TRUE;
}

static gboolean
check_iri (Validator *v,
           JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!awareness_xapi_validate_iri (text))
    return fail_value (v, text, "is not an absolute IRI");
  return TRUE;
}

static gboolean
check_irl (Validator *v,
           JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!awareness_xapi_validate_iri (text))
    return fail_value (v, text, "is not an absolute IRL");
  return TRUE;
}

static gboolean
check_uuid (Validator *v,
            JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  /* The standard string form (Data 4.4), in either case, any version. */
  if (!g_uuid_string_is_valid (text))
    return fail_value (v, text, "is not a UUID");
  return TRUE;
}

static gboolean
check_language_tag (Validator *v,
                    JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!awareness_xapi_validate_language_tag (text))
    return fail_value (v, text, "is not an RFC 5646 language tag");
  return TRUE;
}

/* Data 4.2: language tags to strings. */
static gboolean
check_language_map (Validator *v,
                    JsonNode  *node)
{
  JsonObject *object;
  g_autoptr(GList) tags = NULL;

  if (!expect_object (v, node, &object))
    return FALSE;

  tags = json_object_get_members (object);
  for (const GList *l = tags; l != NULL; l = l->next)
    {
      const char *tag = l->data;
      JsonNode *value = json_object_get_member (object, tag);

      if (!awareness_xapi_validate_language_tag (tag))
        {
          g_autofree char *quoted = quote (tag);

          return fail (v, "key %s is not an RFC 5646 language tag", quoted);
        }
      if (!_awareness_json_is_string (value))
        return fail_at (v, tag, "expected a string, got %s", type_name (value));
    }

  return TRUE;
}

/* Data 4.1: IRIs to any JSON value, null included, which the store MUST
 * NOT judge. */
static gboolean
check_extensions (Validator *v,
                  JsonNode  *node)
{
  JsonObject *object;
  g_autoptr(GList) keys = NULL;

  if (!expect_object (v, node, &object))
    return FALSE;

  keys = json_object_get_members (object);
  for (const GList *l = keys; l != NULL; l = l->next)
    if (!awareness_xapi_validate_iri (l->data))
      {
        g_autofree char *quoted = quote (l->data);

        return fail (v, "key %s is not an absolute IRI", quoted);
      }

  return TRUE;
}

static gboolean
check_timestamp (Validator *v,
                 JsonNode  *node)
{
  const char *text;
  AwarenessXapiInstant instant;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!_awareness_xapi_parse_timestamp (text, &instant))
    return fail_value (v, text, "is not an ISO 8601 timestamp");
  if (instant.negative_zero)
    return fail_value (v, text, "has a negative zero offset, which ISO 8601 does not allow; "
                                "use Z or +00:00");
  return TRUE;
}

static gboolean
check_duration (Validator *v,
                JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!awareness_xapi_validate_duration (text))
    return fail_value (v, text, "is not an ISO 8601 duration");
  return TRUE;
}

/* Data 2.4.10: the store MUST reject any version but 1.0.x. */
static gboolean
check_version (Validator *v,
               JsonNode  *node)
{
  const char *text;
  g_autofree char *quoted = NULL;

  if (!_awareness_json_is_string (node))
    return fail_version (v, "expected a string, got %s", type_name (node));
  text = json_node_get_string (node);
  if (_awareness_xapi_is_version_1_0 (text))
    return TRUE;
  quoted = quote (text);
  return fail_version (v, "%s is not a 1.0.x version", quoted);
}

/* Data 2.4.4.3: no id, stored, version or authority in a SubStatement. */
static gboolean
check_forbidden_in_substatement (Validator *v,
                                 JsonNode  *node)
{
  return fail (v, "not allowed in a SubStatement");
}

static gboolean
expect_object_type (Validator  *v,
                    JsonNode   *node,
                    const char *expected)
{
  const char *type;
  g_autofree char *quoted = NULL;

  if (!expect_string (v, node, &type))
    return FALSE;
  if (strcmp (type, expected) == 0)
    return TRUE;
  quoted = quote (type);
  return fail (v, "%s is not “%s”", quoted, expected);
}

static gboolean
check_type_agent (Validator *v,
                  JsonNode  *node)
{
  return expect_object_type (v, node, "Agent");
}

static gboolean
check_type_group (Validator *v,
                  JsonNode  *node)
{
  return expect_object_type (v, node, "Group");
}

static gboolean
check_type_activity (Validator *v,
                     JsonNode  *node)
{
  return expect_object_type (v, node, "Activity");
}

static gboolean
check_type_statement_ref (Validator *v,
                          JsonNode  *node)
{
  return expect_object_type (v, node, "StatementRef");
}

static gboolean
check_type_substatement (Validator *v,
                         JsonNode  *node)
{
  return expect_object_type (v, node, "SubStatement");
}

/* Agents and Groups (Data 2.4.2) */

static gboolean
check_mbox (Validator *v,
            JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!_awareness_xapi_is_mailto_iri (text))
    return fail_value (v, text, "is not a mailto IRI");
  return TRUE;
}

static gboolean
check_mbox_sha1sum (Validator *v,
                    JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!_awareness_xapi_is_hex (text, 40))
    return fail_value (v, text, "is not a hex-encoded SHA-1 hash");
  return TRUE;
}

static const Property account_properties[] = {
  { "homePage", check_irl,    TRUE },
  { "name",     check_string, TRUE },
};

static gboolean
check_account (Validator *v,
               JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, account_properties);
}

/* The inverse functional identifiers (Data 2.4.2.3). */
static const char * const ifi_names[] = { "mbox", "mbox_sha1sum", "openid", "account" };

static guint
count_ifis (JsonObject *object)
{
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ifi_names); i++)
    if (json_object_has_member (object, ifi_names[i]))
      n++;
  return n;
}

static const Property agent_properties[] = {
  { "objectType",   check_type_agent,   FALSE },
  { "name",         check_string,       FALSE },
  { "mbox",         check_mbox,         FALSE },
  { "mbox_sha1sum", check_mbox_sha1sum, FALSE },
  { "openid",       check_iri,          FALSE },
  { "account",      check_account,      FALSE },
};

static gboolean
check_agent (Validator *v,
             JsonNode  *node)
{
  JsonObject *object;
  guint n;

  if (!expect_object (v, node, &object) || !CHECK_MEMBERS (v, object, agent_properties))
    return FALSE;

  n = count_ifis (object);
  if (n != 1)
    return fail (v, "an Agent needs exactly one inverse functional identifier "
                    "(mbox, mbox_sha1sum, openid or account), not %u", n);
  return TRUE;
}

/* Agents only: no Group in a Group (Data 2.4.2.2). */
static gboolean
check_group_members (Validator *v,
                     JsonNode  *node)
{
  JsonArray *array;

  if (!expect_array (v, node, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gsize len = path_push_index (v, i);
      JsonObject *member;
      const char *type;

      if (!expect_object (v, element, &member) || !get_object_type (v, member, &type))
        return FALSE;
      if (g_strcmp0 (type, "Group") == 0)
        return fail_at (v, "objectType", "a Group cannot be a member of a Group");
      if (!check_agent (v, element))
        return FALSE;
      path_pop (v, len);
    }

  return TRUE;
}

static const Property group_properties[] = {
  { "objectType",   check_type_group,    TRUE },
  { "name",         check_string,        FALSE },
  { "member",       check_group_members, FALSE },
  { "mbox",         check_mbox,          FALSE },
  { "mbox_sha1sum", check_mbox_sha1sum,  FALSE },
  { "openid",       check_iri,           FALSE },
  { "account",      check_account,       FALSE },
};

static gboolean
check_group (Validator *v,
             JsonNode  *node)
{
  JsonObject *object;
  JsonNode *member;
  guint n;

  if (!expect_object (v, node, &object) || !CHECK_MEMBERS (v, object, group_properties))
    return FALSE;

  n = count_ifis (object);
  if (n > 1)
    return fail (v, "a Group has at most one inverse functional identifier, not %u", n);

  /* An anonymous Group is known only by its members. */
  member = json_object_get_member (object, "member");
  if (n == 0 && member == NULL)
    return fail_at (v, "member", "missing (an anonymous Group needs its members)");
  if (n == 0 && json_array_get_length (json_node_get_array (member)) == 0)
    return fail_at (v, "member", "an anonymous Group needs at least one member");

  return TRUE;
}

/* An Agent or a Group, told apart by objectType. */
static gboolean
check_actor (Validator *v,
             JsonNode  *node)
{
  JsonObject *object;
  const char *type;

  if (!expect_object (v, node, &object) || !get_object_type (v, object, &type))
    return FALSE;
  if (type == NULL || strcmp (type, "Agent") == 0)
    return check_agent (v, node);
  if (strcmp (type, "Group") == 0)
    return check_group (v, node);

  path_push_key (v, "objectType");
  return fail_value (v, type, "is not Agent or Group");
}

/* context.team is a Group (Data 2.4.6). */
static gboolean
check_team (Validator *v,
            JsonNode  *node)
{
  JsonObject *object;
  const char *type;

  if (!expect_object (v, node, &object) || !get_object_type (v, object, &type))
    return FALSE;
  if (type == NULL)
    return fail_at (v, "objectType", "missing (a team is a Group)");
  if (strcmp (type, "Group") != 0)
    {
      path_push_key (v, "objectType");
      return fail_value (v, type, "is not Group (a team is a Group)");
    }
  return check_group (v, node);
}

/* Data 2.4.9: an Agent, or for 3-legged OAuth a Group of two Agents. */
static gboolean
check_authority (Validator *v,
                 JsonNode  *node)
{
  JsonObject *object;
  JsonNode *member;
  const char *type;

  if (!expect_object (v, node, &object) || !get_object_type (v, object, &type))
    return FALSE;
  if (type == NULL || strcmp (type, "Agent") == 0)
    return check_agent (v, node);
  if (strcmp (type, "Group") != 0)
    {
      path_push_key (v, "objectType");
      return fail_value (v, type, "is not Agent or Group");
    }

  if (!check_group (v, node))
    return FALSE;
  member = json_object_get_member (object, "member");
  if (count_ifis (object) != 0 || member == NULL ||
      json_array_get_length (json_node_get_array (member)) != 2)
    return fail (v, "a Group authority must be an anonymous Group of exactly two Agents "
                    "(3-legged OAuth)");
  return TRUE;
}

/* Verb (Data 2.4.3) */

static const Property verb_properties[] = {
  { "id",      check_iri,          TRUE },
  { "display", check_language_map, FALSE },
};

static gboolean
check_verb (Validator *v,
            JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, verb_properties);
}

/* Activities (Data 2.4.4.1) */

static const char * const component_lists[] = { "choices", "scale", "source", "target", "steps" };

/* The interaction types and the component lists each may have. */
static const struct {
  const char *type;
  const char *lists[2];
} interaction_types[] = {
  { "true-false",   { NULL } },
  { "choice",       { "choices" } },
  { "fill-in",      { NULL } },
  { "long-fill-in", { NULL } },
  { "matching",     { "source", "target" } },
  { "performance",  { "steps" } },
  { "sequencing",   { "choices" } },
  { "likert",       { "scale" } },
  { "numeric",      { NULL } },
  { "other",        { NULL } },
};

static gboolean
list_allowed (const char *type,
              const char *list)
{
  for (guint i = 0; i < G_N_ELEMENTS (interaction_types); i++)
    if (strcmp (interaction_types[i].type, type) == 0)
      for (guint j = 0; j < G_N_ELEMENTS (interaction_types[i].lists); j++)
        if (g_strcmp0 (interaction_types[i].lists[j], list) == 0)
          return TRUE;
  return FALSE;
}

static gboolean
check_interaction_type (Validator *v,
                        JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (interaction_types); i++)
    if (strcmp (interaction_types[i].type, text) == 0)
      return TRUE;
  return fail_value (v, text, "is not an interactionType (true-false, choice, fill-in, "
                              "long-fill-in, matching, performance, sequencing, likert, "
                              "numeric or other)");
}

static gboolean
check_string_array (Validator *v,
                    JsonNode  *node)
{
  JsonArray *array;

  if (!expect_array (v, node, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize len = path_push_index (v, i);

      if (!check_string (v, json_array_get_element (array, i)))
        return FALSE;
      path_pop (v, len);
    }

  return TRUE;
}

static const Property component_properties[] = {
  { "id",          check_string,       TRUE },
  { "description", check_language_map, FALSE },
};

/* Interaction components, with distinct ids (Data 2.4.4.1). */
static gboolean
check_components (Validator *v,
                  JsonNode  *node)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;

  if (!expect_array (v, node, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize len = path_push_index (v, i);
      JsonObject *component;
      const char *id;

      if (!expect_object (v, json_array_get_element (array, i), &component) ||
          !CHECK_MEMBERS (v, component, component_properties))
        return FALSE;

      id = json_object_get_string_member (component, "id");
      if (!g_hash_table_add (ids, (gpointer) id))
        {
          g_autofree char *quoted = quote (id);

          return fail_at (v, "id", "%s is the id of another component of this list", quoted);
        }
      path_pop (v, len);
    }

  return TRUE;
}

static const Property definition_properties[] = {
  { "name",                    check_language_map,     FALSE },
  { "description",             check_language_map,     FALSE },
  { "type",                    check_iri,              FALSE },
  { "moreInfo",                check_irl,              FALSE },
  { "extensions",              check_extensions,       FALSE },
  { "interactionType",         check_interaction_type, FALSE },
  { "correctResponsesPattern", check_string_array,     FALSE },
  { "choices",                 check_components,       FALSE },
  { "scale",                   check_components,       FALSE },
  { "source",                  check_components,       FALSE },
  { "target",                  check_components,       FALSE },
  { "steps",                   check_components,       FALSE },
};

static gboolean
check_definition (Validator *v,
                  JsonNode  *node)
{
  JsonObject *object;
  const char *type;

  if (!expect_object (v, node, &object) || !CHECK_MEMBERS (v, object, definition_properties))
    return FALSE;

  /* Interaction properties make an interaction activity, which MUST have
   * an interactionType; each type has its own component lists. */
  type = json_object_get_string_member_with_default (object, "interactionType", NULL);
  if (type == NULL && json_object_has_member (object, "correctResponsesPattern"))
    return fail_at (v, "correctResponsesPattern",
                    "only allowed in an interaction activity, with an interactionType");

  for (guint i = 0; i < G_N_ELEMENTS (component_lists); i++)
    {
      if (!json_object_has_member (object, component_lists[i]))
        continue;
      if (type == NULL)
        return fail_at (v, component_lists[i],
                        "only allowed in an interaction activity, with an interactionType");
      if (!list_allowed (type, component_lists[i]))
        {
          g_autofree char *quoted = quote (type);

          return fail_at (v, component_lists[i], "not allowed for interactionType %s", quoted);
        }
    }

  return TRUE;
}

static const Property activity_properties[] = {
  { "objectType", check_type_activity, FALSE },
  { "id",         check_iri,           TRUE },
  { "definition", check_definition,    FALSE },
};

static gboolean
check_activity (Validator *v,
                JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, activity_properties);
}

/* Statement references (Data 2.4.4.3) */

static const Property statement_ref_properties[] = {
  { "objectType", check_type_statement_ref, TRUE },
  { "id",         check_uuid,               TRUE },
};

static gboolean
check_statement_ref (Validator *v,
                     JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, statement_ref_properties);
}

/* Result (Data 2.4.5) */

static const Property score_properties[] = {
  { "scaled", check_number, FALSE },
  { "raw",    check_number, FALSE },
  { "min",    check_number, FALSE },
  { "max",    check_number, FALSE },
};

static gboolean
check_score (Validator *v,
             JsonNode  *node)
{
  JsonObject *object;
  JsonNode *scaled, *raw, *min, *max;

  if (!expect_object (v, node, &object) || !CHECK_MEMBERS (v, object, score_properties))
    return FALSE;

  scaled = json_object_get_member (object, "scaled");
  raw = json_object_get_member (object, "raw");
  min = json_object_get_member (object, "min");
  max = json_object_get_member (object, "max");

  if (scaled != NULL &&
      (json_node_get_double (scaled) < -1.0 || json_node_get_double (scaled) > 1.0))
    {
      g_autofree char *value = format_number (scaled);

      return fail_at (v, "scaled", "%s is outside -1 to 1", value);
    }
  if (min != NULL && max != NULL && !(json_node_get_double (min) < json_node_get_double (max)))
    {
      g_autofree char *low = format_number (min);
      g_autofree char *high = format_number (max);

      return fail_at (v, "min", "%s is not less than max %s", low, high);
    }
  if (raw != NULL && min != NULL && json_node_get_double (raw) < json_node_get_double (min))
    {
      g_autofree char *value = format_number (raw);
      g_autofree char *low = format_number (min);

      return fail_at (v, "raw", "%s is less than min %s", value, low);
    }
  if (raw != NULL && max != NULL && json_node_get_double (raw) > json_node_get_double (max))
    {
      g_autofree char *value = format_number (raw);
      g_autofree char *high = format_number (max);

      return fail_at (v, "raw", "%s is greater than max %s", value, high);
    }

  return TRUE;
}

static const Property result_properties[] = {
  { "score",      check_score,      FALSE },
  { "success",    check_boolean,    FALSE },
  { "completion", check_boolean,    FALSE },
  { "response",   check_string,     FALSE },
  { "duration",   check_duration,   FALSE },
  { "extensions", check_extensions, FALSE },
};

static gboolean
check_result (Validator *v,
              JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, result_properties);
}

/* Context (Data 2.4.6) */

/* An Activity, or an array of them (Data 2.4.6.2). */
static gboolean
check_context_activity_list (Validator *v,
                             JsonNode  *node)
{
  JsonArray *array;

  if (JSON_NODE_HOLDS_OBJECT (node))
    return check_activity (v, node);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (v, "expected an Activity or an array of Activities, got %s", type_name (node));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize len = path_push_index (v, i);

      if (!check_activity (v, json_array_get_element (array, i)))
        return FALSE;
      path_pop (v, len);
    }

  return TRUE;
}

static const Property context_activities_properties[] = {
  { "parent",   check_context_activity_list, FALSE },
  { "grouping", check_context_activity_list, FALSE },
  { "category", check_context_activity_list, FALSE },
  { "other",    check_context_activity_list, FALSE },
};

static gboolean
check_context_activities (Validator *v,
                          JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) &&
         CHECK_MEMBERS (v, object, context_activities_properties);
}

/* revision and platform: only if the object is an Activity. */
static gboolean
check_activity_context_string (Validator *v,
                               JsonNode  *node)
{
  if (!check_string (v, node))
    return FALSE;
  if (!v->object_is_activity)
    return fail (v, "only allowed when the statement’s object is an Activity");
  return TRUE;
}

static const Property context_properties[] = {
  { "registration",      check_uuid,                    FALSE },
  { "instructor",        check_actor,                   FALSE },
  { "team",              check_team,                    FALSE },
  { "contextActivities", check_context_activities,      FALSE },
  { "revision",          check_activity_context_string, FALSE },
  { "platform",          check_activity_context_string, FALSE },
  { "language",          check_language_tag,            FALSE },
  { "statement",         check_statement_ref,           FALSE },
  { "extensions",        check_extensions,              FALSE },
};

static gboolean
check_context (Validator *v,
               JsonNode  *node)
{
  JsonObject *object;

  return expect_object (v, node, &object) && CHECK_MEMBERS (v, object, context_properties);
}

/* Attachments (Data 2.4.11) */

static gboolean
check_content_type (Validator *v,
                    JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!_awareness_xapi_is_media_type (text))
    return fail_value (v, text, "is not an Internet media type");
  return TRUE;
}

static gboolean
check_length (Validator *v,
              JsonNode  *node)
{
  if (!_awareness_json_is_number (node))
    return fail (v, "expected an integer, got %s", type_name (node));

  /* Whole numbers written as 27.0 are integers too. */
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      if (!(value > -9.0e18 && value < 9.0e18) || value != (double) (gint64) value)
        {
          g_autofree char *text = format_number (node);

          return fail (v, "expected an integer, got %s", text);
        }
    }

  if (json_node_get_double (node) < 0)
    {
      g_autofree char *text = format_number (node);

      return fail (v, "%s is negative", text);
    }
  return TRUE;
}

static gboolean
check_sha2 (Validator *v,
            JsonNode  *node)
{
  const char *text;

  if (!expect_string (v, node, &text))
    return FALSE;
  if (!_awareness_xapi_is_sha2 (text))
    return fail_value (v, text, "is not a hex-encoded SHA-2 hash");
  return TRUE;
}

static const Property attachment_properties[] = {
  { "usageType",   check_iri,          TRUE },
  { "display",     check_language_map, TRUE },
  { "description", check_language_map, FALSE },
  { "contentType", check_content_type, TRUE },
  { "length",      check_length,       TRUE },
  { "sha2",        check_sha2,         TRUE },
  { "fileUrl",     check_irl,          FALSE },
};

static gboolean
check_attachment (Validator *v,
                  JsonNode  *node)
{
  JsonObject *object;

  if (!expect_object (v, node, &object) || !CHECK_MEMBERS (v, object, attachment_properties))
    return FALSE;

  /* Data 2.6: a signature is a JWS, sent as application/octet-stream. */
  if (strcmp (json_object_get_string_member (object, "usageType"), USAGE_TYPE_SIGNATURE) == 0 &&
      g_ascii_strcasecmp (json_object_get_string_member (object, "contentType"),
                          "application/octet-stream") != 0)
    return fail_at (v, "contentType",
                    "a signature attachment must be “application/octet-stream”");

  return TRUE;
}

static gboolean
check_attachments (Validator *v,
                   JsonNode  *node)
{
  JsonArray *array;

  if (!expect_array (v, node, &array))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      gsize len = path_push_index (v, i);

      if (!check_attachment (v, json_array_get_element (array, i)))
        return FALSE;
      path_pop (v, len);
    }

  return TRUE;
}

/* Statements and SubStatements */

static gboolean check_object (Validator *v,
                              JsonNode  *node);

static const Property statement_properties[] = {
  { "id",          check_uuid,        FALSE },
  { "actor",       check_actor,       TRUE },
  { "verb",        check_verb,        TRUE },
  { "object",      check_object,      TRUE },
  { "result",      check_result,      FALSE },
  { "context",     check_context,     FALSE },
  { "timestamp",   check_timestamp,   FALSE },
  { "stored",      check_timestamp,   FALSE },
  { "authority",   check_authority,   FALSE },
  { "version",     check_version,     FALSE },
  { "attachments", check_attachments, FALSE },
};

/* Data 2.4.4.3: validated as a Statement, less id, stored, version and
 * authority. */
static const Property substatement_properties[] = {
  { "objectType",  check_type_substatement,         TRUE },
  { "id",          check_forbidden_in_substatement, FALSE },
  { "stored",      check_forbidden_in_substatement, FALSE },
  { "version",     check_forbidden_in_substatement, FALSE },
  { "authority",   check_forbidden_in_substatement, FALSE },
  { "actor",       check_actor,                     TRUE },
  { "verb",        check_verb,                      TRUE },
  { "object",      check_object,                    TRUE },
  { "result",      check_result,                    FALSE },
  { "context",     check_context,                   FALSE },
  { "timestamp",   check_timestamp,                 FALSE },
  { "attachments", check_attachments,               FALSE },
};

static gboolean
is_activity (JsonNode *node)
{
  JsonObject *object;
  JsonNode *type;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  type = json_object_get_member (object, "objectType");
  return type == NULL || (_awareness_json_is_string (type) &&
                          strcmp (json_node_get_string (type), "Activity") == 0);
}

/* Data 2.3.2: a voiding statement's object is a StatementRef. */
static gboolean
check_voiding (Validator  *v,
               JsonObject *statement)
{
  JsonObject *verb = json_object_get_object_member (statement, "verb");
  JsonObject *object = json_object_get_object_member (statement, "object");

  if (g_strcmp0 (json_object_get_string_member (verb, "id"), VERB_VOIDED) != 0)
    return TRUE;
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "objectType", NULL),
                 "StatementRef") == 0)
    return TRUE;

  path_push_key (v, "object");
  return fail_at (v, "objectType", "the object of a voiding statement must be a StatementRef");
}

static gboolean
check_statement_members (Validator      *v,
                         JsonObject     *statement,
                         const Property *properties,
                         gsize           n_properties)
{
  gboolean saved = v->object_is_activity;
  gboolean ok;

  v->object_is_activity = is_activity (json_object_get_member (statement, "object"));
  ok = check_members (v, statement, properties, n_properties) && check_voiding (v, statement);
  v->object_is_activity = saved;

  return ok;
}

static gboolean
check_substatement (Validator *v,
                    JsonNode  *node)
{
  JsonObject *object;
  gboolean ok;

  if (!expect_object (v, node, &object))
    return FALSE;

  v->in_substatement = TRUE;
  ok = check_statement_members (v, object, substatement_properties,
                                G_N_ELEMENTS (substatement_properties));
  v->in_substatement = FALSE;

  return ok;
}

/* An Activity, Agent, Group, StatementRef or SubStatement (Data 2.4.4). */
static gboolean
check_object (Validator *v,
              JsonNode  *node)
{
  JsonObject *object;
  const char *type;

  if (!expect_object (v, node, &object) || !get_object_type (v, object, &type))
    return FALSE;

  if (type == NULL)
    {
      /* Data 2.4.4.2: an Agent or Group object names its objectType. */
      if (count_ifis (object) > 0 || json_object_has_member (object, "member"))
        return fail_at (v, "objectType", "missing (required when the object is an Agent or Group)");
      return check_activity (v, node);
    }
  if (strcmp (type, "Activity") == 0)
    return check_activity (v, node);
  if (strcmp (type, "Agent") == 0)
    return check_agent (v, node);
  if (strcmp (type, "Group") == 0)
    return check_group (v, node);
  if (strcmp (type, "StatementRef") == 0)
    return check_statement_ref (v, node);
  if (strcmp (type, "SubStatement") == 0)
    {
      if (v->in_substatement)
        return fail_at (v, "objectType", "a SubStatement cannot contain another SubStatement");
      return check_substatement (v, node);
    }

  path_push_key (v, "objectType");
  return fail_value (v, type, "is not Activity, Agent, Group, StatementRef or SubStatement");
}

/**
 * awareness_xapi_validate_agent:
 * @agent: an Agent, parsed from JSON
 * @error: return location for an error
 *
 * Checks @agent as an Agent Object of the xAPI 1.0.3 Data part (2.4.2.1):
 * an object of known properties, well formed, with exactly one inverse
 * functional identifier; a Group is refused.  This is what the `agent`
 * parameter of the State, Agent Profile and Agents resources must be.
 *
 * The message of the error is in English, for the client that sent it.
 *
 * Returns: `TRUE` if @agent is a valid Agent
 *
 * Since: 0.2
 */
gboolean
awareness_xapi_validate_agent (JsonNode  *agent,
                               GError   **error)
{
  g_autoptr(GString) path = g_string_new ("agent");
  Validator v = {
    .flags = AWARENESS_XAPI_VALIDATE_NONE,
    .path = path,
    .error = error,
  };

  g_return_val_if_fail (agent != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_agent (&v, agent);
}

/**
 * awareness_xapi_validate_statement:
 * @statement: a statement, parsed from JSON
 * @flags: whether the statement comes from a client or from a store
 * @error: return location for an error
 *
 * Checks @statement against every requirement of the Data part of xAPI
 * 1.0.3 that a Learning Record Store must enforce on a statement it
 * receives: required properties present and of the right type, no
 * unknown properties and no nulls outside extensions, well-formed UUIDs,
 * IRIs, language tags, timestamps and durations, one inverse functional
 * identifier per Agent, the rules of Groups, SubStatements, voiding,
 * scores, context, interaction activities and attachments, and a 1.0.x
 * version.
 *
 * On failure the error's message begins with the JSON path of the wrong
 * value, as in `actor.mbox: “tanaka@example” is not a mailto IRI`.  The
 * message is in English, for the client that sent the statement.
 *
 * Duplicate keys cannot be detected here, as the JSON parser keeps only
 * one of them.
 *
 * Returns: `TRUE` if @statement is valid
 *
 * Since: 0.2
 */
gboolean
awareness_xapi_validate_statement (JsonNode                    *statement,
                                   AwarenessXapiValidateFlags   flags,
                                   GError                     **error)
{
  g_autoptr(GString) path = g_string_new (NULL);
  Validator v = {
    .flags = flags,
    .path = path,
    .error = error,
  };

  g_return_val_if_fail (statement != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (statement))
    return fail (&v, "expected an object, got %s", type_name (statement));

  return check_statement_members (&v, json_node_get_object (statement), statement_properties,
                                  G_N_ELEMENTS (statement_properties));
}
