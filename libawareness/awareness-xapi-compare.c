/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The statement comparison of xAPI 1.0.3, Data 2.3.1: two statements are
 * the same if they differ only in what the store may set or change, in
 * the order of unordered things, or in the case of case-insensitive
 * values.  It makes PUT and POST of a statement already held idempotent.
 */
#include "config.h"

#include <string.h>

#include "awareness-private.h"

/* Comparing statements (Data 2.3.1) */

typedef gboolean (*Equal) (JsonNode *a,
                           JsonNode *b);

typedef enum {
  FIELD_COMPARE,           /* equal, or absent from both */
  FIELD_IGNORE,            /* not part of the immutable statement */
  FIELD_IGNORE_IF_ABSENT,  /* compared only if in both: the store may have set it */
} FieldMode;

typedef struct
{
  const char *name;
  Equal       equal;       /* NULL: as JSON */
  FieldMode   mode;
} Field;

static gboolean json_equal (JsonNode *a,
                            JsonNode *b);

static const Field *
find_field (const Field *fields,
            gsize        n_fields,
            const char  *name)
{
  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].name, name) == 0)
      return &fields[i];
  return NULL;
}

static gboolean
field_equal (JsonObject  *a,
             JsonObject  *b,
             const char  *name,
             const Field *fields,
             gsize        n_fields)
{
  const Field *field = find_field (fields, n_fields, name);
  FieldMode mode = field != NULL ? field->mode : FIELD_COMPARE;
  Equal equal = field != NULL && field->equal != NULL ? field->equal : json_equal;
  JsonNode *na = json_object_get_member (a, name);
  JsonNode *nb = json_object_get_member (b, name);

  if (mode == FIELD_IGNORE)
    return TRUE;
  if (na == NULL || nb == NULL)
    return na == nb || mode == FIELD_IGNORE_IF_ABSENT;
  return equal (na, nb);
}

static gboolean
objects_equal (JsonObject  *a,
               JsonObject  *b,
               const Field *fields,
               gsize        n_fields)
{
  g_autoptr(GList) names_a = json_object_get_members (a);
  g_autoptr(GList) names_b = json_object_get_members (b);

  for (const GList *l = names_a; l != NULL; l = l->next)
    if (!field_equal (a, b, l->data, fields, n_fields))
      return FALSE;
  for (const GList *l = names_b; l != NULL; l = l->next)
    if (!json_object_has_member (a, l->data) && !field_equal (a, b, l->data, fields, n_fields))
      return FALSE;

  return TRUE;
}

#define OBJECTS_EQUAL(a, b, table) \
  objects_equal (json_node_get_object (a), json_node_get_object (b), table, G_N_ELEMENTS (table))

