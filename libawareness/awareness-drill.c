/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Phishing-drill templates (標的型攻撃メール訓練) and the messages made
 * from them.
 *
 * A template is content like a module: loaded, validated and cited the
 * same way (the loader is in awareness-loader.c).  This file holds the
 * model's getters and the composition of one drill message for one
 * recipient as the bytes of an RFC 5322 message: encoded-word headers
 * (RFC 2047) for the Japanese sender name and subject, a plain-text body
 * in UTF-8 with the link, and optionally an HTML alternative made from the
 * same text.  Sending the bytes is the server's business.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "awareness-private.h"

/**
 * AwarenessDrill:
 *
 * A phishing-drill template: the sender's display name, the subject and
 * the plain-text body of a harmless message with a `{link}` placeholder,
 * the signs a careful reader could spot, what to do next time, the
 * clauses of the policy it relates to and the follow-up module assigned
 * to those who click, each text in Japanese and English.
 *
 * Since: 0.2
 */
G_DEFINE_FINAL_TYPE (AwarenessDrill, awareness_drill, G_TYPE_OBJECT)

/* An encoded word holds at most 75 characters (RFC 2047 2.); 42 bytes of
 * UTF-8 make 56 of base64, which with “=?UTF-8?B?” and “?=” and a header
 * name keep a line under 78. */
#define WORD_BYTES     42
#define BASE64_LINE    76

static void
awareness_drill_finalize (GObject *object)
{
  AwarenessDrill *self = (AwarenessDrill *)object;

  g_clear_object (&self->policy);
  g_free (self->id);
  g_free (self->version);
  g_free (self->lang);
  g_free (self->file);
  g_free (self->follow_up);
  g_clear_pointer (&self->source, g_bytes_unref);
  g_strfreev (self->clause_ids);
  g_ptr_array_unref (self->clauses);
  g_clear_pointer (&self->title, _awareness_text_free);
  g_clear_pointer (&self->sender, _awareness_text_free);
  g_clear_pointer (&self->subject, _awareness_text_free);
  g_hash_table_unref (self->bodies);
  g_ptr_array_unref (self->signs);
  g_ptr_array_unref (self->next_time);

  G_OBJECT_CLASS (awareness_drill_parent_class)->finalize (object);
}

static void
awareness_drill_class_init (AwarenessDrillClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_drill_finalize;
}

static void
awareness_drill_init (AwarenessDrill *self)
{
  self->clauses = g_ptr_array_new ();
  self->bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->signs = g_ptr_array_new_with_free_func ((GDestroyNotify) _awareness_text_free);
  self->next_time = g_ptr_array_new_with_free_func ((GDestroyNotify) _awareness_text_free);
}

static AwarenessDrill *
load_checked (AwarenessXmlFile  *file,
              AwarenessPolicy   *policy,
              GPtrArray         *found,
              GPtrArray         *problems,
              GError           **error)
{
  g_autoptr(AwarenessDrill) drill = NULL;

  if (file->doc != NULL)
    {
      xmlNode *root = xmlDocGetRootElement (file->doc);

      if (g_strcmp0 ((const char *) root->name, "drill") == 0)
        drill = _awareness_drill_load (file, policy);
      else
        _awareness_xml_file_report (file, root, AWARENESS_SEVERITY_ERROR,
                                    AWARENESS_CONTENT_ERROR_UNEXPECTED_DOCUMENT,
                                    _("Expected a <%s> document here, found <%s>"),
                                    "drill", (const char *) root->name);
    }

  if (problems != NULL)
    g_ptr_array_extend (problems, found, (GCopyFunc) (void (*) (void)) awareness_problem_ref, NULL);

  for (guint i = 0; i < found->len; i++)
    {
      AwarenessProblem *problem = g_ptr_array_index (found, i);

      if (awareness_problem_get_severity (problem) == AWARENESS_SEVERITY_ERROR)
        {
          g_autofree char *text = awareness_problem_to_string (problem);

          g_set_error_literal (error, AWARENESS_CONTENT_ERROR,
                               awareness_problem_get_code (problem), text);
          return NULL;
        }
    }

  return g_steal_pointer (&drill);
}

