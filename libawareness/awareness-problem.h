/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include "awareness-types.h"

G_BEGIN_DECLS

#define AWARENESS_CONTENT_ERROR (awareness_content_error_quark ())

/**
 * AwarenessContentError:
 * @AWARENESS_CONTENT_ERROR_IO: a file could not be read
 * @AWARENESS_CONTENT_ERROR_TOO_LARGE: a file exceeds the size limit
 * @AWARENESS_CONTENT_ERROR_ENCODING: a file is not valid UTF-8
 * @AWARENESS_CONTENT_ERROR_MALFORMED: a file is not well-formed XML
 * @AWARENESS_CONTENT_ERROR_FORBIDDEN: a document type declaration, entity
 *   declaration or other construct refused for safety
 * @AWARENESS_CONTENT_ERROR_TOO_DEEP: elements nested beyond the limit
 * @AWARENESS_CONTENT_ERROR_SCHEMA: the document does not match the schema
 * @AWARENESS_CONTENT_ERROR_UNEXPECTED_DOCUMENT: a document of the wrong
 *   kind where another was expected (a module where the policy belongs)
 * @AWARENESS_CONTENT_ERROR_DUPLICATE_ID: an id used twice in its scope
 * @AWARENESS_CONTENT_ERROR_NO_CORRECT_CHOICE: a question without a correct choice
 * @AWARENESS_CONTENT_ERROR_SEVERAL_CORRECT: a single-choice question with
 *   more than one correct choice
 * @AWARENESS_CONTENT_ERROR_PASS_MARK: a pass mark outside 1–100
 * @AWARENESS_CONTENT_ERROR_DRAW: a draw larger than the question pool or below 1
 * @AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE: a citation of a clause that
 *   the policy does not have
 * @AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION: a text without its English
 *   translation (a warning)
 * @AWARENESS_CONTENT_ERROR_BAD_PATH: a catalog entry pointing outside the
 *   content directory, or to a missing file
 * @AWARENESS_CONTENT_ERROR_INVALID: the content has errors (summary code)
 * @AWARENESS_CONTENT_ERROR_DRILL: a drill template that cannot be sent: a
 *   text body without its `{link}`, with markup, or a follow-up module
 *   that the catalog does not hold (Since: 0.2)
 *
 * Errors found while loading and validating content.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_CONTENT_ERROR_IO,
  AWARENESS_CONTENT_ERROR_TOO_LARGE,
  AWARENESS_CONTENT_ERROR_ENCODING,
  AWARENESS_CONTENT_ERROR_MALFORMED,
  AWARENESS_CONTENT_ERROR_FORBIDDEN,
  AWARENESS_CONTENT_ERROR_TOO_DEEP,
  AWARENESS_CONTENT_ERROR_SCHEMA,
  AWARENESS_CONTENT_ERROR_UNEXPECTED_DOCUMENT,
  AWARENESS_CONTENT_ERROR_DUPLICATE_ID,
  AWARENESS_CONTENT_ERROR_NO_CORRECT_CHOICE,
  AWARENESS_CONTENT_ERROR_SEVERAL_CORRECT,
  AWARENESS_CONTENT_ERROR_PASS_MARK,
  AWARENESS_CONTENT_ERROR_DRAW,
  AWARENESS_CONTENT_ERROR_UNRESOLVED_CLAUSE,
  AWARENESS_CONTENT_ERROR_MISSING_TRANSLATION,
  AWARENESS_CONTENT_ERROR_BAD_PATH,
  AWARENESS_CONTENT_ERROR_INVALID,
  AWARENESS_CONTENT_ERROR_DRILL,
} AwarenessContentError;

/**
 * AwarenessSeverity:
 * @AWARENESS_SEVERITY_ERROR: the content cannot be used
 * @AWARENESS_SEVERITY_WARNING: the content can be used, but should be fixed
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_SEVERITY_ERROR,
  AWARENESS_SEVERITY_WARNING,
} AwarenessSeverity;

#define AWARENESS_TYPE_PROBLEM (awareness_problem_get_type ())

AWARENESS_AVAILABLE_IN_ALL
GQuark             awareness_content_error_quark   (void);
AWARENESS_AVAILABLE_IN_ALL
GType              awareness_problem_get_type      (void) G_GNUC_CONST;
AWARENESS_AVAILABLE_IN_ALL
AwarenessProblem  *awareness_problem_ref           (AwarenessProblem *self);
AWARENESS_AVAILABLE_IN_ALL
void               awareness_problem_unref         (AwarenessProblem *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessSeverity  awareness_problem_get_severity  (AwarenessProblem *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessContentError awareness_problem_get_code   (AwarenessProblem *self);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_problem_get_code_name (AwarenessProblem *self);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_problem_get_file      (AwarenessProblem *self);
AWARENESS_AVAILABLE_IN_ALL
guint              awareness_problem_get_line      (AwarenessProblem *self);
AWARENESS_AVAILABLE_IN_ALL
guint              awareness_problem_get_column    (AwarenessProblem *self);
AWARENESS_AVAILABLE_IN_ALL
const char        *awareness_problem_get_message   (AwarenessProblem *self);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_problem_to_string     (AwarenessProblem *self);
AWARENESS_AVAILABLE_IN_ALL
char             **awareness_nearest_names         (const char         *name,
                                                    const char * const *names,
                                                    guint               max);
AWARENESS_AVAILABLE_IN_ALL
char              *awareness_format_suggestion     (const char * const *nearest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessProblem, awareness_problem_unref)

G_END_DECLS
