/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cli-common.h"

/**
 * Loads the catalog of @content_dir (or of the default content directory),
 * printing its warnings and errors to standard error.
 */
static AwarenessCatalog *
load_catalog (const char  *content_dir,
              gboolean     preview,
              GError     **error)
{
  g_autofree char *dir = content_dir != NULL ? g_strdup (content_dir)
                                             : awareness_dup_default_content_dir ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GHashTable) broken = g_hash_table_new (g_str_hash, g_str_equal);
  AwarenessCatalog *catalog;

  catalog = preview ? awareness_catalog_new_for_preview (dir, &problems, error)
                    : awareness_catalog_new_for_directory (dir, &problems, error);
  if (catalog == NULL && problems != NULL && problems->len > 0)
    {
      /* The problems are listed; the error need not repeat the first. */
      cli_print_problems (problems, TRUE);
      g_clear_error (error);
      g_set_error (error, AWARENESS_CONTENT_ERROR, AWARENESS_CONTENT_ERROR_INVALID,
                   _("The training content in “%s” cannot be used (see above)"), dir);
      return NULL;
    }

  /* A preview without the modules that have errors: each error, where
   * it is and why, then what was left out. */
  for (guint i = 0; catalog != NULL && problems != NULL && i < problems->len; i++)
    {
      AwarenessProblem *problem = g_ptr_array_index (problems, i);

      if (awareness_problem_get_severity (problem) == AWARENESS_SEVERITY_ERROR)
        g_hash_table_add (broken, (gpointer) awareness_problem_get_file (problem));
    }
  if (g_hash_table_size (broken) > 0)
    {
      guint n = g_hash_table_size (broken);

      cli_print_problems (problems, TRUE);
      g_printerr (
        g_dngettext (GETTEXT_PACKAGE,
                     "%s: warning: %u file with errors is left out (see above); the other "
                     "modules are shown. “awareness validate” checks the content.\n",
                     "%s: warning: %u files with errors are left out (see above); the other "
                     "modules are shown. “awareness validate” checks the content.\n",
                     n),
        g_get_prgname (), n);
    }

  return catalog;
}

/**
 * cli_open_catalog_quietly:
 * @content_dir: (nullable): the content directory, or the default one
 *
 * The catalog, for what only names its modules (history, review), which
 * work without it: content that cannot be loaded is no error there.
 *
 * Returns: (transfer full) (nullable): the catalog, or `NULL`
 */
AwarenessCatalog *
cli_open_catalog_quietly (const char *content_dir)
{
  g_autofree char *dir = content_dir != NULL ? g_strdup (content_dir)
                                             : awareness_dup_default_content_dir ();

  return awareness_catalog_new_for_directory (dir, NULL, NULL);
}

AwarenessCatalog *
cli_load_catalog (const char *content_dir,
                  GError    **error)
{
  return load_catalog (content_dir, FALSE, error);
}

/* For an author's preview (show, coverage): the modules without errors,
 * with a warning for the others.  Packing, publishing, validating and
 * taking a module use cli_load_catalog(), which refuses any error. */
AwarenessCatalog *
cli_load_catalog_for_preview (const char *content_dir,
                              GError    **error)
{
  return load_catalog (content_dir, TRUE, error);
}

void
cli_print_problems (GPtrArray *problems,
                    gboolean   only_errors)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      AwarenessProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *text = NULL;

      if (only_errors && awareness_problem_get_severity (problem) != AWARENESS_SEVERITY_ERROR)
        continue;

      text = awareness_problem_to_string (problem);
      g_printerr ("%s\n", text);
    }
}

int
cli_usage_error (GOptionContext *context,
                 const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("%s: %s\n\n%s", g_get_prgname (), message, help);
  return CLI_EXIT_USAGE;
}

/* A client of the configured server with the saved credential; the
 * configuration too, if @config is not NULL. */
AwarenessClient *
cli_open_client (AwarenessConfig **config,
                 GError          **error)
{
  g_autoptr(AwarenessConfig) loaded = awareness_config_load (NULL, error);
  g_autofree char *secret = NULL;
  AwarenessClient *client;

  if (loaded == NULL)
    return NULL;
  secret = awareness_config_lookup_secret (loaded, error);
  if (secret == NULL)
    return NULL;
  client = awareness_client_new (loaded, secret, error);
  explicit_bzero (secret, strlen (secret));
  if (client != NULL && config != NULL)
    *config = g_steal_pointer (&loaded);
  return client;
}

void
cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

