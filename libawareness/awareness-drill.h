/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <gio/gio.h>

#include "awareness-types.h"
#include "awareness-client.h"

G_BEGIN_DECLS

/**
 * AWARENESS_DRILL_HEADER:
 *
 * The name of the header that carries a drill message's token, by which a
 * reported message is matched to its drill.
 *
 * Since: 0.2
 */
#define AWARENESS_DRILL_HEADER "X-Awareness-Drill"

#define AWARENESS_TYPE_DRILL (awareness_drill_get_type ())
AWARENESS_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (AwarenessDrill, awareness_drill, AWARENESS, DRILL, GObject)

AWARENESS_AVAILABLE_IN_ALL
AwarenessDrill     *awareness_drill_new_from_data      (const char       *data,
                                                        gsize             length,
                                                        const char       *name,
                                                        AwarenessPolicy  *policy,
                                                        GPtrArray        *problems,
                                                        GError          **error)
                                                        G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
AwarenessDrill     *awareness_drill_new_for_path       (const char       *path,
                                                        AwarenessPolicy  *policy,
                                                        GPtrArray        *problems,
                                                        GError          **error)
                                                        G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
const char         *awareness_drill_get_id             (AwarenessDrill   *self);
AWARENESS_AVAILABLE_IN_ALL
const char         *awareness_drill_get_version        (AwarenessDrill   *self);
AWARENESS_AVAILABLE_IN_ALL
const char         *awareness_drill_get_file           (AwarenessDrill   *self);
AWARENESS_AVAILABLE_IN_ALL
const char         *awareness_drill_get_follow_up      (AwarenessDrill   *self);
AWARENESS_AVAILABLE_IN_ALL
const char * const *awareness_drill_get_clause_ids     (AwarenessDrill   *self);
AWARENESS_AVAILABLE_IN_ALL
GPtrArray          *awareness_drill_get_clauses        (AwarenessDrill   *self);
AWARENESS_AVAILABLE_IN_ALL
const char         *awareness_drill_get_title          (AwarenessDrill   *self,
                                                        const char       *lang);
AWARENESS_AVAILABLE_IN_ALL
const char         *awareness_drill_get_sender         (AwarenessDrill   *self,
                                                        const char       *lang);
AWARENESS_AVAILABLE_IN_ALL
const char         *awareness_drill_get_subject        (AwarenessDrill   *self,
                                                        const char       *lang);
AWARENESS_AVAILABLE_IN_ALL
char               *awareness_drill_dup_body           (AwarenessDrill   *self,
                                                        const char       *lang,
                                                        const char       *link);
AWARENESS_AVAILABLE_IN_ALL
char              **awareness_drill_dup_signs          (AwarenessDrill   *self,
                                                        const char       *lang,
                                                        AwarenessTextFormat format);
AWARENESS_AVAILABLE_IN_ALL
char              **awareness_drill_dup_next_time      (AwarenessDrill   *self,
                                                        const char       *lang,
                                                        AwarenessTextFormat format);
AWARENESS_AVAILABLE_IN_ALL
GBytes             *awareness_drill_compose_message    (AwarenessDrill   *self,
                                                        const char       *lang,
                                                        const char       *from_address,
                                                        const char       *to_address,
                                                        const char       *link,
                                                        const char       *token,
                                                        GDateTime        *date,
                                                        gboolean          with_html,
                                                        GError          **error)
                                                        G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
char               *awareness_drill_find_token         (const char       *pasted);
AWARENESS_AVAILABLE_IN_ALL
gboolean            awareness_drill_parse_report       (const char       *pasted,
                                                        char            **token,
                                                        char            **subject);
AWARENESS_AVAILABLE_IN_ALL
gboolean            awareness_drill_report             (AwarenessClient  *client,
                                                        const char       *token,
                                                        const char       *subject,
                                                        gboolean         *drill,
                                                        GError          **error);
AWARENESS_AVAILABLE_IN_ALL
char               *awareness_mail_encode_header_word  (const char       *text);

G_END_DECLS
