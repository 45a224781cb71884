/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libxml/tree.h>

#include "awareness-private.h"

/**
 * AwarenessCatalog:
 *
 * A content tree: the catalog file, the policy it names and the modules
 * it lists, loaded and checked together.
 *
 * ```c
 * g_autoptr(GPtrArray) problems = NULL;
 * g_autoptr(GError) error = NULL;
 * g_autoptr(AwarenessCatalog) catalog =
 *   awareness_catalog_new_for_directory ("content", &problems, &error);
 * ```
 *
 * Since: 0.2
 */
struct _AwarenessCatalog
{
  GObject          parent_instance;

  char            *directory;
  char            *id;
  char            *iri_base;
  gboolean         internal;   /* the City's own rules, not the policy's */
  gboolean         sample;     /* an example with placeholders */
  AwarenessText   *title;
  AwarenessPolicy *policy;
  GListStore      *modules;
  GListStore      *checklists;
  GListStore      *drills;
};

G_DEFINE_FINAL_TYPE (AwarenessCatalog, awareness_catalog, G_TYPE_OBJECT)

/* What the catalog requires of a module, from its module-file element;
 * the schema has checked the forms. */
static void
read_assignment (AwarenessXmlFile    *file,
                 xmlNode             *node,
                 AwarenessAssignment *assignment)
{
  xmlChar *audience = xmlGetNoNsProp (node, (const xmlChar *) "audience");
  xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) "audience-value");
  xmlChar *recurrence = xmlGetNoNsProp (node, (const xmlChar *) "recurrence");
  xmlChar *due = xmlGetNoNsProp (node, (const xmlChar *) "due");
  xmlChar *due_date = xmlGetNoNsProp (node, (const xmlChar *) "due-date");
  xmlChar *days = xmlGetNoNsProp (node, (const xmlChar *) "new-staff-days");
  xmlChar *retrain = xmlGetNoNsProp (node, (const xmlChar *) "retrain-since");

  assignment->audience =
      g_strcmp0 ((const char *) audience, "department") == 0 ? AWARENESS_AUDIENCE_DEPARTMENT
      : g_strcmp0 ((const char *) audience, "role") == 0     ? AWARENESS_AUDIENCE_ROLE
      : g_strcmp0 ((const char *) audience, "segment") == 0  ? AWARENESS_AUDIENCE_SEGMENT
                                                             : AWARENESS_AUDIENCE_EVERYONE;
  assignment->audience_value = g_strdup ((const char *) value);
  assignment->recurrence =
      g_strcmp0 ((const char *) recurrence, "once") == 0          ? AWARENESS_RECURRENCE_ONCE
      : g_strcmp0 ((const char *) recurrence, "half-yearly") == 0 ? AWARENESS_RECURRENCE_HALF_YEARLY
                                                                  : AWARENESS_RECURRENCE_ANNUAL;
  /* Each fiscal year, by its last day, unless the catalog says when. */
  assignment->due_month = 3;
  assignment->due_day = 31;
  if (due != NULL && strlen ((const char *) due) == 5)
    {
      assignment->due_month = (guint) g_ascii_strtoull ((const char *) due, NULL, 10);
      assignment->due_day = (guint) g_ascii_strtoull ((const char *) due + 3, NULL, 10);
    }
  awareness_date_parse ((const char *) due_date, &assignment->due_date);
  assignment->new_staff_days =
      days != NULL ? (guint) MIN (g_ascii_strtoull ((const char *) days, NULL, 10), 3650) : 0;
  assignment->retrain_since = g_strdup ((const char *) retrain);

  if (assignment->audience != AWARENESS_AUDIENCE_EVERYONE && assignment->audience_value == NULL)
    _awareness_xml_file_report (file, node, AWARENESS_SEVERITY_ERROR,
                                AWARENESS_CONTENT_ERROR_SCHEMA,
                                _("audience “%s” needs an audience-value: which one"),
                                (const char *) audience);
  if (assignment->recurrence == AWARENESS_RECURRENCE_HALF_YEARLY &&
      strcmp ((const char *) node->name, "checklist-file") != 0)
    _awareness_xml_file_report (file, node, AWARENESS_SEVERITY_ERROR,
                                AWARENESS_CONTENT_ERROR_SCHEMA,
                                _("recurrence “half-yearly” is for checklists"));
  if (assignment->recurrence == AWARENESS_RECURRENCE_ONCE && !g_date_valid (&assignment->due_date))
    _awareness_xml_file_report (file, node, AWARENESS_SEVERITY_ERROR,
                                AWARENESS_CONTENT_ERROR_SCHEMA,
                                _("recurrence “once” needs a due-date"));

  xmlFree (audience);
  xmlFree (value);
  xmlFree (recurrence);
  xmlFree (due);
  xmlFree (due_date);
  xmlFree (days);
  xmlFree (retrain);
}

