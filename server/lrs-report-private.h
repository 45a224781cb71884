/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the report files (lrs-report.c, lrs-report-assignments.c and
 * lrs-report-items.c) share.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lrs-report.h"

G_BEGIN_DECLS

char *lrs_report_dup_module_of (const char   *activity);
char *lrs_report_dup_recorded  (LrsVerdict   *verdict);
void  lrs_report_add_row_head  (JsonBuilder  *builder,
                                LrsReportRow *row);

G_END_DECLS
