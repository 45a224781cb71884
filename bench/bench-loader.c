/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Loading benchmark: generates a content tree of N modules (1,000 by
 * default, about 10 MB), then times
 *   - awareness: loading the whole catalog with every check (parse, schema,
 *     semantic checks, citations resolved against the policy), in process;
 *   - xmllint --noout --relaxng: schema validation alone of the same files,
 *     one process for all of them, as the baseline.
 * Each is run several times and the best time is kept; the ratio is what
 * survives a noisy machine.  Target: ratio <= 1.5.
 */
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "awareness.h"

static const char * const clauses[] = {
  "basic.1", "basic.2.5", "basic.2.6", "basic.2.7", "basic.3.1", "basic.3.2", "basic.4.2.2",
  "basic.5", "basic.6.3.1", "basic.6.3.2", "basic.6.5", "basic.6.7", "basic.7", "basic.8",
};

static char *
make_module (guint n)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<module xmlns=\"urn:x-awareness:content:1\" id=\"bench-%04u\" "
                          "version=\"2026.1\" minutes=\"5\" xml:lang=\"ja\">\n"
                          "  <title>ベンチマーク用モジュール %u</title>\n"
                          "  <title xml:lang=\"en\">Benchmark module %u</title>\n"
                          "  <summary>職員等が遵守すべき事項を学びます。</summary>\n"
                          "  <summary xml:lang=\"en\">Learn what staff must observe.</summary>\n",
                          n, n, n);
  for (guint l = 0; l < 2; l++)
    {
      g_string_append_printf (s, "  <lesson id=\"lesson-%u\">\n"
                              "    <title>レッスン %u</title>\n"
                              "    <title xml:lang=\"en\">Lesson %u</title>\n", l, l, l);
      for (guint p = 0; p < 3; p++)
        g_string_append_printf (
          s,
          "    <p>本市の情報システムを利用する者は、情報セキュリティの重要性について"
          "共通の認識を持ち、業務の遂行に当たって<em>情報セキュリティポリシー</em>"
          "を遵守しなければなりません <clause-ref clause=\"%s\"/>。</p>\n"
          "    <p xml:lang=\"en\">Everyone who uses the City's information systems "
          "shares an understanding of the importance of information security and "
          "complies with the <em>policy</em> <clause-ref clause=\"%s\"/>.</p>\n",
          clauses[(n + p) % G_N_ELEMENTS (clauses)], clauses[(n + p) % G_N_ELEMENTS (clauses)]);
      g_string_append_printf (s, "    <cite clause=\"%s\"/>\n  </lesson>\n",
                              clauses[(n + l) % G_N_ELEMENTS (clauses)]);
    }

  g_string_append (s, "  <quiz pass-percent=\"80\" draw=\"5\" shuffle=\"true\">\n");
  for (guint q = 0; q < 10; q++)
    {
      const char *clause = clauses[(n + q) % G_N_ELEMENTS (clauses)];

      if (q % 4 == 3)
        {
          g_string_append_printf (
            s,
            "    <question id=\"q-%u\" type=\"true-false\" answer=\"false\" "
            "clause=\"%s\">\n"
            "      <prompt>印刷した文書は情報資産に含まれない。</prompt>\n"
            "      <prompt xml:lang=\"en\">Printed documents are not information "
            "assets.</prompt>\n"
            "      <explanation>誤りです。印刷した文書も含まれます。</explanation>\n"
            "      <explanation xml:lang=\"en\">False: printed documents are "
            "included.</explanation>\n    </question>\n",
            q, clause);
          continue;
        }

      g_string_append_printf (
        s,
        "    <question id=\"q-%u\" type=\"%s\" clause=\"%s\">\n"
        "      <prompt>次のうち、ポリシーに沿った行動はどれですか。</prompt>\n"
        "      <prompt xml:lang=\"en\">Which of these follows the policy?</prompt>\n",
        q, q % 2 ? "multiple" : "single", clause);
      for (guint c = 0; c < 4; c++)
        g_string_append_printf (s,
                                "      <choice id=\"%c\"%s><text>選択肢%uの説明文</text>"
                                "<text xml:lang=\"en\">Choice %u</text></choice>\n",
                                'a' + c, c == 0 || (q % 2 && c == 1) ? " correct=\"true\"" : "", c,
                                c);
      g_string_append_printf (
        s,
        "      <explanation>職員等は情報セキュリティポリシーを遵守しなければなりません"
        " <clause-ref clause=\"%s\"/>。</explanation>\n"
        "      <explanation xml:lang=\"en\">Staff must comply with the policy "
        "<clause-ref clause=\"%s\"/>.</explanation>\n    </question>\n",
        clause, clause);
    }
  g_string_append (s, "  </quiz>\n</module>\n");

  return g_string_free (s, FALSE);
}

static gint64
time_command (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s found the generated content invalid: %s", argv[0], error->message);

  return g_get_monotonic_time () - start;
}