/**
 * awareness_drill_new_from_data:
 * @data: (array length=length): the bytes of a drill document
 * @length: the number of bytes
 * @name: a name for the data in messages
 * @policy: (nullable): the policy whose clauses the drill cites
 * @problems: (nullable) (element-type AwarenessProblem): where problems are added
 * @error: return location for an error
 *
 * Loads one drill template from memory with every check of a drill file:
 * the text body has the `{link}` placeholder and no markup, every text
 * exists in Japanese and English, and every clause exists in @policy.
 *
 * Returns: (transfer full) (nullable): the drill, or `NULL` with @error set
 *   to the first error, which names the file, line and column
 *
 * Since: 0.2
 */
AwarenessDrill *
awareness_drill_new_from_data (const char       *data,
                               gsize             length,
                               const char       *name,
                               AwarenessPolicy  *policy,
                               GPtrArray        *problems,
                               GError          **error)
{
  g_autoptr(GPtrArray) found =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_problem_unref);
  g_autoptr(AwarenessXmlFile) file = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  file = _awareness_xml_file_parse (data != NULL ? data : "", length, name, found);
  return load_checked (file, policy, found, problems, error);
}

/**
 * awareness_drill_new_for_path:
 * @path: (type filename): a drill file
 * @policy: (nullable): the policy whose clauses the drill cites
 * @problems: (nullable) (element-type AwarenessProblem): where problems are added
 * @error: return location for an error
 *
 * Loads one drill template file, as awareness_drill_new_from_data() does.
 *
 * Returns: (transfer full) (nullable): the drill, or `NULL` with @error set
 *
 * Since: 0.2
 */
AwarenessDrill *
awareness_drill_new_for_path (const char       *path,
                              AwarenessPolicy  *policy,
                              GPtrArray        *problems,
                              GError          **error)
{
  g_autoptr(GPtrArray) found =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_problem_unref);
  g_autoptr(AwarenessXmlFile) file = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = _awareness_xml_file_read (path, found);
  return load_checked (file, policy, found, problems, error);
}

/**
 * awareness_drill_get_id:
 * @self: a drill
 *
 * Returns: (transfer none): the drill's stable id
 *
 * Since: 0.2
 */
const char *
awareness_drill_get_id (AwarenessDrill *self)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return self->id;
}

/**
 * awareness_drill_get_version:
 * @self: a drill
 *
 * Returns: (transfer none): the template's version
 *
 * Since: 0.2
 */
const char *
awareness_drill_get_version (AwarenessDrill *self)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return self->version;
}

/**
 * awareness_drill_get_file:
 * @self: a drill
 *
 * Returns: (transfer none) (type filename): the file the drill was read from
 *
 * Since: 0.2
 */
const char *
awareness_drill_get_file (AwarenessDrill *self)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return self->file;
}

/**
 * awareness_drill_get_follow_up:
 * @self: a drill
 *
 * Returns: (transfer none): the id of the module assigned to those who
 *   open the drill's link
 *
 * Since: 0.2
 */
const char *
awareness_drill_get_follow_up (AwarenessDrill *self)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return self->follow_up;
}

/**
 * awareness_drill_get_clause_ids:
 * @self: a drill
 *
 * Returns: (transfer none) (array zero-terminated=1): the ids of the
 *   clauses the drill relates to
 *
 * Since: 0.2
 */
const char * const *
awareness_drill_get_clause_ids (AwarenessDrill *self)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return (const char * const *) self->clause_ids;
}

/**
 * awareness_drill_get_clauses:
 * @self: a drill
 *
 * Returns: (transfer none) (element-type AwarenessClause): the clauses the
 *   drill relates to; empty when it was loaded without a policy
 *
 * Since: 0.2
 */
GPtrArray *
awareness_drill_get_clauses (AwarenessDrill *self)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return self->clauses;
}

/**
 * awareness_drill_get_title:
 * @self: a drill
 * @lang: a language, such as `ja` or `en`
 *
 * Returns: (transfer none): what the drill is, for administrators
 *
 * Since: 0.2
 */
const char *
awareness_drill_get_title (AwarenessDrill *self,
                           const char     *lang)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return self->title != NULL ? _awareness_text_get_plain (self->title, lang) : NULL;
}

/**
 * awareness_drill_get_sender:
 * @self: a drill
 * @lang: a language, such as `ja` or `en`
 *
 * Returns: (transfer none): the sender's display name in the message
 *
 * Since: 0.2
 */
