/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct {
  GSubprocess      *process;
  GDataInputStream *out;
  guint             port;
} SmtpSink;

gboolean  smtp_sink_start (SmtpSink   *sink,
                           const char *host,
                           const char *refuse);
void      smtp_sink_stop  (SmtpSink   *sink);
JsonNode *smtp_sink_next  (SmtpSink   *sink);

G_END_DECLS
