/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Building the content model from parsed documents, with the semantic
 * checks that the schema cannot express.  The builders are tolerant: they
 * also run on documents that failed schema validation, so that one run of
 * `awareness validate` reports every problem of a file.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/tree.h>

#include "awareness-draw-private.h"
#include "awareness-exhibit-private.h"

typedef struct {
  AwarenessXmlFile *file;
  const char       *lang;      /* the document's source language */
  AwarenessPolicy  *policy;    /* for citations; may be NULL */
  GPtrArray        *citations; /* Citation */
  gboolean          strict;    /* a missing language is an error, not a warning */
} Loader;

typedef struct {
  xmlNode *node;
  char    *clause;
} Citation;

/* A child element, with its translations when it is a text. */
typedef struct {
  xmlNode       *node;
  const char    *name;
  AwarenessText *text;
} Group;

static const char * const text_elements[] = {
  "title", "label", "summary", "issued", "p", "item", "prompt", "explanation", "text", "guidance",
  "sender", "subject", "sign", "next-time", NULL,
};

/* Every text should exist in these languages. */
static const char * const required_languages[] = { "ja", "en", NULL };

static void
citation_free (gpointer data)
{
  Citation *citation = data;

  g_free (citation->clause);
  g_free (citation);
}

static void
group_free (gpointer data)
{
  Group *group = data;

  g_clear_pointer (&group->text, _awareness_text_free);
  g_free (group);
}

static gboolean
is_ours (xmlNode *node)
{
  return node->type == XML_ELEMENT_NODE && node->ns != NULL &&
         strcmp ((const char *) node->ns->href, AWARENESS_CONTENT_NS) == 0;
}

static gboolean
is_named (xmlNode    *node,
          const char *name)
{
  return is_ours (node) && strcmp ((const char *) node->name, name) == 0;
}

static char *
get_attr (xmlNode    *node,
          const char *name)
{
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
  char *result = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return result;
}

/* The value of an attribute without copying it: content attributes are
 * single text nodes, since the loader refuses entities. */
static const char *
peek_attr (xmlAttr *attr)
{
  if (attr == NULL || attr->children == NULL || attr->children->next != NULL ||
      attr->children->type != XML_TEXT_NODE)
    return NULL;
  return (const char *) attr->children->content;
}

static char *
get_own_lang (xmlNode *node)
{
  xmlAttr *attr;

  for (attr = node->properties; attr != NULL; attr = attr->next)
    if (attr->ns != NULL && strcmp ((const char *) attr->name, "lang") == 0 &&
        strcmp ((const char *) attr->ns->href, (const char *) XML_XML_NAMESPACE) == 0)
      return g_strdup (peek_attr (attr));

  return NULL;
}

static gboolean
get_bool_attr (xmlNode    *node,
               const char *name,
               gboolean    fallback)
{
  g_autofree char *value = get_attr (node, name);

  if (value == NULL)
    return fallback;
  return g_strcmp0 (g_strstrip (value), "true") == 0;
}

static void
cite (Loader     *loader,
      xmlNode    *node,
      const char *clause)
{
  Citation *citation = g_new0 (Citation, 1);

  citation->node = node;
  citation->clause = g_strdup (clause);
  g_ptr_array_add (loader->citations, citation);
}

static void
read_inline (Loader        *loader,
             xmlNode       *element,
             AwarenessText *text,
             const char    *lang)
{
  AwarenessTextVariant *variant = _awareness_text_add_variant (text, lang);

  for (xmlNode *child = element->children; child != NULL; child = child->next)
    {
      if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE)
        _awareness_text_variant_append (variant, AWARENESS_RUN_TEXT, (const char *) child->content);
      else if (is_named (child, "em"))
        {
          xmlChar *content = xmlNodeGetContent (child);

          _awareness_text_variant_append (variant, AWARENESS_RUN_EM,
                                          content != NULL ? (const char *) content : "");
          xmlFree (content);
        }
      else if (is_named (child, "clause-ref"))
        {
          g_autofree char *clause = get_attr (child, "clause");

          if (clause != NULL)
            {
              g_strstrip (clause);
              _awareness_text_variant_append (variant, AWARENESS_RUN_CLAUSE_REF, clause);
              cite (loader, child, clause);
            }
        }
    }

  _awareness_text_variant_finish (variant);
}