const char *
awareness_drill_get_sender (AwarenessDrill *self,
                            const char     *lang)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return self->sender != NULL ? _awareness_text_get_plain (self->sender, lang) : NULL;
}

/**
 * awareness_drill_get_subject:
 * @self: a drill
 * @lang: a language, such as `ja` or `en`
 *
 * Returns: (transfer none): the message's subject
 *
 * Since: 0.2
 */
const char *
awareness_drill_get_subject (AwarenessDrill *self,
                             const char     *lang)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return self->subject != NULL ? _awareness_text_get_plain (self->subject, lang) : NULL;
}

static const char *
pick_body (AwarenessDrill *self,
           const char     *lang)
{
  const char *body = lang != NULL ? g_hash_table_lookup (self->bodies, lang) : NULL;

  if (body == NULL)
    body = g_hash_table_lookup (self->bodies, self->lang);
  return body;
}

/**
 * awareness_drill_dup_body:
 * @self: a drill
 * @lang: a language, such as `ja` or `en`
 * @link: (nullable): the link to put in place of `{link}`
 *
 * Returns: (transfer full): the plain-text body, its lines as authored,
 *   with @link in place of each `{link}` (kept when @link is `NULL`)
 *
 * Since: 0.2
 */
char *
awareness_drill_dup_body (AwarenessDrill *self,
                          const char     *lang,
                          const char     *link)
{
  const char *body;
  g_auto(GStrv) pieces = NULL;

  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);

  body = pick_body (self, lang);
  if (body == NULL)
    return g_strdup ("");
  if (link == NULL)
    return g_strdup (body);

  pieces = g_strsplit (body, AWARENESS_DRILL_LINK, -1);
  return g_strjoinv (link, pieces);
}

/**
 * awareness_drill_dup_signs:
 * @self: a drill
 * @lang: a language, such as `ja` or `en`
 * @format: how to render the texts
 *
 * Returns: (transfer full) (array zero-terminated=1): the signs a careful
 *   reader could have spotted in this message
 *
 * Since: 0.2
 */
char **
awareness_drill_dup_signs (AwarenessDrill      *self,
                           const char          *lang,
                           AwarenessTextFormat  format)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return _awareness_text_render_all (self->signs, lang, format, self->policy);
}

/**
 * awareness_drill_dup_next_time:
 * @self: a drill
 * @lang: a language, such as `ja` or `en`
 * @format: how to render the texts
 *
 * Returns: (transfer full) (array zero-terminated=1): what to do next
 *   time, in the policy's words, one paragraph each
 *
 * Since: 0.2
 */
char **
awareness_drill_dup_next_time (AwarenessDrill      *self,
                               const char          *lang,
                               AwarenessTextFormat  format)
{
  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);
  return _awareness_text_render_all (self->next_time, lang, format, self->policy);
}

static gboolean
needs_encoding (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x7f || (guchar) *p < 0x20)
      return TRUE;
  return strstr (text, "=?") != NULL;
}

/**
 * awareness_mail_encode_header_word:
 * @text: UTF-8 text for a header: a subject or a display name
 *
 * Encodes @text as RFC 2047 encoded words (`=?UTF-8?B?…?=`), each of at
 * most 42 bytes of UTF-8 and never splitting a character, separated by a
 * folding white space (CRLF and a space).  Printable ASCII is returned as
 * it is.
 *
 * Returns: (transfer full): the header value
 *
 * Since: 0.2
 */