guint
cli_terminal_width (void)
{
  struct winsize ws;
  const char *columns = g_getenv ("COLUMNS");
  guint64 value;

  if (columns != NULL && g_ascii_string_to_unsigned (columns, 10, 20, 1000, &value, NULL))
    return (guint) value;

  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
    return ws.ws_col;

  return 80;
}

/**
 * cli_terminal_height:
 *
 * Returns: the number of rows of the terminal that standard output is,
 *   or 0 when it is not a terminal (output to a pipe or a file is never
 *   paged)
 */
guint
cli_terminal_height (void)
{
  struct winsize ws;

  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row >= 6)
    return ws.ws_row;

  return 0;
}

/**
 * cli_module_title:
 * @catalog: (nullable): the catalog
 * @module_id: a module's id
 * @fallback: (nullable): the title to use when the catalog has no such
 *   module (as an attempt recorded it), else the id
 * @lang: the language
 *
 * The title by which status, history and review name a module.
 *
 * Returns: the title
 */
const char *
cli_module_title (AwarenessCatalog *catalog,
                  const char       *module_id,
                  const char       *fallback,
                  const char       *lang)
{
  AwarenessModule *module = NULL;

  if (catalog != NULL)
    module = awareness_catalog_lookup_module (catalog, module_id);
  if (module != NULL)
    return awareness_module_get_title (module, lang);
  return fallback != NULL && fallback[0] != '\0' ? fallback : module_id;
}

/**
 * cli_print_citations:
 * @citations: (element-type utf8): the clauses a question tests, each
 *   with its label and title (see awareness_format_citation())
 * @prefix: the indentation
 *
 * Prints “Policy: 第1章 5 職員等の遵守義務, …”, as the result of a quiz
 * and a review show it.
 */
void
cli_print_citations (GPtrArray  *citations,
                     const char *prefix)
{
  g_autoptr(GString) cited = g_string_new (NULL);
  g_autofree char *line = NULL;

  for (guint c = 0; c < citations->len; c++)
    {
      if (cited->len > 0)
        g_string_append (cited, ", ");
      g_string_append (cited, g_ptr_array_index (citations, c));
    }
  line = g_strdup_printf (_("Policy: %s"), cited->str);
  cli_print_wrapped (line, prefix, prefix);
}

static guint
char_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  return g_unichar_iswide (c) ? 2 : 1;
}

/* Past an SGR escape sequence (“ESC [1m”) at @p, which takes no room. */
static const char *
skip_escape (const char *p)
{
  const char *q;

  if (p[0] != '\033' || p[1] != '[')
    return p;
  for (q = p + 2; *q != '\0' && (g_ascii_isdigit (*q) || *q == ';'); q++)
    ;
  return *q == 'm' ? q + 1 : p;
}

guint
cli_display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; )
    {
      const char *after = skip_escape (p);

      if (after != p)
        {
          p = after;
          continue;
        }
      width += char_width (g_utf8_get_char (p));
      p = g_utf8_next_char (p);
    }

  return width;
}

/**
 * cli_text_format:
 *
 * Returns: how the CLI renders content text: with emphasis in bold on a
 *   terminal (unless `NO_COLOR` is set), as plain text otherwise
 */
AwarenessTextFormat
cli_text_format (void)
{
  if (isatty (STDOUT_FILENO) && g_getenv ("NO_COLOR") == NULL)
    return AWARENESS_TEXT_FORMAT_TERMINAL;
  return AWARENESS_TEXT_FORMAT_PLAIN;
}

void
cli_pad (GString    *s,
         const char *text,
         guint       width)
{
  guint w = cli_display_width (text);

  g_string_append (s, text);
  for (; w < width; w++)
    g_string_append_c (s, ' ');
}

/**
 * cli_label:
 * @labels: the values and their labels (marked with N_()), ending with
 *   { NULL, NULL }
 * @value: (nullable): a value of an answer
 *
 * Returns: (transfer none): the translated label of @value; a value
 *   without one as it is (the server may know more than this CLI), NULL
 *   as ""
 */
const char *
cli_label (const CliLabel *labels,
           const char     *value)
{
  for (const CliLabel *l = labels; l->value != NULL; l++)
    if (g_strcmp0 (value, l->value) == 0)
      return _(l->label);
  return value != NULL ? value : "";
}

/**
 * cli_print_columns:
 * @headers: the column names
 * @rows: (element-type GStrv): the cells of each row, @n_columns each
 *   (NULL cells are empty)
 *
 * Prints a table that lines up in a terminal, Japanese included: the
 * header row, then each row.
 */
