/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Exhibits: what a question shows the learner before asking about it (an
 * e-mail, a chat message, a post, a screen, a photo described in words).
 * Every field is plain text in each language.  Nothing in an exhibit is
 * markup, and control characters other than a line break or a tab are
 * refused, so that an exhibit cannot drive a terminal or a renderer.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/tree.h>

#include "awareness-exhibit-private.h"

/* One text in its languages: the source first. */
typedef struct {
  char *lang;
  char *value;
} Variant;

typedef GArray Field;  /* Variant */

struct _AwarenessExhibit
{
  gatomicrefcount      ref_count;
  AwarenessExhibitKind kind;
  Field               *from;
  Field               *to;
  Field               *subject;
  Field               *body;
  GPtrArray           *attachments;  /* Field */
};

G_DEFINE_BOXED_TYPE (AwarenessExhibit, awareness_exhibit,
                     awareness_exhibit_ref, awareness_exhibit_unref)

static const char * const kind_names[] = {
  [AWARENESS_EXHIBIT_EMAIL] = "email",
  [AWARENESS_EXHIBIT_CHAT] = "chat",
  [AWARENESS_EXHIBIT_POST] = "post",
  [AWARENESS_EXHIBIT_SCREEN] = "screen",
  [AWARENESS_EXHIBIT_PHOTO] = "photo",
};

static void
clear_variant (gpointer data)
{
  Variant *variant = data;

  g_free (variant->lang);
  g_free (variant->value);
}

static Field *
field_new (void)
{
  Field *field = g_array_new (FALSE, TRUE, sizeof (Variant));

  g_array_set_clear_func (field, clear_variant);
  return field;
}

static void
field_free (gpointer field)
{
  if (field != NULL)
    g_array_unref (field);
}

static void
field_add (Field      *field,
           const char *lang,
           char       *value)
{
  Variant variant = { g_strdup (lang), value };

  g_array_append_val (field, variant);
}

/* The text in @lang, else in the source language. */
static const char *
field_get (Field      *field,
           const char *lang)
{
  if (field == NULL || field->len == 0)
    return NULL;

  for (guint i = 0; lang != NULL && i < field->len; i++)
    if (_awareness_lang_matches (g_array_index (field, Variant, i).lang, lang))
      return g_array_index (field, Variant, i).value;

  return g_array_index (field, Variant, 0).value;
}

static AwarenessExhibit *
exhibit_new (AwarenessExhibitKind kind)
{
  AwarenessExhibit *self = g_new0 (AwarenessExhibit, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->attachments = g_ptr_array_new_with_free_func (field_free);
  return self;
}

/**
 * awareness_exhibit_ref:
 * @self: an exhibit
 *
 * Returns: (transfer full): @self
 *
 * Since: 0.2
 */
AwarenessExhibit *
awareness_exhibit_ref (AwarenessExhibit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * awareness_exhibit_unref:
 * @self: (transfer full): an exhibit
 *
 * Drops a reference, freeing the exhibit with the last.
 *
 * Since: 0.2
 */
void
awareness_exhibit_unref (AwarenessExhibit *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  field_free (self->from);
  field_free (self->to);
  field_free (self->subject);
  field_free (self->body);
  g_ptr_array_unref (self->attachments);
  g_free (self);
}

/**
 * awareness_exhibit_get_kind:
 * @self: an exhibit
 *
 * Returns: what the exhibit shows
 *
 * Since: 0.2
 */
AwarenessExhibitKind
awareness_exhibit_get_kind (AwarenessExhibit *self)
{
  g_return_val_if_fail (self != NULL, AWARENESS_EXHIBIT_EMAIL);

  return self->kind;
}

/**
 * awareness_exhibit_get_from:
 * @self: an exhibit
 * @lang: (nullable): the wanted language
 *
 * Returns: (transfer none) (nullable): the sender, as the exhibit shows it, in @lang or
 *   else in the source language; `NULL` if the exhibit names none
 *
 * Since: 0.2
 */
const char *
awareness_exhibit_get_from (AwarenessExhibit *self,
                            const char       *lang)
{
  g_return_val_if_fail (self != NULL, NULL);

  return field_get (self->from, lang);
}

/**
 * awareness_exhibit_get_to:
 * @self: an exhibit
 * @lang: (nullable): the wanted language
 *
 * Returns: (transfer none) (nullable): the recipient, or `NULL` if the exhibit names none
 *
 * Since: 0.2
 */
const char *
awareness_exhibit_get_to (AwarenessExhibit *self,
                          const char       *lang)
{
  g_return_val_if_fail (self != NULL, NULL);

  return field_get (self->to, lang);
}

/**
 * awareness_exhibit_get_subject:
 * @self: an exhibit
 * @lang: (nullable): the wanted language
 *
 * Returns: (transfer none) (nullable): the subject line, or `NULL` if there is none
 *
 * Since: 0.2
 */
const char *
awareness_exhibit_get_subject (AwarenessExhibit *self,
                               const char       *lang)
{
  g_return_val_if_fail (self != NULL, NULL);

  return field_get (self->subject, lang);
}

/**
 * awareness_exhibit_get_body:
 * @self: an exhibit
 * @lang: (nullable): the wanted language
 *
 * The body keeps the line breaks of the content, without the indentation
 * common to its lines and without blank lines at either end.
 *
 * Returns: (transfer none): the body: the message, the post, what the screen says or what
 *   the photo shows
 *
 * Since: 0.2
 */
const char *
awareness_exhibit_get_body (AwarenessExhibit *self,
                            const char       *lang)
{
  const char *body;

  g_return_val_if_fail (self != NULL, NULL);

  body = field_get (self->body, lang);
  return body != NULL ? body : "";
}

/**
 * awareness_exhibit_get_n_attachments:
 * @self: an exhibit
 *
 * Returns: how many attachments the exhibit names
 *
 * Since: 0.2
 */
guint
awareness_exhibit_get_n_attachments (AwarenessExhibit *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->attachments->len;
}

/**
 * awareness_exhibit_get_attachment:
 * @self: an exhibit
 * @index: the attachment's place, from 0
 * @lang: (nullable): the wanted language
 *
 * Returns: (transfer none): the attachment's name, such as a file name
 *
 * Since: 0.2
 */
const char *
awareness_exhibit_get_attachment (AwarenessExhibit *self,
                                  guint             index,
                                  const char       *lang)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->attachments->len, NULL);

  return field_get (g_ptr_array_index (self->attachments, index), lang);
}

