/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Self-inspection checklists (自己点検): the practices staff confirm, item
 * by item, as the policy asks in 6(9) and 7, and the rules an answer
 * obeys.  The loader builds them (awareness-loader.c); the catalog lists
 * them with their assignments.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "awareness-private.h"

/**
 * AwarenessChecklist:
 *
 * A self-inspection checklist: items that each state one practice to
 * confirm and cite the clauses of the policy it checks, answered yes, no
 * or not applicable, with a comment where needed.
 *
 * Since: 0.2
 */

/**
 * AwarenessChecklistItem:
 *
 * One item of a [class@Checklist].
 *
 * Since: 0.2
 */

/**
 * awareness_checklist_error_quark:
 *
 * Returns: the error domain of [enum@ChecklistError]
 *
 * Since: 0.2
 */
G_DEFINE_QUARK (awareness-checklist-error-quark, awareness_checklist_error)
G_DEFINE_FINAL_TYPE (AwarenessChecklist, awareness_checklist, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (AwarenessChecklistItem, awareness_checklist_item, G_TYPE_OBJECT)

static const char * const answer_names[] = {
  [AWARENESS_CHECK_ANSWER_NONE] = "none",
  [AWARENESS_CHECK_ANSWER_YES] = "yes",
  [AWARENESS_CHECK_ANSWER_NO] = "no",
  [AWARENESS_CHECK_ANSWER_NOT_APPLICABLE] = "not-applicable",
};

/**
 * awareness_check_answer_to_string:
 * @answer: an answer
 *
 * Returns: (transfer none): the answer as records and statements write it:
 *   `yes`, `no`, `not-applicable` or `none`
 *
 * Since: 0.2
 */
const char *
awareness_check_answer_to_string (AwarenessCheckAnswer answer)
{
  g_return_val_if_fail (answer <= AWARENESS_CHECK_ANSWER_NOT_APPLICABLE, "none");

  return answer_names[answer];
}

/**
 * awareness_check_answer_from_string:
 * @text: (nullable): an answer as awareness_check_answer_to_string() writes it
 *
 * Returns: the answer, or `AWARENESS_CHECK_ANSWER_NONE` for anything else
 *
 * Since: 0.2
 */
AwarenessCheckAnswer
awareness_check_answer_from_string (const char *text)
{
  for (guint i = AWARENESS_CHECK_ANSWER_YES; i < G_N_ELEMENTS (answer_names); i++)
    if (g_strcmp0 (text, answer_names[i]) == 0)
      return (AwarenessCheckAnswer) i;

  return AWARENESS_CHECK_ANSWER_NONE;
}

static void
awareness_checklist_finalize (GObject *object)
{
  AwarenessChecklist *self = (AwarenessChecklist *)object;

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->title, _awareness_text_free);
  g_clear_pointer (&self->guidance, _awareness_text_free);
  g_clear_object (&self->policy);
  awareness_assignment_clear (&self->assignment);
  g_free (self->id);
  g_free (self->version);
  g_free (self->lang);
  g_free (self->file);
  g_free (self->digest);
  g_clear_pointer (&self->source, g_bytes_unref);

  G_OBJECT_CLASS (awareness_checklist_parent_class)->finalize (object);
}

static void
awareness_checklist_class_init (AwarenessChecklistClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_checklist_finalize;
}

static void
awareness_checklist_init (AwarenessChecklist *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->assignment.due_month = 3;
  self->assignment.due_day = 31;
  g_date_clear (&self->assignment.due_date, 1);
}

static void
awareness_checklist_item_finalize (GObject *object)
{
  AwarenessChecklistItem *self = (AwarenessChecklistItem *)object;

  g_clear_pointer (&self->text, _awareness_text_free);
  g_clear_pointer (&self->guidance, _awareness_text_free);
  g_clear_pointer (&self->clause_ids, g_strfreev);
  g_clear_pointer (&self->clauses, g_ptr_array_unref);
  g_free (self->id);

  G_OBJECT_CLASS (awareness_checklist_item_parent_class)->finalize (object);
}