/* Objects without order, arrays in order, numbers by value. */
static gboolean
json_equal (JsonNode *a,
            JsonNode *b)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      return objects_equal (json_node_get_object (a), json_node_get_object (b), NULL, 0);

    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a);
        JsonArray *ab = json_node_get_array (b);

        if (json_array_get_length (aa) != json_array_get_length (ab))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (aa); i++)
          if (!json_equal (json_array_get_element (aa, i), json_array_get_element (ab, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      if (_awareness_json_is_number (a) && _awareness_json_is_number (b))
        {
          if (json_node_get_value_type (a) == G_TYPE_INT64 &&
              json_node_get_value_type (b) == G_TYPE_INT64)
            return json_node_get_int (a) == json_node_get_int (b);
          return json_node_get_double (a) == json_node_get_double (b);
        }
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      if (_awareness_json_is_string (a))
        return strcmp (json_node_get_string (a), json_node_get_string (b)) == 0;
      return json_node_get_boolean (a) == json_node_get_boolean (b);

    default:
      return FALSE;
    }
}

/* UUIDs, hashes, language tags. */
static gboolean
caseless_equal (JsonNode *a,
                JsonNode *b)
{
  if (!_awareness_json_is_string (a) || !_awareness_json_is_string (b))
    return json_equal (a, b);
  return g_ascii_strcasecmp (json_node_get_string (a), json_node_get_string (b)) == 0;
}

/* The scheme and the domain of an address are case-insensitive, the
 * local part is not (Data 2.3.1). */
static gboolean
mbox_equal (JsonNode *a,
            JsonNode *b)
{
  const char *sa, *sb, *at_a, *at_b;
  gsize prefix = strlen ("mailto:");

  if (!_awareness_json_is_string (a) || !_awareness_json_is_string (b))
    return json_equal (a, b);

  sa = json_node_get_string (a);
  sb = json_node_get_string (b);
  at_a = strrchr (sa, '@');
  at_b = strrchr (sb, '@');
  if (at_a == NULL || at_b == NULL || at_a - sa != at_b - sb || (gsize) (at_a - sa) < prefix)
    return strcmp (sa, sb) == 0;

  return g_ascii_strncasecmp (sa, sb, prefix) == 0 &&
         strncmp (sa + prefix, sb + prefix, (gsize) (at_a - sa) - prefix) == 0 &&
         g_ascii_strcasecmp (at_a, at_b) == 0;
}

/* The same point in time, to the millisecond (Data 2.3.1, 4.5). */
static gboolean
timestamp_equal (JsonNode *a,
                 JsonNode *b)
{
  AwarenessXapiInstant ia, ib;

  if (!_awareness_json_is_string (a) || !_awareness_json_is_string (b))
    return json_equal (a, b);
  if (!_awareness_xapi_parse_timestamp (json_node_get_string (a), &ia) ||
      !_awareness_xapi_parse_timestamp (json_node_get_string (b), &ib))
    return json_equal (a, b);

  /* The store may truncate or round to milliseconds. */
  return ia.has_zone == ib.has_zone && ABS (ia.usec - ib.usec) < 1000;
}

/* A duration is compared as a string, but not beyond 0.01 s (Data 4.6):
 * "PT1.2345S" is "PT1.23S", and "PT1.50S" is "PT1.5S". */
static char *
normalize_duration (const char *text)
{
  gsize len = strlen (text);
  const char *end = text + len - 1;
  const char *digits;
  gsize n;
  GString *s;

  if (len < 2 || *end != 'S')
    return g_strdup (text);
  for (digits = end; digits > text && g_ascii_isdigit (digits[-1]); digits--)
    ;
  if (digits == text || (digits[-1] != '.' && digits[-1] != ','))
    return g_strdup (text);

  n = MIN ((gsize) (end - digits), 2);
  while (n > 0 && digits[n - 1] == '0')
    n--;

  s = g_string_new_len (text, digits - 1 - text);
  if (n > 0)
    {
      g_string_append_c (s, digits[-1]);
      g_string_append_len (s, digits, n);
    }
  g_string_append_c (s, 'S');
  return g_string_free (s, FALSE);
}

static gboolean
duration_equal (JsonNode *a,
                JsonNode *b)
{
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;

  if (!_awareness_json_is_string (a) || !_awareness_json_is_string (b))
    return json_equal (a, b);
  na = normalize_duration (json_node_get_string (a));
  nb = normalize_duration (json_node_get_string (b));
  return strcmp (na, nb) == 0;
}

/* objectType, or its default when left out. */
static const char *
object_type_or (JsonObject *object,
                const char *fallback)
{
  JsonNode *type = json_object_get_member (object, "objectType");

  if (type == NULL)
    return fallback;
  return _awareness_json_is_string (type) ? json_node_get_string (type) : "";
}

static gboolean actor_equal (JsonNode *a,
                             JsonNode *b);

/* Group members are not in any order (Data 2.3.1). */
static gboolean
members_equal (JsonNode *a,
               JsonNode *b)
{
  JsonArray *aa, *ab;
  g_autofree gboolean *matched = NULL;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (a) || !JSON_NODE_HOLDS_ARRAY (b))
    return json_equal (a, b);

  aa = json_node_get_array (a);
  ab = json_node_get_array (b);
  n = json_array_get_length (aa);
  if (json_array_get_length (ab) != n)
    return FALSE;

  matched = g_new0 (gboolean, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < n && !found; j++)
        if (!matched[j] &&
            actor_equal (json_array_get_element (aa, i), json_array_get_element (ab, j)))
          matched[j] = found = TRUE;
      if (!found)
        return FALSE;
    }

  return TRUE;
}

