/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Phishing-drill templates: the shipped ones load with the catalog, each
 * kind of bad template is refused with its file, line and column, and the
 * message composed for one recipient is a mail a relay and a mail program
 * read as intended.
 */
#include <string.h>

#include <glib/gstdio.h>

#include "awareness.h"

#define TOKEN "kq3VbQpX8mZr2YtW5nLc7HdJ0fGs9AeB"

typedef struct {
  const char           *file;
  AwarenessContentError code;
  guint                 line;
  guint                 column;
  const char           *message;
} Expected;

static const Expected bad_cases[] = {
  { "no-link.xml", AWARENESS_CONTENT_ERROR_DRILL, 10, 3,
    "The text body (ja) has no {link} placeholder" },
  { "markup-element.xml", AWARENESS_CONTENT_ERROR_DRILL, 12, 8,
    "Markup <b> in the text body" },
  { "markup-text.xml", AWARENESS_CONTENT_ERROR_DRILL, 10, 3,
    "The text body contains markup (“<a href=\"x\">" },
  { "unknown-clause.xml", AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE, 2, 1,
    "Clause “basic.99” does not exist in the policy" },
  { "missing-language.xml", AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION, 8, 3,
    "<subject> has no English translation" },
};

static AwarenessPolicy *
load_policy (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("AWARENESS_CONTENT_DIR"), "policy.xml",
                                            NULL);
  g_autoptr(GError) error = NULL;
  AwarenessPolicy *policy = awareness_policy_new_for_path (path, NULL, &error);

  g_assert_no_error (error);
  return policy;
}

/* The shipped catalog, loaded once for the cases that read it: a load
 * validates every file, which under the sanitizers takes seconds. */
static AwarenessCatalog *shipped;

static AwarenessCatalog *
shipped_catalog (void)
{
  g_autoptr(GError) error = NULL;

  if (shipped == NULL)
    shipped = awareness_catalog_new_for_directory (g_getenv ("AWARENESS_CONTENT_DIR"), NULL,
                                                   &error);
  g_assert_no_error (error);
  return shipped;
}

static AwarenessDrill *
shipped_drill (const char *id)
{
  AwarenessDrill *drill = awareness_catalog_lookup_drill (shipped_catalog (), id);

  g_assert_nonnull (drill);
  return drill;
}

static void
test_bad_template (gconstpointer data)
{
  const Expected *expected = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "drills",
                                                 expected->file, NULL);
  g_autoptr(AwarenessPolicy) policy = load_policy ();
  g_autoptr(GPtrArray) problems =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_problem_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessDrill) drill = NULL;
  g_autofree char *where = NULL;
  gboolean found = FALSE;

  drill = awareness_drill_new_for_path (path, policy, problems, &error);
  g_assert_null (drill);
  g_assert_error (error, AWARENESS_CONTENT_ERROR, (gint) expected->code);
  /* The error names the place: file:line:column. */
  where = g_strdup_printf ("%s:%u:%u:", path, expected->line, expected->column);
  g_assert_true (g_str_has_prefix (error->message, where));
  g_assert_nonnull (strstr (error->message, expected->message));

  for (guint i = 0; i < problems->len; i++)
    {
      AwarenessProblem *problem = g_ptr_array_index (problems, i);

      if (awareness_problem_get_code (problem) == expected->code &&
          awareness_problem_get_line (problem) == expected->line &&
          awareness_problem_get_column (problem) == expected->column)
        found = TRUE;
    }
  g_assert_true (found);

  /* The same file through `awareness validate`'s path. */
  {
    g_autoptr(GPtrArray) checked = awareness_content_check_path (path, policy);

    g_assert_cmpuint (checked->len, >, 0);
  }
}

static void
test_good_template (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "drills", "good.xml", NULL);
  g_autoptr(AwarenessPolicy) policy = load_policy ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessDrill) drill = awareness_drill_new_for_path (path, policy, NULL, &error);
  g_autofree char *body = NULL;
  g_auto(GStrv) next = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (awareness_drill_get_id (drill), ==, "t");
  g_assert_cmpstr (awareness_drill_get_subject (drill, "en"), ==, "A test subject");
  g_assert_cmpstr (awareness_drill_get_subject (drill, "ja"), ==, "件名のテスト");
  /* The body keeps its lines and loses the XML's indentation. */
  body = awareness_drill_dup_body (drill, "ja", "https://x.example/d/1");
  g_assert_cmpstr (body, ==, "本文です。\nhttps://x.example/d/1");
  next = awareness_drill_dup_next_time (drill, "en", AWARENESS_TEXT_FORMAT_PLAIN);
  g_assert_cmpuint (g_strv_length (next), ==, 1);
  g_assert_true (g_str_has_prefix (next[0], "Report it as the procedures say"));
  g_assert_cmpuint (awareness_drill_get_clauses (drill)->len, ==, 1);
  g_assert_finalize_object (g_steal_pointer (&drill));
}