static void
awareness_catalog_finalize (GObject *object)
{
  AwarenessCatalog *self = (AwarenessCatalog *)object;

  g_clear_object (&self->modules);
  g_clear_object (&self->checklists);
  g_clear_object (&self->drills);
  g_clear_object (&self->policy);
  g_clear_pointer (&self->title, _awareness_text_free);
  g_free (self->directory);
  g_free (self->id);
  g_free (self->iri_base);

  G_OBJECT_CLASS (awareness_catalog_parent_class)->finalize (object);
}

static void
awareness_catalog_class_init (AwarenessCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_catalog_finalize;
}

static void
awareness_catalog_init (AwarenessCatalog *self)
{
  self->modules = g_list_store_new (AWARENESS_TYPE_MODULE);
  self->checklists = g_list_store_new (AWARENESS_TYPE_CHECKLIST);
  self->drills = g_list_store_new (AWARENESS_TYPE_DRILL);
}

static const char *
root_name (AwarenessXmlFile *file)
{
  xmlNode *root = file->doc != NULL ? xmlDocGetRootElement (file->doc) : NULL;

  return root != NULL ? (const char *) root->name : NULL;
}

static gboolean
expect_root (AwarenessXmlFile *file,
             const char       *expected)
{
  if (file->doc == NULL)
    return FALSE;

  if (g_strcmp0 (root_name (file), expected) != 0)
    {
      _awareness_xml_file_report (file, xmlDocGetRootElement (file->doc),
                                  AWARENESS_SEVERITY_ERROR,
                                  AWARENESS_CONTENT_ERROR_UNEXPECTED_DOCUMENT,
                                  _("Expected a <%s> document here, found <%s>"),
                                  expected, root_name (file));
      return FALSE;
    }

  return TRUE;
}

/*
 * Resolves a catalog reference inside the content directory.  Nothing a
 * catalog says may make the loader read outside that directory: not an
 * absolute path, not “..”, not a symbolic link that leads out.
 */
static char *
resolve_href (AwarenessXmlFile *catalog_file,
              xmlNode          *node,
              const char       *root,
              const char       *href)
{
  g_auto(GStrv) segments = NULL;
  g_autofree char *candidate = NULL;
  char resolved[PATH_MAX];

  if (href == NULL || href[0] == '\0' || g_path_is_absolute (href))
    goto outside;

  segments = g_strsplit (href, "/", -1);
  for (guint i = 0; segments[i] != NULL; i++)
    if (strcmp (segments[i], "..") == 0)
      goto outside;

  candidate = g_build_filename (root, href, NULL);
  if (realpath (candidate, resolved) == NULL)
    {
      _awareness_xml_file_report (catalog_file, node, AWARENESS_SEVERITY_ERROR,
                                  AWARENESS_CONTENT_ERROR_BAD_PATH,
                                  _("“%s” does not exist in the content directory"), href);
      return NULL;
    }

  if (!g_str_has_prefix (resolved, root) || resolved[strlen (root)] != G_DIR_SEPARATOR)
    goto outside;

  return g_strdup (resolved);

outside:
  _awareness_xml_file_report (catalog_file, node, AWARENESS_SEVERITY_ERROR,
                              AWARENESS_CONTENT_ERROR_BAD_PATH,
                              _("“%s” points outside the content directory"),
                              href != NULL ? href : "");
  return NULL;
}

static char *
display_path (const char *directory,
              const char *root,
              const char *resolved)
{
  /* Messages name files as the user named the directory. */
  return g_build_filename (directory, resolved + strlen (root) + 1, NULL);
}

static AwarenessPolicy *
load_policy (const char *path,
             const char *display,
             GPtrArray  *problems)
{
  g_autoptr(AwarenessXmlFile) file = _awareness_xml_file_read (path, problems);

  g_free (file->path);
  file->path = g_strdup (display);
  if (!expect_root (file, "policy"))
    return NULL;

  return _awareness_policy_load (file);
}

/* The drill templates the catalog lists, after its modules: each names a
 * follow-up module of the catalog.  Returns the errors of the drills left
 * out of a preview. */