static void
check_translations (Loader *loader,
                    Group  *group)
{
  AwarenessSeverity severity = loader->strict ? AWARENESS_SEVERITY_ERROR
                                              : AWARENESS_SEVERITY_WARNING;

  for (guint i = 0; required_languages[i] != NULL; i++)
    {
      if (_awareness_text_has_lang (group->text, required_languages[i]))
        continue;

      if (_awareness_lang_matches (required_languages[i], "en"))
        _awareness_xml_file_report (loader->file, group->node, severity,
                                    AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION,
                                    _("<%s> has no English translation (a following <%s "
                                      "xml:lang=\"en\">)"), group->name, group->name);
      else
        _awareness_xml_file_report (loader->file, group->node, severity,
                                    AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION,
                                    _("<%s> has no Japanese text"), group->name);
    }
}

/* The element children of @parent, with each text's translations folded
 * into the text they follow. */
static GPtrArray *
collect_groups (Loader  *loader,
                xmlNode *parent)
{
  GPtrArray *groups = g_ptr_array_new_with_free_func (group_free);
  Group *current = NULL;

  for (xmlNode *child = parent->children; child != NULL; child = child->next)
    {
      g_autofree char *lang = NULL;
      Group *group;

      if (!is_ours (child))
        continue;

      if (!g_strv_contains (text_elements, (const char *) child->name))
        {
          group = g_new0 (Group, 1);
          group->node = child;
          group->name = (const char *) child->name;
          g_ptr_array_add (groups, group);
          current = NULL;
          continue;
        }

      lang = get_own_lang (child);
      if (lang != NULL && current != NULL &&
          strcmp (current->name, (const char *) child->name) == 0)
        {
          /* A translation of the text before it. */
          read_inline (loader, child, current->text, lang);
          continue;
        }

      /* A source text; one with xml:lang but nothing to translate is
       * reported by the schema and kept as its own text here. */
      group = g_new0 (Group, 1);
      group->node = child;
      group->name = (const char *) child->name;
      group->text = _awareness_text_new ();
      read_inline (loader, child, group->text, lang != NULL ? lang : loader->lang);
      g_ptr_array_add (groups, group);
      current = group;
    }

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (group->text != NULL)
        check_translations (loader, group);
    }

  return groups;
}

static gboolean
parse_uint_attr (Loader                *loader,
                 xmlNode               *node,
                 const char            *name,
                 guint                  min,
                 guint                  max,
                 AwarenessContentError  code,
                 guint                 *out)
{
  g_autofree char *value = get_attr (node, name);
  guint64 parsed = 0;

  if (value == NULL)
    return FALSE;

  g_strstrip (value);
  if (!g_ascii_string_to_unsigned (value, 10, min, max, &parsed, NULL))
    {
      _awareness_xml_file_report (loader->file, node, AWARENESS_SEVERITY_ERROR, code,
                                  _("%s=\"%s\" is out of range: it must be a whole number "
                                    "from %u to %u"), name, value, min, max);
      return FALSE;
    }

  *out = (guint) parsed;
  return TRUE;
}

static void
check_unique (Loader     *loader,
              GHashTable *seen,
              xmlNode    *node,
              const char *id,
              const char *what)
{
  if (id == NULL)
    return;

  if (g_hash_table_contains (seen, id))
    {
      xmlNode *first = g_hash_table_lookup (seen, id);
      guint line = 0, column = 0;

      if (first != NULL && first->_private != NULL)
        _awareness_xml_file_position (loader->file, GPOINTER_TO_SIZE (first->_private) - 1,
                                      &line, &column);
      _awareness_xml_file_report (loader->file, node, AWARENESS_SEVERITY_ERROR,
                                  AWARENESS_CONTENT_ERROR_DUPLICATE_ID,
                                  _("Duplicate %s id “%s” (first used at line %u)"),
                                  what, id, line);
      return;
    }

  g_hash_table_insert (seen, (gpointer) id, node);
}

/* The policy */

