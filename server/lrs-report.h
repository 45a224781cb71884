/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "awareness.h"
#include "lrs-store.h"

G_BEGIN_DECLS

/* One line of the completion report: a staff member's latest verdict on
 * one module, or a staff member without any result yet. */
typedef struct {
  char *staff_id;
  char *display_name;
  char *department;
  char *module;     /* the last segment of the activity IRI; NULL without results */
  char *activity;
  char *result;     /* passed, failed; NULL without results */
  char *date;       /* timestamp of the verdict, as the client wrote it */
  char *recorded;   /* when the server received it (see LrsVerdict) */
  gboolean verified;  /* its answers earn it; always so for a last pass */
  char *version;    /* module version, from the statement's context */
  gint  score;      /* percent, or -1 */
  char *due;        /* assignments: the due date, YYYY-MM-DD */
  char *due_state;  /* assignments: completed, pending or overdue */
  char *last_result;       /* dashboard: the latest verdict, passed or failed */
  char *last_result_date;  /* its timestamp */
  gint  last_result_score; /* its score, percent, or -1 */
  gboolean last_result_verified;
} LrsReportRow;

typedef struct {
  const char *department;
  const char *module;     /* a module id, or an activity IRI */
  GDateTime  *since;      /* inclusive bounds on the verdict's time, or NULL */
  GDateTime  *until;
} LrsReportFilter;

void       lrs_report_row_free      (LrsReportRow          *row);
gboolean   lrs_report_check_names   (LrsStore              *store,
                                     AwarenessCatalog      *catalog,
                                     const char            *home_page,
                                     const char            *department,
                                     const char            *module,
                                     GError               **error);
GPtrArray *lrs_report_completion    (LrsStore              *store,
                                     const char            *home_page,
                                     const LrsReportFilter *filter,
                                     GError               **error);
void       lrs_csv_append_record    (GString               *csv,
                                     const char * const    *values,
                                     guint                  n_values);
char      *lrs_report_to_csv        (GPtrArray             *rows,
                                     gboolean               bom,
                                     gboolean               japanese);
JsonNode  *lrs_report_to_json       (GPtrArray             *rows);
char      *lrs_audit_to_csv         (GPtrArray             *events,
                                     gboolean               bom,
                                     gboolean               japanese);
void       lrs_json_add_nullable    (JsonBuilder           *builder,
                                     const char            *member,
                                     const char            *value);
void       lrs_report_add_titles    (JsonNode              *rows,
                                     AwarenessCatalog      *catalog,
                                     const char            *lang);

GPtrArray *lrs_report_assignments   (LrsStore              *store,
                                     AwarenessCatalog      *catalog,
                                     GHashTable            *overrides,
                                     const char            *home_page,
                                     const char            *department,
                                     const GDate           *today,
                                     gboolean               only_overdue,
                                     GError               **error);
char      *lrs_report_assignments_to_csv  (GPtrArray       *rows,
                                           gboolean         bom,
                                           gboolean         japanese);
JsonNode  *lrs_report_assignments_to_json (GPtrArray       *rows);
JsonNode  *lrs_report_assignments_summary (GPtrArray       *rows,
                                           gboolean         by_person);

JsonNode  *lrs_report_overview       (LrsStore         *store,
                                      AwarenessCatalog *catalog,
                                      GHashTable       *overrides,
                                      const char       *home_page,
                                      const char       *department,
                                      const GDate      *today,
                                      GError          **error);
gboolean   lrs_report_add_last_results (LrsStore      *store,
                                       const char    *home_page,
                                       const char    *department,
                                       GPtrArray     *rows,
                                       GError       **error);
JsonNode  *lrs_report_department     (GPtrArray        *rows,
                                      AwarenessCatalog *catalog,
                                      const char       *department,
                                      const GDate      *today,
                                      const char       *lang);
/* The fewest answers a figure of the item analysis is judged from: the
 * dashboard shows one from fewer, but never marks it as weak. */
#define LRS_ITEM_MIN_ANSWERS 5

JsonNode  *lrs_report_items          (LrsStore         *store,
                                      AwarenessCatalog *catalog,
                                      const char       *home_page,
                                      const char       *department,
                                      const char       *lang,
                                      GError          **error);
JsonNode  *lrs_report_clause         (AwarenessClause  *clause,
                                      const char       *lang);

/* What the self-inspection report is about (lrs-report-inspection.c). */
typedef struct {
  const char  *checklist;   /* a checklist id, or NULL for every one */
  const char  *department;  /* one department, or NULL for all */
  const GDate *today;       /* the day whose cycle is reported */
  const char  *lang;        /* the language of the texts, ja or en */
} LrsInspectionFilter;

JsonNode  *lrs_report_inspection     (LrsStore                  *store,
                                      AwarenessCatalog          *catalog,
                                      GHashTable                *overrides,
                                      const char                *home_page,
                                      const LrsInspectionFilter *filter,
                                      GError                   **error);
char      *lrs_report_inspection_to_csv (JsonNode              *report,
                                         const char            *list,
                                         gboolean               bom,
                                         gboolean               japanese);

G_END_DECLS
