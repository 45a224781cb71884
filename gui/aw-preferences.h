/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aw-gui.h"

G_BEGIN_DECLS

#define AW_TYPE_PREFERENCES (aw_preferences_get_type ())
G_DECLARE_FINAL_TYPE (AwPreferences, aw_preferences, AW, PREFERENCES, AdwPreferencesWindow)

GtkWidget *aw_preferences_new (GtkWindow *parent,
                               AwContext *context);

G_END_DECLS
