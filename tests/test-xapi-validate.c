/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Validation of xAPI 1.0.3 statements: fixtures that must pass (a minimal
 * statement, one with every optional part, SubStatements, voiding,
 * attachments, Groups, every interaction type) and fixtures that each
 * break one rule of the Data part and must be refused, naming the JSON
 * path of the wrong value; the syntax of language tags, IRIs, timestamps,
 * durations and versions; the statement comparison of Data 2.3.1; and the
 * statements our own client builds for a finished attempt.
 */
#include <string.h>

#include "awareness.h"

/* tests/data/xapi/valid/NAME.json */
static const char * const valid_fixtures[] = {
  "anonymous-group-actor",
  "attachments",
  "authority-oauth",
  "extensions-anything",
  "full",
  "group-actor",
  "interaction-choice",
  "interaction-fill-in",
  "interaction-likert",
  "interaction-long-fill-in",
  "interaction-matching",
  "interaction-numeric",
  "interaction-other",
  "interaction-performance",
  "interaction-sequencing",
  "interaction-true-false",
  "lrs-properties",
  "minimal",
  "object-agent",
  "object-group",
  "spec-attempted-example",
  "spec-long-example",
  "spec-signed-example",
  "statement-ref",
  "substatement",
  "substatement-statementref",
  "timestamp-forms",
  "version-1-0",
  "voiding",
  NULL,
};

typedef struct
{
  const char         *name;  /* tests/data/xapi/invalid/NAME.json */
  AwarenessXapiError  code;
  const char         *path;  /* the JSON path the message begins with */
} InvalidFixture;

