/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "awareness-private.h"

G_BEGIN_DECLS

GPtrArray *_awareness_draw_groups (AwarenessModule    *module,
                                   GPtrArray         **lessons);
GPtrArray *_awareness_draw        (AwarenessModule    *module,
                                   GRand              *rand,
                                   const char * const *avoid);
void       _awareness_shuffle     (GPtrArray          *array,
                                   GRand              *rand);
void       _awareness_draw_check  (AwarenessXmlFile   *file,
                                   AwarenessModule    *module,
                                   xmlNode            *quiz);

G_END_DECLS
