/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "awareness.h"
#include "lrs-store.h"

G_BEGIN_DECLS

/* One account of a roster, as read from CSV. */
typedef struct {
  guint  line;
  char  *staff_id;
  char  *display_name;
  char  *department;
  char  *role;
  char  *segment;
  char  *start_date;   /* YYYY-MM-DD, or NULL */
  char  *email;        /* or NULL when the roster has no e-mail column */
  int    active;       /* 1, 0 (disabled), or -1 without a state column */
} LrsRosterRow;

/* A row refused, and why. */
typedef struct {
  guint  line;
  char  *staff_id;
  char  *reason;
} LrsRosterRejection;

void       lrs_roster_row_free        (LrsRosterRow       *row);
void       lrs_roster_rejection_free  (LrsRosterRejection *rejection);
gboolean   lrs_email_is_valid         (const char  *address);
gboolean   lrs_cell_is_formula        (const char  *text);
char      *lrs_roster_to_utf8         (const char  *data,
                                       gsize        length,
                                       const char  *encoding,
                                       gsize       *utf8_length,
                                       GError     **error);
gboolean   lrs_roster_parse           (const char  *data,
                                       gsize        length,
                                       GPtrArray  **rows,
                                       GPtrArray  **rejections,
                                       GError     **error);
GHashTable *lrs_roster_known_departments         (LrsStore          *store,
                                                 AwarenessCatalog  *catalog,
                                                 GError           **error);
void        lrs_roster_refuse_unknown_departments (GPtrArray         *rows,
                                                   GPtrArray         *rejections,
                                                   GHashTable        *known);

G_END_DECLS