/**
 * awareness_exhibit_kind_to_string:
 * @kind: a kind of exhibit
 *
 * Returns: (transfer none): the kind's name in the content, such as `email`
 *
 * Since: 0.2
 */
const char *
awareness_exhibit_kind_to_string (AwarenessExhibitKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

/**
 * awareness_exhibit_kind_get_title:
 * @kind: a kind of exhibit
 *
 * Returns: (transfer none): a heading for an exhibit of @kind, in the user interface's
 *   language, such as “E-mail”
 *
 * Since: 0.2
 */
const char *
awareness_exhibit_kind_get_title (AwarenessExhibitKind kind)
{
  switch (kind)
    {
    case AWARENESS_EXHIBIT_EMAIL:
      return _("E-mail");
    case AWARENESS_EXHIBIT_CHAT:
      return _("Chat");
    case AWARENESS_EXHIBIT_POST:
      return _("Social media post");
    case AWARENESS_EXHIBIT_SCREEN:
      return _("On the screen");
    case AWARENESS_EXHIBIT_PHOTO:
      return _("Photo, described");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Building from content */

static gboolean
is_content_element (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         strcmp ((const char *) node->ns->href, AWARENESS_CONTENT_NS) == 0;
}

/* Strips the indentation common to the lines, blank lines at both ends
 * and spaces at the ends of lines; keeps the line breaks. */
char *
_awareness_exhibit_normalize_body (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint first = 0, last, indent = G_MAXUINT;
  GString *s = g_string_new (NULL);

  last = g_strv_length (lines);
  for (guint i = 0; lines[i] != NULL; i++)
    g_strchomp (lines[i]);
  while (first < last && lines[first][0] == '\0')
    first++;
  while (last > first && lines[last - 1][0] == '\0')
    last--;

  for (guint i = first; i < last; i++)
    {
      guint n = 0;

      if (lines[i][0] == '\0')
        continue;
      while (lines[i][n] == ' ' || lines[i][n] == '\t')
        n++;
      indent = MIN (indent, n);
    }

  for (guint i = first; i < last; i++)
    {
      if (i > first)
        g_string_append_c (s, '\n');
      if (lines[i][0] != '\0')
        g_string_append (s, lines[i] + indent);
    }

  return g_string_free (s, FALSE);
}

/* One line: white space, line breaks included, collapsed to one space. */
static char *
normalize_line (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n", -1);
  GString *s = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (s->len > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, words[i]);
    }

  return g_string_free (s, FALSE);
}

/* Refuses C0 and C1 control characters other than a line break or a tab,
 * reporting the first; returns the text with each of them replaced by
 * U+FFFD, so that nothing that could drive a terminal is ever shown. */
static char *
check_controls (AwarenessXmlFile *file,
                xmlNode          *node,
                const char       *text)
{
  GString *s = g_string_new (NULL);
  gboolean reported = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n' || c == '\t' || g_unichar_type (c) != G_UNICODE_CONTROL)
        {
          g_string_append_unichar (s, c);
          continue;
        }

      g_string_append_unichar (s, 0xFFFD);
      if (!reported)
        _awareness_xml_file_report (file, node, AWARENESS_SEVERITY_ERROR,
                                    AWARENESS_CONTENT_ERROR_FORBIDDEN,
                                    _("<%s> contains the control character U+%04X: an exhibit "
                                      "is plain text, with line breaks and tabs only"),
                                    (const char *) node->name, c);
      reported = TRUE;
    }

  return g_string_free (s, FALSE);
}

static char *
get_own_lang (xmlNode *node)
{
  xmlChar *value = xmlGetNsProp (node, (const xmlChar *) "lang", XML_XML_NAMESPACE);
  char *lang = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return lang;
}

static void
check_languages (AwarenessXmlFile *file,
                 xmlNode          *node,
                 Field            *field)
{
  static const char * const wanted[] = { "ja", "en" };

  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      gboolean found = FALSE;

      for (guint v = 0; v < field->len; v++)
        found |= _awareness_lang_matches (g_array_index (field, Variant, v).lang, wanted[i]);
      if (!found)
        _awareness_xml_file_report (file, node, AWARENESS_SEVERITY_WARNING,
                                    AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION,
                                    strcmp (wanted[i], "en") == 0
                                    ? _("<%s> of the exhibit has no English translation "
                                        "(a following <%s xml:lang=\"en\">)")
                                    : _("<%s> of the exhibit has no Japanese text"),
                                    (const char *) node->name, (const char *) node->name);
    }
}