static void
awareness_checklist_item_class_init (AwarenessChecklistItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = awareness_checklist_item_finalize;
}

static void
awareness_checklist_item_init (AwarenessChecklistItem *self)
{
  self->clauses = g_ptr_array_new ();
  self->allows_na = TRUE;
}

/**
 * awareness_checklist_get_id:
 * @self: a checklist
 *
 * Returns: (transfer none): the checklist's id
 *
 * Since: 0.2
 */
const char *
awareness_checklist_get_id (AwarenessChecklist *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  return self->id;
}

/**
 * awareness_checklist_get_version:
 * @self: a checklist
 *
 * The version of the checklist, recorded with every answer so that an
 * answer to a checklist revised since keeps the version it answered.
 *
 * Returns: (transfer none): the checklist's version
 *
 * Since: 0.2
 */
const char *
awareness_checklist_get_version (AwarenessChecklist *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  return self->version;
}

/**
 * awareness_checklist_get_language:
 * @self: a checklist
 *
 * Returns: (transfer none): the checklist's source language
 *
 * Since: 0.2
 */
const char *
awareness_checklist_get_language (AwarenessChecklist *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  return self->lang;
}

/**
 * awareness_checklist_get_file:
 * @self: a checklist
 *
 * Returns: (transfer none) (type filename): the file it was loaded from
 *
 * Since: 0.2
 */
const char *
awareness_checklist_get_file (AwarenessChecklist *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  return self->file;
}

/**
 * awareness_checklist_get_digest:
 * @self: a checklist
 *
 * Returns: (transfer none): the SHA-256 digest of the checklist's file, in
 *   lowercase hexadecimal
 *
 * Since: 0.2
 */
const char *
awareness_checklist_get_digest (AwarenessChecklist *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  return _awareness_source_digest (self->source, &self->digest);
}

/**
 * awareness_checklist_get_sample:
 * @self: a checklist
 *
 * A sample checklist shows how a City may write one (a department head's,
 * say); clients mark it as a sample, never as the City's own.
 *
 * Returns: whether the checklist says `sample="true"`
 *
 * Since: 0.2
 */
gboolean
awareness_checklist_get_sample (AwarenessChecklist *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), FALSE);

  return self->sample;
}

/**
 * awareness_checklist_get_title:
 * @self: a checklist
 * @lang: (nullable): the wanted language
 *
 * Returns: (transfer none): the title in @lang, or in the source language
 *
 * Since: 0.2
 */
const char *
awareness_checklist_get_title (AwarenessChecklist *self,
                               const char         *lang)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  return _awareness_text_get_plain (self->title, lang);
}

/**
 * awareness_checklist_dup_guidance:
 * @self: a checklist
 * @lang: (nullable): the wanted language
 * @format: how to render the text
 *
 * Returns: (transfer full) (nullable): what the checklist tells the one
 *   answering it before the first item, or `NULL`
 *
 * Since: 0.2
 */
char *
awareness_checklist_dup_guidance (AwarenessChecklist *self,
                                  const char         *lang,
                                  AwarenessTextFormat format)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  if (self->guidance == NULL)
    return NULL;
  return _awareness_text_render (self->guidance, lang, format, self->policy);
}

/**
 * awareness_checklist_get_policy:
 * @self: a checklist
 *
 * Returns: (transfer none) (nullable): the policy its items cite
 *
 * Since: 0.2
 */
AwarenessPolicy *
awareness_checklist_get_policy (AwarenessChecklist *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  return self->policy;
}

/**
 * awareness_checklist_get_items:
 * @self: a checklist
 *
 * Returns: (transfer none) (element-type AwarenessChecklistItem): the items,
 *   in the checklist's order
 *
 * Since: 0.2
 */
