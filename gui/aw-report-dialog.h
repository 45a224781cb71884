/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aw-gui.h"

G_BEGIN_DECLS

/**
 * AwReportState:
 * @AW_REPORT_STATE_EDITING: waiting for the pasted headers or subject
 * @AW_REPORT_STATE_SENDING: the report is on its way
 * @AW_REPORT_STATE_DRILL: a drill message, whose report the server recorded
 * @AW_REPORT_STATE_NOT_DRILL: not one of Awareness's drills
 * @AW_REPORT_STATE_FAILED: the report could not be made
 */
typedef enum {
  AW_REPORT_STATE_EDITING,
  AW_REPORT_STATE_SENDING,
  AW_REPORT_STATE_DRILL,
  AW_REPORT_STATE_NOT_DRILL,
  AW_REPORT_STATE_FAILED,
} AwReportState;

#define AW_TYPE_REPORT_DIALOG (aw_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AwReportDialog, aw_report_dialog, AW, REPORT_DIALOG, AdwWindow)

AwReportDialog *aw_report_dialog_new        (GtkWindow      *parent);
GtkTextView    *aw_report_dialog_get_text   (AwReportDialog *self);
GtkWidget      *aw_report_dialog_get_report (AwReportDialog *self);
AwReportState   aw_report_dialog_get_state  (AwReportDialog *self);
const char     *aw_report_dialog_get_result (AwReportDialog *self);

G_END_DECLS
