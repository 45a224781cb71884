/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LRS_STORE_ERROR (lrs_store_error_quark ())

typedef enum {
  LRS_STORE_ERROR_FAILED,
  LRS_STORE_ERROR_CONFLICT,    /* an id already holds different content */
  LRS_STORE_ERROR_INVALID,     /* the batch breaks a rule of the LRS */
  LRS_STORE_ERROR_NOT_FOUND,
} LrsStoreError;

/* What an account may do: a learner takes the training; an administrator
 * runs it; a department head takes it and sees, without changing
 * anything, their own department in the dashboard and the reports. */
typedef enum {
  LRS_ROLE_LEARNER,
  LRS_ROLE_ADMIN,
  LRS_ROLE_DEPARTMENT_HEAD,
} LrsRole;

typedef struct {
  char    *key;
  char    *staff_id;
  char    *display_name;
  char    *department;
  char    *segment;
  LrsRole  role;
  gboolean active;
  char    *transfer_key;  /* authenticates the account's transfer files */
  char    *start_date;    /* YYYY-MM-DD, or NULL */
} LrsAccount;

/* What a GET of statements may ask for (Communication, 2.1.3). */
typedef struct {
  char     *agent_key;     /* canonical key of an agent, see lrs_agent_key() */
  gboolean  related_agents;      /* match any agent of the statement */
  gboolean  related_activities;  /* match any activity of the statement */
  char     *verb;
  char     *activity;
  char     *registration;
  char     *since;
  char     *until;
  guint     limit;
  gboolean  ascending;
  gint64    after;         /* paging cursor: continue after this position */
} LrsQuery;

/* A verdict (passed or failed) on an activity by a staff account of this
 * server, as a statement recorded it: what completion reports are made of. */
typedef struct {
  char    *staff_id;
  char    *activity;
  gboolean passed;
  char    *timestamp;
  gint64   at;           /* the timestamp in Unix microseconds */
  gint     score;        /* percent, or -1 */
  char    *version;      /* module version, from the context, or NULL */
  gboolean verified;     /* the answers of its attempt score to it (see
                          * awareness_verdict_check_attempt()) */
  gint64   recorded_at;  /* when the server received it (stored, or a
                          * transfer file's export time), in Unix
                          * microseconds; 0 if unknown */
} LrsVerdict;

/* An answer to a question, for the item analysis: the attempt
 * (registration), the question's activity IRI, whether it was right, and
 * the response (choice ids separated by [,]). */
typedef void (*LrsAnswerFunc) (const char *registration,
                               const char *activity,
                               gboolean    success,
                               const char *response,
                               gpointer    user_data);

typedef struct {
  const char *home_page;   /* the account home page of this server's staff */
  const char *department;  /* learners of this department only, or NULL */
  const char *module;      /* an activity IRI, or its last segment, or NULL */
  gint64      since;       /* inclusive bounds on the timestamp, in Unix */
  gint64      until;       /* microseconds; 0 for none */
  gboolean    passed_only; /* the latest pass, not the latest verdict */
  gboolean    verified_only; /* only verdicts that their answers earn */
} LrsVerdictQuery;

/* A record of a self-inspection, read back from its statement: an answer
 * to one item of a checklist (@item set, with the response and the
 * comment), or the completion of the checklist (@item NULL), by the
 * staff account @name, at @at (Unix microseconds) as @timestamp says. */
typedef struct {
  const char *name;
  const char *checklist;
  const char *version;
  const char *item;
  const char *response;   /* yes, no or not-applicable; NULL for a completion */
  const char *comment;
  const char *timestamp;
  gint64      at;
} LrsInspectionRecord;

typedef void (*LrsInspectionFunc) (const LrsInspectionRecord *record,
                                   gpointer                   user_data);

/* Which self-inspection records (lrs_store_foreach_inspection_record()). */
typedef struct {
  const char *home_page;   /* the account home page of this server's staff */
  const char *checklist;   /* a checklist id, or NULL for every checklist */
  const char *department;  /* staff of this department only, or NULL */
  gint64      since;       /* inclusive bounds on the time, in Unix */
  gint64      until;       /* microseconds; 0 for none */
} LrsInspectionQuery;

/* An entry of the security log: what happened (an event name such as
 * "sign-in-failed"), who did it and to whom, with control characters
 * already escaped and never a secret. */
/* How to reach a member of staff: for reminders. */
typedef struct {
  char *email;       /* or NULL */
  char *language;    /* "ja", "en", or NULL for the default */
} LrsContact;