GPtrArray *
awareness_checklist_get_items (AwarenessChecklist *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  return self->items;
}

/**
 * awareness_checklist_lookup_item:
 * @self: a checklist
 * @id: an item id
 *
 * Returns: (transfer none) (nullable): the item, or `NULL`
 *
 * Since: 0.2
 */
AwarenessChecklistItem *
awareness_checklist_lookup_item (AwarenessChecklist *self,
                                 const char         *id)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      AwarenessChecklistItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->id, id) == 0)
        return item;
    }

  return NULL;
}

/**
 * awareness_checklist_get_assignment:
 * @self: a checklist of a catalog
 *
 * Returns: (transfer none): who must answer it, how often and by when,
 *   as the catalog says
 *
 * Since: 0.2
 */
const AwarenessAssignment *
awareness_checklist_get_assignment (AwarenessChecklist *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  return &self->assignment;
}

/**
 * awareness_checklist_get_effective_assignment:
 * @self: a checklist of a catalog
 * @overrides: (nullable) (element-type utf8 AwarenessAssignment): the
 *   assignments the server sets over the catalog's, by module or
 *   checklist id
 *
 * Returns: (transfer none): the server's assignment of the checklist if
 *   it sets one, else the catalog's
 *
 * Since: 0.2
 */
const AwarenessAssignment *
awareness_checklist_get_effective_assignment (AwarenessChecklist *self,
                                              GHashTable         *overrides)
{
  const AwarenessAssignment *override;

  g_return_val_if_fail (AWARENESS_IS_CHECKLIST (self), NULL);

  override = overrides != NULL ? g_hash_table_lookup (overrides, self->id) : NULL;
  return override != NULL ? override : &self->assignment;
}

/**
 * awareness_checklist_item_get_id:
 * @self: an item
 *
 * Returns: (transfer none): the item's id, unique in its checklist
 *
 * Since: 0.2
 */
const char *
awareness_checklist_item_get_id (AwarenessChecklistItem *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST_ITEM (self), NULL);

  return self->id;
}

/**
 * awareness_checklist_item_get_checklist:
 * @self: an item
 *
 * Returns: (transfer none): the checklist it belongs to
 *
 * Since: 0.2
 */
AwarenessChecklist *
awareness_checklist_item_get_checklist (AwarenessChecklistItem *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST_ITEM (self), NULL);

  return self->checklist;
}

/**
 * awareness_checklist_item_dup_text:
 * @self: an item
 * @lang: (nullable): the wanted language
 * @format: how to render the text
 *
 * Returns: (transfer full): the practice the item asks to confirm
 *
 * Since: 0.2
 */
char *
awareness_checklist_item_dup_text (AwarenessChecklistItem *self,
                                   const char             *lang,
                                   AwarenessTextFormat     format)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST_ITEM (self), NULL);

  if (self->text == NULL)
    return g_strdup ("");
  return _awareness_text_render (self->text, lang, format, self->checklist->policy);
}

/**
 * awareness_checklist_item_dup_guidance:
 * @self: an item
 * @lang: (nullable): the wanted language
 * @format: how to render the text
 *
 * Returns: (transfer full) (nullable): a note on the item, or `NULL`
 *
 * Since: 0.2
 */
char *
awareness_checklist_item_dup_guidance (AwarenessChecklistItem *self,
                                       const char             *lang,
                                       AwarenessTextFormat     format)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST_ITEM (self), NULL);

  if (self->guidance == NULL)
    return NULL;
  return _awareness_text_render (self->guidance, lang, format, self->checklist->policy);
}

/**
 * awareness_checklist_item_get_clauses:
 * @self: an item
 *
 * Returns: (transfer none) (element-type AwarenessClause): the clauses it checks
 *
 * Since: 0.2
 */
GPtrArray *
awareness_checklist_item_get_clauses (AwarenessChecklistItem *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST_ITEM (self), NULL);

  return self->clauses;
}

