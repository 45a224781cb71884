/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <gio/gio.h>

#include "awareness-types.h"

G_BEGIN_DECLS

#define AWARENESS_TYPE_CATALOG (awareness_catalog_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessCatalog, awareness_catalog, AWARENESS, CATALOG, GObject)

/**
 * AwarenessCoverage:
 * @clause: the clause
 * @lessons: (element-type AwarenessLesson): lessons citing the clause itself
 * @questions: (element-type AwarenessQuestion): questions citing the clause itself
 * @tested: whether a question tests the clause or one of its sub-clauses
 * @checks: (element-type AwarenessChecklistItem): self-inspection items
 *   citing the clause itself
 * @inspected: whether a self-inspection item checks the clause or one of
 *   its sub-clauses
 *
 * What teaches, tests and checks one clause of the policy.
 *
 * Since: 0.2
 */
typedef struct {
  AwarenessClause *clause;
  GPtrArray       *lessons;
  GPtrArray       *questions;
  gboolean         tested;
  GPtrArray       *checks;
  gboolean         inspected;
} AwarenessCoverage;

AWARENESS_AVAILABLE_IN_ALL
AwarenessCatalog *awareness_catalog_new_for_directory (const char  *directory,
                                                       GPtrArray  **problems,
                                                       GError     **error)
                                                       G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
AwarenessCatalog *awareness_catalog_new_for_preview   (const char  *directory,
                                                       GPtrArray  **problems,
                                                       GError     **error)
                                                       G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
const char       *awareness_catalog_get_id            (AwarenessCatalog *self);
AWARENESS_AVAILABLE_IN_ALL
const char       *awareness_catalog_get_directory     (AwarenessCatalog *self);
AWARENESS_AVAILABLE_IN_ALL
const char       *awareness_catalog_get_iri_base      (AwarenessCatalog *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_catalog_get_internal      (AwarenessCatalog *self);
AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_catalog_get_sample        (AwarenessCatalog *self);
AWARENESS_AVAILABLE_IN_ALL
char             *awareness_catalog_dup_notice        (AwarenessCatalog *self);
AWARENESS_AVAILABLE_IN_ALL
const char       *awareness_catalog_get_title         (AwarenessCatalog *self,
                                                       const char       *lang);
AWARENESS_AVAILABLE_IN_ALL
AwarenessPolicy  *awareness_catalog_get_policy        (AwarenessCatalog *self);
AWARENESS_AVAILABLE_IN_ALL
GListModel       *awareness_catalog_get_modules       (AwarenessCatalog *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessModule  *awareness_catalog_lookup_module     (AwarenessCatalog *self,
                                                       const char       *id);
AWARENESS_AVAILABLE_IN_ALL
GListModel       *awareness_catalog_get_checklists    (AwarenessCatalog *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessChecklist *awareness_catalog_lookup_checklist (AwarenessCatalog *self,
                                                        const char       *id);
AWARENESS_AVAILABLE_IN_ALL
char             *awareness_catalog_dup_checklist_iri (AwarenessCatalog   *self,
                                                       AwarenessChecklist *checklist);
AWARENESS_AVAILABLE_IN_ALL
AwarenessClause  *awareness_catalog_lookup_clause     (AwarenessCatalog *self,
                                                       const char       *id);
AWARENESS_AVAILABLE_IN_ALL
GListModel       *awareness_catalog_get_drills        (AwarenessCatalog *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessDrill   *awareness_catalog_lookup_drill      (AwarenessCatalog *self,
                                                       const char       *id);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray        *awareness_catalog_list_drills_citing (AwarenessCatalog *self,
                                                        AwarenessClause  *clause);
AWARENESS_AVAILABLE_IN_ALL
char             *awareness_catalog_dup_module_iri    (AwarenessCatalog *self,
                                                       AwarenessModule  *module);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray        *awareness_catalog_compute_coverage  (AwarenessCatalog *self);

AWARENESS_AVAILABLE_IN_ALL
gboolean          awareness_content_validate_path     (const char       *path,
                                                       AwarenessPolicy  *policy,
                                                       GPtrArray        *problems);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray        *awareness_content_check_path        (const char       *path,
                                                       AwarenessPolicy  *policy);
AWARENESS_AVAILABLE_IN_ALL
AwarenessModule  *awareness_module_new_from_data      (const char       *data,
                                                       gsize             length,
                                                       const char       *name,
                                                       AwarenessPolicy  *policy,
                                                       GPtrArray        *problems,
                                                       GError          **error)
                                                       G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
AwarenessPolicy  *awareness_policy_new_for_path       (const char       *path,
                                                       GPtrArray        *problems,
                                                       GError          **error)
                                                       G_GNUC_WARN_UNUSED_RESULT;

AWARENESS_AVAILABLE_IN_ALL
const char       *awareness_get_content_language      (void);

G_END_DECLS