typedef struct {
  gint64  seq;
  char   *at;        /* ISO 8601, UTC */
  char   *event;
  char   *actor;     /* the account key or staff id that acted, or NULL */
  char   *subject;   /* the staff id or object acted on, or NULL */
  char   *detail;    /* or NULL */
  char   *address;   /* the client's IP address, or NULL */
} LrsSecurityEvent;

/* The documents of the Document resources (Communication 2.2): State,
 * Activity Profile and Agent Profile. */
typedef enum {
  LRS_DOCUMENT_STATE,
  LRS_DOCUMENT_ACTIVITY_PROFILE,
  LRS_DOCUMENT_AGENT_PROFILE,
} LrsDocumentKind;

/* Where documents are: their kind, the activity IRI, the agent's key (see
 * lrs_agent_key()) and the registration, each NULL where the kind has
 * none; and the id of one document (the stateId or profileId), or NULL
 * for every document of the place.  A NULL registration with a NULL id
 * means every registration: the ids and the deletion of a State. */
typedef struct {
  LrsDocumentKind  kind;
  const char      *activity;
  const char      *agent;
  const char      *registration;
  const char      *id;
} LrsDocumentKey;

typedef struct {
  char   *id;
  char   *content_type;  /* as it was sent */
  GBytes *content;       /* NULL in a listing */
  char   *etag;          /* the SHA-1 of the content, in lowercase hexadecimal */
  gint64  updated;       /* Unix microseconds */
} LrsDocument;

#define LRS_TYPE_STORE (lrs_store_get_type ())
G_DECLARE_INTERFACE (LrsStore, lrs_store, LRS, STORE, GObject)

typedef struct _LrsStoreGroup LrsStoreGroup;

/* What else a group does in its savepoint once its statements are in
 * (binding attachments, judging verdicts), on @store; FALSE with @error
 * refuses the group. */
typedef gboolean (*LrsStoreGroupFunc) (LrsStore       *store,
                                       LrsStoreGroup  *group,
                                       GError        **error);

/* The statements of one request in a group commit (see
 * lrs_store_insert_groups()): stored whole, or refused alone. */
struct _LrsStoreGroup
{
  GPtrArray         *statements;    /* JsonNodes, completed as the LRS stores them */
  GPtrArray         *accepted_ids;  /* the ids accepted are added here */
  LrsStoreGroupFunc  after;         /* or NULL */
  gpointer           after_data;
  GError            *error;         /* set if the group is refused */
};

/*
 * The storage the HTTP layer needs, and nothing more: a PostgreSQL
 * implementation provides these and the server above does not change.
 * Statements are given and returned as JSON text, exactly as stored.
 */
struct _LrsStoreInterface
{
  GTypeInterface parent_iface;

