/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * /healthz and /readyz, for a load balancer or systemd: no
 * authentication, and nothing in the answer but whether this instance
 * reaches its database.
 */
#include "config.h"

#include "lrs-http.h"
#include "lrs-server.h"

void
lrs_health_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *params,
               gpointer           user_data)
{
  Lrs *lrs = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "HEAD") != 0)
    {
      lrs_respond (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "GET only\n");
      return;
    }
  if (!lrs_store_ping (lrs->store, &error))
    {
      /* The reason goes to the log, not to whoever asks. */
      g_message ("Health check: %s", error->message);
      lrs_respond (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/plain; charset=utf-8",
                   "database unreachable\n");
      return;
    }
  lrs_respond (msg, SOUP_STATUS_OK, "text/plain; charset=utf-8", "ok\n");
}
