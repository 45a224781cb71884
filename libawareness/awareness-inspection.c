/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One member of staff answering one self-inspection checklist: the
 * answers as given, in any order, until every item is answered and the
 * inspection is submitted.  Every answer passes the checklist's rules
 * (awareness_checklist_item_check_answer()) before it is kept.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "awareness-private.h"

/**
 * AwarenessInspection:
 *
 * One self-inspection: a checklist being answered, or answered.
 *
 * Since: 0.2
 */
struct _AwarenessInspection
{
  GObject             parent_instance;

  AwarenessChecklist *checklist;
  char               *id;
  GDateTime          *started;
  GDateTime          *finished;
  GHashTable         *answers;   /* item id → Answer */
};

typedef struct {
  AwarenessCheckAnswer  answer;
  char                 *comment;
} Answer;

G_DEFINE_FINAL_TYPE (AwarenessInspection, awareness_inspection, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (AwarenessInspectionRecord, awareness_inspection_record,
                     awareness_inspection_record_copy, awareness_inspection_record_free)

static void
answer_free (gpointer data)
{
  Answer *answer = data;

  g_free (answer->comment);
  g_free (answer);
}

static void
awareness_inspection_finalize (GObject *object)
{
  AwarenessInspection *self = (AwarenessInspection *)object;

  g_clear_object (&self->checklist);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->finished, g_date_time_unref);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  g_free (self->id);

  G_OBJECT_CLASS (awareness_inspection_parent_class)->finalize (object);
}

static void
awareness_inspection_class_init (AwarenessInspectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_inspection_finalize;
}

static void
awareness_inspection_init (AwarenessInspection *self)
{
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, answer_free);
}

/**
 * awareness_inspection_new:
 * @checklist: a checklist
 *
 * Begins answering @checklist, with a new UUID.
 *
 * Returns: (transfer full): the inspection
 *
 * Since: 0.2
 */
AwarenessInspection *
awareness_inspection_new (AwarenessChecklist *checklist)
{
  AwarenessInspection *self;

  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (checklist), NULL);

  self = g_object_new (AWARENESS_TYPE_INSPECTION, NULL);
  self->checklist = g_object_ref (checklist);
  self->id = g_uuid_string_random ();
  self->started = g_date_time_new_now_utc ();
  return self;
}

/* For the store, rebuilding one it recorded. */
AwarenessInspection *
_awareness_inspection_restore (AwarenessChecklist *checklist,
                               const char         *id,
                               GDateTime          *started)
{
  AwarenessInspection *self = awareness_inspection_new (checklist);

  g_free (self->id);
  self->id = g_strdup (id);
  g_date_time_unref (self->started);
  self->started = g_date_time_ref (started);
  return self;
}

/**
 * awareness_inspection_get_id:
 * @self: an inspection
 *
 * Returns: (transfer none): its UUID, the registration of its statements
 *
 * Since: 0.2
 */
const char *
awareness_inspection_get_id (AwarenessInspection *self)
{
  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), NULL);

  return self->id;
}

/**
 * awareness_inspection_get_checklist:
 * @self: an inspection
 *
 * Returns: (transfer none): the checklist answered
 *
 * Since: 0.2
 */
AwarenessChecklist *
awareness_inspection_get_checklist (AwarenessInspection *self)
{
  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), NULL);

  return self->checklist;
}

/**
 * awareness_inspection_get_started:
 * @self: an inspection
 *
 * Returns: (transfer none): when it began
 *
 * Since: 0.2
 */
GDateTime *
awareness_inspection_get_started (AwarenessInspection *self)
{
  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), NULL);

  return self->started;
}

/**
 * awareness_inspection_get_finished:
 * @self: an inspection
 *
 * Returns: (transfer none) (nullable): when it was submitted, or `NULL`
 *
 * Since: 0.2
 */
GDateTime *
awareness_inspection_get_finished (AwarenessInspection *self)
{
  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), NULL);

  return self->finished;
}

/**
 * awareness_inspection_set_answer:
 * @self: an inspection not yet submitted
 * @item_id: an item of its checklist
 * @answer: the answer
 * @comment: (nullable): the comment given with it
 * @error: return location for an error
 *
 * Keeps an answer, replacing an earlier one to the same item, once it
 * passes the item's rules.  A refused answer leaves the earlier one.
 *
 * Returns: whether the answer was kept
 *
 * Since: 0.2
 */
gboolean
awareness_inspection_set_answer (AwarenessInspection  *self,
                                 const char           *item_id,
                                 AwarenessCheckAnswer  answer,
                                 const char           *comment,
                                 GError              **error)
{
  AwarenessChecklistItem *item;
  Answer *kept;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);
  g_return_val_if_fail (self->finished == NULL, FALSE);

  item = awareness_checklist_lookup_item (self->checklist, item_id);
  if (item == NULL)
    {
      g_set_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_UNKNOWN_ITEM,
                   _("The checklist “%s” has no item “%s”"), self->checklist->id, item_id);
      return FALSE;
    }
  if (!awareness_checklist_item_check_answer (item, answer, comment, error))
    return FALSE;

  stripped = comment != NULL ? g_strstrip (g_strdup (comment)) : NULL;
  kept = g_new0 (Answer, 1);
  kept->answer = answer;
  kept->comment = stripped != NULL && stripped[0] != '\0' ? g_steal_pointer (&stripped) : NULL;
  g_hash_table_replace (self->answers, g_strdup (item_id), kept);
  return TRUE;
}