  gboolean    (*insert_statements) (LrsStore   *self,
                                    GPtrArray  *statements,
                                    GPtrArray  *accepted_ids,
                                    GError    **error);
  char       *(*get_statement)     (LrsStore   *self,
                                    const char *id,
                                    gboolean    voided,
                                    GError    **error);
  GPtrArray  *(*query_statements)  (LrsStore       *self,
                                    const LrsQuery *query,
                                    gint64         *next,
                                    GError        **error);
  char       *(*consistent_through) (LrsStore *self);
  LrsAccount *(*lookup_account)    (LrsStore   *self,
                                    const char *key,
                                    char      **secret_hash,
                                    GError    **error);
  gboolean    (*add_account)       (LrsStore         *self,
                                    const LrsAccount *account,
                                    const char       *secret_hash,
                                    GError          **error);
  GPtrArray  *(*list_accounts)     (LrsStore   *self,
                                    GError    **error);
  GPtrArray  *(*latest_verdicts)   (LrsStore              *self,
                                    const LrsVerdictQuery *query,
                                    GError               **error);
  GPtrArray  *(*attempt_answers)   (LrsStore   *self,
                                    const char *home_page,
                                    const char *name,
                                    const char *registration,
                                    GError    **error);
  gboolean    (*put_verdict_check) (LrsStore   *self,
                                    const char *id,
                                    gboolean    verified,
                                    gint64      recorded_at,
                                    GError    **error);
  gboolean    (*foreach_answer)    (LrsStore       *self,
                                    const char     *home_page,
                                    const char     *department,
                                    LrsAnswerFunc   func,
                                    gpointer        user_data,
                                    GError        **error);
  gboolean    (*put_attachment)    (LrsStore   *self,
                                    const char *sha2,
                                    const char *content_type,
                                    GBytes     *content,
                                    GError    **error);
  GBytes     *(*get_attachment)    (LrsStore   *self,
                                    const char *sha2,
                                    const char *statement_id,
                                    char      **content_type);
  gboolean    (*bind_attachment)   (LrsStore   *self,
                                    const char *statement_id,
                                    const char *sha2,
                                    const char *owner,
                                    gint64      size,
                                    GError    **error);
  gint64      (*attachment_usage)  (LrsStore   *self,
                                    const char *owner,
                                    GError    **error);
  gboolean    (*delete_unused_attachment) (LrsStore   *self,
                                           const char *sha2,
                                           GError    **error);
  gboolean    (*put_package)       (LrsStore   *self,
                                    const char *digest,
                                    const char *signer,
                                    const char *published,
                                    GBytes     *data,
                                    GError    **error);
  GBytes     *(*get_package)       (LrsStore   *self,
                                    const char *digest,
                                    char      **latest_digest,
                                    char      **published,
                                    GError    **error);
  gboolean    (*set_override)      (LrsStore   *self,
                                    const char *module,
                                    const char *rule,
                                    GError    **error);
  GHashTable *(*get_overrides)     (LrsStore   *self,
                                    GError    **error);
  gboolean    (*update_account)    (LrsStore   *self,
                                    const char *staff_id,
                                    int         active,
                                    const char *secret_hash,
                                    const char *transfer_key,
                                    char      **key,
                                    GError    **error);
  gboolean    (*ping)              (LrsStore   *self,
                                    GError    **error);
  gboolean    (*put_session)       (LrsStore   *self,
                                    const char *digest,
                                    const char *account_key,
                                    const char *csrf,
                                    gint64      expires,
                                    GError    **error);
  char       *(*get_session)       (LrsStore   *self,
                                    const char *digest,
                                    char      **csrf,
                                    gint64     *expires,
                                    GError    **error);
  gboolean    (*delete_sessions)   (LrsStore   *self,
                                    const char *digest,
                                    gint64      before,
                                    GError    **error);
  gboolean    (*delete_account_sessions) (LrsStore   *self,
                                          const char *account_key,
                                          GError    **error);
  gboolean    (*add_security_event)   (LrsStore               *self,
                                       const LrsSecurityEvent *event,
                                       GError                **error);
  GPtrArray  *(*list_security_events) (LrsStore               *self,
                                       const char             *since,
                                       guint                   limit,
                                       GError                **error);
  /* The documents (lrs-store-documents.c): @expected_etag NULL writes
   * or deletes whatever is there, "" only where there is nothing, and
   * an ETag only over the document that has it (else CONFLICT). */
  LrsDocument *(*get_document)     (LrsStore             *self,
                                    const LrsDocumentKey *key,
                                    GError              **error);
  GPtrArray   *(*list_documents)   (LrsStore             *self,
                                    const LrsDocumentKey *key,
                                    gint64                since,
                                    GError              **error);
  gboolean     (*put_document)     (LrsStore             *self,
                                    const LrsDocumentKey *key,
                                    const LrsDocument    *document,
                                    const char           *expected_etag,
                                    GError              **error);
  gboolean     (*delete_documents) (LrsStore             *self,
                                    const LrsDocumentKey *key,
                                    const char           *expected_etag,
                                    GError              **error);
  gboolean    (*change_account)    (LrsStore         *self,
                                    const char       *staff_id,
                                    const char       *display_name,
                                    const char       *department,
                                    const char       *segment,
                                    int               role,
                                    char            **key,
                                    GError          **error);
  gboolean    (*set_contact)       (LrsStore         *self,
                                    const char       *staff_id,
                                    const LrsContact *contact,
                                    GError          **error);
  GHashTable *(*get_contacts)      (LrsStore         *self,
                                    GError          **error);
  GHashTable *(*reminded_on)       (LrsStore         *self,
                                    const char       *day,
                                    GError          **error);
  gboolean    (*add_reminded)      (LrsStore         *self,
                                    const char       *staff_id,
                                    const char       *item,
                                    const char       *day,
                                    GError          **error);
  /* The self-inspection records (lrs-store-inspection-sqlite.c and
   * lrs-store-inspection-pg.c), in the order they were stored. */
  gboolean    (*foreach_inspection_record) (LrsStore                 *self,
                                            const LrsInspectionQuery *query,
                                            LrsInspectionFunc         func,
                                            gpointer                  user_data,
                                            GError                  **error);
  GPtrArray  *(*sql)                  (LrsStore               *self,
                                       const char             *sql,
                                       const char * const     *params,
                                       guint                   n_params,
                                       GError                **error);
  /* Optional: several groups in one transaction, each in a savepoint
   * (else each group is inserted in a transaction of its own). */
  gboolean    (*insert_groups)     (LrsStore       *self,
                                    LrsStoreGroup **groups,
                                    guint           n_groups,
                                    GError        **error);
};