static AwarenessClause *
build_clause (Loader          *loader,
              AwarenessPolicy *policy,
              AwarenessClause *parent,
              xmlNode         *node,
              guint            depth,
              gboolean         staff,
              GHashTable      *seen)
{
  g_autoptr(GPtrArray) groups = collect_groups (loader, node);
  AwarenessClause *clause = g_object_new (AWARENESS_TYPE_CLAUSE, NULL);

  clause->policy = policy;
  clause->parent = parent;
  clause->depth = depth;
  clause->id = get_attr (node, "id");
  if (clause->id == NULL)
    clause->id = g_strdup ("");
  g_strstrip (clause->id);
  clause->number = get_attr (node, "number");
  clause->staff = get_bool_attr (node, "staff", staff);

  check_unique (loader, seen, node, clause->id, "clause");
  if (!g_hash_table_contains (policy->clauses_by_id, clause->id))
    g_hash_table_insert (policy->clauses_by_id, clause->id, clause);
  g_ptr_array_add (policy->clauses, clause);

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (strcmp (group->name, "label") == 0 && clause->label == NULL)
        clause->label = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "title") == 0 && clause->title == NULL)
        clause->title = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "p") == 0)
        g_ptr_array_add (clause->paragraphs, g_steal_pointer (&group->text));
      else if (strcmp (group->name, "list") == 0)
        {
          g_autoptr(GPtrArray) items = collect_groups (loader, group->node);

          for (guint j = 0; j < items->len; j++)
            {
              Group *item = g_ptr_array_index (items, j);

              if (item->text != NULL)
                g_ptr_array_add (clause->paragraphs, g_steal_pointer (&item->text));
            }
        }
      else if (strcmp (group->name, "clause") == 0)
        g_ptr_array_add (clause->children,
                         build_clause (loader, policy, clause, group->node, depth + 1,
                                       clause->staff, seen));
    }

  return clause;
}

/* “; did you mean …?” with the ids of @policy nearest to @clause, or an
 * empty string. */
static char *
clause_suggestion (AwarenessPolicy *policy,
                   const char      *clause)
{
  g_autofree const char **ids =
      (const char **) g_hash_table_get_keys_as_array (policy->clauses_by_id, NULL);
  g_auto(GStrv) nearest = awareness_nearest_names (clause, ids, 3);

  return awareness_format_suggestion ((const char * const *) nearest);
}

/* Every citation of a module or checklist names a clause of the policy. */
static void
check_citations (Loader *loader)
{
  if (loader->policy == NULL)
    return;

  for (guint i = 0; i < loader->citations->len; i++)
    {
      Citation *citation = g_ptr_array_index (loader->citations, i);

      g_autofree char *suggestion = NULL;

      if (awareness_policy_lookup_clause (loader->policy, citation->clause) != NULL)
        continue;
      suggestion = clause_suggestion (loader->policy, citation->clause);
      _awareness_xml_file_report (loader->file, citation->node, AWARENESS_SEVERITY_ERROR,
                                  AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE,
                                  /* Translators: the last %s is “; did you mean …?” or
                                   * nothing. */
                                  _("Clause “%s” does not exist in the policy “%s”%s"),
                                  citation->clause, awareness_policy_get_id (loader->policy),
                                  suggestion);
    }
}

/* Clause ids of a space-separated attribute, each cited; the clauses
 * found are added to @clauses once each. */
static GStrv
read_clause_list (Loader    *loader,
                  xmlNode   *node,
                  GPtrArray *clauses)
{
  g_autofree char *value = get_attr (node, "clause");
  g_auto(GStrv) parts = g_strsplit_set (value != NULL ? g_strstrip (value) : "", " \t\r\n", -1);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      AwarenessClause *clause;

      if (parts[i][0] == '\0')
        continue;
      g_strv_builder_add (ids, parts[i]);
      cite (loader, node, parts[i]);
      clause = loader->policy != NULL
               ? awareness_policy_lookup_clause (loader->policy, parts[i]) : NULL;
      if (clause != NULL && !g_ptr_array_find (clauses, clause, NULL))
        g_ptr_array_add (clauses, clause);
    }

  return g_strv_builder_end (ids);
}

