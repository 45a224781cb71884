/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LRS_SIGNATURE_USAGE "http://adlnet.gov/expapi/attachments/signature"

gboolean lrs_signature_check (JsonNode    *statement,
                              GBytes      *jws,
                              GError     **error);

G_END_DECLS
