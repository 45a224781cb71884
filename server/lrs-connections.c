/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Slow and many connections.  A client that trickles its request (a byte
 * now and then, each within client-timeout-seconds) would otherwise hold
 * a connection for as long as it likes, and a client that opens many
 * connections would hold the server's descriptors.  So:
 *
 *  - a new connection has its TLS handshake done in at most
 *    request-timeout-seconds from its acceptance (and is cut off when
 *    idle for client-timeout-seconds, as always);
 *  - each request has its headers in at most header-timeout-seconds from
 *    its start (the end of the TLS handshake, or of the previous response
 *    on a kept-alive connection: an idle kept-alive connection is closed
 *    after as long), and its body in at most request-timeout-seconds from
 *    its start; a request late for either loses its connection;
 *  - one client address holds at most max-connections-per-address
 *    connections at once; one more is closed as it is accepted, before
 *    its TLS handshake.
 *
 * libsoup starts a request (the "request-started" signal) as it accepts a
 * connection and after each response on it; the connection is known by
 * its GSocket, and ends with its request's "disconnected" signal (or, at
 * the latest, with the socket).
 */
#include "config.h"

#include "lrs-connections.h"

struct _LrsConnections {
  LrsConnectionLimits  limits;
  GHashTable          *sockets;      /* GSocket (weak) → its Tracked */
  GHashTable          *per_address;  /* client address → connections (GUINT) */
};

/* A connection being counted. */
typedef struct {
  LrsConnections *owner;
  GSocket        *socket;   /* weak */
  char           *address;
} Tracked;

/* The deadline of a request, kept on its message. */
typedef struct {
  GSocket *socket;
  gint64   started;         /* monotonic microseconds */
  guint    source;
  guint    request_seconds;
  guint    first_seconds;   /* of the first deadline (headers, or else request) */
  const char *first_why;
  const char *why;          /* of the running one */
} Deadline;

static void
forget (LrsConnections *self,
        Tracked        *tracked)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, tracked->address));

  if (count <= 1)
    g_hash_table_remove (self->per_address, tracked->address);
  else
    g_hash_table_insert (self->per_address, g_strdup (tracked->address),
                         GUINT_TO_POINTER (count - 1));
  g_hash_table_remove (self->sockets, tracked->socket);
}

static void
tracked_free (gpointer data)
{
  Tracked *tracked = data;

  g_free (tracked->address);
  g_free (tracked);
}

/* The connection is gone (its socket finalized). */
static void
socket_gone_cb (gpointer  data,
                GObject  *where_the_socket_was)
{
  Tracked *tracked = data;

  forget (tracked->owner, tracked);
}

LrsConnections *
lrs_connections_new (const LrsConnectionLimits *limits)
{
  LrsConnections *self = g_new0 (LrsConnections, 1);

  self->limits = *limits;
  self->sockets = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, tracked_free);
  self->per_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
lrs_connections_free (LrsConnections *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self == NULL)
    return;
  g_hash_table_iter_init (&iter, self->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Tracked *tracked = value;

      g_object_weak_unref (G_OBJECT (tracked->socket), socket_gone_cb, tracked);
    }
  g_hash_table_unref (self->sockets);
  g_hash_table_unref (self->per_address);
  g_free (self);
}

/* Ends the connection of @socket: libsoup reads its end and closes it. */
static void
cut_off (GSocket    *socket,
         const char *why)
{
  g_autoptr(GSocketAddress) remote = g_socket_get_remote_address (socket, NULL);
  g_autofree char *host = NULL;

  if (G_IS_INET_SOCKET_ADDRESS (remote))
    host = g_inet_address_to_string (
      g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote)));
  g_message ("Closed a connection of %s: %s", host != NULL ? host : "an unknown client", why);
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
}

static void
deadline_free (gpointer data)
{
  Deadline *deadline = data;

  if (deadline->source != 0)
    g_source_remove (deadline->source);
  g_object_unref (deadline->socket);
  g_free (deadline);
}

static const char HEADERS_LATE[] = "its request headers were too slow (header-timeout-seconds)";
static const char REQUEST_LATE[] = "its request was too slow (request-timeout-seconds)";
static const char HANDSHAKE_LATE[] = "its TLS handshake was too slow (request-timeout-seconds)";

static gboolean
late_cb (gpointer data)
{
  Deadline *deadline = data;

  deadline->source = 0;
  cut_off (deadline->socket, deadline->why);
  return G_SOURCE_REMOVE;
}

/* Runs late_cb() in @ms milliseconds, for @why. */
static void
deadline_set (Deadline   *deadline,
              gint64      ms,
              const char *why)
{
  if (deadline->source != 0)
    g_clear_handle_id (&deadline->source, g_source_remove);
  deadline->why = why;
  deadline->source = g_timeout_add ((guint) CLAMP (ms, 1, G_MAXUINT), late_cb, deadline);
}

/* The TLS handshake is done: the headers have header-timeout-seconds
 * from now (a client's TLS set-up may be slow, its headers need not). */