static guint
load_drills (AwarenessCatalog *self,
             AwarenessXmlFile *file,
             xmlNode          *node,
             const char       *directory,
             const char       *root,
             GHashTable       *module_ids,
             gboolean          keep,
             gboolean          leave_out_broken,
             GPtrArray        *found)
{
  g_autoptr(GHashTable) drill_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint left_out_errors = 0;

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autoptr(AwarenessXmlFile) drill_file = NULL;
      g_autoptr(AwarenessDrill) drill = NULL;
      g_autofree char *path = NULL;
      xmlChar *href;
      guint errors_before, drill_errors;

      if (child->type != XML_ELEMENT_NODE ||
          strcmp ((const char *) child->name, "drill-file") != 0)
        continue;

      href = xmlGetNoNsProp (child, (const xmlChar *) "href");
      path = resolve_href (file, child, root, (const char *) href);
      xmlFree (href);
      if (path == NULL)
        continue;

      errors_before = _awareness_problems_count_errors (found);
      drill_file = _awareness_xml_file_read (path, found);
      g_free (drill_file->path);
      drill_file->path = display_path (directory, root, path);
      if (!expect_root (drill_file, "drill"))
        {
          left_out_errors += leave_out_broken
                                 ? _awareness_problems_count_errors (found) - errors_before
                                 : 0;
          continue;
        }

      drill = _awareness_drill_load (drill_file, self->policy);
      if (drill->follow_up != NULL && !g_hash_table_contains (module_ids, drill->follow_up))
        _awareness_xml_file_report (drill_file, xmlDocGetRootElement (drill_file->doc),
                                    AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_DRILL,
                                    _("The follow-up module “%s” is not in the catalog"),
                                    drill->follow_up);
      if (drill->id != NULL && g_hash_table_contains (drill_ids, drill->id))
        _awareness_xml_file_report (drill_file, xmlDocGetRootElement (drill_file->doc),
                                    AWARENESS_SEVERITY_ERROR,
                                    AWARENESS_CONTENT_ERROR_DUPLICATE_ID,
                                    _("Drill id “%s” is already used by another drill "
                                      "of the catalog"), drill->id);

      drill_errors = _awareness_problems_count_errors (found) - errors_before;
      if (leave_out_broken && drill_errors > 0)
        {
          left_out_errors += drill_errors;
          continue;
        }
      if (drill->id != NULL)
        g_hash_table_add (drill_ids, g_strdup (drill->id));
      if (keep)
        g_list_store_append (self->drills, drill);
    }

  return left_out_errors;
}

/* Loads the checklist a checklist-file element names, with its
 * assignment; returns the number of errors of a checklist left out. */
static guint
load_checklist (AwarenessCatalog *self,
                AwarenessXmlFile *file,
                xmlNode          *node,
                const char       *directory,
                const char       *root,
                GHashTable       *ids,
                gboolean          keep,
                gboolean          leave_out_broken,
                GPtrArray        *found)
{
  g_autoptr(AwarenessXmlFile) checklist_file = NULL;
  g_autoptr(AwarenessChecklist) checklist = NULL;
  g_autofree char *path = NULL;
  xmlChar *href = xmlGetNoNsProp (node, (const xmlChar *) "href");
  guint errors_before, errors;

  path = resolve_href (file, node, root, (const char *) href);
  xmlFree (href);
  if (path == NULL)
    return 0;

  errors_before = _awareness_problems_count_errors (found);
  checklist_file = _awareness_xml_file_read (path, found);
  g_free (checklist_file->path);
  checklist_file->path = display_path (directory, root, path);
  if (!expect_root (checklist_file, "checklist"))
    return _awareness_problems_count_errors (found) - errors_before;

  checklist = _awareness_checklist_load (checklist_file, self->policy);
  read_assignment (file, node, &checklist->assignment);

  /* Module and checklist ids share the server's assignments. */
  if (checklist->id != NULL && g_hash_table_contains (ids, checklist->id))
    _awareness_xml_file_report (checklist_file, xmlDocGetRootElement (checklist_file->doc),
                                AWARENESS_SEVERITY_ERROR, AWARENESS_CONTENT_ERROR_DUPLICATE_ID,
                                _("Checklist id “%s” is already used by another module or "
                                  "checklist of the catalog"), checklist->id);

  errors = _awareness_problems_count_errors (found) - errors_before;
  if (leave_out_broken && errors > 0)
    return errors;
  if (checklist->id != NULL)
    g_hash_table_add (ids, g_strdup (checklist->id));
  if (keep)
    g_list_store_append (self->checklists, checklist);
  return 0;
}