char *
awareness_mail_encode_header_word (const char *text)
{
  GString *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  if (!needs_encoding (text))
    return g_strdup (text);

  out = g_string_new (NULL);
  p = text;
  while (*p != '\0')
    {
      const char *end = p;
      g_autofree char *encoded = NULL;

      /* Whole characters, up to WORD_BYTES bytes. */
      while (*end != '\0')
        {
          const char *next = g_utf8_next_char (end);

          if (next - p > WORD_BYTES)
            break;
          end = next;
        }
      if (end == p)
        end = g_utf8_next_char (p);

      encoded = g_base64_encode ((const guchar *) p, (gsize) (end - p));
      if (out->len > 0)
        g_string_append (out, "\r\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", encoded);
      p = end;
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_header_safe (const char *text)
{
  return text != NULL && text[0] != '\0' && strpbrk (text, "\r\n") == NULL;
}

static gboolean
is_address (const char *address)
{
  const char *at;

  if (!is_header_safe (address) || strpbrk (address, " \t<>\"(),;:\\[]") != NULL)
    return FALSE;
  at = strchr (address, '@');
  return at != NULL && at != address && at[1] != '\0' && strchr (at + 1, '@') == NULL;
}

/* The date of RFC 5322 3.3, in English whatever the locale. */
static char *
format_date (GDateTime *date)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  };
  gint64 offset = g_date_time_get_utc_offset (date) / G_TIME_SPAN_MINUTE;
  gint64 magnitude = ABS (offset);

  return g_strdup_printf ("%s, %d %s %d %02d:%02d:%02d %c%02d%02d",
                          days[g_date_time_get_day_of_week (date) - 1],
                          g_date_time_get_day_of_month (date),
                          months[g_date_time_get_month (date) - 1],
                          g_date_time_get_year (date),
                          g_date_time_get_hour (date), g_date_time_get_minute (date),
                          g_date_time_get_second (date), offset < 0 ? '-' : '+',
                          (int) (magnitude / 60), (int) (magnitude % 60));
}

/* LF line ends become CRLF, as SMTP carries them. */
static char *
to_crlf (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strjoinv ("\r\n", lines);
}

static void
append_base64_part (GString    *out,
                    const char *content_type,
                    const char *text)
{
  g_autofree char *crlf = to_crlf (text);
  g_autofree char *encoded = g_base64_encode ((const guchar *) crlf, strlen (crlf));
  gsize length = strlen (encoded);

  g_string_append_printf (out, "Content-Type: %s; charset=UTF-8\r\n"
                               "Content-Transfer-Encoding: base64\r\n\r\n", content_type);
  for (gsize i = 0; i < length; i += BASE64_LINE)
    {
      g_string_append_len (out, encoded + i, (gssize) MIN (BASE64_LINE, length - i));
      g_string_append (out, "\r\n");
    }
}

/* The HTML alternative: the same text, escaped, its paragraphs kept, the
 * link a link.  No image, no script, nothing loaded from elsewhere. */
static char *
make_html (AwarenessDrill *self,
           const char     *lang,
           const char     *link)
{
  g_autofree char *body = awareness_drill_dup_body (self, lang, NULL);
  g_autofree char *escaped_link = g_markup_escape_text (link, -1);
  g_autofree char *anchor =
      g_strdup_printf ("<a href=\"%s\">%s</a>", escaped_link, escaped_link);
  g_auto(GStrv) paragraphs = g_strsplit (body, "\n\n", -1);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>"
                               "<meta charset=\"utf-8\"></head>\n<body>\n",
                          _awareness_lang_matches (lang, "en") ? "en" : "ja");
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *escaped = NULL;
      g_auto(GStrv) pieces = NULL;
      g_auto(GStrv) lines = NULL;
      g_autofree char *linked = NULL;

      if (g_strstrip (paragraphs[i])[0] == '\0')
        continue;
      escaped = g_markup_escape_text (paragraphs[i], -1);
      pieces = g_strsplit (escaped, AWARENESS_DRILL_LINK, -1);
      linked = g_strjoinv (anchor, pieces);
      lines = g_strsplit (linked, "\n", -1);
      g_string_append (out, "<p>");
      for (guint j = 0; lines[j] != NULL; j++)
        g_string_append_printf (out, "%s%s", j > 0 ? "<br>\n" : "", lines[j]);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "</body>\n</html>\n");
  return g_string_free (out, FALSE);
}

/**
 * awareness_drill_compose_message:
 * @self: a drill
 * @lang: the recipient's language, such as `ja` or `en`
 * @from_address: the envelope and header sender's address
 * @to_address: the recipient's address
 * @link: the recipient's own link to the landing page
 * @token: the recipient's token, carried in the [const@DRILL_HEADER] header
 * @date: (nullable): the message's date; now when `NULL`
 * @with_html: whether to add an HTML alternative to the text body
 * @error: return location for an error
 *
 * Composes the drill message for one recipient: `From` with the
 * template's display name, `To`, an RFC 2047 encoded `Subject`, `Date`,
 * `Message-ID`, the token header, and the text body in UTF-8 with @link in
 * place of `{link}`; with @with_html, a `multipart/alternative` with an
 * HTML part made from the same text.  Lines end with CRLF.
 *
 * Returns: (transfer full) (nullable): the message's bytes, or `NULL` with
 *   @error set (`G_IO_ERROR_INVALID_ARGUMENT`) when an address, the link or
 *   the token cannot be put in a header
 *
 * Since: 0.2
 */