GQuark      lrs_store_error_quark       (void);
GPtrArray  *lrs_store_sql               (LrsStore           *self,
                                         const char         *sql,
                                         const char * const *params,
                                         guint               n_params,
                                         GError            **error);
gboolean    lrs_store_sql_run           (LrsStore           *self,
                                         const char         *sql,
                                         const char * const *params,
                                         guint               n_params,
                                         GError            **error);
gboolean    lrs_store_sql_make_tables   (LrsStore           *self,
                                         const char * const *schema,
                                         guint               n_statements,
                                         GError            **error);
gboolean    lrs_store_insert_statements (LrsStore   *self,
                                         GPtrArray  *statements,
                                         GPtrArray  *accepted_ids,
                                         GError    **error);
gboolean    lrs_store_insert_groups     (LrsStore       *self,
                                         LrsStoreGroup **groups,
                                         guint           n_groups,
                                         GError        **error);
char       *lrs_store_get_statement     (LrsStore   *self,
                                         const char *id,
                                         gboolean    voided,
                                         GError    **error);
GPtrArray  *lrs_store_query_statements  (LrsStore       *self,
                                         const LrsQuery *query,
                                         gint64         *next,
                                         GError        **error);
char       *lrs_store_consistent_through (LrsStore *self);
LrsAccount *lrs_store_lookup_account    (LrsStore   *self,
                                         const char *key,
                                         char      **secret_hash,
                                         GError    **error);
gboolean    lrs_store_add_account       (LrsStore         *self,
                                         const LrsAccount *account,
                                         const char       *secret_hash,
                                         GError          **error);

GPtrArray  *lrs_store_list_accounts     (LrsStore   *self,
                                         GError    **error);
GPtrArray  *lrs_store_latest_verdicts   (LrsStore              *self,
                                         const LrsVerdictQuery *query,
                                         GError               **error);
GPtrArray  *lrs_store_attempt_answers   (LrsStore   *self,
                                         const char *home_page,
                                         const char *name,
                                         const char *registration,
                                         GError    **error);
gboolean    lrs_store_put_verdict_check (LrsStore   *self,
                                         const char *id,
                                         gboolean    verified,
                                         gint64      recorded_at,
                                         GError    **error);
gboolean    lrs_store_foreach_answer    (LrsStore       *self,
                                         const char     *home_page,
                                         const char     *department,
                                         LrsAnswerFunc   func,
                                         gpointer        user_data,
                                         GError        **error);
gboolean    lrs_store_foreach_inspection_record (LrsStore                 *self,
                                                 const LrsInspectionQuery *query,
                                                 LrsInspectionFunc         func,
                                                 gpointer                  user_data,
                                                 GError                  **error);
gboolean    lrs_store_put_attachment    (LrsStore   *self,
                                         const char *sha2,
                                         const char *content_type,
                                         GBytes     *content,
                                         GError    **error);
GBytes     *lrs_store_get_attachment    (LrsStore   *self,
                                         const char *sha2,
                                         const char *statement_id,
                                         char      **content_type);
gboolean    lrs_store_bind_attachment   (LrsStore   *self,
                                         const char *statement_id,
                                         const char *sha2,
                                         const char *owner,
                                         gint64      size,
                                         GError    **error);
gint64      lrs_store_attachment_usage  (LrsStore   *self,
                                         const char *owner,
                                         GError    **error);
gboolean    lrs_store_delete_unused_attachment (LrsStore   *self,
                                                const char *sha2,
                                                GError    **error);
gboolean    lrs_store_update_account    (LrsStore   *self,
                                         const char *staff_id,
                                         int         active,
                                         const char *secret_hash,
                                         const char *transfer_key,
                                         char      **key,
                                         GError    **error);

gboolean    lrs_store_put_package       (LrsStore   *self,
                                         const char *digest,
                                         const char *signer,
                                         const char *published,
                                         GBytes     *data,
                                         GError    **error);
GBytes     *lrs_store_get_package       (LrsStore   *self,
                                         const char *digest,
                                         char      **latest_digest,
                                         char      **published,
                                         GError    **error);

gboolean    lrs_store_set_override      (LrsStore   *self,
                                         const char *module,
                                         const char *rule,
                                         GError    **error);