AwarenessPolicy *
_awareness_policy_load (AwarenessXmlFile *file)
{
  g_autoptr(AwarenessPolicy) policy = g_object_new (AWARENESS_TYPE_POLICY, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) citations = g_ptr_array_new_with_free_func (citation_free);
  g_autoptr(GPtrArray) groups = NULL;
  xmlNode *root = xmlDocGetRootElement (file->doc);
  Loader loader = { file, NULL, NULL, citations };

  policy->lang = get_own_lang (root);
  if (policy->lang == NULL)
    policy->lang = g_strdup ("ja");
  loader.lang = policy->lang;
  policy->id = get_attr (root, "id");
  policy->version = get_attr (root, "version");

  groups = collect_groups (&loader, root);
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (strcmp (group->name, "title") == 0 && policy->title == NULL)
        policy->title = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "issued") == 0 && policy->issued == NULL)
        policy->issued = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "p") == 0)
        g_ptr_array_add (policy->preamble, g_steal_pointer (&group->text));
      else if (strcmp (group->name, "part") == 0)
        g_ptr_array_add (policy->parts,
                         build_clause (&loader, policy, NULL, group->node, 0,
                                       FALSE, seen));
    }

  /* A policy may cite itself. */
  for (guint i = 0; i < citations->len; i++)
    {
      Citation *citation = g_ptr_array_index (citations, i);

      g_autofree char *suggestion = NULL;

      if (g_hash_table_contains (policy->clauses_by_id, citation->clause))
        continue;
      suggestion = clause_suggestion (policy, citation->clause);
      _awareness_xml_file_report (file, citation->node, AWARENESS_SEVERITY_ERROR,
                                    AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE,
                                    _("Clause “%s” does not exist in this policy%s"),
                                    citation->clause, suggestion);
    }

  _awareness_xml_file_sort_problems (file);
  return g_steal_pointer (&policy);
}

/* Modules */

static AwarenessLesson *
build_lesson (Loader          *loader,
              AwarenessModule *module,
              xmlNode         *node)
{
  guint first_citation = loader->citations->len;
  g_autoptr(GPtrArray) groups = collect_groups (loader, node);
  AwarenessLesson *lesson = g_object_new (AWARENESS_TYPE_LESSON, NULL);

  lesson->module = module;
  lesson->id = get_attr (node, "id");

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      AwarenessBlock block = { 0 };

      if (strcmp (group->name, "title") == 0 && lesson->title == NULL)
        {
          lesson->title = g_steal_pointer (&group->text);
          continue;
        }

      if (strcmp (group->name, "p") == 0)
        {
          block.kind = AWARENESS_BLOCK_PARAGRAPH;
          block.texts = g_ptr_array_new_with_free_func ((GDestroyNotify) _awareness_text_free);
          g_ptr_array_add (block.texts, g_steal_pointer (&group->text));
        }
      else if (strcmp (group->name, "list") == 0)
        {
          g_autoptr(GPtrArray) items = collect_groups (loader, group->node);

          block.kind = AWARENESS_BLOCK_LIST;
          block.texts = g_ptr_array_new_with_free_func ((GDestroyNotify) _awareness_text_free);
          for (guint j = 0; j < items->len; j++)
            {
              Group *item = g_ptr_array_index (items, j);

              if (item->text != NULL)
                g_ptr_array_add (block.texts, g_steal_pointer (&item->text));
            }
        }
      else if (strcmp (group->name, "cite") == 0)
        {
          block.kind = AWARENESS_BLOCK_CITE;
          block.texts = g_ptr_array_new ();
          block.clause = get_attr (group->node, "clause");
          if (block.clause != NULL)
            cite (loader, group->node, g_strstrip (block.clause));
        }
      else
        continue;

      g_array_append_val (lesson->blocks, block);
    }

  /* The clauses this lesson cites, each once. */
  for (guint i = first_citation; loader->policy != NULL && i < loader->citations->len; i++)
    {
      Citation *citation = g_ptr_array_index (loader->citations, i);
      AwarenessClause *clause = awareness_policy_lookup_clause (loader->policy, citation->clause);

      if (clause != NULL && !g_ptr_array_find (lesson->clauses, clause, NULL))
        g_ptr_array_add (lesson->clauses, clause);
    }

  return lesson;
}

static AwarenessChoice *
make_choice (AwarenessQuestion *question,
             const char        *id,
             gboolean           correct)
{
  AwarenessChoice *choice = g_object_new (AWARENESS_TYPE_CHOICE, NULL);

  choice->question = question;
  choice->id = g_strdup (id);
  choice->correct = correct;
  return choice;
}