void
cli_print_columns (const char * const *headers,
                   guint               n_columns,
                   GPtrArray          *rows)
{
  g_autofree guint *widths = g_new0 (guint, n_columns);

  for (guint c = 0; c < n_columns; c++)
    widths[c] = cli_display_width (headers[c]);
  for (guint i = 0; i < rows->len; i++)
    for (guint c = 0; c < n_columns; c++)
      {
        const char *cell = ((char **) g_ptr_array_index (rows, i))[c];

        widths[c] = MAX (widths[c], cli_display_width (cell != NULL ? cell : ""));
      }
  for (guint i = 0; i <= rows->len; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        {
          const char *cell = i == 0 ? headers[c] : ((char **) g_ptr_array_index (rows, i - 1))[c];

          cli_pad (text, cell != NULL ? cell : "", c + 1 < n_columns ? widths[c] + 2 : 0);
        }
      g_print ("%s\n", g_strchomp (text->str));
    }
}

/* What a learner's command reads: the catalog (--content) into @catalog
 * and the records (--store) into @store; with @progress, also where
 * @user stands on @today (NULL: today) with this machine's configuration
 * (the server's assignments it keeps), which says what `take` and
 * `inspect` continue with when not told.  FALSE with @error set, and
 * nothing returned, if any of them cannot be read. */
gboolean
cli_open_learner (const char         *content_dir,
                  const char         *store_path,
                  const char         *user,
                  const GDate        *today,
                  AwarenessCatalog  **catalog,
                  AwarenessStore    **store,
                  AwarenessProgress **progress,
                  GError            **error)
{
  g_autoptr(AwarenessCatalog) loaded = cli_load_catalog (content_dir, error);
  g_autoptr(AwarenessStore) opened = NULL;
  g_autoptr(AwarenessConfig) config = NULL;
  GDate now;

  if (loaded == NULL)
    return FALSE;
  opened = cli_open_store (store_path, error);
  if (opened == NULL)
    return FALSE;
  if (progress != NULL)
    {
      if (today == NULL)
        {
          awareness_get_today (&now);
          today = &now;
        }
      config = awareness_config_load (NULL, NULL);
      *progress = awareness_progress_new (loaded, opened, user, config, today, error);
      if (*progress == NULL)
        return FALSE;
    }
  *catalog = g_steal_pointer (&loaded);
  *store = g_steal_pointer (&opened);
  return TRUE;
}

/* Says what the server said when it refused a request; returns the exit
 * status. */
int
cli_print_refusal (const AwarenessResponse *response)
{
  g_autofree char *message = awareness_response_message (response);

  /* Translators: “the server refused: No account belongs to the department “x” (HTTP 404)”. */
  g_printerr (_("%s: the server refused: %s (HTTP %u)\n"), g_get_prgname (), message,
              response->status);
  return EXIT_FAILURE;
}

/* Characters that must not begin a line in Japanese (basic kinsoku
 * shori): closing brackets and punctuation, small kana and the prolonged
 * sound mark; and their Latin counterparts. */
static gboolean
no_break_before (gunichar c)
{
  return c != 0 &&
         g_utf8_strchr ("、。，．・：；？！）」』】〕〉》］｝”’"
                        "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶー"
                        ")]}.,:;!?%", -1, c) != NULL;
}

/* Opening brackets, which must not end a line, and what closes each. */
static const char *const brackets[][2] = {
  { "（", "）" }, { "「", "」" }, { "『", "』" }, { "【", "】" }, { "〔", "〕" },
  { "〈", "〉" }, { "《", "》" }, { "［", "］" }, { "｛", "｝" }, { "“", "”" },
  { "‘", "’" }, { "(", ")" }, { "[", "]" }, { "{", "}" },
};

static gunichar
closing_bracket (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (brackets); i++)
    if (g_utf8_get_char (brackets[i][0]) == c)
      return g_utf8_get_char (brackets[i][1]);
  return 0;
}

/* A bracketed aside this short, such as “（序文 1）”, is kept on one line. */
#define SHORT_ASIDE 20

/* The end of a short aside opened at @p, or NULL: the matching closing
 * bracket must come within @limit columns, on the same line. */