static const InvalidFixture invalid_fixtures[] = {
  { "missing-actor",                      AWARENESS_XAPI_ERROR_INVALID, "actor" },
  { "missing-verb",                       AWARENESS_XAPI_ERROR_INVALID, "verb" },
  { "missing-object",                     AWARENESS_XAPI_ERROR_INVALID, "object" },
  { "not-an-object",                      AWARENESS_XAPI_ERROR_INVALID, "statement" },
  { "unknown-property",                   AWARENESS_XAPI_ERROR_INVALID, "Object" },
  { "unknown-definition-property",        AWARENESS_XAPI_ERROR_INVALID, "object.definition.foo" },
  { "unknown-actor-property",             AWARENESS_XAPI_ERROR_INVALID, "actor.Mbox" },
  { "null-value",                         AWARENESS_XAPI_ERROR_INVALID, "actor.name" },
  { "null-result",                        AWARENESS_XAPI_ERROR_INVALID, "result" },
  { "string-for-boolean",                 AWARENESS_XAPI_ERROR_INVALID, "result.success" },
  { "string-for-number",                  AWARENESS_XAPI_ERROR_INVALID, "result.score.raw" },
  { "id-not-uuid",                        AWARENESS_XAPI_ERROR_INVALID, "id" },
  { "registration-not-uuid",              AWARENESS_XAPI_ERROR_INVALID, "context.registration" },
  { "statementref-not-uuid",              AWARENESS_XAPI_ERROR_INVALID, "object.id" },
  { "verb-id-not-iri",                    AWARENESS_XAPI_ERROR_INVALID, "verb.id" },
  { "verb-id-empty",                      AWARENESS_XAPI_ERROR_INVALID, "verb.id" },
  { "activity-id-relative",               AWARENESS_XAPI_ERROR_INVALID, "object.id" },
  { "activity-id-space",                  AWARENESS_XAPI_ERROR_INVALID, "object.id" },
  { "activity-type-not-iri",              AWARENESS_XAPI_ERROR_INVALID, "object.definition.type" },
  { "moreinfo-not-irl",                   AWARENESS_XAPI_ERROR_INVALID,
    "object.definition.moreInfo" },
  { "openid-not-uri",                     AWARENESS_XAPI_ERROR_INVALID, "actor.openid" },
  { "language-map-bad-tag",               AWARENESS_XAPI_ERROR_INVALID, "verb.display" },
  { "language-map-underscore",            AWARENESS_XAPI_ERROR_INVALID, "object.definition.name" },
  { "language-map-not-string",            AWARENESS_XAPI_ERROR_INVALID, "verb.display.en-US" },
  { "language-map-not-object",            AWARENESS_XAPI_ERROR_INVALID, "verb.display" },
  { "context-language-bad",               AWARENESS_XAPI_ERROR_INVALID, "context.language" },
  { "timestamp-not-iso",                  AWARENESS_XAPI_ERROR_INVALID, "timestamp" },
  { "timestamp-negative-zero",            AWARENESS_XAPI_ERROR_INVALID, "timestamp" },
  { "timestamp-date-only",                AWARENESS_XAPI_ERROR_INVALID, "timestamp" },
  { "timestamp-bad-day",                  AWARENESS_XAPI_ERROR_INVALID, "timestamp" },
  { "stored-bad",                         AWARENESS_XAPI_ERROR_INVALID, "stored" },
  { "substatement-timestamp-bad",         AWARENESS_XAPI_ERROR_INVALID, "object.timestamp" },
  { "duration-bad",                       AWARENESS_XAPI_ERROR_INVALID, "result.duration" },
  { "duration-weeks-combined",            AWARENESS_XAPI_ERROR_INVALID, "result.duration" },
  { "duration-number",                    AWARENESS_XAPI_ERROR_INVALID, "result.duration" },
  { "agent-no-ifi",                       AWARENESS_XAPI_ERROR_INVALID, "actor" },
  { "agent-two-ifis",                     AWARENESS_XAPI_ERROR_INVALID, "actor" },
  { "mbox-not-mailto",                    AWARENESS_XAPI_ERROR_INVALID, "actor.mbox" },
  { "mbox-no-address",                    AWARENESS_XAPI_ERROR_INVALID, "actor.mbox" },
  { "mbox-sha1sum-short",                 AWARENESS_XAPI_ERROR_INVALID, "actor.mbox_sha1sum" },
  { "account-no-homepage",                AWARENESS_XAPI_ERROR_INVALID, "actor.account.homePage" },
  { "account-no-name",                    AWARENESS_XAPI_ERROR_INVALID, "actor.account.name" },
  { "account-homepage-not-irl",           AWARENESS_XAPI_ERROR_INVALID, "actor.account.homePage" },
  { "anonymous-group-no-member",          AWARENESS_XAPI_ERROR_INVALID, "actor.member" },
  { "anonymous-group-empty",              AWARENESS_XAPI_ERROR_INVALID, "actor.member" },
  { "group-two-ifis",                     AWARENESS_XAPI_ERROR_INVALID, "actor" },
  { "group-in-group",                     AWARENESS_XAPI_ERROR_INVALID,
    "actor.member[0].objectType" },
  { "group-member-no-ifi",                AWARENESS_XAPI_ERROR_INVALID, "actor.member[1]" },
  { "actor-object-type",                  AWARENESS_XAPI_ERROR_INVALID, "actor.objectType" },
  { "object-type-case",                   AWARENESS_XAPI_ERROR_INVALID, "object.objectType" },
  { "object-agent-no-object-type",        AWARENESS_XAPI_ERROR_INVALID, "object.objectType" },
  { "activity-no-id",                     AWARENESS_XAPI_ERROR_INVALID, "object.id" },
  { "substatement-id",                    AWARENESS_XAPI_ERROR_INVALID, "object.id" },
  { "substatement-authority",             AWARENESS_XAPI_ERROR_INVALID, "object.authority" },
  { "substatement-nested",                AWARENESS_XAPI_ERROR_INVALID,
    "object.object.objectType" },
  { "substatement-no-verb",               AWARENESS_XAPI_ERROR_INVALID, "object.verb" },
  { "voiding-activity",                   AWARENESS_XAPI_ERROR_INVALID, "object.objectType" },
  { "score-scaled-above-one",             AWARENESS_XAPI_ERROR_INVALID, "result.score.scaled" },
  { "score-raw-above-max",                AWARENESS_XAPI_ERROR_INVALID, "result.score.raw" },
  { "score-raw-below-min",                AWARENESS_XAPI_ERROR_INVALID, "result.score.raw" },
  { "score-min-not-below-max",            AWARENESS_XAPI_ERROR_INVALID, "result.score.min" },
  { "revision-object-agent",              AWARENESS_XAPI_ERROR_INVALID, "context.revision" },
  { "platform-object-statementref",       AWARENESS_XAPI_ERROR_INVALID, "context.platform" },
  { "context-activities-bad-key",         AWARENESS_XAPI_ERROR_INVALID,
    "context.contextActivities.parents" },
  { "context-activities-string",          AWARENESS_XAPI_ERROR_INVALID,
    "context.contextActivities.parent" },
  { "context-activities-agent",           AWARENESS_XAPI_ERROR_INVALID,
    "context.contextActivities.other[1].objectType" },
  { "context-team-agent",                 AWARENESS_XAPI_ERROR_INVALID, "context.team.objectType" },
  { "context-statement-not-ref",          AWARENESS_XAPI_ERROR_INVALID,
    "context.statement.objectType" },
  { "interaction-type-unknown",           AWARENESS_XAPI_ERROR_INVALID,
    "object.definition.interactionType" },
  { "interaction-components-wrong-list",  AWARENESS_XAPI_ERROR_INVALID, "object.definition.scale" },
  { "interaction-components-true-false",  AWARENESS_XAPI_ERROR_INVALID,
    "object.definition.choices" },
  { "interaction-components-no-type",     AWARENESS_XAPI_ERROR_INVALID,
    "object.definition.choices" },
  { "interaction-pattern-no-type",        AWARENESS_XAPI_ERROR_INVALID,
    "object.definition.correctResponsesPattern" },
  { "interaction-pattern-not-strings",    AWARENESS_XAPI_ERROR_INVALID,
    "object.definition.correctResponsesPattern[0]" },
  { "interaction-pattern-string",         AWARENESS_XAPI_ERROR_INVALID,
    "object.definition.correctResponsesPattern" },
  { "interaction-component-duplicate",    AWARENESS_XAPI_ERROR_INVALID,
    "object.definition.choices[1].id" },
  { "interaction-component-no-id",        AWARENESS_XAPI_ERROR_INVALID,
    "object.definition.scale[0].id" },
  { "attachments-not-array",              AWARENESS_XAPI_ERROR_INVALID, "attachments" },
  { "attachment-usage-type-not-iri",      AWARENESS_XAPI_ERROR_INVALID,
    "attachments[0].usageType" },
  { "attachment-no-display",              AWARENESS_XAPI_ERROR_INVALID, "attachments[0].display" },
  { "attachment-content-type-not-string", AWARENESS_XAPI_ERROR_INVALID,
    "attachments[0].contentType" },
  { "attachment-content-type-bad",        AWARENESS_XAPI_ERROR_INVALID,
    "attachments[0].contentType" },
  { "attachment-length-string",           AWARENESS_XAPI_ERROR_INVALID, "attachments[0].length" },
  { "attachment-length-fraction",         AWARENESS_XAPI_ERROR_INVALID, "attachments[0].length" },
  { "attachment-no-sha2",                 AWARENESS_XAPI_ERROR_INVALID, "attachments[0].sha2" },
  { "attachment-sha2-not-hex",            AWARENESS_XAPI_ERROR_INVALID, "attachments[0].sha2" },
  { "attachment-file-url-relative",       AWARENESS_XAPI_ERROR_INVALID, "attachments[0].fileUrl" },
  { "attachment-signature-content-type",  AWARENESS_XAPI_ERROR_INVALID,
    "attachments[0].contentType" },
  { "extension-key-not-iri",              AWARENESS_XAPI_ERROR_INVALID, "context.extensions" },
  { "authority-group-three",              AWARENESS_XAPI_ERROR_INVALID, "authority" },
  { "authority-agent-bad-mbox",           AWARENESS_XAPI_ERROR_INVALID, "authority.mbox" },
  { "version-1-1",                        AWARENESS_XAPI_ERROR_VERSION, "version" },
  { "version-0-9",                        AWARENESS_XAPI_ERROR_VERSION, "version" },
  { "version-number",                     AWARENESS_XAPI_ERROR_VERSION, "version" },
};

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonNode *
load_fixture (const char *kind,
              const char *name)
{
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "xapi", kind, file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

/* A copy that shares nothing: json_node_copy() shares objects. */
static JsonNode *
deep_copy (JsonNode *node)
{
  g_autofree char *json = json_to_string (node, FALSE);

  return parse (json);
}

/* The object at a dotted path of members, as in "context.contextActivities". */
static JsonObject *
object_at (JsonNode   *root,
           const char *path)
{
  g_auto(GStrv) names = g_strsplit (path, ".", -1);
  JsonObject *object = json_node_get_object (root);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_assert_true (json_object_has_member (object, names[i]));
      object = json_object_get_object_member (object, names[i]);
    }
  return object;
}