static AwarenessQuestion *
build_question (Loader          *loader,
                AwarenessModule *module,
                xmlNode         *node)
{
  g_autoptr(GPtrArray) groups = collect_groups (loader, node);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *type = get_attr (node, "type");
  AwarenessQuestion *question = g_object_new (AWARENESS_TYPE_QUESTION, NULL);
  guint n_correct = 0;

  question->module = module;
  question->id = get_attr (node, "id");
  if (g_strcmp0 (type, "multiple") == 0)
    question->kind = AWARENESS_QUESTION_MULTIPLE;
  else if (g_strcmp0 (type, "true-false") == 0)
    question->kind = AWARENESS_QUESTION_TRUE_FALSE;
  else
    question->kind = AWARENESS_QUESTION_SINGLE;

  question->clause_ids = read_clause_list (loader, node, question->clauses);

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (strcmp (group->name, "prompt") == 0 && question->prompt == NULL)
        question->prompt = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "explanation") == 0 && question->explanation == NULL)
        question->explanation = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "exhibit") == 0 && question->exhibit == NULL)
        question->exhibit = _awareness_exhibit_load (loader->file, group->node, loader->lang);
      else if (strcmp (group->name, "choice") == 0)
        {
          g_autoptr(GPtrArray) texts = collect_groups (loader, group->node);
          g_autofree char *id = get_attr (group->node, "id");
          AwarenessChoice *choice;

          choice = make_choice (question, id != NULL ? g_strstrip (id) : "",
                                get_bool_attr (group->node, "correct", FALSE));
          choice->fixed = get_bool_attr (group->node, "fixed", FALSE);
          for (guint j = 0; j < texts->len; j++)
            {
              Group *text = g_ptr_array_index (texts, j);

              if (strcmp (text->name, "text") == 0 && choice->text == NULL)
                choice->text = g_steal_pointer (&text->text);
            }
          g_ptr_array_add (question->choices, choice);
          check_unique (loader, seen, group->node, choice->id, "choice");
          if (choice->correct)
            n_correct++;
        }
    }

  if (question->kind == AWARENESS_QUESTION_TRUE_FALSE)
    {
      gboolean answer = get_bool_attr (node, "answer", TRUE);

      g_ptr_array_add (question->choices, make_choice (question, "true", answer));
      g_ptr_array_add (question->choices, make_choice (question, "false", !answer));
    }
  else if (n_correct == 0)
    _awareness_xml_file_report (loader->file, node, AWARENESS_SEVERITY_ERROR,
                                AWARENESS_CONTENT_ERROR_NO_CORRECT_CHOICE,
                                _("Question “%s” has no correct choice: mark at least one "
                                  "<choice> with correct=\"true\""),
                                question->id != NULL ? question->id : "");
  else if (n_correct > 1 && question->kind == AWARENESS_QUESTION_SINGLE)
    _awareness_xml_file_report (loader->file, node, AWARENESS_SEVERITY_ERROR,
                                AWARENESS_CONTENT_ERROR_SEVERAL_CORRECT,
                                _("Single-choice question “%s” has %u correct choices; it must "
                                  "have exactly one (use type=\"multiple\" for more)"),
                                question->id != NULL ? question->id : "", n_correct);

  return question;
}

static void
build_quiz (Loader          *loader,
            AwarenessModule *module,
            xmlNode         *node)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *draw = get_attr (node, "draw");

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    if (is_named (child, "question"))
      {
        AwarenessQuestion *question = build_question (loader, module, child);

        g_ptr_array_add (module->questions, question);
        check_unique (loader, seen, child, question->id, "question");
      }

  if (!parse_uint_attr (loader, node, "pass-percent", 1, 100,
                        AWARENESS_CONTENT_ERROR_PASS_MARK, &module->pass_percent))
    module->pass_percent = 100;

  module->draw = module->questions->len;
  if (draw != NULL && module->questions->len > 0)
    parse_uint_attr (loader, node, "draw", 1, module->questions->len,
                     AWARENESS_CONTENT_ERROR_DRAW, &module->draw);

  module->shuffle = get_bool_attr (node, "shuffle", TRUE);
}

