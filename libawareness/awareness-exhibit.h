/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "awareness-types.h"

G_BEGIN_DECLS

/**
 * AwarenessExhibitKind:
 * @AWARENESS_EXHIBIT_EMAIL: an e-mail: sender, recipient, subject, body, attachments
 * @AWARENESS_EXHIBIT_CHAT: a chat message
 * @AWARENESS_EXHIBIT_POST: a social-media post
 * @AWARENESS_EXHIBIT_SCREEN: what a screen shows, such as a notice or a dialog
 * @AWARENESS_EXHIBIT_PHOTO: a photograph, described in words
 *
 * What an exhibit shows.
 *
 * Since: 0.2
 */
typedef enum {
  AWARENESS_EXHIBIT_EMAIL,
  AWARENESS_EXHIBIT_CHAT,
  AWARENESS_EXHIBIT_POST,
  AWARENESS_EXHIBIT_SCREEN,
  AWARENESS_EXHIBIT_PHOTO,
} AwarenessExhibitKind;

/**
 * AwarenessExhibit:
 *
 * What a question shows the learner to judge: an e-mail, a chat message, a
 * post, a screen or a photograph, described in words.  Reference counted.
 *
 * Since: 0.2
 */
typedef struct _AwarenessExhibit AwarenessExhibit;

#define AWARENESS_TYPE_EXHIBIT (awareness_exhibit_get_type ())

AWARENESS_AVAILABLE_IN_ALL
GType                awareness_exhibit_get_type          (void) G_GNUC_CONST;
AWARENESS_AVAILABLE_IN_ALL
AwarenessExhibit    *awareness_exhibit_ref               (AwarenessExhibit *self);
AWARENESS_AVAILABLE_IN_ALL
void                 awareness_exhibit_unref             (AwarenessExhibit *self);
AWARENESS_AVAILABLE_IN_ALL
AwarenessExhibitKind awareness_exhibit_get_kind          (AwarenessExhibit *self);
AWARENESS_AVAILABLE_IN_ALL
const char          *awareness_exhibit_get_from          (AwarenessExhibit *self,
                                                          const char       *lang);
AWARENESS_AVAILABLE_IN_ALL
const char          *awareness_exhibit_get_to            (AwarenessExhibit *self,
                                                          const char       *lang);
AWARENESS_AVAILABLE_IN_ALL
const char          *awareness_exhibit_get_subject       (AwarenessExhibit *self,
                                                          const char       *lang);
AWARENESS_AVAILABLE_IN_ALL
const char          *awareness_exhibit_get_body          (AwarenessExhibit *self,
                                                          const char       *lang);
AWARENESS_AVAILABLE_IN_ALL
guint                awareness_exhibit_get_n_attachments (AwarenessExhibit *self);
AWARENESS_AVAILABLE_IN_ALL
const char          *awareness_exhibit_get_attachment    (AwarenessExhibit *self,
                                                          guint             index,
                                                          const char       *lang);
AWARENESS_AVAILABLE_IN_ALL
AwarenessExhibit    *awareness_exhibit_new_from_json     (JsonObject       *object)
                                                          G_GNUC_WARN_UNUSED_RESULT;
AWARENESS_AVAILABLE_IN_ALL
void                 awareness_exhibit_build_json        (AwarenessExhibit *self,
                                                          JsonBuilder      *builder);

AWARENESS_AVAILABLE_IN_ALL
const char          *awareness_exhibit_kind_to_string    (AwarenessExhibitKind kind);
AWARENESS_AVAILABLE_IN_ALL
const char          *awareness_exhibit_kind_get_title    (AwarenessExhibitKind kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessExhibit, awareness_exhibit_unref)

G_END_DECLS