static const char *
short_aside_end (const char *p,
                 guint       limit,
                 guint      *width)
{
  gunichar open = g_utf8_get_char (p);
  gunichar closer = closing_bracket (open);
  guint depth = 0;

  *width = 0;
  while (*p != '\0' && *width <= limit)
    {
      gunichar c = g_utf8_get_char (p);

      if (skip_escape (p) != p)
        {
          p = skip_escape (p);
          continue;
        }
      *width += char_width (c);
      p = g_utf8_next_char (p);
      if (c == open)
        depth++;
      else if (c == closer && --depth == 0)
        return *width <= limit ? p : NULL;
    }

  return NULL;
}

/* The end of the unbreakable unit that starts at @p: a Latin word, one
 * wide character, or a short aside in brackets; with the closing
 * punctuation that follows it, and after an opening bracket, what the
 * bracket opens. */
static const char *
unit_end (const char *p,
          guint       avail,
          guint      *width)
{
  const char *end = p;

  *width = 0;
  while (*end != '\0')
    {
      gunichar e;
      guint aside_width;
      const char *aside;

      if (skip_escape (end) != end)
        {
          end = skip_escape (end);
          continue;
        }
      e = g_utf8_get_char (end);
      if (e == ' ' && end != p)
        break;
      if (closing_bracket (e) != 0 &&
          (aside = short_aside_end (end, MIN (SHORT_ASIDE, avail), &aside_width)) != NULL)
        {
          end = aside;
          *width += aside_width;
          break;
        }
      *width += char_width (e);
      end = g_utf8_next_char (end);
      /* An opening bracket takes what follows it along. */
      if (closing_bracket (e) != 0)
        continue;
      if (g_unichar_iswide (e) || *end == ' ' || g_unichar_iswide (g_utf8_get_char (end)))
        break;
    }

  /* Closing punctuation (and emphasis that ends) stays with the unit. */
  while (*end != '\0')
    {
      if (skip_escape (end) != end)
        end = skip_escape (end);
      else if (no_break_before (g_utf8_get_char (end)))
        {
          *width += char_width (g_utf8_get_char (end));
          end = g_utf8_next_char (end);
        }
      else
        break;
    }

  return end;
}

/* Breaks one line of text into lines at most @avail columns wide: Latin
 * text breaks at spaces, Japanese between any two characters except
 * before closing punctuation or small kana, after an opening bracket, or
 * inside a short aside in brackets. */
static void
wrap_line (const char *p,
           guint       avail,
           GPtrArray  *out)
{
  GString *line = g_string_new (NULL);
  guint line_width = 0;

  /* A line's own indentation is kept (an exhibit's body has some). */
  while (*p == ' ' && line_width + 10 < avail)
    {
      g_string_append_c (line, *p++);
      line_width++;
    }

  while (*p != '\0')
    {
      guint unit_width;
      const char *end;

      if (*p == ' ')
        {
          if (line_width > 0 && line_width < avail)
            {
              g_string_append_c (line, ' ');
              line_width++;
            }
          p++;
          continue;
        }

      end = unit_end (p, avail, &unit_width);
      if (line_width > 0 && line_width + unit_width > avail)
        {
          while (line->len > 0 && line->str[line->len - 1] == ' ')
            g_string_truncate (line, line->len - 1);
          g_ptr_array_add (out, g_strdup (line->str));
          g_string_truncate (line, 0);
          line_width = 0;
        }

      g_string_append_len (line, p, end - p);
      line_width += unit_width;
      p = end;
    }

  g_ptr_array_add (out, g_string_free (line, FALSE));
}

/**
 * cli_wrap:
 * @text: a text, with line breaks of its own
 * @avail: the width of a line, in columns
 *
 * Returns: (transfer full): the lines of @text, each at most @avail
 *   columns wide unless one word is wider; embedded newlines are kept
 */
GPtrArray *
cli_wrap (const char *text,
          guint       avail)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint l = 0; lines[l] != NULL; l++)
    wrap_line (lines[l], avail, out);

  return out;
}

/**
 * Prints @text wrapped to the terminal's width (see cli_wrap()).
 */
void
cli_print_wrapped (const char *text,
                   const char *first_prefix,
                   const char *prefix)
{
  guint width = MIN (cli_terminal_width (), 100);
  guint lead = MAX (cli_display_width (first_prefix), cli_display_width (prefix));
  g_autoptr(GPtrArray) lines = cli_wrap (text, width > lead + 10 ? width - lead : 10);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s%s\n", i == 0 ? first_prefix : prefix,
                            (const char *) g_ptr_array_index (lines, i));

  g_print ("%s", out->str);
  g_string_free (out, TRUE);
}

