/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

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
} LrsRosterRow;

/* A row refused, and why. */
typedef struct {
  guint  line;
  char  *staff_id;
  char  *reason;
} LrsRosterRejection;

void       lrs_roster_row_free        (LrsRosterRow       *row);
void       lrs_roster_rejection_free  (LrsRosterRejection *rejection);
gboolean   lrs_roster_parse           (const char  *data,
                                       gsize        length,
                                       GPtrArray  **rows,
                                       GPtrArray  **rejections,
                                       GError     **error);

G_END_DECLS