AwarenessModule *
_awareness_module_load (AwarenessXmlFile *file,
                        AwarenessPolicy  *policy)
{
  g_autoptr(AwarenessModule) module = g_object_new (AWARENESS_TYPE_MODULE, NULL);
  g_autoptr(GHashTable) lessons_seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) citations = g_ptr_array_new_with_free_func (citation_free);
  g_autoptr(GPtrArray) groups = NULL;
  xmlNode *root = xmlDocGetRootElement (file->doc);
  xmlNode *quiz = NULL;
  Loader loader = { file, NULL, policy, citations };

  module->lang = get_own_lang (root);
  if (module->lang == NULL)
    module->lang = g_strdup ("ja");
  loader.lang = module->lang;
  module->id = get_attr (root, "id");
  module->version = get_attr (root, "version");
  module->file = g_strdup (file->path);
  module->source = g_bytes_new (file->data, file->length);
  module->policy = policy != NULL ? g_object_ref (policy) : NULL;
  parse_uint_attr (&loader, root, "minutes", 1, 600, AWARENESS_CONTENT_ERROR_SCHEMA,
                   &module->minutes);

  groups = collect_groups (&loader, root);
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (strcmp (group->name, "title") == 0 && module->title == NULL)
        module->title = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "summary") == 0 && module->summary == NULL)
        module->summary = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "lesson") == 0)
        {
          AwarenessLesson *lesson = build_lesson (&loader, module, group->node);

          g_ptr_array_add (module->lessons, lesson);
          check_unique (&loader, lessons_seen, group->node, lesson->id, "lesson");
        }
      else if (strcmp (group->name, "quiz") == 0)
        {
          build_quiz (&loader, module, group->node);
          quiz = group->node;
        }
    }

  if (quiz != NULL && module->questions->len > 0)
    _awareness_draw_check (file, module, quiz);

  check_citations (&loader);
  _awareness_xml_file_sort_problems (file);
  return g_steal_pointer (&module);
}

/* Self-inspection checklists */

/* comment-required="no na": the answers that need a comment. */
static void
read_comment_rules (Loader                 *loader,
                    AwarenessChecklistItem *item,
                    xmlNode                *node)
{
  g_autofree char *value = get_attr (node, "comment-required");
  g_auto(GStrv) answers = NULL;

  if (value == NULL)
    return;

  answers = g_strsplit_set (g_strstrip (value), " \t\r\n", -1);
  for (guint i = 0; answers[i] != NULL; i++)
    {
      if (answers[i][0] == '\0')
        continue;
      if (strcmp (answers[i], "no") == 0)
        item->comment_no = TRUE;
      else if (strcmp (answers[i], "na") == 0)
        {
          item->comment_na = TRUE;
          if (!item->allows_na)
            _awareness_xml_file_report (loader->file, node, AWARENESS_SEVERITY_ERROR,
                                        AWARENESS_CONTENT_ERROR_SCHEMA,
                                        _("Item “%s” requires a comment for “na” but does not "
                                          "allow that answer (na=\"false\")"),
                                        item->id != NULL ? item->id : "");
        }
      else
        _awareness_xml_file_report (loader->file, node, AWARENESS_SEVERITY_ERROR,
                                    AWARENESS_CONTENT_ERROR_SCHEMA,
                                    _("comment-required=\"%s\": an answer that needs a comment "
                                      "is “no” or “na”, not “%s”"), value, answers[i]);
    }
}

static AwarenessChecklistItem *
build_check (Loader             *loader,
             AwarenessChecklist *checklist,
             xmlNode            *node)
{
  g_autoptr(GPtrArray) groups = collect_groups (loader, node);
  AwarenessChecklistItem *item = g_object_new (AWARENESS_TYPE_CHECKLIST_ITEM, NULL);

  item->checklist = checklist;
  item->id = get_attr (node, "id");
  if (item->id != NULL)
    g_strstrip (item->id);
  item->allows_na = get_bool_attr (node, "na", TRUE);
  item->clause_ids = read_clause_list (loader, node, item->clauses);
  if (item->clause_ids[0] == NULL)
    _awareness_xml_file_report (loader->file, node, AWARENESS_SEVERITY_ERROR,
                                AWARENESS_CONTENT_ERROR_SCHEMA,
                                _("Item “%s” cites no clause: say which clauses it checks in "
                                  "clause=\"…\""), item->id != NULL ? item->id : "");
  read_comment_rules (loader, item, node);

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (strcmp (group->name, "text") == 0 && item->text == NULL)
        item->text = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "guidance") == 0 && item->guidance == NULL)
        item->guidance = g_steal_pointer (&group->text);
    }

  return item;
}

