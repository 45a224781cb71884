/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "awareness-types.h"
#include "awareness-attempt.h"

G_BEGIN_DECLS

/* The IRIs of Awareness's own xAPI vocabulary. */
#define AWARENESS_XAPI_EXTENSION_BASE   "https://awareness.example/xapi/extensions/"
#define AWARENESS_XAPI_EXT_MODULE_VERSION AWARENESS_XAPI_EXTENSION_BASE "module-version"
#define AWARENESS_XAPI_EXT_CONTENT_DIGEST AWARENESS_XAPI_EXTENSION_BASE "content-digest"
#define AWARENESS_XAPI_EXT_CLAUSES        AWARENESS_XAPI_EXTENSION_BASE "clauses"
#define AWARENESS_XAPI_EXT_POLICY_VERSION AWARENESS_XAPI_EXTENSION_BASE "policy-version"

#define AWARENESS_XAPI_VERB_ANSWERED  "http://adlnet.gov/expapi/verbs/answered"
#define AWARENESS_XAPI_VERB_COMPLETED "http://adlnet.gov/expapi/verbs/completed"
#define AWARENESS_XAPI_VERB_PASSED    "http://adlnet.gov/expapi/verbs/passed"
#define AWARENESS_XAPI_VERB_FAILED    "http://adlnet.gov/expapi/verbs/failed"

AWARENESS_AVAILABLE_IN_ALL
GPtrArray *awareness_xapi_build_attempt_statements (AwarenessAttempt *attempt,
                                                    AwarenessCatalog *catalog,
                                                    const char       *account_home_page,
                                                    const char       *account_name,
                                                    const char       *lang);
AWARENESS_AVAILABLE_IN_ALL
JsonNode  *awareness_xapi_build_account_agent      (const char       *home_page,
                                                    const char       *name);
AWARENESS_AVAILABLE_IN_ALL
char      *awareness_xapi_format_duration          (GTimeSpan         span);
AWARENESS_AVAILABLE_IN_ALL
char      *awareness_xapi_format_timestamp         (GDateTime        *when);

G_END_DECLS