static const Field actor_fields[] = {
  { "objectType",   NULL,           FIELD_IGNORE },
  { "mbox",         mbox_equal,     FIELD_COMPARE },
  { "mbox_sha1sum", caseless_equal, FIELD_COMPARE },
  { "member",       members_equal,  FIELD_COMPARE },
};

static gboolean
actor_equal (JsonNode *a,
             JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  if (strcmp (object_type_or (json_node_get_object (a), "Agent"),
              object_type_or (json_node_get_object (b), "Agent")) != 0)
    return FALSE;
  return OBJECTS_EQUAL (a, b, actor_fields);
}

/* The display of a Verb is not part of the statement (Data 2.3.1). */
static const Field verb_fields[] = {
  { "display", NULL, FIELD_IGNORE },
};

static gboolean
verb_equal (JsonNode *a,
            JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return OBJECTS_EQUAL (a, b, verb_fields);
}

/* Neither is the definition of an Activity. */
static const Field activity_fields[] = {
  { "objectType", NULL, FIELD_IGNORE },
  { "definition", NULL, FIELD_IGNORE },
};

static const Field statement_ref_fields[] = {
  { "objectType", NULL,           FIELD_IGNORE },
  { "id",         caseless_equal, FIELD_COMPARE },
};

static gboolean object_equal (JsonNode *a,
                              JsonNode *b);

static gboolean
activity_equal (JsonNode *a,
                JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return object_equal (a, b);
}

/* A single Activity is the same as an array of one (Data 2.4.6.2). */
static gboolean
activity_list_equal (JsonNode *a,
                     JsonNode *b)
{
  JsonArray *aa = NULL, *ab = NULL;
  guint na, nb;

  if (JSON_NODE_HOLDS_ARRAY (a))
    aa = json_node_get_array (a);
  if (JSON_NODE_HOLDS_ARRAY (b))
    ab = json_node_get_array (b);
  na = aa != NULL ? json_array_get_length (aa) : 1;
  nb = ab != NULL ? json_array_get_length (ab) : 1;
  if (na != nb)
    return FALSE;

  for (guint i = 0; i < na; i++)
    if (!activity_equal (aa != NULL ? json_array_get_element (aa, i) : a,
                         ab != NULL ? json_array_get_element (ab, i) : b))
      return FALSE;

  return TRUE;
}

static const Field context_activities_fields[] = {
  { "parent",   activity_list_equal, FIELD_COMPARE },
  { "grouping", activity_list_equal, FIELD_COMPARE },
  { "category", activity_list_equal, FIELD_COMPARE },
  { "other",    activity_list_equal, FIELD_COMPARE },
};

static gboolean
context_activities_equal (JsonNode *a,
                          JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return OBJECTS_EQUAL (a, b, context_activities_fields);
}

static const Field context_fields[] = {
  { "registration",      caseless_equal,           FIELD_COMPARE },
  { "instructor",        actor_equal,              FIELD_COMPARE },
  { "team",              actor_equal,              FIELD_COMPARE },
  { "contextActivities", context_activities_equal, FIELD_COMPARE },
  { "language",          caseless_equal,           FIELD_COMPARE },
  { "statement",         object_equal,             FIELD_COMPARE },
};

static gboolean
context_equal (JsonNode *a,
               JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return OBJECTS_EQUAL (a, b, context_fields);
}