/* The part of an error message before the first ": ". */
static char *
message_path (const char *message)
{
  const char *colon = strstr (message, ": ");

  g_assert_nonnull (colon);
  g_assert_cmpstr (colon + 2, !=, "");
  return g_strndup (message, colon - message);
}

static void
test_valid_fixture (gconstpointer data)
{
  const char *name = data;
  g_autoptr(JsonNode) statement = load_fixture ("valid", name);
  g_autoptr(GError) error = NULL;
  gboolean valid;

  /* The error first, so that a failure shows its message. */
  valid = awareness_xapi_validate_statement (statement, AWARENESS_XAPI_VALIDATE_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (valid);
  valid = awareness_xapi_validate_statement (statement,
                                             AWARENESS_XAPI_VALIDATE_ALLOW_LRS_PROPERTIES, &error);
  g_assert_no_error (error);
  g_assert_true (valid);
  g_assert_true (awareness_xapi_statements_equivalent (statement, statement));
}

static void
test_invalid_fixture (gconstpointer data)
{
  const InvalidFixture *fixture = data;
  g_autoptr(JsonNode) statement = load_fixture ("invalid", fixture->name);
  AwarenessXapiValidateFlags flags[] = {
    AWARENESS_XAPI_VALIDATE_NONE,
    AWARENESS_XAPI_VALIDATE_ALLOW_LRS_PROPERTIES,
  };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;

      g_assert_false (awareness_xapi_validate_statement (statement, flags[i], &error));
      g_assert_error (error, AWARENESS_XAPI_ERROR, (gint) fixture->code);
      g_test_message ("%s", error->message);
      path = message_path (error->message);
      g_assert_cmpstr (path, ==, fixture->path);
    }
}