static void
connected_cb (SoupServerMessage *msg,
              gpointer           user_data)
{
  Deadline *deadline = g_object_get_data (G_OBJECT (msg), "lrs-deadline");

  if (deadline == NULL || deadline->source == 0)
    return;
  deadline->started = g_get_monotonic_time ();
  deadline_set (deadline, (gint64) deadline->first_seconds * 1000, deadline->first_why);
}

/* The headers are in: what is left is the whole request's deadline. */
static void
got_headers_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  Deadline *deadline = g_object_get_data (G_OBJECT (msg), "lrs-deadline");
  gint64 elapsed;

  if (deadline == NULL)
    return;
  if (deadline->request_seconds == 0)
    {
      g_object_set_data (G_OBJECT (msg), "lrs-deadline", NULL);
      return;
    }
  elapsed = (g_get_monotonic_time () - deadline->started) / 1000;
  deadline_set (deadline, (gint64) deadline->request_seconds * 1000 - elapsed, REQUEST_LATE);
}

/* The request is whole: the handler and the answer take their time. */
static void
got_body_cb (SoupServerMessage *msg,
             gpointer           user_data)
{
  g_object_set_data (G_OBJECT (msg), "lrs-deadline", NULL);
}

/* The connection is closed: it no longer counts, and its request has no
 * deadline left. */
static void
disconnected_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  LrsConnections *self = user_data;
  gpointer socket = g_object_get_data (G_OBJECT (msg), "lrs-socket");
  Tracked *tracked = socket != NULL ? g_hash_table_lookup (self->sockets, socket) : NULL;

  g_object_set_data (G_OBJECT (msg), "lrs-deadline", NULL);
  if (tracked == NULL)
    return;
  g_object_weak_unref (G_OBJECT (tracked->socket), socket_gone_cb, tracked);
  forget (self, tracked);
}

/* Whether a newly accepted connection fits in its address's share. */
static gboolean
admit (LrsConnections    *self,
       SoupServerMessage *msg,
       GSocket           *socket)
{
  const char *host = soup_server_message_get_remote_host (msg);
  Tracked *tracked;
  guint count;

  if (host == NULL)
    host = "";
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->per_address, host));
  if (self->limits.max_per_address != 0 && count >= self->limits.max_per_address)
    {
      cut_off (socket, "its address has max-connections-per-address open already");
      return FALSE;
    }
  tracked = g_new0 (Tracked, 1);
  tracked->owner = self;
  tracked->socket = socket;
  tracked->address = g_strdup (host);
  g_hash_table_insert (self->sockets, socket, tracked);
  g_hash_table_insert (self->per_address, g_strdup (host), GUINT_TO_POINTER (count + 1));
  g_object_weak_ref (G_OBJECT (socket), socket_gone_cb, tracked);
  return TRUE;
}

/**
 * lrs_connections_request_started:
 * @self: the limits of the server's connections
 * @msg: a request that starts (libsoup's "request-started")
 *
 * Counts a new connection against its address (closing it over the
 * limit), and gives the request its deadlines.
 */
void
lrs_connections_request_started (LrsConnections    *self,
                                 SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);
  Deadline *deadline;
  gboolean accepted;
  guint first;

  if (socket == NULL)
    return;
  accepted = !g_hash_table_contains (self->sockets, socket);
  if (accepted && !admit (self, msg, socket))
    return;
  /* The socket only as a key: the connection ends before the message. */
  g_object_set_data (G_OBJECT (msg), "lrs-socket", socket);
  g_signal_connect (msg, "disconnected", G_CALLBACK (disconnected_cb), self);

  first = self->limits.header_seconds != 0 ? self->limits.header_seconds
                                           : self->limits.request_seconds;
  if (first == 0)
    return;
  deadline = g_new0 (Deadline, 1);
  deadline->socket = g_object_ref (socket);
  deadline->started = g_get_monotonic_time ();
  deadline->request_seconds = self->limits.request_seconds;
  deadline->first_seconds = first;
  deadline->first_why = self->limits.header_seconds != 0 ? HEADERS_LATE : REQUEST_LATE;
  /* A TLS handshake under way: it has the whole request's time (a
   * client's TLS set-up may take seconds; an idle one is cut off at
   * client-timeout-seconds), and the headers theirs once it is done. */
  if (accepted && self->limits.request_seconds != 0)
    deadline_set (deadline, (gint64) self->limits.request_seconds * 1000, HANDSHAKE_LATE);
  else
    deadline_set (deadline, (gint64) first * 1000, deadline->first_why);
  g_object_set_data_full (G_OBJECT (msg), "lrs-deadline", deadline, deadline_free);
  g_signal_connect (msg, "connected", G_CALLBACK (connected_cb), NULL);
  g_signal_connect (msg, "got-headers", G_CALLBACK (got_headers_cb), NULL);
  g_signal_connect (msg, "got-body", G_CALLBACK (got_body_cb), NULL);
}