static void
test_shipped (void)
{
  AwarenessCatalog *catalog = shipped_catalog ();
  GListModel *drills;
  static const char * const ids[] = {
    "delivery-notice", "list-request", "password-expiry", "contractor-invoice",
  };

  drills = awareness_catalog_get_drills (catalog);
  g_assert_cmpuint (g_list_model_get_n_items (drills), ==, G_N_ELEMENTS (ids));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      AwarenessDrill *drill = awareness_catalog_lookup_drill (catalog, ids[i]);
      const char * const langs[] = { "ja", "en" };

      g_assert_nonnull (drill);
      g_assert_nonnull (awareness_catalog_lookup_module (catalog,
                                                         awareness_drill_get_follow_up (drill)));
      g_assert_true (g_strv_contains (awareness_drill_get_clause_ids (drill), "basic.3.1"));
      for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
        {
          g_autofree char *body = awareness_drill_dup_body (drill, langs[l], NULL);
          g_auto(GStrv) signs = awareness_drill_dup_signs (drill, langs[l],
                                                           AWARENESS_TEXT_FORMAT_PLAIN);

          g_assert_nonnull (strstr (body, "{link}"));
          g_assert_cmpuint (g_strv_length (signs), >=, 3);
          g_assert_nonnull (awareness_drill_get_sender (drill, langs[l]));
        }
      g_assert_cmpstr (awareness_drill_get_subject (drill, "ja"), !=,
                       awareness_drill_get_subject (drill, "en"));
    }
  g_assert_null (awareness_catalog_lookup_drill (catalog, "no-such-drill"));

  /* Coverage names the drills of a clause. */
  {
    AwarenessClause *clause = awareness_catalog_lookup_clause (catalog, "basic.3.1");
    g_autoptr(GPtrArray) citing = awareness_catalog_list_drills_citing (catalog, clause);

    g_assert_cmpuint (citing->len, ==, 4);
  }
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
copy_file (const char *from,
           const char *dir,
           const char *name)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, NULL, &error);
  g_assert_no_error (error);
  write_file (dir, name, contents);
}