/**
 * awareness_checklist_item_get_allows_not_applicable:
 * @self: an item
 *
 * Returns: whether “not applicable” is an answer to it
 *
 * Since: 0.2
 */
gboolean
awareness_checklist_item_get_allows_not_applicable (AwarenessChecklistItem *self)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST_ITEM (self), FALSE);

  return self->allows_na;
}

/**
 * awareness_checklist_item_get_comment_required:
 * @self: an item
 * @answer: an answer to it
 *
 * Returns: whether @answer needs a comment
 *
 * Since: 0.2
 */
gboolean
awareness_checklist_item_get_comment_required (AwarenessChecklistItem *self,
                                               AwarenessCheckAnswer    answer)
{
  g_return_val_if_fail (AWARENESS_IS_CHECKLIST_ITEM (self), FALSE);

  return (answer == AWARENESS_CHECK_ANSWER_NO && self->comment_no) ||
         (answer == AWARENESS_CHECK_ANSWER_NOT_APPLICABLE && self->comment_na);
}

/**
 * awareness_checklist_item_check_answer:
 * @self: an item
 * @answer: an answer to it
 * @comment: (nullable): the comment given with it
 * @error: return location for an error
 *
 * Checks an answer before it is recorded: the answer is one the item
 * allows, a comment is there where the item requires one, and no longer
 * than %AWARENESS_CHECKLIST_COMMENT_MAX characters.  The one rule every
 * client (terminal, app, server) applies.
 *
 * Returns: whether the answer may be recorded
 *
 * Since: 0.2
 */
gboolean
awareness_checklist_item_check_answer (AwarenessChecklistItem *self,
                                       AwarenessCheckAnswer    answer,
                                       const char             *comment,
                                       GError                **error)
{
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (AWARENESS_IS_CHECKLIST_ITEM (self), FALSE);

  if (answer == AWARENESS_CHECK_ANSWER_NONE || answer > AWARENESS_CHECK_ANSWER_NOT_APPLICABLE)
    {
      g_set_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_INVALID_ANSWER,
                   _("Item “%s”: answer yes, no or not applicable"), self->id);
      return FALSE;
    }
  if (answer == AWARENESS_CHECK_ANSWER_NOT_APPLICABLE && !self->allows_na)
    {
      g_set_error (error, AWARENESS_CHECKLIST_ERROR,
                   AWARENESS_CHECKLIST_ERROR_NOT_APPLICABLE_REFUSED,
                   _("Item “%s” applies to everyone: answer yes or no"), self->id);
      return FALSE;
    }
  if (comment != NULL && !g_utf8_validate (comment, -1, NULL))
    {
      g_set_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_INVALID_ANSWER,
                   _("Item “%s”: the comment is not valid UTF-8 text"), self->id);
      return FALSE;
    }
  if (comment != NULL && g_utf8_strlen (comment, -1) > AWARENESS_CHECKLIST_COMMENT_MAX)
    {
      g_set_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_COMMENT_TOO_LONG,
                   _("Item “%s”: the comment has %ld characters; write at most %d"),
                   self->id, g_utf8_strlen (comment, -1), AWARENESS_CHECKLIST_COMMENT_MAX);
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (comment != NULL ? comment : ""));
  if (stripped[0] == '\0' && awareness_checklist_item_get_comment_required (self, answer))
    {
      g_set_error (error, AWARENESS_CHECKLIST_ERROR, AWARENESS_CHECKLIST_ERROR_COMMENT_REQUIRED,
                   answer == AWARENESS_CHECK_ANSWER_NO
                   ? _("Item “%s”: a “no” needs a comment: say what is not done, and why")
                   : _("Item “%s”: “not applicable” needs a comment: say why it does not "
                       "apply"),
                   self->id);
      return FALSE;
    }

  return TRUE;
}
