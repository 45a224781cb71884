/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the implementations of LrsStore share: how a statement is taken
 * apart into the indexed columns and the derived rows (verdicts,
 * answers), so that SQLite and PostgreSQL store the same things.
 */
#pragma once

#include "awareness.h"
#include "lrs-store.h"

G_BEGIN_DECLS

#define VERB_PASSED   "http://adlnet.gov/expapi/verbs/passed"
#define VERB_FAILED   "http://adlnet.gov/expapi/verbs/failed"
#define VERB_ANSWERED "http://adlnet.gov/expapi/verbs/answered"
#define VERB_VOIDED   "http://adlnet.gov/expapi/verbs/voided"

/* The indexed columns of a statement (borrowed from it, but the keys). */
typedef struct {
  const char *id;
  const char *stored;
  const char *verb;
  char       *actor;         /* agent keys, see lrs_agent_key() */
  char       *object_agent;
  const char *activity;
  const char *registration;
  const char *voids;         /* the id of the statement it voids */
} LrsStatementColumns;

void     lrs_statement_columns       (JsonObject          *statement,
                                      LrsStatementColumns *columns);
void     lrs_statement_columns_clear (LrsStatementColumns *columns);
void     lrs_statement_related       (JsonObject          *statement,
                                      GHashTable          *agents,
                                      GHashTable          *activities);
AwarenessVerdict *lrs_statement_verdict (JsonObject       *statement);
AwarenessVerdict *lrs_statement_inspection (JsonObject     *statement);
AwarenessVerdict *lrs_statement_answer  (JsonObject       *statement);
gint64            lrs_verdict_at        (AwarenessVerdict *verdict);
gboolean lrs_statements_same         (const char          *stored_json,
                                      JsonNode            *received);
void     lrs_set_conflict_error      (GError             **error,
                                      const char          *id);
void     lrs_set_unvoidable_error    (GError             **error,
                                      const char          *id,
                                      const char          *voids);
const char *lrs_document_kind_name   (LrsDocumentKind      kind);
void     lrs_set_document_changed_error (GError          **error);
/* The text of @column of a back end's @row, NULL for SQL NULL. */
typedef const char *(*LrsColumnText) (gpointer row,
                                      int      column);

LrsAccount *lrs_account_from_row     (LrsColumnText        text,
                                      gpointer             row);
LrsVerdict *lrs_verdict_new          (const char          *staff_id,
                                      const char          *activity,
                                      const char          *timestamp,
                                      const char          *version);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LrsStatementColumns, lrs_statement_columns_clear)

G_END_DECLS
