/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "lrs-store.h"

G_BEGIN_DECLS

typedef struct _LrsStoreWriter LrsStoreWriter;

/* On the main context, once @group is committed or refused. */
typedef void (*LrsStoreWriterDone) (LrsStoreGroup *group,
                                    gpointer       user_data);

LrsStoreWriter *lrs_store_writer_new    (const char          *database,
                                         GError             **error);
void            lrs_store_writer_submit (LrsStoreWriter      *self,
                                         LrsStoreGroup       *group,
                                         LrsStoreWriterDone   done,
                                         gpointer             user_data);
void            lrs_store_writer_free   (LrsStoreWriter      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrsStoreWriter, lrs_store_writer_free)

G_END_DECLS