/* A catalog whose drill names a follow-up module it does not hold. */
static void
test_catalog_follow_up (void)
{
  g_autofree char *dir = g_dir_make_tmp ("drill-XXXXXX", NULL);
  g_autofree char *policy = g_build_filename (g_getenv ("AWARENESS_CONTENT_DIR"), "policy.xml",
                                              NULL);
  g_autofree char *module = g_build_filename (g_getenv ("AWARENESS_CONTENT_DIR"), "modules",
                                              "05-staff-obligations.xml", NULL);
  g_autofree char *drill = g_test_build_filename (G_TEST_DIST, "data", "drills", "good.xml",
                                                  NULL);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;
  g_autofree char *where = NULL;

  copy_file (policy, dir, "policy.xml");
  copy_file (module, dir, "m.xml");
  copy_file (drill, dir, "d.xml");
  write_file (dir, "catalog.xml",
              "<catalog xmlns=\"urn:x-awareness:content:1\" id=\"c\" xml:lang=\"ja\"\n"
              "         iri-base=\"https://x.example/a/\">\n"
              "  <title>t</title>\n  <title xml:lang=\"en\">t</title>\n"
              "  <policy-file href=\"policy.xml\"/>\n  <module-file href=\"m.xml\"/>\n"
              "  <drill-file href=\"d.xml\"/>\n</catalog>\n");

  catalog = awareness_catalog_new_for_directory (dir, &problems, &error);
  g_assert_null (catalog);
  g_assert_error (error, AWARENESS_CONTENT_ERROR, AWARENESS_CONTENT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message,
                            "The follow-up module “drill-follow-up” is not in the catalog"));
  where = g_strdup_printf ("%s/d.xml:2:1:", dir);
  g_assert_nonnull (strstr (error->message, where));

  for (const char *name = "catalog.xml"; name != NULL;
       name = g_strcmp0 (name, "catalog.xml") == 0 ? "policy.xml"
              : g_strcmp0 (name, "policy.xml") == 0 ? "m.xml"
              : g_strcmp0 (name, "m.xml") == 0 ? "d.xml" : NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* RFC 2047 encoded words, decoded. */
static char *
decode_words (const char *value)
{
  GString *out = g_string_new (NULL);
  const char *p = value;

  while ((p = strstr (p, "=?UTF-8?B?")) != NULL)
    {
      const char *end = strstr (p + 10, "?=");
      g_autofree char *b64 = g_strndup (p + 10, (gsize) (end - p - 10));
      gsize length = 0;
      g_autofree guchar *bytes = g_base64_decode (b64, &length);

      /* Never a character split between two words. */
      g_assert_true (g_utf8_validate ((const char *) bytes, (gssize) length, NULL));
      g_assert_cmpuint (end + 2 - p, <=, 75);
      g_string_append_len (out, (const char *) bytes, (gssize) length);
      p = end + 2;
    }

  return g_string_free (out, FALSE);
}

static char *
header_value (const char *message,
              const char *name)
{
  g_autofree char *needle = g_strdup_printf ("\r\n%s: ", name);
  const char *start = strstr (message, needle);
  GString *value;
  const char *p;

  if (start == NULL && g_str_has_prefix (message, needle + 2))
    start = message - 2;
  g_assert_nonnull (start);
  value = g_string_new (NULL);
  p = start + strlen (needle);
  for (;;)
    {
      const char *eol = strstr (p, "\r\n");

      g_string_append_len (value, p, eol - p);
      if (eol[2] != ' ' && eol[2] != '\t')
        break;
      p = eol + 3;
    }
  return g_string_free (value, FALSE);
}

static void
test_compose (void)
{
  AwarenessDrill *drill = shipped_drill ("delivery-notice");
  g_autoptr(GTimeZone) jst = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) date = g_date_time_new (jst, 2026, 12, 3, 9, 5, 7);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *message = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *from = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected_body = NULL;
  g_autofree char *crlf_body = NULL;
  g_autofree guchar *raw = NULL;
  const char *link = "https://awareness.example/drill/" TOKEN;
  const char *body_start;
  gsize size, length;

  bytes = awareness_drill_compose_message (drill, "ja", "drill@city.example",
                                           "taro@city.example", link, TOKEN, date, FALSE,
                                           &error);
  g_assert_no_error (error);
  message = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));
  g_assert_cmpuint (strlen (message), ==, size);

  /* Every line ends in CRLF, none is longer than 78. */
  for (const char *p = message; *p != '\0'; p++)
    if (*p == '\n')
      g_assert_true (p > message && p[-1] == '\r');
  {
    g_auto(GStrv) lines = g_strsplit (message, "\r\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_cmpuint (strlen (lines[i]), <=, 78);
  }

  subject = header_value (message, "Subject");
  g_assert_true (g_str_has_prefix (subject, "=?UTF-8?B?"));
  decoded = decode_words (subject);
  g_assert_cmpstr (decoded, ==, awareness_drill_get_subject (drill, "ja"));

  from = header_value (message, "From");
  g_assert_true (g_str_has_suffix (from, " <drill@city.example>"));
  g_clear_pointer (&decoded, g_free);
  decoded = decode_words (from);
  g_assert_cmpstr (decoded, ==, awareness_drill_get_sender (drill, "ja"));

  g_assert_nonnull (strstr (message, "\r\nTo: <taro@city.example>\r\n"));
  g_assert_nonnull (strstr (message, "\r\nX-Awareness-Drill: " TOKEN "\r\n"));
  /* English day and month names, whatever the locale. */
  g_assert_nonnull (strstr (message, "\r\nDate: Thu, 3 Dec 2026 09:05:07 +0900\r\n"));
  g_assert_nonnull (strstr (message, "\r\nMessage-ID: <"));
  g_assert_nonnull (strstr (message, "@city.example>\r\n"));
  g_assert_nonnull (strstr (message, "Content-Type: text/plain; charset=UTF-8\r\n"));
  g_assert_null (strstr (message, "multipart"));

  /* The body: the template's text with the link, in base64. */
  body_start = strstr (message, "\r\n\r\n") + 4;
  {
    g_auto(GStrv) lines = g_strsplit (body_start, "\r\n", -1);

    text = g_strjoinv ("", lines);
  }
  raw = g_base64_decode (text, &length);
  expected_body = awareness_drill_dup_body (drill, "ja", link);
  {
    g_auto(GStrv) lines = g_strsplit (expected_body, "\n", -1);

    crlf_body = g_strjoinv ("\r\n", lines);
  }
  g_assert_cmpmem (raw, length, crlf_body, strlen (crlf_body));
  g_assert_nonnull (strstr (crlf_body, link));
  g_assert_null (strstr (crlf_body, "{link}"));
}