/**
 * awareness_inspection_get_answer:
 * @self: an inspection
 * @item_id: an item of its checklist
 * @comment: (out) (optional) (transfer none) (nullable): the comment, if any
 *
 * Returns: the answer given to the item, or `AWARENESS_CHECK_ANSWER_NONE`
 *
 * Since: 0.2
 */
AwarenessCheckAnswer
awareness_inspection_get_answer (AwarenessInspection  *self,
                                 const char           *item_id,
                                 const char          **comment)
{
  Answer *answer;

  if (comment != NULL)
    *comment = NULL;
  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), AWARENESS_CHECK_ANSWER_NONE);
  g_return_val_if_fail (item_id != NULL, AWARENESS_CHECK_ANSWER_NONE);

  answer = g_hash_table_lookup (self->answers, item_id);
  if (answer == NULL)
    return AWARENESS_CHECK_ANSWER_NONE;
  if (comment != NULL)
    *comment = answer->comment;
  return answer->answer;
}

/**
 * awareness_inspection_get_n_answered:
 * @self: an inspection
 *
 * Returns: how many items are answered
 *
 * Since: 0.2
 */
guint
awareness_inspection_get_n_answered (AwarenessInspection *self)
{
  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), 0);

  return g_hash_table_size (self->answers);
}

/**
 * awareness_inspection_count_answers:
 * @self: an inspection
 * @answer: an answer
 *
 * Returns: how many items are answered @answer
 *
 * Since: 0.2
 */
guint
awareness_inspection_count_answers (AwarenessInspection  *self,
                                    AwarenessCheckAnswer  answer)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), 0);

  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Answer *) value)->answer == answer)
      n++;
  return n;
}

/**
 * awareness_inspection_get_next_unanswered:
 * @self: an inspection
 *
 * Returns: the index, in the checklist, of the first item not answered,
 *   or -1 when every item is
 *
 * Since: 0.2
 */
gint
awareness_inspection_get_next_unanswered (AwarenessInspection *self)
{
  GPtrArray *items;

  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), -1);

  items = self->checklist->items;
  for (guint i = 0; i < items->len; i++)
    {
      AwarenessChecklistItem *item = g_ptr_array_index (items, i);

      if (!g_hash_table_contains (self->answers, item->id))
        return (gint) i;
    }
  return -1;
}

/**
 * awareness_inspection_finish:
 * @self: an inspection
 * @error: return location for an error
 *
 * Submits the inspection: every item must be answered.
 *
 * Returns: whether it is submitted
 *
 * Since: 0.2
 */
gboolean
awareness_inspection_finish (AwarenessInspection  *self,
                             GError              **error)
{
  gint next;

  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), FALSE);
  g_return_val_if_fail (self->finished == NULL, FALSE);

  next = awareness_inspection_get_next_unanswered (self);
  if (next >= 0)
    {
      AwarenessChecklistItem *item = g_ptr_array_index (self->checklist->items, next);

      g_set_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_INCOMPLETE,
                   _("Item “%s” is not answered yet"), item->id);
      return FALSE;
    }

  self->finished = g_date_time_new_now_utc ();
  /* Never before it began, whatever the clock did. */
  if (g_date_time_compare (self->finished, self->started) < 0)
    {
      g_date_time_unref (self->finished);
      self->finished = g_date_time_ref (self->started);
    }
  return TRUE;
}

/**
 * awareness_inspection_is_finished:
 * @self: an inspection
 *
 * Returns: whether it was submitted
 *
 * Since: 0.2
 */
gboolean
awareness_inspection_is_finished (AwarenessInspection *self)
{
  g_return_val_if_fail (AWARENESS_IS_INSPECTION (self), FALSE);

  return self->finished != NULL;
}

/**
 * awareness_inspection_state_to_string:
 * @state: a state
 *
 * Returns: (transfer none): the state as records write it
 *
 * Since: 0.2
 */
const char *
awareness_inspection_state_to_string (AwarenessInspectionState state)
{
  switch (state)
    {
    case AWARENESS_INSPECTION_STATE_IN_PROGRESS:
      return "in-progress";
    case AWARENESS_INSPECTION_STATE_COMPLETED:
      return "completed";
    case AWARENESS_INSPECTION_STATE_ABANDONED:
      return "abandoned";
    case AWARENESS_INSPECTION_STATE_NOT_STARTED:
    default:
      return "not-started";
    }
}

/**
 * awareness_inspection_record_copy:
 * @self: a record
 *
 * Returns: (transfer full): a copy
 *
 * Since: 0.2
 */
AwarenessInspectionRecord *
awareness_inspection_record_copy (AwarenessInspectionRecord *self)
{
  AwarenessInspectionRecord *copy = g_memdup2 (self, sizeof *self);

  copy->id = g_strdup (self->id);
  copy->user = g_strdup (self->user);
  copy->checklist_id = g_strdup (self->checklist_id);
  copy->checklist_version = g_strdup (self->checklist_version);
  copy->language = g_strdup (self->language);
  copy->started = self->started != NULL ? g_date_time_ref (self->started) : NULL;
  copy->finished = self->finished != NULL ? g_date_time_ref (self->finished) : NULL;
  return copy;
}

/**
 * awareness_inspection_record_free:
 * @self: (nullable): a record
 *
 * Since: 0.2
 */
void
awareness_inspection_record_free (AwarenessInspectionRecord *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->user);
  g_free (self->checklist_id);
  g_free (self->checklist_version);
  g_free (self->language);
  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->finished, g_date_time_unref);
  g_free (self);
}