/* In process, as the desktop app loads its catalog. */
static gint64
time_library (const char *dir,
              guint       expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwarenessCatalog) catalog = NULL;
  gint64 start = g_get_monotonic_time ();

  catalog = awareness_catalog_new_for_directory (dir, NULL, &error);
  if (catalog == NULL)
    g_error ("loading failed: %s", error->message);
  g_assert_cmpuint (g_list_model_get_n_items (awareness_catalog_get_modules (catalog)), ==,
                    expected);

  return g_get_monotonic_time () - start;
}

int
main (int    argc,
      char **argv)
{
  guint n_modules = argc > 1 ? (guint) atoi (argv[1]) : 1000;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 5;
  const char *source = g_getenv ("AWARENESS_CONTENT_DIR");
  g_autofree char *dir = g_dir_make_tmp ("awareness-bench-XXXXXX", NULL);
  g_autofree char *modules = g_build_filename (dir, "modules", NULL);
  g_autofree char *policy_src = g_build_filename (source != NULL ? source : "content", "policy.xml",
                                                  NULL);
  g_autofree char *schema = g_build_filename (source != NULL ? source : "content", "schema",
                                              "awareness.rng", NULL);
  g_autofree char *policy = NULL;
  g_autofree char *policy_path = g_build_filename (dir, "policy.xml", NULL);
  g_autofree char *catalog_path = g_build_filename (dir, "catalog.xml", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) catalog = g_string_new (NULL);
  gint64 best_cli = G_MAXINT64, best_lib = G_MAXINT64, best_xmllint = G_MAXINT64;
  const char *cli = g_getenv ("AWARENESS_CLI");
  g_autoptr(GPtrArray) xmllint = g_ptr_array_new ();
  gsize total = 0, policy_len = 0;
  g_autofree char *command = NULL;

  g_assert_true (g_file_get_contents (policy_src, &policy, &policy_len, NULL));
  g_assert_true (g_file_set_contents (policy_path, policy, (gssize) policy_len, NULL));
  g_assert_cmpint (g_mkdir (modules, 0700), ==, 0);

  g_string_append (
    catalog, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<catalog xmlns=\"urn:x-awareness:content:1\" id=\"bench\" xml:lang=\"ja\" "
             "iri-base=\"https://awareness.example/bench/\">\n  <title>ベンチ</title>\n"
             "  <title xml:lang=\"en\">Bench</title>\n  <policy-file href=\"policy.xml\"/>\n");
  g_ptr_array_add (files, g_strdup (policy_path));
  for (guint i = 0; i < n_modules; i++)
    {
      g_autofree char *text = make_module (i);
      g_autofree char *name = g_strdup_printf ("m%04u.xml", i);
      char *path = g_build_filename (modules, name, NULL);

      g_assert_true (g_file_set_contents (path, text, -1, NULL));
      total += strlen (text);
      g_ptr_array_add (files, path);
      g_string_append_printf (catalog, "  <module-file href=\"modules/%s\"/>\n", name);
    }
  g_string_append (catalog, "</catalog>\n");
  g_assert_true (g_file_set_contents (catalog_path, catalog->str, -1, NULL));
  g_ptr_array_add (files, g_strdup (catalog_path));

  g_print ("content: %u modules, %.1f MB, plus the policy (%zu bytes)\n",
           n_modules, (double) total / 1e6, policy_len);

  g_ptr_array_add (xmllint, (gpointer) "xmllint");
  g_ptr_array_add (xmllint, (gpointer) "--noout");
  g_ptr_array_add (xmllint, (gpointer) "--relaxng");
  g_ptr_array_add (xmllint, (gpointer) schema);
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (xmllint, g_ptr_array_index (files, i));
  g_ptr_array_add (xmllint, NULL);

  if (cli == NULL)
    cli = "awareness";

  /* Interleaved, so that a burst of noise hits all three alike. */
  for (guint r = 0; r < runs; r++)
    {
      const char * const validate[] = { cli, "validate", dir, NULL };

      best_xmllint = MIN (best_xmllint, time_command ((const char * const *) xmllint->pdata));
      best_cli = MIN (best_cli, time_command (validate));
      best_lib = MIN (best_lib, time_library (dir, n_modules));
    }

  g_print ("xmllint --noout --relaxng (schema only):          %8.1f ms  (best of %u)\n",
           best_xmllint / 1000.0, runs);
  g_print ("awareness validate (schema + all checks, CLI):    %8.1f ms  (best of %u)\n",
           best_cli / 1000.0, runs);
  g_print ("catalog load in process (schema + all checks):    %8.1f ms  (best of %u)\n",
           best_lib / 1000.0, runs);
  g_print ("throughput (CLI): %.1f MB/s, %.0f modules/s\n",
           (double) total / (double) best_cli, n_modules * 1e6 / (double) best_cli);
  g_print ("ratio awareness validate / xmllint: %.2f (target <= 1.50)\n",
           (double) best_cli / (double) best_xmllint);
  g_print ("ratio in-process load / xmllint:    %.2f\n",
           (double) best_lib / (double) best_xmllint);

  if (g_getenv ("BENCH_KEEP") != NULL)
    g_print ("generated content kept in %s\n", dir);
  else
    {
      command = g_strdup_printf ("rm -rf '%s'", dir);
      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }

  return EXIT_SUCCESS;
}