static void
test_compose_html (void)
{
  AwarenessDrill *drill = shipped_drill ("list-request");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *message = NULL;
  g_autofree char *html = NULL;
  const char *link = "https://awareness.example/drill/" TOKEN "?a=1&b=2";
  const char *part;
  GString *b64 = g_string_new (NULL);
  gsize length;

  bytes = awareness_drill_compose_message (drill, "en", "drill@city.example",
                                           "hanako@city.example", link, TOKEN, NULL, TRUE,
                                           &error);
  g_assert_no_error (error);
  message = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (message, "Content-Type: multipart/alternative; boundary=\"=_"));
  g_assert_nonnull (strstr (message, "Content-Type: text/plain; charset=UTF-8"));
  /* An English subject in ASCII is left as it is. */
  g_assert_nonnull (strstr (message, "\r\nSubject: [Urgent: by 5 p.m. today]"));

  part = strstr (message, "Content-Type: text/html; charset=UTF-8");
  g_assert_nonnull (part);
  part = strstr (part, "\r\n\r\n") + 4;
  for (const char *p = part; *p != '-' && *p != '\0'; p++)
    if (*p != '\r' && *p != '\n')
      g_string_append_c (b64, *p);
  html = (char *) g_base64_decode (b64->str, &length);
  html = g_realloc (html, length + 1);
  html[length] = '\0';
  g_string_free (b64, TRUE);

  g_assert_nonnull (strstr (html, "<a href=\"https://awareness.example/drill/" TOKEN
                                  "?a=1&amp;b=2\">"));
  g_assert_nonnull (strstr (html, "<html lang=\"en\">"));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<img"));
  g_assert_null (strstr (html, "{link}"));
}

static void
test_compose_refuses (void)
{
  AwarenessDrill *drill = shipped_drill ("password-expiry");
  static const struct {
    const char *from, *to, *link, *token;
  } cases[] = {
    { "drill@city.example", "taro@city.example\r\nBcc: all@city.example", "https://x/d", TOKEN },
    { "drill@city.example", "not-an-address", "https://x/d", TOKEN },
    { "drill city.example", "taro@city.example", "https://x/d", TOKEN },
    { "drill@city.example", "taro@city.example", "https://x/d\r\nX: y", TOKEN },
    { "drill@city.example", "taro@city.example", "", TOKEN },
    { "drill@city.example", "taro@city.example", "https://x/d", "a b" },
    { "drill@city.example", "taro@city.example", "https://x/d", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes =
          awareness_drill_compose_message (drill, "ja", cases[i].from, cases[i].to,
                                           cases[i].link, cases[i].token, NULL, FALSE, &error);

      g_assert_null (bytes);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_encode_words (void)
{
  /* 60 three-byte characters: several words, each whole characters. */
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *encoded = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *ascii = awareness_mail_encode_header_word ("Plain subject");
  g_autofree char *tricky = awareness_mail_encode_header_word ("a =?x?= b");

  for (guint i = 0; i < 60; i++)
    g_string_append (long_text, i % 2 ? "訓" : "練");
  encoded = awareness_mail_encode_header_word (long_text->str);
  g_assert_nonnull (strstr (encoded, "?=\r\n =?UTF-8?B?"));
  decoded = decode_words (encoded);
  g_assert_cmpstr (decoded, ==, long_text->str);
  g_assert_cmpstr (ascii, ==, "Plain subject");
  g_assert_true (g_str_has_prefix (tricky, "=?UTF-8?B?"));
}

static void
test_find_token (void)
{
  g_autofree char *plain = awareness_drill_find_token (
      "Subject: hello\nX-Awareness-Drill: " TOKEN "\nDate: x\n");
  g_autofree char *folded = awareness_drill_find_token (
      "Received: by relay\r\n> x-awareness-drill:\r\n  " TOKEN "\r\n");
  g_autofree char *subject_only = awareness_drill_find_token ("【至急】所管名簿の提出のお願い");
  g_autofree char *too_short = awareness_drill_find_token ("X-Awareness-Drill: abc\n");
  g_autofree char *other = awareness_drill_find_token ("X-Awareness-Drilling: " TOKEN "\n");

  g_assert_cmpstr (plain, ==, TOKEN);
  g_assert_cmpstr (folded, ==, TOKEN);
  g_assert_null (subject_only);
  g_assert_null (too_short);
  g_assert_null (other);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/awareness/drill/bad/%s", bad_cases[i].file);

      g_test_add_data_func (test_path, &bad_cases[i], test_bad_template);
    }
  g_test_add_func ("/awareness/drill/good", test_good_template);
  g_test_add_func ("/awareness/drill/shipped", test_shipped);
  g_test_add_func ("/awareness/drill/catalog-follow-up", test_catalog_follow_up);
  g_test_add_func ("/awareness/drill/compose", test_compose);
  g_test_add_func ("/awareness/drill/compose-html", test_compose_html);
  g_test_add_func ("/awareness/drill/compose-refuses", test_compose_refuses);
  g_test_add_func ("/awareness/drill/encode-words", test_encode_words);
  g_test_add_func ("/awareness/drill/find-token", test_find_token);

  status = g_test_run ();
  g_clear_object (&shipped);
  return status;
}