AwarenessChecklist *
_awareness_checklist_load (AwarenessXmlFile *file,
                           AwarenessPolicy  *policy)
{
  g_autoptr(AwarenessChecklist) checklist = g_object_new (AWARENESS_TYPE_CHECKLIST, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) citations = g_ptr_array_new_with_free_func (citation_free);
  g_autoptr(GPtrArray) groups = NULL;
  xmlNode *root = xmlDocGetRootElement (file->doc);
  Loader loader = { file, NULL, policy, citations, TRUE };

  checklist->lang = get_own_lang (root);
  if (checklist->lang == NULL)
    checklist->lang = g_strdup ("ja");
  loader.lang = checklist->lang;
  checklist->id = get_attr (root, "id");
  checklist->version = get_attr (root, "version");
  checklist->sample = get_bool_attr (root, "sample", FALSE);
  checklist->file = g_strdup (file->path);
  checklist->source = g_bytes_new (file->data, file->length);
  checklist->policy = policy != NULL ? g_object_ref (policy) : NULL;

  groups = collect_groups (&loader, root);
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);

      if (strcmp (group->name, "title") == 0 && checklist->title == NULL)
        checklist->title = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "guidance") == 0 && checklist->guidance == NULL)
        checklist->guidance = g_steal_pointer (&group->text);
      else if (strcmp (group->name, "check") == 0)
        {
          AwarenessChecklistItem *item = build_check (&loader, checklist, group->node);

          g_ptr_array_add (checklist->items, item);
          check_unique (&loader, seen, group->node, item->id, "item");
        }
    }

  check_citations (&loader);
  _awareness_xml_file_sort_problems (file);
  return g_steal_pointer (&checklist);
}

/* Drill templates */

/* What looks like an HTML or XML tag in text: “<” followed by a letter,
 * “/” or “!”. */