static const Field result_fields[] = {
  { "duration", duration_equal, FIELD_COMPARE },
};

static gboolean
result_equal (JsonNode *a,
              JsonNode *b)
{
  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return OBJECTS_EQUAL (a, b, result_fields);
}

/* What the store may set or change (Data 2.3.1): the id and timestamp if
 * the client left them out, stored, authority and version always; and the
 * attachments, which are not part of the statement. */
static const Field statement_fields[] = {
  { "id",          caseless_equal,  FIELD_IGNORE_IF_ABSENT },
  { "actor",       actor_equal,     FIELD_COMPARE },
  { "verb",        verb_equal,      FIELD_COMPARE },
  { "object",      object_equal,    FIELD_COMPARE },
  { "result",      result_equal,    FIELD_COMPARE },
  { "context",     context_equal,   FIELD_COMPARE },
  { "timestamp",   timestamp_equal, FIELD_IGNORE_IF_ABSENT },
  { "stored",      NULL,            FIELD_IGNORE },
  { "authority",   NULL,            FIELD_IGNORE },
  { "version",     NULL,            FIELD_IGNORE },
  { "attachments", NULL,            FIELD_IGNORE },
};

/* The store sets no timestamp in a SubStatement. */
static const Field substatement_fields[] = {
  { "objectType",  NULL,            FIELD_IGNORE },
  { "actor",       actor_equal,     FIELD_COMPARE },
  { "verb",        verb_equal,      FIELD_COMPARE },
  { "object",      object_equal,    FIELD_COMPARE },
  { "result",      result_equal,    FIELD_COMPARE },
  { "context",     context_equal,   FIELD_COMPARE },
  { "timestamp",   timestamp_equal, FIELD_COMPARE },
  { "attachments", NULL,            FIELD_IGNORE },
};

static gboolean
object_equal (JsonNode *a,
              JsonNode *b)
{
  const char *type;

  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);

  type = object_type_or (json_node_get_object (a), "Activity");
  if (strcmp (type, object_type_or (json_node_get_object (b), "Activity")) != 0)
    return FALSE;

  if (strcmp (type, "Activity") == 0)
    return OBJECTS_EQUAL (a, b, activity_fields);
  if (strcmp (type, "Agent") == 0 || strcmp (type, "Group") == 0)
    return actor_equal (a, b);
  if (strcmp (type, "StatementRef") == 0)
    return OBJECTS_EQUAL (a, b, statement_ref_fields);
  if (strcmp (type, "SubStatement") == 0)
    return OBJECTS_EQUAL (a, b, substatement_fields);
  return json_equal (a, b);
}

/**
 * awareness_xapi_statements_equivalent:
 * @a: a statement
 * @b: another statement
 *
 * Compares two statements as Data 2.3.1 requires when a store receives a
 * statement with an id it already has: the same statement, and so no
 * conflict, if they differ only where the store may have changed them.
 *
 * These differences are ignored: `stored`, `authority`, `version` and
 * `attachments`; `id` and `timestamp` when one statement has none; the
 * display of Verbs and the definition of Activities; the time zone and
 * precision beyond milliseconds of timestamps; precision beyond 0.01 s
 * of the seconds of a duration; the order of Group members; a single
 * context Activity against an array of one; objectType left out where it
 * has a default; the case of UUIDs, SHA-1 sums, `context.language`, and
 * of the scheme and domain of `mbox`; and the order of object members
 * and the notation of numbers.  Every other difference counts.
 *
 * Both statements are expected to be valid (see
 * [func@xapi_validate_statement]).
 *
 * Returns: `TRUE` if @a and @b are the same statement
 *
 * Since: 0.2
 */
gboolean
awareness_xapi_statements_equivalent (JsonNode *a,
                                      JsonNode *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (a) || !JSON_NODE_HOLDS_OBJECT (b))
    return json_equal (a, b);
  return OBJECTS_EQUAL (a, b, statement_fields);
}