/**
 * _awareness_exhibit_load:
 * @file: the file being loaded
 * @node: an `<exhibit>` element
 * @lang: the document's language
 *
 * Builds an exhibit, reporting control characters and missing translations
 * to @file.  Tolerant, like the rest of the loader: a document that failed
 * schema validation still gives an exhibit.
 *
 * Returns: (transfer full): the exhibit
 */
AwarenessExhibit *
_awareness_exhibit_load (AwarenessXmlFile *file,
                         xmlNode          *node,
                         const char       *lang)
{
  g_autofree char *kind = NULL;
  AwarenessExhibit *self;
  Field *current = NULL;
  xmlNode *current_node = NULL;
  const char *current_name = NULL;
  guint k;

  kind = (char *) xmlGetNoNsProp (node, (const xmlChar *) "kind");
  for (k = 0; k < G_N_ELEMENTS (kind_names); k++)
    if (g_strcmp0 (kind, kind_names[k]) == 0)
      break;
  self = exhibit_new (k < G_N_ELEMENTS (kind_names) ? (AwarenessExhibitKind) k
                                                     : AWARENESS_EXHIBIT_SCREEN);

  for (xmlNode *child = node->children; ; child = child->next)
    {
      g_autofree char *own_lang = NULL;
      g_autofree char *raw = NULL;
      const char *name;
      char *value;

      if (child != NULL && !is_content_element (child))
        continue;

      own_lang = child != NULL ? get_own_lang (child) : NULL;
      name = child != NULL ? (const char *) child->name : NULL;

      /* A new field begins: the one before is complete. */
      if (child == NULL || own_lang == NULL || g_strcmp0 (name, current_name) != 0)
        {
          if (current != NULL)
            check_languages (file, current_node, current);
          current = NULL;
        }
      if (child == NULL)
        break;

      {
        xmlChar *content = xmlNodeGetContent (child);

        raw = check_controls (file, child, content != NULL ? (const char *) content : "");
        xmlFree (content);
      }

      value = strcmp (name, "body") == 0 ? _awareness_exhibit_normalize_body (raw)
                                         : normalize_line (raw);
      if (current == NULL)
        {
          Field **slot = NULL;

          current = field_new ();
          current_node = child;
          current_name = name;
          if (strcmp (name, "from") == 0)
            slot = &self->from;
          else if (strcmp (name, "to") == 0)
            slot = &self->to;
          else if (strcmp (name, "subject") == 0)
            slot = &self->subject;
          else if (strcmp (name, "body") == 0)
            slot = &self->body;

          if (slot != NULL && *slot == NULL)
            *slot = current;
          else if (strcmp (name, "attachment") == 0)
            g_ptr_array_add (self->attachments, current);
          else
            {
              /* Reported by the schema; not kept. */
              field_free (current);
              current = NULL;
              g_free (value);
              continue;
            }
        }
      field_add (current, own_lang != NULL ? own_lang : lang, value);
    }

  if (self->body == NULL)
    _awareness_xml_file_report (file, node, AWARENESS_SEVERITY_ERROR,
                                AWARENESS_CONTENT_ERROR_SCHEMA,
                                _("The exhibit has no <body>: every exhibit shows a text"));

  return self;
}

