/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "awareness-private.h"

G_BEGIN_DECLS

AwarenessExhibit *_awareness_exhibit_load           (AwarenessXmlFile *file,
                                                     xmlNode          *node,
                                                     const char       *lang);
char             *_awareness_exhibit_normalize_body (const char       *text);

G_END_DECLS
