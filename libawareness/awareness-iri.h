/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <glib-object.h>
#include "awareness-version-macros.h"

G_BEGIN_DECLS

/**
 * AwarenessIriKind:
 * @AWARENESS_IRI_NONE: not an activity IRI of Awareness content
 * @AWARENESS_IRI_MODULE: a module, `BASE/MODULE`
 * @AWARENESS_IRI_QUESTION: a question of a module, `BASE/MODULE/questions/QUESTION`
 * @AWARENESS_IRI_CHECKLIST: a self-inspection checklist,
 *   `BASE/self-inspection/CHECKLIST`
 * @AWARENESS_IRI_CHECKLIST_ITEM: an item of a checklist,
 *   `BASE/self-inspection/CHECKLIST/items/ITEM`
 *
 * What an activity IRI names.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_IRI_NONE,
  AWARENESS_IRI_MODULE,
  AWARENESS_IRI_QUESTION,
  AWARENESS_IRI_CHECKLIST,
  AWARENESS_IRI_CHECKLIST_ITEM,
} AwarenessIriKind;

AWARENESS_AVAILABLE_IN_ALL
gboolean         awareness_iri_is_content_id     (const char  *id);
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_iri_build_module      (const char  *iri_base,
                                                  const char  *module_id);
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_iri_build_question    (const char  *iri_base,
                                                  const char  *module_id,
                                                  const char  *question_id);
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_iri_build_checklist   (const char  *iri_base,
                                                  const char  *checklist_id);
AWARENESS_AVAILABLE_IN_ALL
char            *awareness_iri_build_checklist_item (const char *iri_base,
                                                     const char *checklist_id,
                                                     const char *item_id);
AWARENESS_AVAILABLE_IN_ALL
AwarenessIriKind awareness_iri_parse             (const char  *iri,
                                                  const char  *iri_base,
                                                  char       **module_id,
                                                  char       **question_id);

G_END_DECLS
