/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "awareness-gui.h"

G_BEGIN_DECLS

#define AWARENESS_TYPE_TRAINER (awareness_trainer_get_type ())
G_DECLARE_FINAL_TYPE (AwarenessTrainer, awareness_trainer, AWARENESS, TRAINER, GtkBox)

void              awareness_trainer_set_context    (AwarenessTrainer *self,
                                                    AwarenessContext *context);
gboolean          awareness_trainer_open           (AwarenessTrainer *self,
                                                    AwarenessModule  *module,
                                                    GError          **error);
AwarenessModule  *awareness_trainer_get_module     (AwarenessTrainer *self);
AwarenessAttempt *awareness_trainer_get_attempt    (AwarenessTrainer *self);
const char       *awareness_trainer_get_page       (AwarenessTrainer *self);
guint             awareness_trainer_get_position   (AwarenessTrainer *self);
GtkWidget        *awareness_trainer_get_choice     (AwarenessTrainer *self,
                                                    guint             index);

G_END_DECLS