static AwarenessCatalog *
load_catalog (const char  *directory,
              gboolean     keep_modules,
              gboolean     leave_out_broken,
              GPtrArray  **problems,
              GError     **error)
{
  g_autoptr(AwarenessCatalog) self = NULL;
  g_autoptr(GPtrArray) found =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_problem_unref);
  g_autoptr(AwarenessXmlFile) file = NULL;
  g_autoptr(GHashTable) module_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *catalog_path = NULL;
  g_autofree char *catalog_display = NULL;
  char root[PATH_MAX];
  xmlNode *node;
  guint n_errors;
  guint left_out_errors = 0;  /* the errors of the modules left out */

  g_return_val_if_fail (directory != NULL, NULL);

  self = g_object_new (AWARENESS_TYPE_CATALOG, NULL);
  self->directory = g_strdup (directory);
  catalog_display = g_build_filename (directory, "catalog.xml", NULL);

  if (realpath (directory, root) == NULL)
    {
      g_ptr_array_add (found, _awareness_problem_new (AWARENESS_SEVERITY_ERROR,
                                                      AWARENESS_CONTENT_ERROR_IO,
                                                      directory, 0, 0,
                                                      _("The content directory does not exist")));
      goto done;
    }

  catalog_path = g_build_filename (root, "catalog.xml", NULL);
  file = _awareness_xml_file_read (catalog_path, found);
  g_free (file->path);
  file->path = g_strdup (catalog_display);
  if (!expect_root (file, "catalog"))
    goto done;

  node = xmlDocGetRootElement (file->doc);
  {
    xmlChar *id = xmlGetNoNsProp (node, (const xmlChar *) "id");
    xmlChar *iri = xmlGetNoNsProp (node, (const xmlChar *) "iri-base");

    xmlChar *internal = xmlGetNoNsProp (node, (const xmlChar *) "internal");
    xmlChar *sample = xmlGetNoNsProp (node, (const xmlChar *) "sample");

    self->id = g_strdup ((const char *) id);
    self->iri_base = g_strdup ((const char *) iri);
    self->internal = internal != NULL && strcmp (g_strstrip ((char *) internal), "true") == 0;
    self->sample = sample != NULL && strcmp (g_strstrip ((char *) sample), "true") == 0;
    xmlFree (id);
    xmlFree (iri);
    xmlFree (internal);
    xmlFree (sample);
  }

  /* The policy first: modules cite it. */
  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      xmlChar *href;
      g_autofree char *path = NULL;

      if (child->type != XML_ELEMENT_NODE ||
          strcmp ((const char *) child->name, "policy-file") != 0)
        continue;

      href = xmlGetNoNsProp (child, (const xmlChar *) "href");
      path = resolve_href (file, child, root, (const char *) href);
      xmlFree (href);
      if (path != NULL && self->policy == NULL)
        {
          g_autofree char *display = display_path (directory, root, path);

          self->policy = load_policy (path, display, found);
        }
    }

  for (xmlNode *child = node->children; child != NULL; child = child->next)
    {
      g_autoptr(AwarenessXmlFile) module_file = NULL;
      g_autoptr(AwarenessModule) module = NULL;
      g_autofree char *path = NULL;
      g_autofree char *display = NULL;
      xmlChar *href;
      xmlChar *required;
      guint errors_before, module_errors;

      if (child->type != XML_ELEMENT_NODE)
        continue;

      if (strcmp ((const char *) child->name, "title") == 0)
        {
          xmlChar *lang = xmlGetNsProp (child, (const xmlChar *) "lang", XML_XML_NAMESPACE);
          xmlChar *content = xmlNodeGetContent (child);
          AwarenessTextVariant *variant;

          if (self->title == NULL)
            self->title = _awareness_text_new ();
          variant =
              _awareness_text_add_variant (self->title, lang != NULL ? (const char *) lang : "ja");
          _awareness_text_variant_append (variant, AWARENESS_RUN_TEXT, (const char *) content);
          _awareness_text_variant_finish (variant);
          xmlFree (lang);
          xmlFree (content);
          continue;
        }

      if (strcmp ((const char *) child->name, "checklist-file") == 0)
        {
          left_out_errors += load_checklist (self, file, child, directory, root, module_ids,
                                             keep_modules, leave_out_broken, found);
          continue;
        }

      if (strcmp ((const char *) child->name, "module-file") != 0)
        continue;

      href = xmlGetNoNsProp (child, (const xmlChar *) "href");
      path = resolve_href (file, child, root, (const char *) href);
      xmlFree (href);
      if (path == NULL)
        continue;

      display = display_path (directory, root, path);
      errors_before = _awareness_problems_count_errors (found);
      module_file = _awareness_xml_file_read (path, found);
      g_free (module_file->path);
      module_file->path = g_steal_pointer (&display);
      if (!expect_root (module_file, "module"))
        {
          left_out_errors += _awareness_problems_count_errors (found) - errors_before;
          continue;
        }

      module = _awareness_module_load (module_file, self->policy);
      required = xmlGetNoNsProp (child, (const xmlChar *) "required");
      module->required = g_strcmp0 ((const char *) required, "false") != 0;
      xmlFree (required);
      read_assignment (file, child, &module->assignment);

      if (module->id != NULL && g_hash_table_contains (module_ids, module->id))
        _awareness_xml_file_report (module_file, xmlDocGetRootElement (module_file->doc),
                                    AWARENESS_SEVERITY_ERROR,
                                    AWARENESS_CONTENT_ERROR_DUPLICATE_ID,
                                    _("Module id “%s” is already used by another module "
                                      "of the catalog"), module->id);

      /* A preview leaves a module with errors out, and keeps its
       * problems to say so. */
      module_errors = _awareness_problems_count_errors (found) - errors_before;
      if (leave_out_broken && module_errors > 0)
        {
          left_out_errors += module_errors;
          continue;
        }
      if (module->id != NULL)
        g_hash_table_add (module_ids, g_strdup (module->id));

      /* Validation keeps only the problems: memory stays flat however
       * large the tree. */
      if (keep_modules)
        g_list_store_append (self->modules, module);
    }

  left_out_errors += load_drills (self, file, node, directory, root, module_ids,
                                  keep_modules, leave_out_broken, found);

  if (self->policy == NULL && file->n_errors == 0)
    _awareness_xml_file_report (file, node, AWARENESS_SEVERITY_ERROR,
                                AWARENESS_CONTENT_ERROR_BAD_PATH,
                                _("The catalog names no usable policy file"));

