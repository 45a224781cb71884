/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aw-gui.h"

G_BEGIN_DECLS

#define AW_TYPE_TRAINER (aw_trainer_get_type ())
G_DECLARE_FINAL_TYPE (AwTrainer, aw_trainer, AW, TRAINER, GtkBox)

void              aw_trainer_set_context    (AwTrainer *self,
                                                    AwContext *context);
gboolean          aw_trainer_open           (AwTrainer *self,
                                                    AwarenessModule  *module,
                                                    GError          **error);
AwarenessModule  *aw_trainer_get_module     (AwTrainer *self);
AwarenessAttempt *aw_trainer_get_attempt    (AwTrainer *self);
const char       *aw_trainer_get_page       (AwTrainer *self);
guint             aw_trainer_get_position   (AwTrainer *self);
GtkWidget        *aw_trainer_get_lesson_next (AwTrainer *self);
GtkWidget        *aw_trainer_get_choice     (AwTrainer *self,
                                                    guint             index);

G_END_DECLS
