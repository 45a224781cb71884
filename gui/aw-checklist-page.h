/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aw-gui.h"

G_BEGIN_DECLS

#define AW_TYPE_CHECKLIST_PAGE (aw_checklist_page_get_type ())
G_DECLARE_FINAL_TYPE (AwChecklistPage, aw_checklist_page, AW, CHECKLIST_PAGE, GtkBox)

GtkWidget           *aw_checklist_page_new            (void);
void                 aw_checklist_page_set_context    (AwChecklistPage     *self,
                                                       AwContext           *context);
gboolean             aw_checklist_page_open           (AwChecklistPage     *self,
                                                       AwarenessChecklist  *checklist,
                                                       GError             **error);
void                 aw_checklist_page_save           (AwChecklistPage     *self);
AwarenessInspection *aw_checklist_page_get_inspection (AwChecklistPage     *self);
GtkWidget           *aw_checklist_page_get_choice     (AwChecklistPage     *self,
                                                       guint                index,
                                                       AwarenessCheckAnswer answer);
GtkWidget           *aw_checklist_page_get_comment    (AwChecklistPage     *self,
                                                       guint                index);
const char          *aw_checklist_page_get_item_error (AwChecklistPage     *self,
                                                       guint                index);
GtkWidget           *aw_checklist_page_get_submit     (AwChecklistPage     *self);
const char          *aw_checklist_page_get_progress   (AwChecklistPage     *self);

G_END_DECLS