done:
  n_errors = _awareness_problems_count_errors (found) - left_out_errors;
  if (problems != NULL)
    *problems = g_ptr_array_ref (found);

  if (n_errors > 0)
    {
      AwarenessProblem *first = NULL;
      g_autofree char *first_text = NULL;

      for (guint i = 0; i < found->len && first == NULL; i++)
        if (awareness_problem_get_severity (g_ptr_array_index (found, i)) ==
            AWARENESS_SEVERITY_ERROR)
          first = g_ptr_array_index (found, i);
      first_text = awareness_problem_to_string (first);

      g_set_error (error, AWARENESS_CONTENT_ERROR, AWARENESS_CONTENT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The content in “%s” has %u error; the first: %s",
                                "The content in “%s” has %u errors; the first: %s", n_errors),
                   directory, n_errors, first_text);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * awareness_catalog_new_for_directory:
 * @directory: (type filename): a content directory holding `catalog.xml`
 * @problems: (out) (optional) (transfer container) (element-type AwarenessProblem):
 *   every error and warning found, in the order found
 * @error: return location for an error
 *
 * Loads and checks a whole content tree.  The catalog is returned only if
 * the content has no error; warnings, such as missing translations, do not
 * prevent loading.
 *
 * Returns: (transfer full) (nullable): the catalog, or `NULL` with @error set
 *
 * Since: 0.2
 */
AwarenessCatalog *
awareness_catalog_new_for_directory (const char  *directory,
                                     GPtrArray  **problems,
                                     GError     **error)
{
  return load_catalog (directory, TRUE, FALSE, problems, error);
}

/**
 * awareness_catalog_new_for_preview:
 * @directory: (type filename): a content directory holding `catalog.xml`
 * @problems: (out) (optional) (transfer full) (element-type AwarenessProblem):
 *   every error and warning found, those of the modules left out included
 * @error: return location for an error
 *
 * Loads a content tree for an author's preview: a module with errors is
 * left out, and its errors are in @problems, so that the others can be
 * shown while one is being edited.  Errors of the catalog or the policy
 * still fail.  Never for packaging, publishing or taking a module: those
 * use awareness_catalog_new_for_directory(), which refuses any error.
 *
 * Returns: (transfer full) (nullable): the catalog of the modules without
 *   errors, or `NULL` with @error set
 *
 * Since: 0.2
 */
AwarenessCatalog *
awareness_catalog_new_for_preview (const char  *directory,
                                   GPtrArray  **problems,
                                   GError     **error)
{
  return load_catalog (directory, TRUE, TRUE, problems, error);
}

/**
 * awareness_catalog_get_id:
 * @self: a catalog
 *
 * Returns: (transfer none): the catalog's id
 *
 * Since: 0.2
 */
const char *
awareness_catalog_get_id (AwarenessCatalog *self)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);

  return self->id;
}

/**
 * awareness_catalog_get_directory:
 * @self: a catalog
 *
 * Returns: (transfer none) (type filename): the content directory, as given
 *
 * Since: 0.2
 */
const char *
awareness_catalog_get_directory (AwarenessCatalog *self)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);

  return self->directory;
}

/**
 * awareness_catalog_get_internal:
 * @self: a catalog
 *
 * An internal catalog holds the City's own training on its non-public
 * rules (its Standards and Procedures), written and signed by the City,
 * rather than training on the published policy.  Clients say so wherever
 * they show its modules.
 *
 * Returns: whether the catalog says `internal="true"`
 *
 * Since: 0.2
 */
gboolean
awareness_catalog_get_internal (AwarenessCatalog *self)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), FALSE);

  return self->internal;
}

/**
 * awareness_catalog_get_sample:
 * @self: a catalog
 *
 * A sample catalog shows how to write content, with placeholders such as
 * “(the City's contact here)” where a real rule would go.  Clients mark
 * its modules as a sample, never as the City's rules.
 *
 * Returns: whether the catalog says `sample="true"`
 *
 * Since: 0.2
 */
gboolean
awareness_catalog_get_sample (AwarenessCatalog *self)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), FALSE);

  return self->sample;
}

/**
 * awareness_catalog_dup_notice:
 * @self: a catalog
 *
 * What every client shows beside an internal or sample catalog's modules,
 * so that a sample is never taken for the City's real rules and internal
 * training is known as the City's own.
 *
 * Returns: (transfer full) (nullable): the notice in the user interface's
 *   language, or `NULL` for a catalog that is neither
 *
 * Since: 0.2
 */
char *
awareness_catalog_dup_notice (AwarenessCatalog *self)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);

  if (self->sample)
    return g_strdup (_("SAMPLE: placeholders, not the City's rules. This training shows how a City "
                       "writes its own internal module; every part in brackets is to be filled in "
                       "by the City."));
  if (self->internal)
    return g_strdup (_("The City's internal training: rules of the City's own (non-public) "
                       "Standards and Procedures, issued by the City for its staff."));
  return NULL;
}

/**
 * awareness_catalog_get_iri_base:
 * @self: a catalog
 *
 * Returns: (transfer none): the IRI under which the catalog's modules are xAPI activities
 *
 * Since: 0.2
 */
const char *
awareness_catalog_get_iri_base (AwarenessCatalog *self)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);

  return self->iri_base;
}

