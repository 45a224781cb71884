/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The store writer: one thread, with its own connection to the store,
 * that stores the statements of the requests that arrive while it
 * commits the previous ones, all in one transaction (one fsync), each
 * request in a savepoint of its own (lrs_store_insert_groups()): one
 * request's conflict or error leaves the others stored.  A request is
 * told its outcome on the main context only once the transaction that
 * holds it is committed, so that its 2xx is as durable as before.
 */
#include "config.h"

#include "lrs-store-writer.h"

/* The most requests in one transaction: a bound on what one failure of
 * the commit refuses. */
#define MAX_GROUPS 64

struct _LrsStoreWriter
{
  LrsStore     *store;    /* the writer thread's own connection */
  GMainContext *context;  /* where the requests are told their outcome */
  GAsyncQueue  *queue;    /* Pending, then the stop mark */
  GThread      *thread;
  gint          outstanding;  /* submitted and not yet told */
};

typedef struct {
  LrsStoreWriter     *writer;
  LrsStoreGroup      *group;
  LrsStoreWriterDone  done;
  gpointer            user_data;
} Pending;

/* Pushed last: the thread ends once it has stored what came before. */
static Pending stop_mark;

static gboolean
done_cb (gpointer data)
{
  Pending *pending = data;

  pending->done (pending->group, pending->user_data);
  g_atomic_int_dec_and_test (&pending->writer->outstanding);
  g_free (pending);
  return G_SOURCE_REMOVE;
}

/* Tells each of @pending its outcome on the main context, always later:
 * never in this thread, even when the main loop has stopped. */
static void
tell (LrsStoreWriter *self,
      GPtrArray      *pending)
{
  for (guint i = 0; i < pending->len; i++)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_callback (source, done_cb, g_ptr_array_index (pending, i), NULL);
      g_source_set_static_name (source, "[awareness] stored statements");
      g_source_attach (source, self->context);
    }
}

static gpointer
writer_thread (gpointer data)
{
  LrsStoreWriter *self = data;
  gboolean stop = FALSE;

  while (!stop)
    {
      g_autoptr(GPtrArray) pending = g_ptr_array_new ();
      g_autoptr(GPtrArray) groups = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      Pending *item = g_async_queue_pop (self->queue);

      /* What came while the previous transaction was committed. */
      while (item != NULL)
        {
          if (item == &stop_mark)
            {
              stop = TRUE;
              break;
            }
          g_ptr_array_add (pending, item);
          g_ptr_array_add (groups, item->group);
          if (pending->len == MAX_GROUPS)
            break;
          item = g_async_queue_try_pop (self->queue);
        }
      if (pending->len == 0)
        continue;

      g_debug ("The statements of %u requests in one transaction", groups->len);
      if (!lrs_store_insert_groups (self->store, (LrsStoreGroup **) groups->pdata, groups->len,
                                    &error))
        for (guint i = 0; i < groups->len; i++)
          {
            LrsStoreGroup *group = g_ptr_array_index (groups, i);

            /* Nothing of the transaction is stored. */
            g_clear_error (&group->error);
            group->error = g_error_copy (error);
          }
      tell (self, pending);
    }
  return NULL;
}

/**
 * lrs_store_writer_new:
 * @database: the value of [server] database, opened a second time for the
 *   writer's own connection
 *
 * Returns: (transfer full) (nullable): a writer whose outcomes are told on
 *   the thread-default main context of the caller, or `NULL` with @error set
 */
LrsStoreWriter *
lrs_store_writer_new (const char  *database,
                      GError     **error)
{
  LrsStoreWriter *self;
  LrsStore *store = lrs_store_open (database, error);

  if (store == NULL)
    return NULL;
  self = g_new0 (LrsStoreWriter, 1);
  self->store = store;
  self->context = g_main_context_ref_thread_default ();
  self->queue = g_async_queue_new ();
  self->thread = g_thread_new ("store-writer", writer_thread, self);
  return self;
}

/**
 * lrs_store_writer_submit:
 * @group: the statements of one request, completed as the LRS stores them,
 *   and what else to do in their savepoint (see #LrsStoreGroup); the
 *   writer thread uses it until @done, and nothing else may meanwhile
 * @done: called on the main context once @group is committed (its
 *   accepted_ids filled) or refused (its error set)
 *
 * Stores @group with whatever else is waiting, in one transaction.
 */
void
lrs_store_writer_submit (LrsStoreWriter     *self,
                         LrsStoreGroup      *group,
                         LrsStoreWriterDone  done,
                         gpointer            user_data)
{
  Pending *pending = g_new0 (Pending, 1);

  g_atomic_int_inc (&self->outstanding);
  pending->writer = self;
  pending->group = group;
  pending->done = done;
  pending->user_data = user_data;
  g_async_queue_push (self->queue, pending);
}

/* Stores what was submitted, tells it, and stops the thread. */
void
lrs_store_writer_free (LrsStoreWriter *self)
{
  g_async_queue_push (self->queue, &stop_mark);
  g_thread_join (self->thread);
  /* The outcomes told after the main loop stopped. */
  while (g_atomic_int_get (&self->outstanding) > 0)
    g_main_context_iteration (self->context, TRUE);
  g_async_queue_unref (self->queue);
  g_main_context_unref (self->context);
  g_object_unref (self->store);
  g_free (self);
}
