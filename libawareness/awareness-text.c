/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "awareness-private.h"

static void
clear_run (gpointer data)
{
  AwarenessRun *run = data;

  g_free (run->value);
}

static void
variant_free (gpointer data)
{
  AwarenessTextVariant *variant = data;

  g_free (variant->lang);
  g_clear_pointer (&variant->runs, g_array_unref);
  g_free (variant->plain);
  g_free (variant);
}

AwarenessText *
_awareness_text_new (void)
{
  AwarenessText *text = g_new0 (AwarenessText, 1);

  text->variants = g_ptr_array_new_with_free_func (variant_free);
  return text;
}

void
_awareness_text_free (AwarenessText *text)
{
  if (text == NULL)
    return;

  g_ptr_array_unref (text->variants);
  g_free (text);
}

/* Compares language tags by their primary subtag: "ja_JP.UTF-8" matches "ja". */
gboolean
_awareness_lang_matches (const char *a,
                         const char *b)
{
  gsize la, lb;

  if (a == NULL || b == NULL)
    return FALSE;

  la = strcspn (a, "-_.@");
  lb = strcspn (b, "-_.@");
  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

/*
 * The variant for @lang, falling back to the source language, which is
 * always the first variant.
 */
AwarenessTextVariant *
_awareness_text_pick (AwarenessText *text,
                      const char    *lang)
{
  if (text == NULL || text->variants->len == 0)
    return NULL;

  for (guint i = 0; lang != NULL && i < text->variants->len; i++)
    {
      AwarenessTextVariant *variant = g_ptr_array_index (text->variants, i);

      if (_awareness_lang_matches (variant->lang, lang))
        return variant;
    }

  return g_ptr_array_index (text->variants, 0);
}

gboolean
_awareness_text_has_lang (AwarenessText *text,
                          const char    *lang)
{
  for (guint i = 0; text != NULL && i < text->variants->len; i++)
    {
      AwarenessTextVariant *variant = g_ptr_array_index (text->variants, i);

      if (_awareness_lang_matches (variant->lang, lang))
        return TRUE;
    }

  return FALSE;
}

/* The SHA-256 digest of a content file's @source, in lowercase
 * hexadecimal, kept in @digest: computed on first use, since loading a
 * catalog does not need it (a module or checklist without a source
 * has none). */
const char *
_awareness_source_digest (GBytes  *source,
                          char   **digest)
{
  if (*digest == NULL && source != NULL)
    *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, source);
  return *digest;
}

/* The text without markup or citations, as titles are shown; made on
 * first use, since most texts are only ever rendered. */
const char *
_awareness_text_get_plain (AwarenessText *text,
                           const char    *lang)
{
  AwarenessTextVariant *variant = _awareness_text_pick (text, lang);
  GString *plain;

  if (variant == NULL)
    return NULL;

  if (variant->plain != NULL)
    return variant->plain;

  plain = g_string_new (NULL);
  for (guint i = 0; i < variant->runs->len; i++)
    {
      const AwarenessRun *run = &g_array_index (variant->runs, AwarenessRun, i);

      if (run->kind != AWARENESS_RUN_CLAUSE_REF)
        g_string_append (plain, run->value);
    }
  variant->plain = g_string_free (plain, FALSE);

  return variant->plain;
}