GBytes *
awareness_drill_compose_message (AwarenessDrill  *self,
                                 const char      *lang,
                                 const char      *from_address,
                                 const char      *to_address,
                                 const char      *link,
                                 const char      *token,
                                 GDateTime       *date,
                                 gboolean         with_html,
                                 GError         **error)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *body = NULL;
  const char *name;
  const char *domain;
  GString *out;

  g_return_val_if_fail (AWARENESS_IS_DRILL (self), NULL);

  if (!is_address (from_address) || !is_address (to_address))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an e-mail address a drill can use"),
                   is_address (from_address) ? (to_address != NULL ? to_address : "")
                                             : (from_address != NULL ? from_address : ""));
      return NULL;
    }
  if (!is_header_safe (link) || strpbrk (link, " \t<>\"") != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The drill's link is empty or contains a space or a line break"));
      return NULL;
    }
  if (!is_header_safe (token) || strpbrk (token, " \t") != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The drill's token is empty or contains white space"));
      return NULL;
    }

  if (date == NULL)
    date = now = g_date_time_new_now_local ();

  name = awareness_drill_get_sender (self, lang);
  if (name != NULL && needs_encoding (name))
    {
      g_autofree char *encoded = awareness_mail_encode_header_word (name);

      sender = g_strdup_printf ("%s <%s>", encoded, from_address);
    }
  else if (name != NULL)
    {
      GString *quoted = g_string_new ("\"");

      for (const char *p = name; *p != '\0'; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (quoted, '\\');
          g_string_append_c (quoted, *p);
        }
      g_string_append_printf (quoted, "\" <%s>", from_address);
      sender = g_string_free (quoted, FALSE);
    }
  else
    sender = g_strdup (from_address);

  subject = awareness_mail_encode_header_word (awareness_drill_get_subject (self, lang));
  date_text = format_date (date);
  domain = strchr (from_address, '@') + 1;
  {
    g_autofree char *uuid = g_uuid_string_random ();

    message_id = g_strdup_printf ("<%s@%s>", uuid, domain);
  }

  out = g_string_new (NULL);
  g_string_append_printf (out, "From: %s\r\nTo: <%s>\r\nSubject: %s\r\nDate: %s\r\n"
                               "Message-ID: %s\r\n%s: %s\r\nMIME-Version: 1.0\r\n",
                          sender, to_address, subject, date_text, message_id,
                          AWARENESS_DRILL_HEADER, token);

  body = awareness_drill_dup_body (self, lang, link);
  if (!with_html)
    append_base64_part (out, "text/plain", body);
  else
    {
      g_autofree char *html = make_html (self, lang, link);
      g_autofree char *boundary = g_uuid_string_random ();

      g_string_append_printf (out, "Content-Type: multipart/alternative; "
                                   "boundary=\"=_%s\"\r\n\r\n", boundary);
      g_string_append_printf (out, "--=_%s\r\n", boundary);
      append_base64_part (out, "text/plain", body);
      g_string_append_printf (out, "--=_%s\r\n", boundary);
      append_base64_part (out, "text/html", html);
      g_string_append_printf (out, "--=_%s--\r\n", boundary);
    }

  return g_string_free_to_bytes (out);
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_';
}

/**
 * awareness_drill_find_token:
 * @pasted: what a member of staff pasted: a message's headers, or its
 *   whole source
 *
 * Finds the [const@DRILL_HEADER] header in @pasted, whatever the case of
 * its name and however the mail program folded it.
 *
 * Returns: (transfer full) (nullable): the drill token, or `NULL` when
 *   @pasted holds none (a subject alone, for instance)
 *
 * Since: 0.2
 */