/**
 * awareness_catalog_get_title:
 * @self: a catalog
 * @lang: (nullable): a language code such as `ja`, or %NULL for the
 *   content language
 *
 * Returns: (transfer none): the catalog's title in @lang, or in the
 *   language there is
 *
 * Since: 0.2
 */
const char *
awareness_catalog_get_title (AwarenessCatalog *self,
                             const char       *lang)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);

  return _awareness_text_get_plain (self->title, lang);
}

/* The item of @model whose id, the string at @id_offset of its struct,
 * is @id, or NULL; the model keeps it alive. */
static gpointer
lookup_by_id (GListModel *model,
              glong       id_offset,
              const char *id)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (G_STRUCT_MEMBER (const char *, item, id_offset), id) == 0)
        return item;
    }
  return NULL;
}

/**
 * awareness_catalog_get_policy:
 * @self: a catalog
 *
 * Returns: (transfer none): the policy
 *
 * Since: 0.2
 */
AwarenessPolicy *
awareness_catalog_get_policy (AwarenessCatalog *self)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);

  return self->policy;
}

/**
 * awareness_catalog_get_modules:
 * @self: a catalog
 *
 * Returns: (transfer none): a list model of [class@Module], in catalog order
 *
 * Since: 0.2
 */
GListModel *
awareness_catalog_get_modules (AwarenessCatalog *self)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);

  return G_LIST_MODEL (self->modules);
}

/**
 * awareness_catalog_lookup_module:
 * @self: a catalog
 * @id: a module id
 *
 * Returns: (transfer none) (nullable): the module, or `NULL`
 *
 * Since: 0.2
 */
AwarenessModule *
awareness_catalog_lookup_module (AwarenessCatalog *self,
                                 const char       *id)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return lookup_by_id (G_LIST_MODEL (self->modules),
                       G_STRUCT_OFFSET (AwarenessModule, id), id);
}

/**
 * awareness_catalog_get_checklists:
 * @self: a catalog
 *
 * Returns: (transfer none): a list model of [class@Checklist], the
 *   self-inspection checklists, in catalog order
 *
 * Since: 0.2
 */
GListModel *
awareness_catalog_get_checklists (AwarenessCatalog *self)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);

  return G_LIST_MODEL (self->checklists);
}

/**
 * awareness_catalog_lookup_checklist:
 * @self: a catalog
 * @id: a checklist id
 *
 * Returns: (transfer none) (nullable): the checklist, or `NULL`
 *
 * Since: 0.2
 */
AwarenessChecklist *
awareness_catalog_lookup_checklist (AwarenessCatalog *self,
                                    const char       *id)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return lookup_by_id (G_LIST_MODEL (self->checklists),
                       G_STRUCT_OFFSET (AwarenessChecklist, id), id);
}

/**
 * awareness_catalog_dup_checklist_iri:
 * @self: a catalog
 * @checklist: one of its checklists
 *
 * Returns: (transfer full): the checklist's xAPI activity id
 *
 * Since: 0.2
 */
char *
awareness_catalog_dup_checklist_iri (AwarenessCatalog   *self,
                                     AwarenessChecklist *checklist)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (checklist), NULL);

  return awareness_iri_build_checklist (self->iri_base, checklist->id);
}

/**
 * awareness_catalog_lookup_clause:
 * @self: a catalog
 * @id: a clause id
 *
 * Returns: (transfer none) (nullable): the clause of the catalog's policy
 *
 * Since: 0.2
 */
AwarenessClause *
awareness_catalog_lookup_clause (AwarenessCatalog *self,
                                 const char       *id)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);

  return awareness_policy_lookup_clause (self->policy, id);
}

/**
 * awareness_catalog_get_drills:
 * @self: a catalog
 *
 * Returns: (transfer none): the drill templates ([class@Drill]) of the
 *   catalog, in catalog order
 *
 * Since: 0.2
 */
GListModel *
awareness_catalog_get_drills (AwarenessCatalog *self)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);
  return G_LIST_MODEL (self->drills);
}

/**
 * awareness_catalog_lookup_drill:
 * @self: a catalog
 * @id: a drill id
 *
 * Returns: (transfer none) (nullable): the drill template with this id
 *
 * Since: 0.2
 */
AwarenessDrill *
awareness_catalog_lookup_drill (AwarenessCatalog *self,
                                const char       *id)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return lookup_by_id (G_LIST_MODEL (self->drills),
                       G_STRUCT_OFFSET (AwarenessDrill, id), id);
}

/**
 * awareness_catalog_list_drills_citing:
 * @self: a catalog
 * @clause: a clause of the catalog's policy
 *
 * Returns: (transfer container) (element-type AwarenessDrill): the drill
 *   templates that relate to @clause itself
 *
 * Since: 0.2
 */
GPtrArray *
awareness_catalog_list_drills_citing (AwarenessCatalog *self,
                                      AwarenessClause  *clause)
{
  GPtrArray *drills = g_ptr_array_new ();
  guint n;

  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), drills);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->drills));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AwarenessDrill) drill = g_list_model_get_item (G_LIST_MODEL (self->drills), i);

      if (g_ptr_array_find (drill->clauses, clause, NULL))
        g_ptr_array_add (drills, drill);
    }

  return drills;
}