GHashTable *lrs_store_get_overrides     (LrsStore   *self,
                                         GError    **error);

gboolean    lrs_store_ping              (LrsStore   *self,
                                         GError    **error);
gboolean    lrs_store_put_session       (LrsStore   *self,
                                         const char *digest,
                                         const char *account_key,
                                         const char *csrf,
                                         gint64      expires,
                                         GError    **error);
char       *lrs_store_get_session       (LrsStore   *self,
                                         const char *digest,
                                         char      **csrf,
                                         gint64     *expires,
                                         GError    **error);
gboolean    lrs_store_delete_sessions   (LrsStore   *self,
                                         const char *digest,
                                         gint64      before,
                                         GError    **error);
gboolean    lrs_store_delete_account_sessions (LrsStore   *self,
                                               const char *account_key,
                                               GError    **error);
gboolean    lrs_store_add_security_event   (LrsStore               *self,
                                            const LrsSecurityEvent *event,
                                            GError                **error);
GPtrArray  *lrs_store_list_security_events (LrsStore               *self,
                                            const char             *since,
                                            guint                   limit,
                                            GError                **error);
void        lrs_security_event_free        (LrsSecurityEvent       *event);
gboolean    lrs_store_change_account       (LrsStore               *self,
                                            const char             *staff_id,
                                            const char             *display_name,
                                            const char             *department,
                                            const char             *segment,
                                            int                     role,
                                            char                  **key,
                                            GError                **error);
gboolean    lrs_store_set_contact          (LrsStore               *self,
                                            const char             *staff_id,
                                            const LrsContact       *contact,
                                            GError                **error);
GHashTable *lrs_store_get_contacts         (LrsStore               *self,
                                            GError                **error);
void        lrs_contact_free               (LrsContact             *contact);
GHashTable *lrs_store_reminded_on          (LrsStore               *self,
                                            const char             *day,
                                            GError                **error);
gboolean    lrs_store_add_reminded         (LrsStore               *self,
                                            const char             *staff_id,
                                            const char             *item,
                                            const char             *day,
                                            GError                **error);
char       *lrs_reminded_key               (const char             *staff_id,
                                            const char             *item);

LrsDocument *lrs_store_get_document     (LrsStore             *self,
                                         const LrsDocumentKey *key,
                                         GError              **error);
GPtrArray   *lrs_store_list_documents   (LrsStore             *self,
                                         const LrsDocumentKey *key,
                                         gint64                since,
                                         GError              **error);
gboolean     lrs_store_put_document     (LrsStore             *self,
                                         const LrsDocumentKey *key,
                                         const char           *content_type,
                                         GBytes               *content,
                                         const char           *expected_etag,
                                         GError              **error);
gboolean     lrs_store_delete_documents (LrsStore             *self,
                                         const LrsDocumentKey *key,
                                         const char           *expected_etag,
                                         GError              **error);
void         lrs_document_free          (LrsDocument          *document);
char        *lrs_document_etag          (GBytes               *content);

void        lrs_account_free            (LrsAccount *account);
const char *lrs_role_to_string          (LrsRole     role);
gboolean    lrs_role_from_string        (const char *name,
                                         LrsRole    *role);
void        lrs_verdict_free            (LrsVerdict *verdict);
void        lrs_query_clear             (LrsQuery   *query);
char       *lrs_agent_key               (JsonObject *agent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrsAccount, lrs_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LrsDocument, lrs_document_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LrsQuery, lrs_query_clear)

#define LRS_TYPE_SQLITE_STORE (lrs_sqlite_store_get_type ())
G_DECLARE_FINAL_TYPE (LrsSqliteStore, lrs_sqlite_store, LRS, SQLITE_STORE, GObject)

/* lrs-store-sql.c: the SQL of the features written once for both engines,
 * on the SQLite store's connection. */
struct sqlite3 *_lrs_sqlite_store_get_db (LrsSqliteStore     *self);
GPtrArray  *_lrs_sqlite_store_sql       (LrsStore           *store,
                                         const char         *sql,
                                         const char * const *params,
                                         guint               n_params,
                                         GError            **error);

LrsStore   *lrs_sqlite_store_new        (const char *path,
                                         GError    **error);

gboolean    lrs_store_is_uri            (const char *database);
gboolean    lrs_store_exists            (const char *database);
char       *lrs_store_display_name      (const char *database);
gboolean    lrs_store_migrate           (const char *from,
                                         const char *to,
                                         guint64    *copied,
                                         GError    **error);
LrsStore   *lrs_store_open              (const char *database,
                                         GError    **error);

G_END_DECLS