char *
_awareness_text_render (AwarenessText      *text,
                        const char         *lang,
                        AwarenessTextFormat format,
                        AwarenessPolicy    *policy)
{
  AwarenessTextVariant *variant = _awareness_text_pick (text, lang);
  gboolean wide;
  GString *s;

  if (variant == NULL)
    return NULL;

  wide = _awareness_lang_matches (variant->lang, "ja") ||
         _awareness_lang_matches (variant->lang, "zh");
  s = g_string_new (NULL);
  for (guint i = 0; i < variant->runs->len; i++)
    {
      const AwarenessRun *run = &g_array_index (variant->runs, AwarenessRun, i);

      switch (run->kind)
        {
        case AWARENESS_RUN_TEXT:
          if (format == AWARENESS_TEXT_FORMAT_MARKUP)
            {
              g_autofree char *escaped = g_markup_escape_text (run->value, -1);
              g_string_append (s, escaped);
            }
          else
            g_string_append (s, run->value);
          break;

        case AWARENESS_RUN_EM:
          if (format == AWARENESS_TEXT_FORMAT_MARKUP)
            {
              g_autofree char *escaped = g_markup_escape_text (run->value, -1);
              g_string_append_printf (s, "<b>%s</b>", escaped);
            }
          else if (format == AWARENESS_TEXT_FORMAT_TERMINAL)
            g_string_append_printf (s, "\033[1m%s\033[22m", run->value);
          else
            g_string_append (s, run->value);
          break;

        case AWARENESS_RUN_CLAUSE_REF:
          {
            AwarenessClause *clause = NULL;
            g_autofree char *label = NULL;

            if (policy != NULL)
              clause = awareness_policy_lookup_clause (policy, run->value);
            label = clause != NULL ? awareness_clause_dup_label (clause, variant->lang)
                                   : g_strdup (run->value);

            /* A citation reads “…です（第1章 5）。” or “… (Chapter 1, 5).” */
            if (wide)
              while (s->len > 0 && s->str[s->len - 1] == ' ')
                g_string_truncate (s, s->len - 1);

            if (format == AWARENESS_TEXT_FORMAT_MARKUP)
              {
                g_autofree char *escaped = g_markup_escape_text (label, -1);
                g_string_append_printf (s, wide ? "<small>（%s）</small>" : "<small>(%s)</small>",
                                        escaped);
              }
            else
              g_string_append_printf (s, wide ? "（%s）" : "(%s)", label);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return g_string_free (s, FALSE);
}

static gboolean
is_xml_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gboolean
is_wide (gunichar c)
{
  /* Between two such characters a line break is not a space: Japanese
   * text has no spaces between words. */
  return c >= 0x2E80 && c != 0x3000;
}

/* Collapses XML white space (not U+3000, which the policy writes on
 * purpose) as HTML does, but drops a line break between two wide
 * characters.  Returns a new string. */
static char *
normalize_space (const char *text)
{
  gsize length = strlen (text);
  GString *s;
  const char *p;

  /* Most text is already normal: single spaces, no line breaks. */
  for (p = text; *p != '\0'; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r' || (*p == ' ' && p[1] == ' '))
      break;
  if (*p == '\0')
    return g_strndup (text, length);

  s = g_string_sized_new (length);
  p = text;
  while (*p != '\0')
    {
      const char *q;
      gboolean newline = FALSE;
      gunichar before = 0, after;

      if (!is_xml_space (*p))
        {
          q = p;
          while (*q != '\0' && !is_xml_space (*q))
            q++;
          g_string_append_len (s, p, q - p);
          p = q;
          continue;
        }

      for (q = p; is_xml_space (*q); q++)
        newline |= (*q == '\n');
      after = g_utf8_get_char (q);
      if (s->len > 0)
        before = g_utf8_get_char (g_utf8_find_prev_char (s->str, s->str + s->len));

      if (!(newline && is_wide (before) && is_wide (after)))
        g_string_append_c (s, ' ');
      p = q;
    }

  return g_string_free (s, FALSE);
}

AwarenessTextVariant *
_awareness_text_add_variant (AwarenessText *text,
                             const char    *lang)
{
  AwarenessTextVariant *variant = g_new0 (AwarenessTextVariant, 1);

  variant->lang = g_strdup (lang);
  variant->runs = g_array_new (FALSE, TRUE, sizeof (AwarenessRun));
  g_array_set_clear_func (variant->runs, clear_run);
  g_ptr_array_add (text->variants, variant);
  return variant;
}

void
_awareness_text_variant_append (AwarenessTextVariant *variant,
                                AwarenessRunKind      kind,
                                const char           *value)
{
  AwarenessRun run = { kind, NULL };

  run.value = kind == AWARENESS_RUN_CLAUSE_REF ? g_strdup (value) : normalize_space (value);
  g_array_append_val (variant->runs, run);
}

/* Trims the white space at both ends. */
void
_awareness_text_variant_finish (AwarenessTextVariant *variant)
{
  if (variant->runs->len > 0)
    {
      AwarenessRun *first = &g_array_index (variant->runs, AwarenessRun, 0);
      AwarenessRun *last = &g_array_index (variant->runs, AwarenessRun, variant->runs->len - 1);

      if (first->kind != AWARENESS_RUN_CLAUSE_REF)
        g_strchug (first->value);
      if (last->kind != AWARENESS_RUN_CLAUSE_REF)
        g_strchomp (last->value);
    }
}

/* Renders each text of @texts; returns a NULL-terminated array. */
char **
_awareness_text_render_all (GPtrArray          *texts,
                            const char         *lang,
                            AwarenessTextFormat format,
                            AwarenessPolicy    *policy)
{
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; texts != NULL && i < texts->len; i++)
    g_ptr_array_add (result, _awareness_text_render (g_ptr_array_index (texts, i),
                                                     lang, format, policy));
  g_ptr_array_add (result, NULL);
  return (char **) g_ptr_array_free (result, FALSE);
}