static void
frame_rule (GString    *out,
            const char *left,
            const char *title,
            const char *right,
            guint       inner)
{
  guint used = 0;

  g_string_append_printf (out, "  %s", left);
  if (title != NULL)
    {
      g_string_append_printf (out, "─ %s ", title);
      used = cli_display_width (title) + 3;
    }
  for (; used < inner + 2; used++)
    g_string_append (out, "─");
  g_string_append_printf (out, "%s\n", right);
}

static void
frame_text (GString    *out,
            const char *label,
            const char *text,
            guint       inner)
{
  guint label_width = label != NULL ? cli_display_width (label) + 1 : 0;
  g_autoptr(GPtrArray) lines = cli_wrap (text, inner > label_width + 8 ? inner - label_width : 8);

  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(GString) cell = g_string_new (NULL);

      if (label != NULL)
        {
          cli_pad (cell, i == 0 ? label : "", label_width - 1);
          g_string_append_c (cell, ' ');
        }
      g_string_append (cell, g_ptr_array_index (lines, i));
      g_string_append (out, "  │ ");
      cli_pad (out, cell->str, inner);
      g_string_append (out, " │\n");
    }
}

/**
 * cli_print_exhibit:
 * @exhibit: an exhibit
 * @lang: the language of the content
 *
 * Prints the exhibit as a framed block, as wide as the terminal (at most
 * 100 columns): its kind, the header fields, the body, the attachments.
 */
void
cli_print_exhibit (AwarenessExhibit *exhibit,
                   const char       *lang)
{
  guint width = MIN (cli_terminal_width (), 100);
  guint inner = width > 8 + 20 ? width - 8 : 20;
  /* Translators: labels of an e-mail's header, shown as “From: …”. */
  const struct { const char *label; const char *value; } headers[] = {
    { _("From:"), awareness_exhibit_get_from (exhibit, lang) },
    { _("To:"), awareness_exhibit_get_to (exhibit, lang) },
    { _("Subject:"), awareness_exhibit_get_subject (exhibit, lang) },
  };
  guint label_width = 0;
  gboolean any = FALSE;
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    if (headers[i].value != NULL)
      label_width = MAX (label_width, cli_display_width (headers[i].label));

  frame_rule (out, "┌", awareness_exhibit_kind_get_title (awareness_exhibit_get_kind (exhibit)),
              "┐", inner);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    if (headers[i].value != NULL)
      {
        g_autoptr(GString) label = g_string_new (NULL);

        cli_pad (label, headers[i].label, label_width);
        frame_text (out, label->str, headers[i].value, inner);
        any = TRUE;
      }
  if (any)
    frame_rule (out, "├", NULL, "┤", inner);
  frame_text (out, NULL, awareness_exhibit_get_body (exhibit, lang), inner);
  if (awareness_exhibit_get_n_attachments (exhibit) > 0)
    {
      frame_rule (out, "├", NULL, "┤", inner);
      for (guint i = 0; i < awareness_exhibit_get_n_attachments (exhibit); i++)
        /* Translators: an attachment of an e-mail, before its file name. */
        frame_text (out, _("Attachment:"), awareness_exhibit_get_attachment (exhibit, i, lang),
                    inner);
    }
  frame_rule (out, "└", NULL, "┘", inner);

  g_print ("%s", out->str);
  g_string_free (out, TRUE);
}

/**
 * cli_print_catalog_notice:
 * @catalog: a catalog
 *
 * Prints, framed, that the catalog is a sample or the City's internal
 * training, if it is one (see awareness_catalog_dup_notice()).
 */
void
cli_print_catalog_notice (AwarenessCatalog *catalog)
{
  g_autofree char *notice = awareness_catalog_dup_notice (catalog);

  if (notice == NULL)
    return;
  cli_print_wrapped (notice, "  ▌ ", "  ▌ ");
  g_print ("\n");
}

AwarenessStore *
cli_open_store (const char *path,
                GError    **error)
{
  g_autofree char *file = path != NULL ? g_strdup (path) : awareness_dup_default_store_path ();

  return awareness_store_new_for_path (file, error);
}

void
cli_print_rule (void)
{
  guint width = MIN (cli_terminal_width (), 100);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < width; i++)
    g_string_append (s, "─");
  g_print ("%s\n", s->str);
  g_string_free (s, TRUE);
}