/* JSON, for the presentation recorded with an attempt */

static void
build_field (JsonBuilder *builder,
             Field       *field)
{
  static const char * const langs[] = { "ja", "en" };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      const char *value = field_get (field, langs[i]);

      json_builder_set_member_name (builder, langs[i]);
      json_builder_add_string_value (builder, value != NULL ? value : "");
    }
  json_builder_end_object (builder);
}

/**
 * awareness_exhibit_build_json:
 * @self: an exhibit
 * @builder: a builder inside an object
 *
 * Adds the exhibit to @builder as the member `exhibit`: its kind, and each
 * field as an object of its Japanese and English texts, as the
 * presentation recorded with an attempt keeps it.
 *
 * Since: 0.2
 */
void
awareness_exhibit_build_json (AwarenessExhibit *self,
                              JsonBuilder      *builder)
{
  struct { const char *name; Field *field; } headers[] = {
    { "from", self->from }, { "to", self->to }, { "subject", self->subject },
    { "body", self->body },
  };

  g_return_if_fail (self != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "exhibit");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_names[self->kind]);
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    if (headers[i].field != NULL)
      {
        json_builder_set_member_name (builder, headers[i].name);
        build_field (builder, headers[i].field);
      }
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->attachments->len; i++)
    build_field (builder, g_ptr_array_index (self->attachments, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static Field *
field_from_json (JsonNode *node)
{
  static const char * const langs[] = { "ja", "en" };
  JsonObject *object;
  Field *field;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  field = field_new ();
  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      const char *value = json_object_get_string_member_with_default (object, langs[i], "");

      if (value[0] != '\0')
        field_add (field, langs[i], g_strdup (value));
    }
  if (field->len == 0)
    g_clear_pointer (&field, field_free);
  return field;
}

/**
 * awareness_exhibit_new_from_json:
 * @object: the `exhibit` member of a recorded question, as
 *   [method@Exhibit.build_json] wrote it
 *
 * Rebuilds an exhibit as it was shown, for a review of an attempt.
 *
 * Returns: (transfer full) (nullable): the exhibit, or `NULL` if @object
 *   does not describe one
 *
 * Since: 0.2
 */
AwarenessExhibit *
awareness_exhibit_new_from_json (JsonObject *object)
{
  g_autoptr(AwarenessExhibit) self = NULL;
  const char *kind;
  JsonArray *attachments;
  guint k;

  g_return_val_if_fail (object != NULL, NULL);

  kind = json_object_get_string_member_with_default (object, "kind", "");
  for (k = 0; k < G_N_ELEMENTS (kind_names); k++)
    if (strcmp (kind, kind_names[k]) == 0)
      break;
  if (k == G_N_ELEMENTS (kind_names))
    return NULL;

  self = exhibit_new ((AwarenessExhibitKind) k);
  self->from = field_from_json (json_object_get_member (object, "from"));
  self->to = field_from_json (json_object_get_member (object, "to"));
  self->subject = field_from_json (json_object_get_member (object, "subject"));
  self->body = field_from_json (json_object_get_member (object, "body"));
  attachments = json_object_has_member (object, "attachments")
                ? json_object_get_array_member (object, "attachments") : NULL;
  for (guint i = 0; attachments != NULL && i < json_array_get_length (attachments); i++)
    {
      Field *field = field_from_json (json_array_get_element (attachments, i));

      if (field != NULL)
        g_ptr_array_add (self->attachments, field);
    }
  if (self->body == NULL)
    return NULL;

  return g_steal_pointer (&self);
}