/* Every fixture on disk is in a table, so none is silently skipped. */
static void
test_fixtures_listed (void)
{
  static const char * const kinds[] = { "valid", "invalid" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "xapi", kinds[k], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      const char *file;
      guint n = 0;

      g_assert_no_error (error);
      while ((file = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *name = g_strndup (file, strlen (file) - strlen (".json"));
          gboolean listed = FALSE;

          g_assert_true (g_str_has_suffix (file, ".json"));
          if (k == 0)
            listed = g_strv_contains (valid_fixtures, name);
          else
            for (guint i = 0; i < G_N_ELEMENTS (invalid_fixtures) && !listed; i++)
              listed = strcmp (invalid_fixtures[i].name, name) == 0;
          g_test_message ("%s/%s", kinds[k], file);
          g_assert_true (listed);
          n++;
        }
      g_assert_cmpuint (n, ==,
                        k == 0 ? G_N_ELEMENTS (valid_fixtures) - 1
                               : G_N_ELEMENTS (invalid_fixtures));
    }
}

/* The messages of the examples we promise, word for word. */
static void
test_messages (void)
{
  static const struct {
    const char *json;
    const char *message;
  } cases[] = {
    { "{\"actor\": {\"mbox\": \"tanaka@example\"}, \"verb\": {\"id\": \"http://example.com/v\"},"
      " \"object\": {\"id\": \"http://example.com/a\"}}",
      "actor.mbox: “tanaka@example” is not a mailto IRI" },
    { "{\"actor\": {\"mbox\": \"mailto:a@example.com\"}, \"verb\": {\"id\": "
      "\"http://example.com/v\"},"
      " \"object\": {\"id\": \"http://example.com/a\"},"
      " \"result\": {\"score\": {\"scaled\": 1.5}}}",
      "result.score.scaled: 1.5 is outside -1 to 1" },
    { "{\"actor\": {\"mbox\": \"mailto:a@example.com\"}, \"verb\": {\"id\": "
      "\"http://example.com/v\"},"
      " \"object\": {\"id\": \"http://example.com/a\"}, \"context\": {\"registration\": \"abc\"}}",
      "context.registration: “abc” is not a UUID" },
    { "{\"actor\": {\"mbox\": \"mailto:a@example.com\"}, \"object\": {\"id\": "
      "\"http://example.com/a\"}}",
      "verb: missing" },
    { "{\"actor\": {\"mbox\": \"mailto:a@example.com\"}, \"verb\": {\"id\": "
      "\"http://example.com/v\"},"
      " \"object\": {\"id\": \"http://example.com/a\", \"definition\": {\"foo\": 1}}}",
      "object.definition.foo: unknown property" },
    { "[]", "statement: expected an object, got an array" },
    { "{\"actor\": {\"mbox\": \"mailto:a@example.com\"}, \"verb\": {\"id\": "
      "\"http://example.com/v\"},"
      " \"object\": {\"id\": \"http://example.com/a\"}, \"version\": \"1.1.0\"}",
      "version: “1.1.0” is not a 1.0.x version" },
    { "{\"actor\": {\"mbox\": \"mailto:a@example.com\"}, \"verb\": {\"id\": "
      "\"http://example.com/v\"},"
      " \"object\": {\"id\": \"http://example.com/a\"}, \"timestamp\": "
      "\"2026-04-01T09:00:00-00:00\"}",
      "timestamp: “2026-04-01T09:00:00-00:00” has a negative zero offset, which ISO 8601 does "
      "not allow; use Z or +00:00" },
    { "{\"actor\": {\"mbox\": \"mailto:a@example.com\"}, \"verb\": {\"id\": "
      "\"http://example.com/v\"},"
      " \"object\": {\"id\": \"http://example.com/a\\n\"}}",
      "object.id: “http://example.com/a\\u000A” is not an absolute IRI" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) statement = parse (cases[i].json);
      g_autoptr(GError) error = NULL;

      g_assert_false (
        awareness_xapi_validate_statement (statement, AWARENESS_XAPI_VALIDATE_NONE, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* Long values are shortened in messages. */
static void
test_message_length (void)
{
  g_autofree char *id = g_strnfill (10000, 'x');
  g_autofree char *json =
    g_strdup_printf ("{\"id\": \"%s\", \"actor\": {\"mbox\": \"mailto:a@example.com\"},"
                     " \"verb\": {\"id\": \"http://example.com/v\"},"
                     " \"object\": {\"id\": \"http://example.com/a\"}}",
                     id);
  g_autoptr(JsonNode) statement = parse (json);
  g_autoptr(GError) error = NULL;

  g_assert_false (
    awareness_xapi_validate_statement (statement, AWARENESS_XAPI_VALIDATE_NONE, &error));
  g_assert_error (error, AWARENESS_XAPI_ERROR, AWARENESS_XAPI_ERROR_INVALID);
  g_assert_cmpuint (strlen (error->message), <, 200);
}

static void
test_version (void)
{
  static const struct {
    const char *version;
    gboolean    valid;
  } cases[] = {
    { "1.0.0", TRUE },
    { "1.0.3", TRUE },
    { "1.0.9", TRUE },
    { "1.0.12", TRUE },
    { "1.0", TRUE },
    { "1.0.0-rc1", TRUE },
    { "1.1.0", FALSE },
    { "0.9.5", FALSE },
    { "2.0.0", FALSE },
    { "1.0.", FALSE },
    { "1.0.x", FALSE },
    { "1.0.01", FALSE },
    { "1.0.0-", FALSE },
    { "1.0.0+build", FALSE },
    { "1.00", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) statement = load_fixture ("valid", "minimal");
      g_autoptr(GError) error = NULL;

      json_object_set_string_member (json_node_get_object (statement), "version", cases[i].version);
      g_test_message ("version “%s”", cases[i].version);
      g_assert_cmpint (awareness_xapi_validate_statement (statement, AWARENESS_XAPI_VALIDATE_NONE,
                                                          &error),
                       ==, cases[i].valid);
      if (cases[i].valid)
        g_assert_no_error (error);
      else
        g_assert_error (error, AWARENESS_XAPI_ERROR, AWARENESS_XAPI_ERROR_VERSION);
    }
}

/* Clients may send stored and authority (Data 2.4.8, 2.4.9); a
 * SubStatement may not. */
static void
test_lrs_properties (void)
{
  g_autoptr(JsonNode) statement = load_fixture ("valid", "lrs-properties");
  g_autoptr(JsonNode) substatement = load_fixture ("valid", "substatement");
  JsonObject *inner = object_at (substatement, "object");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_true (
    awareness_xapi_validate_statement (statement, AWARENESS_XAPI_VALIDATE_NONE, &error));
  g_assert_no_error (error);

  json_object_set_string_member (inner, "stored", "2026-04-01T09:30:01.456Z");
  g_assert_false (awareness_xapi_validate_statement (substatement,
                                                     AWARENESS_XAPI_VALIDATE_ALLOW_LRS_PROPERTIES,
                                                     &error));
  g_assert_error (error, AWARENESS_XAPI_ERROR, AWARENESS_XAPI_ERROR_INVALID);
  path = message_path (error->message);
  g_assert_cmpstr (path, ==, "object.stored");
  g_clear_error (&error);
  g_clear_pointer (&path, g_free);

  json_object_remove_member (inner, "stored");
  json_object_set_string_member (inner, "version", "1.0.0");
  g_assert_false (
    awareness_xapi_validate_statement (substatement, AWARENESS_XAPI_VALIDATE_NONE, &error));
  g_assert_error (error, AWARENESS_XAPI_ERROR, AWARENESS_XAPI_ERROR_INVALID);
  path = message_path (error->message);
  g_assert_cmpstr (path, ==, "object.version");
}

static void
test_language_tag (void)
{
  static const char * const valid[] = {
    "en", "en-US", "ja-JP", "ja", "tlh", "und", "EN-us", "es-419", "zh-Hant-TW", "zh-yue-HK",
    "sr-Latn-RS", "sl-rozaj-biske", "de-CH-1901", "hy-Latn-IT-arevela", "en-US-x-twain",
    "en-a-bbb-x-a-ccc", "x-whatever", "qaa-Qaaa-QM-x-southern", "i-klingon", "zh-min-nan",
    "de-DE-u-co-phonebk", "abcdefgh",
  };
  static const char * const invalid[] = {
    "", "a12345", "en_US", "e", "en-", "-en", "en--US", "abcdefghi", "en-US-a", "x", "en-x",
    "123", "en-a-b", "ja JP", "ja-JP-", "en-abcd-US-ab", "de-419-DE", "a-DE", "ja-日本",
    "en-US-abcdefghi", "xx-123456789",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_test_message ("“%s”", valid[i]);
      g_assert_true (awareness_xapi_validate_language_tag (valid[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("“%s”", invalid[i]);
      g_assert_false (awareness_xapi_validate_language_tag (invalid[i]));
    }
}

static void
test_iri (void)
{
  static const char * const valid[] = {
    "http://example.com", "https://例え.jp/パス", "urn:uuid:9e13cefd-53d3-4eac-b5ed-2cf6693903bb",
    "mailto:a@example.com", "tag:example.com,2026:x", "http://example.com/a%20b?q=1#frag",
    "http://adlnet.gov/expapi/verbs/voided", "http://example.com/xapi/verbs#defenestrated",
    "http://example.com/فعل/خواندن", "x-custom+scheme.1:anything",
  };
  static const char * const invalid[] = {
    "", "example.com", "/relative", "#fragment", "http://exa mple.com", "http://example.com/\n",
    "http:", "1http://example.com", "http://example.com/%zz", "http://example.com/%2",
    "http://example.com/<a>", "http://a#b#c", "http://example.com/\"q\"", ":nothing",
    "http://example.com/a\\b", "http://example.com/\x7f", "http://example.com/\xc2\x85",
    "http://example.com/\xe2\x80\xae", "http://example.com/\xff", "C:\\Windows",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_test_message ("“%s”", valid[i]);
      g_assert_true (awareness_xapi_validate_iri (valid[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("invalid %u", i);
      g_assert_false (awareness_xapi_validate_iri (invalid[i]));
    }
}

static void
test_timestamp (void)
{
  static const char * const valid[] = {
    "2026-04-01T09:30:00.000Z", "2015-11-18T12:17:00+00:00", "2013-05-18T05:32:34.804+00:00",
    "2026-04-01T18:30:00+09:00", "2026-04-01T09:30:00Z", "2026-04-01T09:30Z", "2026-04-01T09Z",
    "20260401T093000Z", "20260401T0930", "2026-04-01T09:30:00", "2026-04-01t09:30:00z",
    "2026-091T09:30:00Z", "2026091T093000Z", "2026-W14-3T09:30:00Z", "2026W143T093000Z",
    "2026-W53-1T00:00:00Z", "2024-366T00:00:00Z", "2024-02-29T00:00:00Z", "2026-04-01T24:00:00Z",
    "2016-12-31T23:59:60Z", "2026-04-01T09:30:00,5+09", "2026-04-01T09:30:00.123456789-05:00",
    "2026-04-01T09:30:00.000+0900", "2026-04-01T09:30:00-03:30", "2026-04-01T09:30.5Z",
    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2000-02-29T12:00:00Z",
  };
  static const char * const invalid[] = {
    "",
    "2026-04-01",
    "2026-04-01T",
    "01/011/2015",
    "should fail",
    "2008-09-15T15:53:00.601-00:00",
    "2008-09-15T15:53:00.601-0000",
    "2008-09-15T15:53:00.601-00",
    "2026-13-01T00:00:00Z",
    "2026-00-10T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-04-00T00:00:00Z",
    "2026-04-01T25:00:00Z",
    "2026-04-01T24:00:01Z",
    "2026-04-01T09:60:00Z",
    "2026-04-01T09:30:61Z",
    "2026-04-01 09:30:00Z",
    "2026-04-01T09:30:00ZZ",
    "2026-04-01T093000Z",
    "20260401T09:30:00Z",
    "2026-04-01T09:30:00.Z",
    "2026-04-01T09:30:00+24:00",
    "2026-04-01T09:30:00+09:60",
    "2026-04-01T09:30:00+9:00",
    "2026-04-01T09:30:00+09:0",
    "2025-W53-1T00:00:00Z",
    "2026-W00-1T00:00:00Z",
    "2026-W14-8T00:00:00Z",
    "2026-366T00:00:00Z",
    "2026-000T00:00:00Z",
    "+2026-04-01T09:30:00Z",
    "26-04-01T09:30:00Z",
    "2026-4-1T09:30:00Z",
    "2026-04-01T9:30:00Z",
    "2026-04-01T09:30:00 Z",
    "2026-04-01T09:30:00Z ",
    "2026-04T09:30:00Z",
    "2026-04-01T09:30:00+09:00:00",
    "T09:30:00Z",
    "2026-04-01T09:30:00.5.5Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_test_message ("“%s”", valid[i]);
      g_assert_true (awareness_xapi_validate_timestamp (valid[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("“%s”", invalid[i]);
      g_assert_false (awareness_xapi_validate_timestamp (invalid[i]));
    }
}

static void
test_duration (void)
{
  static const char * const valid[] = {
    "PT4H35M59.14S", "PT16559.14S", "P3Y1M29DT4H35M59.14S", "P3Y", "P4W", "PT1H0M0.1S", "PT0.05S",
    "P1D", "PT1M", "P1M", "P0.5Y", "PT1,5S", "P1DT1H", "P1Y2M", "PT0S", "P0D", "PT1H30M",
  };
  static const char * const invalid[] = {
    "", "P", "PT", "PA1H0M0S", "P4W1D", "P1Y4W", "PT4W", "P0003-01-29T04:35:59", "-P1D", "P1D1Y",
    "PT1S1M", "P1.5DT1H", "PT1.5H30M", "1H", "p1d", "PT1.S", "P1DT", "PT.5S", "P1H", "PT1D",
    "P1Y1Y", "PTT1H", "P 1D", "PT1S ", "P4.5W1D", "should fail",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_test_message ("“%s”", valid[i]);
      g_assert_true (awareness_xapi_validate_duration (valid[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("“%s”", invalid[i]);
      g_assert_false (awareness_xapi_validate_duration (invalid[i]));
    }
}

typedef void (*Mutation) (JsonNode *statement);

static void
set_lrs_properties (JsonNode *s)
{
  JsonObject *o = json_node_get_object (s);
  g_autoptr(JsonNode) authority = parse (
    "{\"objectType\": \"Agent\", \"mbox\": \"mailto:lrs@example.com\"}");

  json_object_set_string_member (o, "stored", "2026-04-02T00:00:00.000Z");
  json_object_set_member (o, "authority", g_steal_pointer (&authority));
  json_object_set_string_member (o, "version", "1.0.3");
}

static void
remove_id (JsonNode *s)
{
  json_object_remove_member (json_node_get_object (s), "id");
}

static void
remove_timestamp (JsonNode *s)
{
  json_object_remove_member (json_node_get_object (s), "timestamp");
}

static void
remove_attachments (JsonNode *s)
{
  json_object_remove_member (json_node_get_object (s), "attachments");
}

static void
uppercase_id (JsonNode *s)
{
  json_object_set_string_member (json_node_get_object (s), "id",
                                 "6690E6C9-3EF0-4ED3-8B37-7F3964730BEE");
}

static void
timestamp_in_utc (JsonNode *s)
{
  json_object_set_string_member (json_node_get_object (s), "timestamp", "2026-04-01T09:30:00.123Z");
}

static void
timestamp_finer (JsonNode *s)
{
  json_object_set_string_member (json_node_get_object (s), "timestamp",
                                 "2026-04-01t09:30:00.1234z");
}

static void
timestamp_rounded (JsonNode *s)
{
  /* From 09:30:00.1235Z, which the store may keep as .124. */
  json_object_set_string_member (json_node_get_object (s), "timestamp",
                                 "2026-04-01T09:30:00.1235Z");
}

static void
timestamp_later (JsonNode *s)
{
  json_object_set_string_member (json_node_get_object (s), "timestamp", "2026-04-01T09:30:00.125Z");
}

static void
verb_display (JsonNode *s)
{
  json_object_set_string_member (object_at (s, "verb.display"), "en-US", "finished");
}

static void
verb_id (JsonNode *s)
{
  json_object_set_string_member (object_at (s, "verb"), "id",
                                 "http://adlnet.gov/expapi/verbs/passed");
}

static void
activity_definition (JsonNode *s)
{
  JsonArray *category = json_object_get_array_member (object_at (s, "context.contextActivities"),
                                                      "category");

  json_object_remove_member (object_at (s, "object"), "definition");
  json_object_set_string_member (object_at (s, "object"), "definition", "anything");
  json_object_remove_member (json_array_get_object_element (category, 0), "definition");
}

static void
activity_id (JsonNode *s)
{
  json_object_set_string_member (object_at (s, "object"), "id",
                                 "https://awareness.example/activities/test/other");
}

static void
activity_object_type_left_out (JsonNode *s)
{
  json_object_remove_member (object_at (s, "object"), "objectType");
}

static void
grouping_as_array (JsonNode *s)
{
  JsonObject *activities = object_at (s, "context.contextActivities");
  g_autoptr(JsonNode) array = parse ("[{\"id\": \"https://awareness.example/activities/programme\","
                                     " \"objectType\": \"Activity\"}]");

  json_object_set_member (activities, "grouping", g_steal_pointer (&array));
}

static void
parent_reordered (JsonNode *s)
{
  JsonObject *activities = object_at (s, "context.contextActivities");
  g_autoptr(JsonNode) array = parse (
    "[{\"id\": \"https://awareness.example/activities/course\"},"
    " {\"id\": \"https://awareness.example/activities/course2\"}]");

  json_object_set_member (activities, "parent", g_steal_pointer (&array));
}

static void
mbox_domain_case (JsonNode *s)
{
  json_object_set_string_member (object_at (s, "context.instructor"), "mbox_sha1sum",
                                 "EBD31E95054C018B10727CCFFD2EF2EC3A016EE9");
  json_object_set_string_member (object_at (s, "context"), "registration",
                                 "EC531277-B57B-4C15-8D91-D292C5B2B8F7");
  json_object_set_string_member (object_at (s, "context"), "language", "ja-jp");
}

static void
registration_other (JsonNode *s)
{
  json_object_set_string_member (object_at (s, "context"), "registration",
                                 "ec531277-b57b-4c15-8d91-d292c5b2b8f8");
}

static void
duration_finer (JsonNode *s)
{
  json_object_set_string_member (object_at (s, "result"), "duration", "PT3M12.5049S");
}

static void
duration_other (JsonNode *s)
{
  json_object_set_string_member (object_at (s, "result"), "duration", "PT3M12.51S");
}

static void
duration_in_seconds (JsonNode *s)
{
  json_object_set_string_member (object_at (s, "result"), "duration", "PT192.5S");
}

static void
score_as_double (JsonNode *s)
{
  json_object_set_double_member (object_at (s, "result.score"), "raw", 1.0);
}

static void
score_other (JsonNode *s)
{
  json_object_set_int_member (object_at (s, "result.score"), "raw", 2);
}

static void
success_other (JsonNode *s)
{
  json_object_set_boolean_member (object_at (s, "result"), "success", FALSE);
}

static void
extension_other (JsonNode *s)
{
  json_object_set_string_member (object_at (s, "context.extensions"),
                                 "https://awareness.example/xapi/extensions/policy-version", "2");
}

static void
actor_name (JsonNode *s)
{
  json_object_set_string_member (object_at (s, "actor"), "name", "Tanaka");
}

static void
team_object_type (JsonNode *s)
{
  json_object_remove_member (object_at (s, "context.team"), "objectType");
}

typedef struct
{
  const char *name;
  Mutation    mutate;
  gboolean    equivalent;
} EquivalenceCase;

static const EquivalenceCase equivalence_cases[] = {
  { "lrs-properties",         set_lrs_properties,            TRUE },
  { "no-id",                  remove_id,                     TRUE },
  { "no-timestamp",           remove_timestamp,              TRUE },
  { "no-attachments",         remove_attachments,            TRUE },
  { "id-case",                uppercase_id,                  TRUE },
  { "timestamp-utc",          timestamp_in_utc,              TRUE },
  { "timestamp-finer",        timestamp_finer,               TRUE },
  { "timestamp-rounded",      timestamp_rounded,             TRUE },
  { "timestamp-later",        timestamp_later,               FALSE },
  { "verb-display",           verb_display,                  TRUE },
  { "verb-id",                verb_id,                       FALSE },
  { "activity-definition",    activity_definition,           TRUE },
  { "activity-id",            activity_id,                   FALSE },
  { "activity-type-default",  activity_object_type_left_out, TRUE },
  { "grouping-as-array",      grouping_as_array,             TRUE },
  { "parent-other",           parent_reordered,              FALSE },
  { "case-insensitive",       mbox_domain_case,              TRUE },
  { "registration-other",     registration_other,            FALSE },
  { "duration-finer",         duration_finer,                TRUE },
  { "duration-other",         duration_other,                FALSE },
  { "duration-in-seconds",    duration_in_seconds,           FALSE },
  { "score-notation",         score_as_double,               TRUE },
  { "score-other",            score_other,                   FALSE },
  { "success-other",          success_other,                 FALSE },
  { "extension-other",        extension_other,               FALSE },
  { "actor-name",             actor_name,                    FALSE },
  { "team-type-left-out",     team_object_type,              FALSE },
};

static void
test_equivalent (gconstpointer data)
{
  const EquivalenceCase *c = data;
  g_autoptr(JsonNode) original = load_fixture ("valid", "full");
  g_autoptr(JsonNode) changed = deep_copy (original);

  c->mutate (changed);
  g_assert_cmpint (awareness_xapi_statements_equivalent (original, changed), ==, c->equivalent);
  g_assert_cmpint (awareness_xapi_statements_equivalent (changed, original), ==, c->equivalent);
}

static void
test_equivalent_groups (void)
{
  g_autoptr(JsonNode) original = load_fixture ("valid", "group-actor");
  g_autoptr(JsonNode) reordered = parse (
    "{\"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/attended\"},"
    " \"object\": {\"objectType\": \"Activity\", \"id\": "
    "\"http://www.example.com/meetings/occurances/34534\"},"
    " \"actor\": {\"objectType\": \"Group\", \"name\": \"Team PB\", \"mbox\": "
    "\"mailto:teampb@EXAMPLE.COM\","
    "  \"member\": ["
    "   {\"name\": \"Ena Hills\", \"mbox_sha1sum\": \"ebd31e95054c018b10727ccffd2ef2ec3a016ee9\", "
    "\"objectType\": \"Agent\"},"
    "   {\"name\": \"Toby Nichols\", \"openid\": \"http://toby.openid.example.org/\"},"
    "   {\"objectType\": \"Agent\", \"account\": {\"name\": \"13936749\", \"homePage\": "
    "\"http://www.example.com\"},"
    "    \"name\": \"Andrew Downes\"}]}}");
  g_autoptr(JsonNode) fewer = deep_copy (original);
  g_autoptr(JsonNode) local_case = deep_copy (original);

  g_assert_true (awareness_xapi_statements_equivalent (original, reordered));
  g_assert_true (awareness_xapi_statements_equivalent (reordered, original));

  json_array_remove_element (json_object_get_array_member (object_at (fewer, "actor"), "member"),
                             0);
  g_assert_false (awareness_xapi_statements_equivalent (original, fewer));
  g_assert_false (awareness_xapi_statements_equivalent (fewer, original));

  json_object_set_string_member (object_at (local_case, "actor"), "mbox",
                                 "mailto:TeamPB@example.com");
  g_assert_false (awareness_xapi_statements_equivalent (original, local_case));
}

static void
test_equivalent_substatement (void)
{
  g_autoptr(JsonNode) original = load_fixture ("valid", "substatement");
  g_autoptr(JsonNode) no_timestamp = deep_copy (original);
  g_autoptr(JsonNode) other_zone = deep_copy (original);
  g_autoptr(JsonNode) other_verb = deep_copy (original);

  json_object_remove_member (object_at (no_timestamp, "object"), "timestamp");
  g_assert_false (awareness_xapi_statements_equivalent (original, no_timestamp));

  json_object_set_string_member (object_at (other_zone, "object"), "timestamp",
                                 "2099-01-01T09:00:00+09:00");
  g_assert_true (awareness_xapi_statements_equivalent (original, other_zone));

  json_object_set_string_member (object_at (other_verb, "object.verb"), "id",
                                 "http://example.com/skipped");
  g_assert_false (awareness_xapi_statements_equivalent (original, other_verb));

  {
    g_autoptr(JsonNode) activity = load_fixture ("valid", "minimal");
    g_autoptr(JsonNode) statement_ref = load_fixture ("valid", "voiding");

    g_assert_false (awareness_xapi_statements_equivalent (original, activity));
    g_assert_false (awareness_xapi_statements_equivalent (statement_ref, original));
  }
}

/* As the store sends it, answered: every choice right or only a wrong one. */
static void
answer_all (AwarenessAttempt *attempt,
            gboolean          right)
{
  for (guint i = 0; i < awareness_attempt_get_n_questions (attempt); i++)
    {
      AwarenessQuestion *question = awareness_attempt_get_question (attempt, i);
      GPtrArray *choices = awareness_question_get_choices (question);
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;

      for (guint c = 0; c < choices->len; c++)
        if (awareness_choice_get_correct (g_ptr_array_index (choices, c)) == right)
          {
            g_ptr_array_add (ids,
                             (gpointer) awareness_choice_get_id (g_ptr_array_index (choices, c)));
            if (!right)
              break;
          }
      g_ptr_array_add (ids, NULL);

      g_assert_true (awareness_attempt_answer (attempt, awareness_question_get_id (question),
                                               (const char * const *) ids->pdata, &error));
      g_assert_no_error (error);
    }
}

/* Everything awareness_xapi_build_attempt_statements() makes validates,
 * and is the same statement after a trip through JSON text. */
static void
test_attempt_statements (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "good", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog = awareness_catalog_new_for_directory (dir, NULL, &error);
  AwarenessModule *module;
  g_autoptr(GHashTable) interaction_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                    NULL);
  g_autoptr(GHashTable) verbs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  static const char * const langs[] = { "ja", "en" };

  g_assert_no_error (error);
  module = awareness_catalog_lookup_module (catalog, "basics");
  g_assert_nonnull (module);

  for (guint32 seed = 0; seed < 8; seed++)
    for (guint right = 0; right < 2; right++)
      for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
        {
          g_autoptr(AwarenessAttempt) attempt = awareness_attempt_new (module, seed, NULL);
          g_autoptr(GPtrArray) statements = NULL;

          answer_all (attempt, right);
          g_assert_true (awareness_attempt_finish (attempt, NULL, &error));
          g_assert_no_error (error);
          statements = awareness_xapi_build_attempt_statements (attempt, catalog,
                                                                "https://lrs.example/", "tanaka",
                                                                langs[l]);
          g_assert_cmpuint (statements->len, ==, awareness_attempt_get_n_questions (attempt) + 2);

          for (guint i = 0; i < statements->len; i++)
            {
              JsonNode *statement = g_ptr_array_index (statements, i);
              g_autoptr(JsonNode) reparsed = deep_copy (statement);
              JsonObject *definition;

              if (!awareness_xapi_validate_statement (statement, AWARENESS_XAPI_VALIDATE_NONE,
                                                      &error))
                {
                  g_autofree char *json = json_to_string (statement, TRUE);

                  g_test_message ("%s", json);
                }
              g_assert_no_error (error);
              g_assert_true (
                awareness_xapi_validate_statement (reparsed, AWARENESS_XAPI_VALIDATE_NONE, &error));
              g_assert_no_error (error);
              g_assert_true (awareness_xapi_statements_equivalent (statement, reparsed));

              g_hash_table_add (verbs,
                                g_strdup (
                                  json_object_get_string_member (object_at (statement, "verb"),
                                                                 "id")));
              definition = object_at (statement, "object.definition");
              if (json_object_has_member (definition, "interactionType"))
                g_hash_table_add (interaction_types,
                                  g_strdup (
                                    json_object_get_string_member (definition, "interactionType")));
            }
        }

  /* Every kind of statement and question came up. */
  g_assert_true (g_hash_table_contains (interaction_types, "choice"));
  g_assert_true (g_hash_table_contains (interaction_types, "true-false"));
  g_assert_true (g_hash_table_contains (verbs, AWARENESS_XAPI_VERB_ANSWERED));
  g_assert_true (g_hash_table_contains (verbs, AWARENESS_XAPI_VERB_COMPLETED));
  g_assert_true (g_hash_table_contains (verbs, AWARENESS_XAPI_VERB_PASSED));
  g_assert_true (g_hash_table_contains (verbs, AWARENESS_XAPI_VERB_FAILED));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; valid_fixtures[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("/awareness/xapi-validate/valid/", valid_fixtures[i],
                                           NULL);

      g_test_add_data_func (path, valid_fixtures[i], test_valid_fixture);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_fixtures); i++)
    {
      g_autofree char *path = g_strconcat ("/awareness/xapi-validate/invalid/",
                                           invalid_fixtures[i].name, NULL);

      g_test_add_data_func (path, &invalid_fixtures[i], test_invalid_fixture);
    }
  for (guint i = 0; i < G_N_ELEMENTS (equivalence_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/awareness/xapi-validate/equivalent/",
                                           equivalence_cases[i].name, NULL);

      g_test_add_data_func (path, &equivalence_cases[i], test_equivalent);
    }

  g_test_add_func ("/awareness/xapi-validate/fixtures-listed", test_fixtures_listed);
  g_test_add_func ("/awareness/xapi-validate/messages", test_messages);
  g_test_add_func ("/awareness/xapi-validate/message-length", test_message_length);
  g_test_add_func ("/awareness/xapi-validate/version", test_version);
  g_test_add_func ("/awareness/xapi-validate/lrs-properties", test_lrs_properties);
  g_test_add_func ("/awareness/xapi-validate/language-tag", test_language_tag);
  g_test_add_func ("/awareness/xapi-validate/iri", test_iri);
  g_test_add_func ("/awareness/xapi-validate/timestamp", test_timestamp);
  g_test_add_func ("/awareness/xapi-validate/duration", test_duration);
  g_test_add_func ("/awareness/xapi-validate/equivalent-groups", test_equivalent_groups);
  g_test_add_func ("/awareness/xapi-validate/equivalent-substatement",
                   test_equivalent_substatement);
  g_test_add_func ("/awareness/xapi-validate/attempt-statements", test_attempt_statements);

  return g_test_run ();
}
