/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Safe reading of content documents.
 *
 * Content comes from authors and, through packages, from the network, so
 * the reader treats every file as hostile: the size is bounded before the
 * file is read, the bytes must be UTF-8, and the parser never loads a DTD,
 * never touches the network and never expands an entity.  A document type
 * declaration is refused outright the moment the parser meets it, so no
 * entity declared in it is ever parsed, let alone expanded.  Nesting is
 * bounded.  Every problem is reported with the file, line and column.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

#include "awareness-private.h"
#include "awareness-resources.h"

typedef struct {
  AwarenessXmlFile *file;
  gboolean          refused;
} ParseState;

static xmlParserInputPtr
refuse_external_entity (const char       *url,
                        const char       *id,
                        xmlParserCtxtPtr  ctxt)
{
  /* Nothing outside the document is ever loaded: no DTD, no entity, no
   * XInclude, whatever the document or a schema asks for. */
  return NULL;
}

static xmlRelaxNGPtr
get_schema (void)
{
  static gsize initialized = 0;
  static xmlRelaxNGPtr schema = NULL;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GBytes) bytes = NULL;
      xmlRelaxNGParserCtxtPtr pctxt;
      gsize size = 0;
      const char *data;

      xmlInitParser ();
      xmlSetExternalEntityLoader (refuse_external_entity);

      /* Looked up in our own resource: a static library's resource
       * constructor may not be linked in. */
      bytes = g_resource_lookup_data (awareness_get_resource (),
                                      "/org/example/Awareness/schema/awareness.rng",
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      g_assert (bytes != NULL);
      data = g_bytes_get_data (bytes, &size);
      pctxt = xmlRelaxNGNewMemParserCtxt (data, (int) size);
      schema = xmlRelaxNGParse (pctxt);
      xmlRelaxNGFreeParserCtxt (pctxt);
      /* The schema is compiled into the library: failing to parse it is a
       * programming error, caught by every test. */
      g_assert (schema != NULL);

      g_once_init_leave (&initialized, 1);
    }

  return schema;
}

void
_awareness_xml_file_position (AwarenessXmlFile *self,
                              gsize             offset,
                              guint            *line,
                              guint            *column)
{
  guint lo, hi;
  gsize start;

  if (self->line_starts == NULL)
    {
      gsize zero = 0;

      self->line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_array_append_val (self->line_starts, zero);
      for (gsize i = 0; i < self->length; i++)
        if (self->data[i] == '\n')
          {
            gsize next = i + 1;
            g_array_append_val (self->line_starts, next);
          }
    }

  offset = MIN (offset, self->length);

  /* The last line start at or before offset. */
  lo = 0;
  hi = self->line_starts->len;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->line_starts, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }

  start = g_array_index (self->line_starts, gsize, lo);
  *line = lo + 1;
  *column = (guint) g_utf8_strlen (self->data + start, (gssize) (offset - start)) + 1;
}

static void
add_problem (AwarenessXmlFile     *self,
             AwarenessSeverity     severity,
             AwarenessContentError code,
             guint                 line,
             guint                 column,
             const char           *message)
{
  AwarenessProblem *last = NULL;

  if (self->problems->len > self->first_problem)
    last = g_ptr_array_index (self->problems, self->problems->len - 1);

  /* libxml2's schema validator sometimes says the same thing twice. */
  if (last != NULL &&
      awareness_problem_get_line (last) == line &&
      awareness_problem_get_column (last) == column &&
      g_strcmp0 (awareness_problem_get_message (last), message) == 0)
    return;

  if (severity == AWARENESS_SEVERITY_ERROR)
    self->n_errors++;

  g_ptr_array_add (self->problems,
                   _awareness_problem_new (severity, code, self->path, line, column, message));
}

void
_awareness_xml_file_report (AwarenessXmlFile     *self,
                            xmlNode              *node,
                            AwarenessSeverity     severity,
                            AwarenessContentError code,
                            const char           *format,
                            ...)
{
  g_autofree char *message = NULL;
  guint line = 0, column = 0;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (node != NULL && node->_private != NULL)
    _awareness_xml_file_position (self, GPOINTER_TO_SIZE (node->_private) - 1, &line, &column);
  else if (node != NULL)
    line = (guint) xmlGetLineNo (node);

  add_problem (self, severity, code, line, column, message);
}

static char *
clean_message (const char *message)
{
  char *copy = g_strdup (message != NULL ? message : "");

  return g_strstrip (copy);
}

/* What a syntax error of libxml2 means, in words an author can read in
 * their language; libxml2's own English follows as the detail. */