static const char *
find_tag (const char *text)
{
  for (const char *p = strchr (text, '<'); p != NULL; p = strchr (p + 1, '<'))
    if (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!')
      return p;
  return NULL;
}

/* A text body is sent as plain text, often converted on the LGWAN side:
 * no element inside it, nothing that a mail program would read as a tag,
 * and the link placeholder present. */
static void
check_body (Loader  *loader,
            xmlNode *body)
{
  g_autofree char *lang = get_own_lang (body);
  xmlChar *content;

  for (xmlNode *child = body->children; child != NULL; child = child->next)
    if (child->type == XML_ELEMENT_NODE)
      _awareness_xml_file_report (loader->file, child, AWARENESS_SEVERITY_ERROR,
                                  AWARENESS_CONTENT_ERROR_DRILL,
                                  _("Markup <%s> in the text body: the body of a drill is "
                                    "plain text"), (const char *) child->name);

  content = xmlNodeGetContent (body);
  if (content != NULL && find_tag ((const char *) content) != NULL)
    {
      g_autofree char *tag = g_strndup (find_tag ((const char *) content), 16);

      _awareness_xml_file_report (loader->file, body, AWARENESS_SEVERITY_ERROR,
                                  AWARENESS_CONTENT_ERROR_DRILL,
                                  _("The text body contains markup (“%s…”): the body of a drill "
                                    "is plain text"), tag);
    }
  if (content == NULL || strstr ((const char *) content, AWARENESS_DRILL_LINK) == NULL)
    _awareness_xml_file_report (loader->file, body, AWARENESS_SEVERITY_ERROR,
                                AWARENESS_CONTENT_ERROR_DRILL,
                                _("The text body (%s) has no %s placeholder for the drill's "
                                  "link"), lang != NULL ? lang : loader->lang,
                                AWARENESS_DRILL_LINK);
  xmlFree (content);
}

AwarenessDrill *
_awareness_drill_load (AwarenessXmlFile *file,
                       AwarenessPolicy  *policy)
{
  g_autoptr(AwarenessDrill) drill = g_object_new (AWARENESS_TYPE_DRILL, NULL);
  g_autoptr(GPtrArray) citations = g_ptr_array_new_with_free_func (citation_free);
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *clauses = NULL;
  xmlNode *root = xmlDocGetRootElement (file->doc);
  xmlNode *body = NULL;
  Loader loader = { file, NULL, policy, citations, TRUE };

  drill->lang = get_own_lang (root);
  if (drill->lang == NULL)
    drill->lang = g_strdup ("ja");
  loader.lang = drill->lang;
  drill->id = get_attr (root, "id");
  drill->version = get_attr (root, "version");
  drill->follow_up = get_attr (root, "follow-up");
  if (drill->follow_up != NULL)
    g_strstrip (drill->follow_up);
  drill->file = g_strdup (file->path);
  drill->source = g_bytes_new (file->data, file->length);
  drill->policy = policy != NULL ? g_object_ref (policy) : NULL;

  clauses = get_attr (root, "clause");
  if (clauses != NULL)
    {
      g_auto(GStrv) ids = g_strsplit_set (g_strstrip (clauses), " \t\n\r", -1);
      g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();

      for (guint i = 0; ids[i] != NULL; i++)
        if (ids[i][0] != '\0')
          {
            g_strv_builder_add (kept, ids[i]);
            cite (&loader, root, ids[i]);
          }
      drill->clause_ids = g_strv_builder_end (kept);
    }
  else
    drill->clause_ids = g_new0 (char *, 1);

  /* The body keeps its lines: it is not a text of the content model. */
  for (xmlNode *child = root->children; child != NULL; child = child->next)
    if (is_named (child, "body"))
      {
        g_autofree char *lang = get_own_lang (child);
        xmlChar *content = xmlNodeGetContent (child);

        if (lang == NULL)
          lang = g_strdup (drill->lang);
        check_body (&loader, child);
        if (g_hash_table_contains (drill->bodies, lang))
          _awareness_xml_file_report (file, child, AWARENESS_SEVERITY_ERROR,
                                      AWARENESS_CONTENT_ERROR_SCHEMA,
                                      _("A second <body> in the language “%s”"), lang);
        else
          g_hash_table_insert (drill->bodies, g_steal_pointer (&lang),
                               _awareness_exhibit_normalize_body (
                                   content != NULL ? (const char *) content : ""));
        xmlFree (content);
        if (body == NULL)
          body = child;
      }
  for (guint i = 0; body != NULL && required_languages[i] != NULL; i++)
    if (!g_hash_table_contains (drill->bodies, required_languages[i]))
      _awareness_xml_file_report (file, body, AWARENESS_SEVERITY_ERROR,
                                  AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION,
                                  _("<%s> has no text in the language “%s”: a drill needs "
                                    "every text in Japanese and English"),
                                  "body", required_languages[i]);

  groups = collect_groups (&loader, root);
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      AwarenessText **slot = NULL;

      if (group->text == NULL)
        continue;
      if (strcmp (group->name, "title") == 0)
        slot = &drill->title;
      else if (strcmp (group->name, "sender") == 0)
        slot = &drill->sender;
      else if (strcmp (group->name, "subject") == 0)
        slot = &drill->subject;
      else if (strcmp (group->name, "sign") == 0)
        g_ptr_array_add (drill->signs, g_steal_pointer (&group->text));
      else if (strcmp (group->name, "next-time") == 0)
        g_ptr_array_add (drill->next_time, g_steal_pointer (&group->text));

      if (slot == NULL)
        continue;
      if (*slot != NULL)
        _awareness_xml_file_report (file, group->node, AWARENESS_SEVERITY_ERROR,
                                    AWARENESS_CONTENT_ERROR_SCHEMA,
                                    _("A drill has one <%s> (with its translation)"),
                                    group->name);
      else
        *slot = g_steal_pointer (&group->text);
    }

  check_citations (&loader);
  for (guint i = 0; policy != NULL && drill->clause_ids[i] != NULL; i++)
    {
      AwarenessClause *clause = awareness_policy_lookup_clause (policy, drill->clause_ids[i]);

      if (clause != NULL && !g_ptr_array_find (drill->clauses, clause, NULL))
        g_ptr_array_add (drill->clauses, clause);
    }

  _awareness_xml_file_sort_problems (file);
  return g_steal_pointer (&drill);
}