void
cli_print_clause_quote (AwarenessClause *clause,
                        const char      *lang)
{
  g_autofree char *citation = awareness_clause_dup_citation (clause, lang);
  g_autofree char *text = awareness_clause_dup_text (clause, lang, AWARENESS_TEXT_FORMAT_PLAIN);
  g_autofree char *heading = NULL;

  /* Translators: heading of a quotation of the policy, e.g. “Policy, Chapter 1,
   * 5 Obligations of staff”. */
  heading = g_strdup_printf (_("Policy, %s"), citation);

  g_print ("  ┃ %s\n", heading);
  cli_print_wrapped (text, "  ┃ ", "  ┃ ");
}

void
cli_print_lesson (AwarenessLesson *lesson,
              guint            index,
              guint            count,
              const char      *lang)
{
  /* Translators: heading of a lesson: “Lesson 1 of 3: Title”. */
  g_print (_("Lesson %u of %u: %s"), index, count, awareness_lesson_get_title (lesson, lang));
  g_print ("\n\n");

  for (guint b = 0; b < awareness_lesson_get_n_blocks (lesson); b++)
    {
      g_auto(GStrv) texts = awareness_lesson_dup_block_text (lesson, b, lang,
                                                             AWARENESS_TEXT_FORMAT_PLAIN);

      switch (awareness_lesson_get_block_kind (lesson, b))
        {
        case AWARENESS_BLOCK_PARAGRAPH:
          cli_print_wrapped (texts[0], "  ", "  ");
          break;

        case AWARENESS_BLOCK_LIST:
          for (guint i = 0; texts[i] != NULL; i++)
            cli_print_wrapped (texts[i], "  • ", "    ");
          break;

        case AWARENESS_BLOCK_CITE:
          cli_print_clause_quote (awareness_lesson_get_block_clause (lesson, b), lang);
          break;

        default:
          g_assert_not_reached ();
        }
      g_print ("\n");
    }
}


/* A string member, or null when there is no value. */
void
cli_json_add_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The members that describe a recorded self-inspection, for status and
 * history. */
void
cli_json_add_inspection (JsonBuilder               *builder,
                         AwarenessInspectionRecord *record)
{
  g_autofree char *started = awareness_xapi_format_timestamp (record->started);
  g_autofree char *finished = record->finished != NULL
                              ? awareness_xapi_format_timestamp (record->finished) : NULL;

  cli_json_add_string (builder, "id", record->id);
  cli_json_add_string (builder, "checklist", record->checklist_id);
  cli_json_add_string (builder, "version", record->checklist_version);
  cli_json_add_string (builder, "state", awareness_inspection_state_to_string (record->state));
  cli_json_add_string (builder, "language", record->language);
  cli_json_add_string (builder, "started", started);
  cli_json_add_string (builder, "finished", finished);
  json_builder_set_member_name (builder, "yes");
  json_builder_add_int_value (builder, record->n_yes);
  json_builder_set_member_name (builder, "no");
  json_builder_add_int_value (builder, record->n_no);
  json_builder_set_member_name (builder, "not_applicable");
  json_builder_add_int_value (builder, record->n_not_applicable);
}

/* The members that describe a recorded attempt, for status and history. */
void
cli_json_add_record (JsonBuilder            *builder,
                     AwarenessAttemptRecord *record)
{
  g_autofree char *started = awareness_xapi_format_timestamp (record->started);
  g_autofree char *finished = record->finished != NULL
                              ? awareness_xapi_format_timestamp (record->finished) : NULL;

  cli_json_add_string (builder, "attempt", record->id);
  cli_json_add_string (builder, "module", record->module_id);
  cli_json_add_string (builder, "version", record->module_version);
  cli_json_add_string (builder, "digest", record->content_digest);
  cli_json_add_string (builder, "language", record->language);
  cli_json_add_string (builder, "state", awareness_attempt_state_to_string (record->state));
  cli_json_add_string (builder, "started", started);
  cli_json_add_string (builder, "finished", finished);
  json_builder_set_member_name (builder, "score");
  json_builder_add_int_value (builder, record->score);
  json_builder_set_member_name (builder, "questions");
  json_builder_add_int_value (builder, record->max_score);
  json_builder_set_member_name (builder, "answered");
  json_builder_add_int_value (builder, record->n_answered);
  json_builder_set_member_name (builder, "pass_percent");
  json_builder_add_int_value (builder, record->pass_percent);
}

/* Appends “?name=value” or “&name=value” to @path, the value escaped;
 * nothing when @value is NULL. */
void
cli_append_param (GString    *path,
                  const char *name,
                  const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (path, "%c%s=%s", strchr (path->str, '?') != NULL ? '&' : '?', name,
                          escaped);
}