static char *
explain_syntax_error (const xmlError *error,
                      const char     *detail)
{
  const char *what;

  switch (error->code)
    {
    case XML_ERR_TAG_NAME_MISMATCH:
      what = _("An end tag does not match the element it closes");
      break;
    case XML_ERR_TAG_NOT_FINISHED:
      what = _("An element is not closed before the end of the file");
      break;
    case XML_ERR_LT_IN_ATTRIBUTE:
      what = _("An attribute value contains “<”: write it as &lt;");
      break;
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
      what = _("An attribute has no value in quotes");
      break;
    case XML_ERR_ATTRIBUTE_NOT_FINISHED:
    case XML_ERR_STRING_NOT_CLOSED:
    case XML_ERR_LITERAL_NOT_FINISHED:
      what = _("A quoted value is not closed");
      break;
    case XML_ERR_ATTRIBUTE_REDEFINED:
      what = _("An element has the same attribute twice");
      break;
    case XML_ERR_GT_REQUIRED:
    case XML_ERR_SPACE_REQUIRED:
      what = _("A tag is not written properly: “>” or a space is missing");
      break;
    case XML_ERR_NAME_REQUIRED:
      what = _("A tag has no name: write “<” in text as &lt;");
      break;
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    case XML_ERR_ENTITYREF_NO_NAME:
      what = _("An “&” in text does not start an entity: write it as &amp;");
      break;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
      what = _("An entity is not defined: only &lt;, &gt;, &amp;, &quot; and &apos; are");
      break;
    case XML_ERR_DOCUMENT_END:
      what = _("There is content after the end of the document element");
      break;
    case XML_ERR_DOCUMENT_EMPTY:
      what = _("The file holds no document element");
      break;
    case XML_ERR_INVALID_CHAR:
      what = _("The file contains a character that XML does not allow");
      break;
    case XML_NS_ERR_UNDEFINED_NAMESPACE:
      what = _("A namespace prefix is not declared");
      break;
    default:
      what = error->level == XML_ERR_WARNING ? _("The XML parser warns about the file")
                                             : _("The file is not well-formed XML");
      break;
    }
  /* Translators: an XML syntax error, then the parser's English detail. */
  return g_strdup_printf (_("%s (libxml2: %s)"), what, detail);
}

static void
parser_error_cb (void        *user_data,
                 xmlErrorPtr  error)
{
  xmlParserCtxtPtr ctxt = user_data;
  ParseState *state = ctxt->_private;
  g_autofree char *message = NULL;
  AwarenessContentError code = AWARENESS_CONTENT_ERROR_MALFORMED;

  if (state->refused)
    return;   /* The refusal was reported; what the stopped parser adds is noise. */

  {
    g_autofree char *detail = clean_message (error->message);

    message = explain_syntax_error (error, detail);
  }

  switch (error->code)
    {
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
    case XML_ERR_ENTITY_LOOP:
    case XML_ERR_ENTITY_BOUNDARY:
    case XML_ERR_EXT_ENTITY_STANDALONE:
      code = AWARENESS_CONTENT_ERROR_FORBIDDEN;
      break;
    default:
      break;
    }

  add_problem (state->file,
               error->level == XML_ERR_WARNING ? AWARENESS_SEVERITY_WARNING
                                               : AWARENESS_SEVERITY_ERROR,
               code, error->line > 0 ? (guint) error->line : 0,
               error->int2 > 0 ? (guint) error->int2 : 0,
               message);
}

static void
refuse_here (xmlParserCtxtPtr      ctxt,
             AwarenessContentError code,
             const char           *message)
{
  ParseState *state = ctxt->_private;
  guint line = 0, column = 0;
  long offset = xmlByteConsumed (ctxt);

  if (state->refused)
    return;

  if (offset >= 0)
    {
      gsize pos = MIN ((gsize) offset, state->file->length);

      /* Point at the start of the offending markup. */
      while (pos > 0 && state->file->data[pos] != '<')
        pos--;
      _awareness_xml_file_position (state->file, pos, &line, &column);
    }
  add_problem (state->file, AWARENESS_SEVERITY_ERROR, code, line, column, message);
  state->refused = TRUE;
  xmlStopParser (ctxt);
}

static void
internal_subset_cb (void          *ctx,
                    const xmlChar *name,
                    const xmlChar *external_id,
                    const xmlChar *system_id)
{
  refuse_here (ctx, AWARENESS_CONTENT_ERROR_FORBIDDEN,
               _("A document type declaration (<!DOCTYPE>) is not allowed: "
                 "content may not use DTDs or entities"));
}

static void
entity_decl_cb (void          *ctx,
                const xmlChar *name,
                int            type,
                const xmlChar *public_id,
                const xmlChar *system_id,
                xmlChar       *content)
{
  refuse_here (ctx, AWARENESS_CONTENT_ERROR_FORBIDDEN,
               _("Entity declarations are not allowed in content"));
}