/**
 * awareness_catalog_dup_module_iri:
 * @self: a catalog
 * @module: one of its modules
 *
 * Returns: (transfer full): the module's xAPI activity id
 *
 * Since: 0.2
 */
char *
awareness_catalog_dup_module_iri (AwarenessCatalog *self,
                                  AwarenessModule  *module)
{
  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);
  g_return_val_if_fail (AWARENESS_IS_MODULE (module), NULL);

  return awareness_iri_build_module (self->iri_base, module->id);
}

static void
coverage_free (gpointer data)
{
  AwarenessCoverage *coverage = data;

  g_ptr_array_unref (coverage->lessons);
  g_ptr_array_unref (coverage->questions);
  g_ptr_array_unref (coverage->checks);
  g_free (coverage);
}

/**
 * awareness_catalog_compute_coverage:
 * @self: a catalog
 *
 * Lists, for every clause of the policy in document order, the lessons,
 * questions and self-inspection items that cite it.  A clause counts as
 * tested when a question cites it or one of its sub-clauses, and as
 * inspected when a checklist item does.
 *
 * Returns: (transfer container) (element-type AwarenessCoverage): one entry per clause
 *
 * Since: 0.2
 */
GPtrArray *
awareness_catalog_compute_coverage (AwarenessCatalog *self)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (coverage_free);
  g_autoptr(GHashTable) by_clause = g_hash_table_new (NULL, NULL);
  GPtrArray *clauses;
  guint n_modules;

  g_return_val_if_fail (AWARENESS_IS_CATALOG (self), NULL);

  clauses = awareness_policy_get_clauses (self->policy);
  for (guint i = 0; i < clauses->len; i++)
    {
      AwarenessCoverage *coverage = g_new0 (AwarenessCoverage, 1);

      coverage->clause = g_ptr_array_index (clauses, i);
      coverage->lessons = g_ptr_array_new ();
      coverage->questions = g_ptr_array_new ();
      coverage->checks = g_ptr_array_new ();
      g_ptr_array_add (entries, coverage);
      g_hash_table_insert (by_clause, coverage->clause, coverage);
    }

  n_modules = g_list_model_get_n_items (G_LIST_MODEL (self->modules));
  for (guint m = 0; m < n_modules; m++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (G_LIST_MODEL (self->modules), m);

      for (guint i = 0; i < module->lessons->len; i++)
        {
          AwarenessLesson *lesson = g_ptr_array_index (module->lessons, i);

          for (guint j = 0; j < lesson->clauses->len; j++)
            {
              AwarenessCoverage *coverage =
                  g_hash_table_lookup (by_clause, g_ptr_array_index (lesson->clauses, j));

              g_ptr_array_add (coverage->lessons, lesson);
            }
        }

      for (guint i = 0; i < module->questions->len; i++)
        {
          AwarenessQuestion *question = g_ptr_array_index (module->questions, i);

          for (guint j = 0; j < question->clauses->len; j++)
            {
              AwarenessClause *clause = g_ptr_array_index (question->clauses, j);
              AwarenessCoverage *coverage = g_hash_table_lookup (by_clause, clause);

              g_ptr_array_add (coverage->questions, question);
              for (AwarenessClause *c = clause; c != NULL; c = c->parent)
                ((AwarenessCoverage *) g_hash_table_lookup (by_clause, c))->tested = TRUE;
            }
        }
    }

  for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (self->checklists)); k++)
    {
      g_autoptr(AwarenessChecklist) checklist =
          g_list_model_get_item (G_LIST_MODEL (self->checklists), k);

      for (guint i = 0; i < checklist->items->len; i++)
        {
          AwarenessChecklistItem *item = g_ptr_array_index (checklist->items, i);

          for (guint j = 0; j < item->clauses->len; j++)
            {
              AwarenessClause *clause = g_ptr_array_index (item->clauses, j);
              AwarenessCoverage *coverage = g_hash_table_lookup (by_clause, clause);

              g_ptr_array_add (coverage->checks, item);
              for (AwarenessClause *c = clause; c != NULL; c = c->parent)
                ((AwarenessCoverage *) g_hash_table_lookup (by_clause, c))->inspected = TRUE;
            }
        }
    }

  return entries;
}

/**
 * awareness_content_validate_path:
 * @path: (type filename): a content directory, or one content file
 * @policy: (nullable): the policy against which a lone module's citations
 *   are checked
 * @problems: (element-type AwarenessProblem): where every problem found is added
 *
 * Validates content without keeping it: a directory as a whole content
 * tree, a file as what its document element says it is.
 *
 * Returns: whether no error was found (warnings allowed)
 *
 * Since: 0.2
 */
