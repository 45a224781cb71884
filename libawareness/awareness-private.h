/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libxml/tree.h>

#include "awareness.h"

G_BEGIN_DECLS

/* Limits for hostile input. */
#define AWARENESS_MAX_FILE_SIZE   (8 * 1024 * 1024)
#define AWARENESS_MAX_DEPTH       32
#define AWARENESS_CONTENT_NS      "urn:x-awareness:content:1"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* Localised rich text: a source variant and its translations. */
typedef enum {
  AWARENESS_RUN_TEXT,
  AWARENESS_RUN_EM,
  AWARENESS_RUN_CLAUSE_REF,
} AwarenessRunKind;

typedef struct {
  AwarenessRunKind  kind;
  char             *value;
} AwarenessRun;

typedef struct {
  char   *lang;   /* owned; the source variant has the document's language */
  GArray *runs;   /* AwarenessRun */
  char   *plain;  /* owned; the runs' text without markup, for titles */
} AwarenessTextVariant;

typedef struct {
  GPtrArray *variants;  /* AwarenessTextVariant, the source first */
} AwarenessText;

const char    *_awareness_source_digest     (GBytes        *source,
                                             char         **digest);

AwarenessText *_awareness_text_new          (void);
void           _awareness_text_free         (AwarenessText *text);
AwarenessTextVariant *_awareness_text_pick  (AwarenessText *text,
                                             const char    *lang);
gboolean       _awareness_text_has_lang     (AwarenessText *text,
                                             const char    *lang);
const char    *_awareness_text_get_plain    (AwarenessText *text,
                                             const char    *lang);
char          *_awareness_text_render       (AwarenessText      *text,
                                             const char         *lang,
                                             AwarenessTextFormat format,
                                             AwarenessPolicy    *policy);
AwarenessTextVariant *_awareness_text_add_variant (AwarenessText *text,
                                                  const char    *lang);
void           _awareness_text_variant_append (AwarenessTextVariant *variant,
                                               AwarenessRunKind      kind,
                                               const char           *value);
void           _awareness_text_variant_finish (AwarenessTextVariant *variant);
char         **_awareness_text_render_all   (GPtrArray          *texts,
                                             const char         *lang,
                                             AwarenessTextFormat format,
                                             AwarenessPolicy    *policy);
gboolean       _awareness_lang_matches      (const char *a,
                                             const char *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessText, _awareness_text_free)

/* Problems. */
AwarenessProblem *_awareness_problem_new    (AwarenessSeverity     severity,
                                             AwarenessContentError code,
                                             const char           *file,
                                             guint                 line,
                                             guint                 column,
                                             const char           *message);
guint          _awareness_problems_count_errors (GPtrArray *problems);

/* Safe XML reading, with positions of elements. */
typedef struct {
  char      *path;         /* as given, for messages */
  char      *data;         /* the bytes read */
  gsize      length;
  GArray    *line_starts;  /* offsets of line starts, built on demand */
  xmlDoc    *doc;          /* NULL when the file could not be parsed */
  GPtrArray *problems;     /* borrowed */
  guint      first_problem;/* index of this file's first problem */
  guint      n_errors;
} AwarenessXmlFile;

AwarenessXmlFile *_awareness_xml_file_read      (const char *path,
                                                 GPtrArray  *problems);
AwarenessXmlFile *_awareness_xml_file_parse     (const char *data,
                                                 gsize       length,
                                                 const char *name,
                                                 GPtrArray  *problems);
void              _awareness_xml_file_free      (AwarenessXmlFile *self);
void              _awareness_xml_file_report    (AwarenessXmlFile     *self,
                                                 xmlNode              *node,
                                                 AwarenessSeverity     severity,
                                                 AwarenessContentError code,
                                                 const char           *format,
                                                 ...) G_GNUC_PRINTF (5, 6);
void              _awareness_xml_file_sort_problems (AwarenessXmlFile *self);
void              _awareness_xml_file_position  (AwarenessXmlFile *self,
                                                 gsize             offset,
                                                 guint            *line,
                                                 guint            *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AwarenessXmlFile, _awareness_xml_file_free)

/* Model structures, shared by the loader and the getters. */
struct _AwarenessClause
{
  GObject          parent_instance;

  /* Borrowed References */
  AwarenessPolicy *policy;
  AwarenessClause *parent;

  /* Owned References */
  char            *id;
  char            *number;
  AwarenessText   *label;        /* parts only */
  AwarenessText   *title;
  GPtrArray       *paragraphs;   /* AwarenessText; list items prefixed */
  GPtrArray       *children;     /* AwarenessClause */
  guint            depth;
  gboolean         staff;
};

struct _AwarenessPolicy
{
  GObject        parent_instance;

  char          *id;
  char          *version;
  char          *lang;
  AwarenessText *title;
  AwarenessText *issued;
  GPtrArray     *preamble;       /* AwarenessText */
  GPtrArray     *parts;          /* AwarenessClause */
  GPtrArray     *clauses;        /* AwarenessClause, document order */
  GHashTable    *clauses_by_id;  /* id → AwarenessClause (borrowed) */
};

typedef struct {
  AwarenessBlockKind  kind;
  GPtrArray          *texts;   /* AwarenessText: one for a paragraph, one per item */
  char               *clause;  /* cite only */
  xmlNode            *node;    /* during loading only */
} AwarenessBlock;

struct _AwarenessLesson
{
  GObject          parent_instance;