static void
start_element_cb (void           *ctx,
                  const xmlChar  *localname,
                  const xmlChar  *prefix,
                  const xmlChar  *uri,
                  int             nb_namespaces,
                  const xmlChar **namespaces,
                  int             nb_attributes,
                  int             nb_defaulted,
                  const xmlChar **attributes)
{
  xmlParserCtxtPtr ctxt = ctx;
  ParseState *state = ctxt->_private;
  long offset;

  /* nameNr counts the open ancestors of this element. */
  if (ctxt->nameNr + 1 > AWARENESS_MAX_DEPTH)
    {
      g_autofree char *message =
        g_strdup_printf (_("Elements are nested more than %d levels deep"), AWARENESS_MAX_DEPTH);

      refuse_here (ctxt, AWARENESS_CONTENT_ERROR_TOO_DEEP, message);
      return;
    }

  xmlSAX2StartElementNs (ctx, localname, prefix, uri, nb_namespaces, namespaces,
                         nb_attributes, nb_defaulted, attributes);

  /* Remember where the start tag begins, for messages about this element:
   * the parser stands inside the tag, and a tag holds no '<' of its own. */
  offset = xmlByteConsumed (ctxt);
  if (ctxt->node != NULL && offset >= 0 && (gsize) offset <= state->file->length)
    {
      gsize pos = (gsize) offset;

      while (pos > 0 && state->file->data[pos] != '<')
        pos--;
      ctxt->node->_private = GSIZE_TO_POINTER (pos + 1);
    }
}

static void
schema_error_cb (void        *user_data,
                 xmlErrorPtr  error)
{
  AwarenessXmlFile *self = user_data;
  g_autofree char *message = clean_message (error->message);
  xmlNode *node = error->node;

  if (node != NULL && node->type == XML_ELEMENT_NODE && node->_private != NULL)
    _awareness_xml_file_report (self, node, AWARENESS_SEVERITY_ERROR,
                                AWARENESS_CONTENT_ERROR_SCHEMA, "%s", message);
  else
    add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_SCHEMA,
                 error->line > 0 ? (guint) error->line : 0, 0, message);
}

static gboolean
check_utf8 (AwarenessXmlFile *self)
{
  const char *end = NULL;
  g_autofree char *message = NULL;
  guint line, column;

  if (g_utf8_validate_len (self->data, self->length, &end))
    return TRUE;

  _awareness_xml_file_position (self, (gsize) (end - self->data), &line, &column);
  if (*end == '\0')
    message = g_strdup (_("The file contains a NUL byte; content must be UTF-8 text"));
  else
    message = g_strdup_printf (_("Invalid UTF-8 (byte 0x%02X); content must be encoded in UTF-8"),
                               (guint) (guchar) *end);
  add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_ENCODING,
               line, column, message);
  return FALSE;
}

static void
parse (AwarenessXmlFile *self)
{
  xmlParserCtxtPtr ctxt;
  ParseState state = { self, FALSE };
  xmlRelaxNGValidCtxtPtr vctxt;
  xmlNode *root;

  if (self->length == 0)
    {
      add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_MALFORMED, 1, 1,
                   _("The file is empty"));
      return;
    }

  if (!check_utf8 (self))
    return;

  get_schema ();

  ctxt = xmlCreateMemoryParserCtxt (self->data, (int) self->length);
  if (ctxt == NULL)
    {
      add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_IO, 0, 0,
                   _("Out of memory"));
      return;
    }

  /* No DTD loading, no entity substitution, no network; keep the limits
   * that XML_PARSE_HUGE would lift. */
  xmlCtxtUseOptions (ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
  ctxt->_private = &state;
  ctxt->sax->serror = parser_error_cb;
  ctxt->sax->internalSubset = internal_subset_cb;
  ctxt->sax->externalSubset = internal_subset_cb;
  ctxt->sax->entityDecl = entity_decl_cb;
  ctxt->sax->startElementNs = start_element_cb;
  ctxt->replaceEntities = 0;
  ctxt->loadsubset = 0;
  ctxt->validate = 0;

  xmlParseDocument (ctxt);

  if (ctxt->wellFormed && !state.refused)
    self->doc = g_steal_pointer (&ctxt->myDoc);
  else if (self->n_errors == 0)
    add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_MALFORMED, 0, 0,
                 _("The file is not well-formed XML"));

  g_clear_pointer (&ctxt->myDoc, xmlFreeDoc);
  xmlFreeParserCtxt (ctxt);

  if (self->doc == NULL)
    return;

  if (self->doc->encoding != NULL &&
      g_ascii_strcasecmp ((const char *) self->doc->encoding, "UTF-8") != 0)
    {
      add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_ENCODING, 1, 1,
                   _("The XML declaration names an encoding other than UTF-8"));
      g_clear_pointer (&self->doc, xmlFreeDoc);
      return;
    }

  root = xmlDocGetRootElement (self->doc);
  if (root == NULL || root->ns == NULL ||
      g_strcmp0 ((const char *) root->ns->href, AWARENESS_CONTENT_NS) != 0)
    {
      _awareness_xml_file_report (self, root, AWARENESS_SEVERITY_ERROR,
                                  AWARENESS_CONTENT_ERROR_UNEXPECTED_DOCUMENT,
                                  _("The document element is not in the Awareness "
                                    "content namespace “%s”"), AWARENESS_CONTENT_NS);
      g_clear_pointer (&self->doc, xmlFreeDoc);
      return;
    }

  vctxt = xmlRelaxNGNewValidCtxt (get_schema ());
  xmlRelaxNGSetValidStructuredErrors (vctxt, schema_error_cb, self);
  xmlRelaxNGValidateDoc (vctxt, self->doc);
  xmlRelaxNGFreeValidCtxt (vctxt);
}

