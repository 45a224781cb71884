/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "awareness.h"

G_BEGIN_DECLS

/* Exit codes: 0 success, 1 the command's answer is “no” or it failed,
 * 2 a usage error. */
#define CLI_EXIT_USAGE 2

int               cmd_coverage            (int    argc,
                                           char **argv);
int               cmd_lint                (int    argc,
                                           char **argv);
int               cmd_list                (int    argc,
                                           char **argv);
int               cmd_show                (int    argc,
                                           char **argv);
int               cmd_validate            (int    argc,
                                           char **argv);
int               cmd_take                (int    argc,
                                           char **argv);
int               cmd_status              (int    argc,
                                           char **argv);
int               cmd_history             (int    argc,
                                           char **argv);
int               cmd_review              (int    argc,
                                           char **argv);
int               cmd_login               (int    argc,
                                           char **argv);
int               cmd_logout              (int    argc,
                                           char **argv);
int               cmd_admin_manage        (int    argc,
                                           char **argv);
int               cli_admin_inspection_report (int    argc,
                                               char **argv);
int               cli_admin_fetch_report  (const char        *path,
                                           const char        *format,
                                           AwarenessResponse *response);
int               cmd_admin               (int    argc,
                                           char **argv);
int               cmd_sync                (int    argc,
                                           char **argv);
int               cmd_export              (int    argc,
                                           char **argv);
int               cmd_content             (int    argc,
                                           char **argv);
int               cmd_inspect             (int    argc,
                                           char **argv);

/* `take` was interrupted; progress is saved. */
#define CLI_EXIT_PAUSED 4

/* cli-input.c */
typedef enum {
  CLI_READ_LINE,
  CLI_READ_END,
} CliReadResult;

void              cli_catch_interrupt     (void);
gboolean          cli_interrupted         (void);
CliReadResult     cli_read_line           (char **line);
gboolean          cli_is_back             (const char *line);
void              cli_print_delivery      (AwarenessStore *store,
                                           const char     *record_id,
                                           const char     *saved);

AwarenessStore   *cli_open_store          (const char *path,
                                           GError    **error);
AwarenessClient  *cli_open_client         (AwarenessConfig **config,
                                           GError          **error);
void              cli_print_rule          (void);
void              cli_print_clause_quote  (AwarenessClause *clause,
                                           const char      *lang);
void              cli_print_lesson        (AwarenessLesson *lesson,
                                           guint            index,
                                           guint            count,
                                           const char      *lang);

gboolean          cli_open_learner        (const char         *content_dir,
                                           const char         *store_path,
                                           const char         *user,
                                           const GDate        *today,
                                           AwarenessCatalog  **catalog,
                                           AwarenessStore    **store,
                                           AwarenessProgress **progress,
                                           GError            **error);
AwarenessCatalog *cli_load_catalog        (const char *content_dir,
                                           GError    **error);
AwarenessCatalog *cli_open_catalog_quietly (const char *content_dir);
AwarenessCatalog *cli_load_catalog_for_preview (const char *content_dir,
                                                GError    **error);
void              cli_print_problems      (GPtrArray  *problems,
                                           gboolean    only_errors);
int               cli_usage_error         (GOptionContext *context,
                                           const char     *message);
void              cli_print_json          (JsonBuilder *builder);
void              cli_append_param        (GString                 *path,
                                           const char              *name,
                                           const char              *value);
int               cli_print_refusal       (const AwarenessResponse *response);
int               cmd_admin_drill         (int                      argc,
                                           char                   **argv);
int               cmd_report_mail         (int                      argc,
                                           char                   **argv);
void              cli_json_add_string     (JsonBuilder *builder,
                                           const char  *member,
                                           const char  *value);
void              cli_json_add_record     (JsonBuilder            *builder,
                                           AwarenessAttemptRecord *record);
void              cli_json_add_inspection (JsonBuilder               *builder,
                                           AwarenessInspectionRecord *record);
void              cli_print_wrapped       (const char *text,
                                           const char *first_prefix,
                                           const char *prefix);
GPtrArray        *cli_wrap                (const char *text,
                                           guint       avail);
void              cli_print_catalog_notice (AwarenessCatalog *catalog);
void              cli_print_exhibit       (AwarenessExhibit *exhibit,
                                           const char       *lang);
guint             cli_terminal_width      (void);
guint             cli_terminal_height     (void);
const char       *cli_module_title        (AwarenessCatalog *catalog,
                                           const char       *module_id,
                                           const char       *fallback,
                                           const char       *lang);
void              cli_print_citations     (GPtrArray  *citations,
                                           const char *prefix);
AwarenessTextFormat cli_text_format       (void);
guint             cli_display_width       (const char *text);
void              cli_pad                 (GString    *s,
                                           const char *text,
                                           guint       width);
void              cli_print_columns       (const char * const *headers,
                                           guint               n_columns,
                                           GPtrArray          *rows);

/* A value of the server's answers and the words it is shown as (N_()). */
typedef struct {
  const char *value;
  const char *label;
} CliLabel;

const char       *cli_label               (const CliLabel *labels,
                                           const char     *value);

G_END_DECLS