  AwarenessModule *module;     /* borrowed */
  char            *id;
  AwarenessText   *title;
  GArray          *blocks;     /* AwarenessBlock */
  GPtrArray       *clauses;    /* AwarenessClause cited, borrowed, no repeats */
};

struct _AwarenessChoice
{
  GObject            parent_instance;

  AwarenessQuestion *question;  /* borrowed */
  char              *id;
  AwarenessText     *text;      /* NULL for true/false choices */
  gboolean           correct;
  gboolean           fixed;
};

struct _AwarenessQuestion
{
  GObject               parent_instance;

  AwarenessModule      *module;   /* borrowed */
  char                 *id;
  AwarenessQuestionKind kind;
  AwarenessText        *prompt;
  AwarenessText        *explanation;
  AwarenessExhibit     *exhibit;  /* owned, may be NULL */
  GPtrArray            *choices;  /* AwarenessChoice */
  GStrv                 clause_ids;
  GPtrArray            *clauses;  /* AwarenessClause, borrowed */
};

struct _AwarenessModule
{
  GObject          parent_instance;

  AwarenessPolicy *policy;   /* owned, may be NULL */
  char            *id;
  char            *version;
  char            *lang;
  char            *file;
  char            *digest;     /* computed on demand from source */
  GBytes          *source;     /* the file's bytes */
  guint            minutes;
  gboolean         required;
  AwarenessText   *title;
  AwarenessText   *summary;
  GPtrArray       *lessons;    /* AwarenessLesson */
  GPtrArray       *questions;  /* AwarenessQuestion */
  guint            pass_percent;
  guint            draw;
  gboolean         shuffle;
  AwarenessAssignment assignment;  /* what the catalog requires of it */
};

struct _AwarenessChecklistItem
{
  GObject             parent_instance;

  AwarenessChecklist *checklist;  /* borrowed */
  char               *id;
  AwarenessText      *text;
  AwarenessText      *guidance;   /* may be NULL */
  GStrv               clause_ids;
  GPtrArray          *clauses;    /* AwarenessClause, borrowed */
  gboolean            allows_na;
  gboolean            comment_no;
  gboolean            comment_na;
};

struct _AwarenessChecklist
{
  GObject          parent_instance;

  AwarenessPolicy *policy;   /* owned, may be NULL */
  char            *id;
  char            *version;
  char            *lang;
  char            *file;
  char            *digest;     /* computed on demand from source */
  GBytes          *source;     /* the file's bytes */
  gboolean         sample;
  AwarenessText   *title;
  AwarenessText   *guidance;   /* may be NULL */
  GPtrArray       *items;      /* AwarenessChecklistItem */
  AwarenessAssignment assignment;
};

AwarenessModule *_awareness_module_load   (AwarenessXmlFile *file,
                                           AwarenessPolicy  *policy);
AwarenessChecklist *_awareness_checklist_load (AwarenessXmlFile *file,
                                               AwarenessPolicy  *policy);
AwarenessInspection *_awareness_inspection_restore (AwarenessChecklist *checklist,
                                                    const char         *id,
                                                    GDateTime          *started);
AwarenessPolicy *_awareness_policy_load   (AwarenessXmlFile *file);

/* awareness-drill.c */
#define AWARENESS_DRILL_LINK "{link}"

struct _AwarenessDrill
{
  GObject          parent_instance;

  /* Owned References */
  AwarenessPolicy *policy;     /* may be NULL */
  char            *id;
  char            *version;
  char            *lang;
  char            *file;
  char            *follow_up;  /* the id of the follow-up module */
  GBytes          *source;     /* the file's bytes, for lint */
  GStrv            clause_ids;
  GPtrArray       *clauses;    /* AwarenessClause, borrowed from the policy */
  AwarenessText   *title;
  AwarenessText   *sender;
  AwarenessText   *subject;
  GHashTable      *bodies;     /* language → text body, its lines kept */
  GPtrArray       *signs;      /* AwarenessText */
  GPtrArray       *next_time;  /* AwarenessText */
};

AwarenessDrill  *_awareness_drill_load    (AwarenessXmlFile *file,
                                           AwarenessPolicy  *policy);

/* awareness-xapi-grammar.c */
typedef struct
{
  gint64   usec;           /* since 1970-01-01T00:00:00, in UTC if has_zone */
  gboolean has_zone;
  gboolean negative_zero;  /* the offset was -00:00, which ISO 8601 forbids */
} AwarenessXapiInstant;

gboolean       _awareness_xapi_parse_timestamp (const char           *text,
                                                AwarenessXapiInstant *instant);
gboolean       _awareness_xapi_is_version_1_0  (const char           *version);
gboolean       _awareness_xapi_is_mailto_iri   (const char           *text);
gboolean       _awareness_xapi_is_hex          (const char           *text,
                                                gsize                 len);
gboolean       _awareness_xapi_is_sha2         (const char           *text);
gboolean       _awareness_xapi_is_media_type   (const char           *text);

/* awareness-xapi-validate.c */
gboolean       _awareness_json_is_string       (JsonNode             *node);
gboolean       _awareness_json_is_number       (JsonNode             *node);

/* awareness-verdict.c */
JsonObject    *_awareness_json_object_member   (JsonObject           *object,
                                                const char           *name);
const char    *_awareness_json_string_member   (JsonObject           *object,
                                                const char           *name);

/* awareness-environment.c */
gboolean       _awareness_env_secrets_in_file (void);
gboolean       _awareness_env_names_user      (void);

G_END_DECLS