gboolean
awareness_content_validate_path (const char      *path,
                                 AwarenessPolicy *policy,
                                 GPtrArray       *problems)
{
  g_autoptr(AwarenessXmlFile) file = NULL;
  guint before;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);

  before = _awareness_problems_count_errors (problems);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(AwarenessCatalog) catalog = load_catalog (path, FALSE, FALSE, &found, NULL);

      g_ptr_array_extend (problems, found, (GCopyFunc) (void (*) (void)) awareness_problem_ref,
                          NULL);
      return catalog != NULL;
    }

  file = _awareness_xml_file_read (path, problems);
  if (file->doc != NULL)
    {
      const char *name = root_name (file);

      if (g_strcmp0 (name, "module") == 0)
        g_object_unref (_awareness_module_load (file, policy));
      else if (g_strcmp0 (name, "policy") == 0)
        g_object_unref (_awareness_policy_load (file));
      else if (g_strcmp0 (name, "checklist") == 0)
        g_object_unref (_awareness_checklist_load (file, policy));
      else if (g_strcmp0 (name, "drill") == 0)
        g_object_unref (_awareness_drill_load (file, policy));
      else if (g_strcmp0 (name, "catalog") == 0)
        {
          g_autofree char *dir = g_path_get_dirname (path);

          file = (_awareness_xml_file_free (file), NULL);
          return awareness_content_validate_path (dir, policy, problems);
        }
    }

  return _awareness_problems_count_errors (problems) == before;
}

/**
 * awareness_module_new_from_data:
 * @data: (array length=length): the bytes of a module document
 * @length: the number of bytes
 * @name: a name for the data in messages
 * @policy: (nullable): the policy the module cites
 * @problems: (nullable) (element-type AwarenessProblem): where problems are added
 * @error: return location for an error
 *
 * Loads one module from memory, with every check of a module file.
 *
 * Returns: (transfer full) (nullable): the module, or `NULL` with @error set
 *
 * Since: 0.2
 */
AwarenessModule *
awareness_module_new_from_data (const char       *data,
                                gsize             length,
                                const char       *name,
                                AwarenessPolicy  *policy,
                                GPtrArray        *problems,
                                GError          **error)
{
  g_autoptr(GPtrArray) found =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_problem_unref);
  g_autoptr(AwarenessXmlFile) file = NULL;
  g_autoptr(AwarenessModule) module = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  file = _awareness_xml_file_parse (data != NULL ? data : "", length, name, found);
  if (expect_root (file, "module"))
    module = _awareness_module_load (file, policy);

  if (problems != NULL)
    g_ptr_array_extend (problems, found, (GCopyFunc) (void (*) (void)) awareness_problem_ref, NULL);

  if (_awareness_problems_count_errors (found) > 0)
    {
      for (guint i = 0; i < found->len; i++)
        {
          AwarenessProblem *problem = g_ptr_array_index (found, i);

          if (awareness_problem_get_severity (problem) == AWARENESS_SEVERITY_ERROR)
            {
              g_autofree char *text = awareness_problem_to_string (problem);

              g_set_error_literal (error, AWARENESS_CONTENT_ERROR,
                                   awareness_problem_get_code (problem), text);
              break;
            }
        }
      return NULL;
    }

  return g_steal_pointer (&module);
}

/**
 * awareness_policy_new_for_path:
 * @path: (type filename): a policy file
 * @problems: (nullable) (element-type AwarenessProblem): where problems are added
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the policy, or `NULL` with @error set
 *
 * Since: 0.2
 */
AwarenessPolicy *
awareness_policy_new_for_path (const char  *path,
                               GPtrArray   *problems,
                               GError     **error)
{
  g_autoptr(GPtrArray) found =
      g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_problem_unref);
  g_autoptr(AwarenessPolicy) policy = load_policy (path, path, found);

  if (problems != NULL)
    g_ptr_array_extend (problems, found, (GCopyFunc) (void (*) (void)) awareness_problem_ref, NULL);

  if (policy == NULL || _awareness_problems_count_errors (found) > 0)
    {
      g_set_error (error, AWARENESS_CONTENT_ERROR, AWARENESS_CONTENT_ERROR_INVALID,
                   _("The policy “%s” has errors"), path);
      return NULL;
    }

  return g_steal_pointer (&policy);
}

/**
 * awareness_get_content_language:
 *
 * The language in which content is shown: Japanese under a Japanese
 * locale, English otherwise.
 *
 * Returns: (transfer none): `ja` or `en`
 *
 * Since: 0.2
 */
const char *
awareness_get_content_language (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (_awareness_lang_matches (names[i], "ja"))
        return "ja";
      if (_awareness_lang_matches (names[i], "en"))
        return "en";
    }

  return "en";
}

/**
 * awareness_content_check_path:
 * @path: (type filename): a content directory, or one content file
 * @policy: (nullable): the policy against which a lone module's citations
 *   are checked
 *
 * Validates content without keeping it, as awareness_content_validate_path()
 * does, and returns what it found: the form for language bindings, such as
 * an administrator's Python script.
 *
 * Returns: (transfer container) (element-type AwarenessProblem): every error and
 *   warning found, each with its file, line and column; empty when the
 *   content is valid
 *
 * Since: 0.2
 */
GPtrArray *
awareness_content_check_path (const char      *path,
                              AwarenessPolicy *policy)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) awareness_problem_unref);

  g_return_val_if_fail (path != NULL, problems);

  awareness_content_validate_path (path, policy, problems);
  return problems;
}