char *
awareness_drill_find_token (const char *pasted)
{
  gsize name_length = strlen (AWARENESS_DRILL_HEADER);

  g_return_val_if_fail (pasted != NULL, NULL);

  for (const char *line = pasted; line != NULL && *line != '\0';)
    {
      const char *p = line;
      const char *end;

      while (*p == ' ' || *p == '\t' || *p == '>')
        p++;
      if (g_ascii_strncasecmp (p, AWARENESS_DRILL_HEADER, name_length) == 0)
        {
          p += name_length;
          while (*p == ' ' || *p == '\t')
            p++;
          if (*p == ':')
            {
              p++;
              while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
                p++;
              end = p;
              while (is_token_char (*end))
                end++;
              if (end - p >= 22 && end - p <= 128)
                return g_strndup (p, (gsize) (end - p));
            }
        }
      line = strchr (line, '\n');
      if (line != NULL)
        line++;
    }

  return NULL;
}

/**
 * awareness_drill_parse_report:
 * @pasted: what a member of staff pasted to report a suspicious e-mail:
 *   its headers, its whole source, or its subject alone
 * @token: (out) (transfer full) (nullable): the drill token it holds
 * @subject: (out) (transfer full) (nullable): else its subject: that of
 *   a `Subject:` header, or the pasted text itself
 *
 * Reads what is to be reported, as `awareness report-mail` and the app
 * do: the drill token when the headers carry one, else the subject.
 *
 * Returns: `FALSE` when @pasted holds nothing to report (blank)
 *
 * Since: 0.2
 */
gboolean
awareness_drill_parse_report (const char  *pasted,
                              char       **token,
                              char       **subject)
{
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (pasted != NULL, FALSE);
  g_return_val_if_fail (token != NULL && subject != NULL, FALSE);

  *subject = NULL;
  *token = awareness_drill_find_token (pasted);
  if (*token != NULL)
    return TRUE;

  /* A subject alone, or a Subject: header without a token. */
  lines = g_strsplit (pasted, "\n", -1);
  for (guint i = 0; lines[i] != NULL && *subject == NULL; i++)
    if (g_ascii_strncasecmp (g_strstrip (lines[i]), "subject:", 8) == 0)
      *subject = g_strstrip (g_strdup (lines[i] + 8));
  if (*subject == NULL)
    *subject = g_strstrip (g_strdup (pasted));
  if ((*subject)[0] == '\0')
    {
      g_clear_pointer (subject, g_free);
      return FALSE;
    }
  return TRUE;
}

/**
 * awareness_drill_report:
 * @client: a connection to the server
 * @token: (nullable): the drill token of the message reported
 * @subject: (nullable): else its subject
 * @drill: (out): whether the server recognised a drill message, whose
 *   report it has recorded
 * @error: return location for a #GError
 *
 * Reports a suspicious e-mail to the server, by the token or the subject
 * that awareness_drill_parse_report() found.  A drill message reported
 * before its link was followed counts as reported in the drill's results;
 * any other message is for the City's own reporting route.
 *
 * Returns: `TRUE` when the server answered; `FALSE` with @error when it
 *   could not be reached or refused the report
 *
 * Since: 0.2
 */
gboolean
awareness_drill_report (AwarenessClient  *client,
                        const char       *token,
                        const char       *subject,
                        gboolean         *drill,
                        GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(AwarenessResponse) response = { 0 };
  g_autofree char *body = NULL;

  g_return_val_if_fail (client != NULL, FALSE);
  g_return_val_if_fail (token != NULL || subject != NULL, FALSE);
  g_return_val_if_fail (drill != NULL, FALSE);

  *drill = FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, token != NULL ? "token" : "subject");
  json_builder_add_string_value (builder, token != NULL ? token : subject);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, NULL);

  if (!awareness_client_request (client, "POST", "../drill-reports", body, &response, NULL,
                                 error))
    return FALSE;
  if (response.status != 200)
    {
      g_autofree char *message = awareness_response_message (&response);

      /* Translators: “the server refused: No such account (HTTP 403)”. */
      g_set_error (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                   _("the server refused: %s (HTTP %u)"), message, response.status);
      return FALSE;
    }
  if (!awareness_json_parser_load (parser, response.body, (gssize) response.length, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, AWARENESS_CLIENT_ERROR, AWARENESS_CLIENT_ERROR_FAILED,
                           _("The server's answer to the report is not a JSON object"));
      return FALSE;
    }
  *drill = json_object_get_boolean_member_with_default (
    json_node_get_object (json_parser_get_root (parser)), "drill", FALSE);
  return TRUE;
}