static AwarenessXmlFile *
xml_file_new (const char *path,
              GPtrArray  *problems)
{
  AwarenessXmlFile *self = g_new0 (AwarenessXmlFile, 1);

  self->path = g_strdup (path);
  self->problems = problems;
  self->first_problem = problems->len;
  return self;
}

/*
 * Reads and parses @path, appending every problem to @problems.  Returns
 * the file even when it has errors (check n_errors and doc); the document
 * is NULL when the file could not be parsed at all.
 */
AwarenessXmlFile *
_awareness_xml_file_read (const char *path,
                          GPtrArray  *problems)
{
  g_autoptr(AwarenessXmlFile) self = xml_file_new (path, problems);
  struct stat st;
  gsize done = 0;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *message =
        g_strdup_printf (_("Cannot open the file: %s"), g_strerror (saved_errno));

      add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_IO, 0, 0, message);
      return g_steal_pointer (&self);
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_IO, 0, 0,
                   _("Not a regular file"));
      close (fd);
      return g_steal_pointer (&self);
    }

  if (st.st_size > AWARENESS_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) st.st_size);
      g_autofree char *message =
        g_strdup_printf (_("The file is %s bytes; the limit is %d bytes"),
                         size, AWARENESS_MAX_FILE_SIZE);

      add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_TOO_LARGE, 0, 0,
                   message);
      close (fd);
      return g_steal_pointer (&self);
    }

  self->data = g_malloc ((gsize) st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      gssize n = read (fd, self->data + done, (gsize) st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  close (fd);

  if (done != (gsize) st.st_size)
    {
      add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_IO, 0, 0,
                   _("The file changed or could not be read completely"));
      return g_steal_pointer (&self);
    }

  self->data[done] = '\0';
  self->length = done;
  parse (self);

  return g_steal_pointer (&self);
}

/* Like _awareness_xml_file_read() for bytes in memory; @name is for messages. */
AwarenessXmlFile *
_awareness_xml_file_parse (const char *data,
                           gsize       length,
                           const char *name,
                           GPtrArray  *problems)
{
  AwarenessXmlFile *self = xml_file_new (name, problems);

  if (length > AWARENESS_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, length);
      g_autofree char *message =
        g_strdup_printf (_("The file is %s bytes; the limit is %d bytes"),
                         size, AWARENESS_MAX_FILE_SIZE);

      add_problem (self, AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_TOO_LARGE, 0, 0,
                   message);
      return self;
    }

  self->data = g_malloc (length + 1);
  memcpy (self->data, data, length);
  self->data[length] = '\0';
  self->length = length;
  parse (self);

  return self;
}

static int
compare_position (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  AwarenessProblem *pa = *(AwarenessProblem **) a;
  AwarenessProblem *pb = *(AwarenessProblem **) b;
  guint la = awareness_problem_get_line (pa), lb = awareness_problem_get_line (pb);
  guint ca = awareness_problem_get_column (pa), cb = awareness_problem_get_column (pb);

  if (la != lb)
    return la < lb ? -1 : 1;
  if (ca != cb)
    return ca < cb ? -1 : 1;
  return 0;
}

/* Puts this file's problems in the order of their position in the file:
 * schema and semantic checks find them in different passes. */
void
_awareness_xml_file_sort_problems (AwarenessXmlFile *self)
{
  guint n = self->problems->len - self->first_problem;

  if (self->problems->len <= self->first_problem + 1)
    return;

  /* g_qsort_with_data is stable: problems at one place keep their order. */
  g_qsort_with_data (self->problems->pdata + self->first_problem, (gint) n,
                     sizeof (gpointer), compare_position, NULL);
}

void
_awareness_xml_file_free (AwarenessXmlFile *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->doc, xmlFreeDoc);
  g_clear_pointer (&self->line_starts, g_array_unref);
  g_free (self->data);
  g_free (self->path);
  g_free (self);
}
