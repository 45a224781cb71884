/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The self-inspection report (自己点検): for each checklist, how each
 * department answered each item in the current cycle (yes, no, not
 * applicable), who of the audience has not answered, the "no" answers
 * with their comments as a follow-up list, and the trend from the
 * previous cycle.  The items that most departments answer "no" come
 * first: they are the input of the policy's review (section 8).
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "awareness.h"
#include "lrs-error.h"
#include "lrs-report.h"
#include "lrs-report-private.h"

enum { YES, NO, NOT_APPLICABLE, N_ANSWERS };

static const char * const answer_names[N_ANSWERS] = { "yes", "no", "not-applicable" };
static const char * const share_members[N_ANSWERS] = {
  "yes_share", "no_share", "not_applicable_share",
};
static const char * const count_members[N_ANSWERS] = { "yes", "no", "not_applicable" };

/* A person's latest answer to one item in one cycle. */
typedef struct {
  char   *version;
  int     answer;
  char   *comment;
  char   *timestamp;
  gint64  at;
} Answer;

/* What one person recorded in one cycle. */
typedef struct {
  GHashTable *answers;    /* item id → Answer */
  char       *version;    /* the version of their latest record */
  gint64      latest;
  gboolean    completed;
} Cycle;

typedef struct {
  Cycle cycles[2];        /* this cycle, the previous one */
} Person;

typedef struct {
  GHashTable *people;     /* staff id → Person */
  gint64      current_since;
} Collector;

typedef struct {
  guint counts[N_ANSWERS];
} Tally;

/* An item of the report: of the checklist, or answered in a version that
 * the checklist no longer has. */
typedef struct {
  char       *id;
  guint       order;
  Tally       current, previous;
  GHashTable *departments;   /* department → Tally */
} Item;

static void
answer_free (Answer *answer)
{
  g_free (answer->version);
  g_free (answer->comment);
  g_free (answer->timestamp);
  g_free (answer);
}

static void
person_free (Person *person)
{
  for (guint c = 0; c < G_N_ELEMENTS (person->cycles); c++)
    {
      g_hash_table_unref (person->cycles[c].answers);
      g_free (person->cycles[c].version);
    }
  g_free (person);
}

static void
item_free (Item *item)
{
  g_free (item->id);
  g_hash_table_unref (item->departments);
  g_free (item);
}

static int
answer_index (const char *response)
{
  for (int i = 0; i < N_ANSWERS; i++)
    if (g_strcmp0 (response, answer_names[i]) == 0)
      return i;
  return -1;
}

/* Keeps each person's latest record per item and cycle (the records come
 * in the order stored, so a later one of the same time wins). */
static void
collect_cb (const LrsInspectionRecord *record,
            gpointer                   user_data)
{
  Collector *collector = user_data;
  Person *person = g_hash_table_lookup (collector->people, record->name);
  Cycle *cycle;
  Answer *answer;
  int index = answer_index (record->response);

  if (person == NULL)
    {
      person = g_new0 (Person, 1);
      for (guint c = 0; c < G_N_ELEMENTS (person->cycles); c++)
        person->cycles[c].answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) answer_free);
      g_hash_table_insert (collector->people, g_strdup (record->name), person);
    }
  cycle = &person->cycles[record->at >= collector->current_since ? 0 : 1];
  if (cycle->version == NULL || record->at >= cycle->latest)
    {
      g_free (cycle->version);
      cycle->version = g_strdup (record->version != NULL ? record->version : "");
      cycle->latest = record->at;
    }
  if (record->item == NULL)
    {
      cycle->completed = TRUE;
      return;
    }
  if (index < 0)
    return;
  answer = g_hash_table_lookup (cycle->answers, record->item);
  if (answer != NULL && answer->at > record->at)
    return;
  if (answer == NULL)
    {
      answer = g_new0 (Answer, 1);
      g_hash_table_insert (cycle->answers, g_strdup (record->item), answer);
    }
  g_free (answer->version);
  g_free (answer->comment);
  g_free (answer->timestamp);
  answer->version = g_strdup (record->version != NULL ? record->version : "");
  answer->answer = index;
  answer->comment = g_strdup (record->comment);
  answer->timestamp = g_strdup (record->timestamp);
  answer->at = record->at;
}

/* Unix microseconds at the start of @date, local time. */
static gint64
usec_at_start (const GDate *date)
{
  g_autoptr(GDateTime) start = g_date_time_new_local (g_date_get_year (date),
                                                      g_date_get_month (date),
                                                      g_date_get_day (date), 0, 0, 0);

  return g_date_time_to_unix (start) * G_USEC_PER_SEC;
}

static char *
format_date (const GDate *date)
{
  char text[16];

  if (!g_date_valid (date))
    return NULL;
  g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  return g_strdup (text);
}

static void
add_cycle (JsonBuilder *builder,
           const char  *member,
           const GDate *first,
           const GDate *last)
{
  g_autofree char *from = format_date (first);
  g_autofree char *to = format_date (last);

  json_builder_set_member_name (builder, member);
  if (from == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  lrs_json_add_nullable (builder, "first", from);
  lrs_json_add_nullable (builder, "last", to);
  json_builder_end_object (builder);
}

static guint
tally_total (const Tally *tally)
{
  return tally->counts[YES] + tally->counts[NO] + tally->counts[NOT_APPLICABLE];
}

/* The counts and shares of a tally, as members of the open object. */
static void
add_tally (JsonBuilder *builder,
           const Tally *tally)
{
  guint total = tally_total (tally);

  json_builder_set_member_name (builder, "answers");
  json_builder_add_int_value (builder, total);
  for (int i = 0; i < N_ANSWERS; i++)
    {
      json_builder_set_member_name (builder, count_members[i]);
      json_builder_add_int_value (builder, tally->counts[i]);
    }
  for (int i = 0; i < N_ANSWERS; i++)
    {
      json_builder_set_member_name (builder, share_members[i]);
      if (total > 0)
        json_builder_add_double_value (builder, (double) tally->counts[i] / total);
      else
        json_builder_add_null_value (builder);
    }
}

static guint
departments_with_no (Item *item)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, item->departments);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((Tally *) value)->counts[NO] > 0 ? 1 : 0;
  return n;
}

/* The items answered "no" by most departments first, then by most
 * people, then in the checklist's order. */
static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  Item *x = *(Item **) a, *y = *(Item **) b;
  guint dx = departments_with_no (x), dy = departments_with_no (y);

  if (dx != dy)
    return dx > dy ? -1 : 1;
  if (x->current.counts[NO] != y->current.counts[NO])
    return x->current.counts[NO] > y->current.counts[NO] ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

typedef struct {
  LrsAccount *account;
  Answer     *answer;
  Item       *item;
} FollowUp;

static int
compare_follow_ups (gconstpointer a,
                    gconstpointer b)
{
  const FollowUp *x = a, *y = b;
  int c;

  if ((c = g_strcmp0 (x->account->department, y->account->department)) != 0)
    return c;
  if ((c = g_strcmp0 (x->account->staff_id, y->account->staff_id)) != 0)
    return c;
  return x->item->order < y->item->order ? -1 : x->item->order > y->item->order;
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b)
{
  LrsAccount *x = *(LrsAccount **) a, *y = *(LrsAccount **) b;
  int c = g_strcmp0 (x->department, y->department);

  return c != 0 ? c : g_strcmp0 (x->staff_id, y->staff_id);
}

static const char *
department_of (LrsAccount *account)
{
  return account->department != NULL ? account->department : "";
}

static Item *
lookup_item (GHashTable *items,
             GPtrArray  *ordered,
             const char *id)
{
  Item *item = g_hash_table_lookup (items, id);

  if (item != NULL)
    return item;
  item = g_new0 (Item, 1);
  item->id = g_strdup (id);
  item->order = ordered->len;
  item->departments = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_ptr_array_add (ordered, item);
  g_hash_table_insert (items, item->id, item);
  return item;
}

static void
count (Item       *item,
       const char *department,
       int         answer,
       gboolean    current)
{
  Tally *tally;

  if (!current)
    {
      item->previous.counts[answer]++;
      return;
    }
  item->current.counts[answer]++;
  tally = g_hash_table_lookup (item->departments, department);
  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      g_hash_table_insert (item->departments, (gpointer) department, tally);
    }
  tally->counts[answer]++;
}

static void
add_item_head (JsonBuilder        *builder,
               AwarenessChecklist *checklist,
               Item               *item,
               const char         *lang)
{
  AwarenessChecklistItem *known = awareness_checklist_lookup_item (checklist, item->id);
  g_autofree char *text = known != NULL
                            ? awareness_checklist_item_dup_text (known, lang,
                                                                 AWARENESS_TEXT_FORMAT_PLAIN)
                            : NULL;

  lrs_json_add_nullable (builder, "item", item->id);
  lrs_json_add_nullable (builder, "text", text);
}

/* The report of one checklist, as an object added to @builder. */
static gboolean
add_checklist (JsonBuilder        *builder,
               LrsStore           *store,
               AwarenessChecklist *checklist,
               GHashTable         *overrides,
               const char         *home_page,
               const char         *department,
               GPtrArray          *accounts,
               const GDate        *today,
               const char         *lang,
               GError            **error)
{
  const AwarenessAssignment *assignment =
    awareness_checklist_get_effective_assignment (checklist, overrides);
  GPtrArray *checklist_items = awareness_checklist_get_items (checklist);
  g_autoptr(GHashTable) by_staff = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) items = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GArray) follow_ups = g_array_new (FALSE, FALSE, sizeof (FollowUp));
  g_autoptr(GPtrArray) not_answered = g_ptr_array_new ();
  g_autoptr(GHashTable) audiences = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) departments = g_ptr_array_new ();
  Collector collector = {
    .people = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) person_free),
  };
  LrsInspectionQuery query = {
    .home_page = home_page,
    .checklist = awareness_checklist_get_id (checklist),
    .department = department,
  };
  GDate first, last, previous_first, previous_last;
  guint audience = 0, answered = 0;
  gboolean ok = FALSE;

  /* This cycle and the one before; a campaign held once has one. */
  awareness_assignment_get_period (assignment, today, &first, &last);
  g_date_clear (&previous_first, 1);
  g_date_clear (&previous_last, 1);
  if (g_date_valid (&first))
    {
      GDate before = first;

      g_date_subtract_days (&before, 1);
      awareness_assignment_get_period (assignment, &before, &previous_first, &previous_last);
      query.since = usec_at_start (&previous_first);
      collector.current_since = usec_at_start (&first);
      g_date_add_days (&last, 1);
      query.until = usec_at_start (&last) - 1;
      g_date_subtract_days (&last, 1);
    }
  else
    collector.current_since = G_MININT64;

  if (!lrs_store_foreach_inspection_record (store, &query, collect_cb, &collector, error))
    goto out;

  for (guint i = 0; i < checklist_items->len; i++)
    lookup_item (items, ordered,
                 awareness_checklist_item_get_id (g_ptr_array_index (checklist_items, i)));

  for (guint i = 0; i < accounts->len; i++)
    {
      LrsAccount *account = g_ptr_array_index (accounts, i);
      GDate start;
      AwarenessStaff staff = { account->department, lrs_role_to_string (account->role),
                               account->segment, NULL };
      Person *person;
      guint *members;

      if (department != NULL && g_strcmp0 (department_of (account), department) != 0)
        continue;
      g_hash_table_insert (by_staff, account->staff_id, account);
      person = g_hash_table_lookup (collector.people, account->staff_id);

      if (awareness_date_parse (account->start_date, &start))
        staff.start_date = &start;
      if (account->role != LRS_ROLE_ADMIN && account->active &&
          awareness_assignment_applies (assignment, &staff) &&
          (staff.start_date == NULL || g_date_compare (staff.start_date, today) <= 0))
        {
          audience++;
          members = g_hash_table_lookup (audiences, department_of (account));
          if (members == NULL)
            {
              members = g_new0 (guint, 2);
              g_hash_table_insert (audiences, (gpointer) department_of (account), members);
              g_ptr_array_add (departments, (gpointer) department_of (account));
            }
          members[0]++;
          if (person != NULL && person->cycles[0].completed)
            {
              answered++;
              members[1]++;
            }
          else
            g_ptr_array_add (not_answered, account);
        }
      if (person == NULL)
        continue;

      /* Each cycle's answers of the version answered last in it. */
      for (guint c = 0; c < G_N_ELEMENTS (person->cycles); c++)
        {
          Cycle *cycle = &person->cycles[c];
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, cycle->answers);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              Answer *answer = value;
              Item *item;

              if (g_strcmp0 (answer->version, cycle->version) != 0)
                continue;
              item = lookup_item (items, ordered, key);
              count (item, department_of (account), answer->answer, c == 0);
              if (c == 0 && answer->answer == NO)
                {
                  FollowUp follow_up = { account, answer, item };

                  g_array_append_val (follow_ups, follow_up);
                }
              if (c == 0 && !g_hash_table_contains (audiences, department_of (account)))
                {
                  g_hash_table_insert (audiences, (gpointer) department_of (account),
                                       g_new0 (guint, 2));
                  g_ptr_array_add (departments, (gpointer) department_of (account));
                }
            }
        }
    }

  /* A copy of the pointers: @ordered owns the items. */
  sorted = g_ptr_array_copy (ordered, NULL, NULL);
  g_ptr_array_set_free_func (sorted, NULL);
  g_ptr_array_sort (sorted, compare_items);
  g_ptr_array_sort (departments, (GCompareFunc) g_strcmp0);
  g_ptr_array_sort (not_answered, compare_accounts);
  g_array_sort (follow_ups, compare_follow_ups);

  json_builder_begin_object (builder);
  lrs_json_add_nullable (builder, "checklist", awareness_checklist_get_id (checklist));
  lrs_json_add_nullable (builder, "title", awareness_checklist_get_title (checklist, lang));
  lrs_json_add_nullable (builder, "version", awareness_checklist_get_version (checklist));
  add_cycle (builder, "cycle", &first, &last);
  add_cycle (builder, "previous_cycle", &previous_first, &previous_last);
  json_builder_set_member_name (builder, "audience");
  json_builder_add_int_value (builder, audience);
  json_builder_set_member_name (builder, "answered");
  json_builder_add_int_value (builder, answered);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted->len; i++)
    {
      Item *item = g_ptr_array_index (sorted, i);
      AwarenessChecklistItem *known = awareness_checklist_lookup_item (checklist, item->id);
      guint previous = tally_total (&item->previous);

      json_builder_begin_object (builder);
      add_item_head (builder, checklist, item, lang);
      json_builder_set_member_name (builder, "clauses");
      json_builder_begin_array (builder);
      for (guint c = 0; known != NULL && c < awareness_checklist_item_get_clauses (known)->len;
           c++)
        json_builder_add_string_value (
          builder,
          awareness_clause_get_id (g_ptr_array_index (awareness_checklist_item_get_clauses (known),
                                                      c)));
      json_builder_end_array (builder);
      add_tally (builder, &item->current);
      json_builder_set_member_name (builder, "departments_with_no");
      json_builder_add_int_value (builder, departments_with_no (item));
      json_builder_set_member_name (builder, "previous");
      if (previous > 0)
        {
          json_builder_begin_object (builder);
          add_tally (builder, &item->previous);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      /* The trend: how the share of "no" moved since the previous cycle. */
      json_builder_set_member_name (builder, "no_share_change");
      if (previous > 0 && tally_total (&item->current) > 0)
        json_builder_add_double_value (
          builder, (double) item->current.counts[NO] / tally_total (&item->current) -
                   (double) item->previous.counts[NO] / previous);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "departments");
  json_builder_begin_array (builder);
  for (guint d = 0; d < departments->len; d++)
    {
      const char *name = g_ptr_array_index (departments, d);
      guint *members = g_hash_table_lookup (audiences, name);

      json_builder_begin_object (builder);
      lrs_json_add_nullable (builder, "department", name);
      json_builder_set_member_name (builder, "audience");
      json_builder_add_int_value (builder, members[0]);
      json_builder_set_member_name (builder, "answered");
      json_builder_add_int_value (builder, members[1]);
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint i = 0; i < sorted->len; i++)
        {
          Item *item = g_ptr_array_index (sorted, i);
          Tally *tally = g_hash_table_lookup (item->departments, name);
          Tally none = { { 0 } };

          json_builder_begin_object (builder);
          lrs_json_add_nullable (builder, "item", item->id);
          add_tally (builder, tally != NULL ? tally : &none);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "not_answered");
  json_builder_begin_array (builder);
  for (guint i = 0; i < not_answered->len; i++)
    {
      LrsAccount *account = g_ptr_array_index (not_answered, i);

      json_builder_begin_object (builder);
      lrs_json_add_nullable (builder, "staff_id", account->staff_id);
      lrs_json_add_nullable (builder, "name", account->display_name);
      lrs_json_add_nullable (builder, "department", department_of (account));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "follow_up");
  json_builder_begin_array (builder);
  for (guint i = 0; i < follow_ups->len; i++)
    {
      FollowUp *follow_up = &g_array_index (follow_ups, FollowUp, i);

      json_builder_begin_object (builder);
      lrs_json_add_nullable (builder, "staff_id", follow_up->account->staff_id);
      lrs_json_add_nullable (builder, "name", follow_up->account->display_name);
      lrs_json_add_nullable (builder, "department", department_of (follow_up->account));
      add_item_head (builder, checklist, follow_up->item, lang);
      lrs_json_add_nullable (builder, "comment", follow_up->answer->comment);
      lrs_json_add_nullable (builder, "date", follow_up->answer->timestamp);
      lrs_json_add_nullable (builder, "version", follow_up->answer->version);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  ok = TRUE;

out:
  g_hash_table_unref (collector.people);
  return ok;
}

/**
 * lrs_report_inspection:
 * @store: the store
 * @catalog: the published catalog
 * @overrides: (nullable): the server's assignments over the catalog's
 * @home_page: the account home page of this server's staff accounts
 * @filter: which checklist and department, as of which day, in which
 *   language, and the department the reader is restricted to
 * @error: return location for an error
 *
 * The self-inspection report of each checklist of @catalog (samples
 * only when asked for by id), or of one: per item, and per department
 * and item, the number and share of yes, no and not applicable in the
 * current cycle; the trend from the previous cycle; who of the audience
 * (the roster's staff that the checklist is assigned to) has not
 * completed it in the cycle; and the "no" answers with their comments.
 * A person's answer is their latest in the cycle, of the checklist
 * version they answered last.  Who may see which department is the
 * caller's to decide (lrs_auth_report_scope()).
 *
 * Returns: (transfer full): {"checklists": […]}, or NULL
 */
JsonNode *
lrs_report_inspection (LrsStore                  *store,
                       AwarenessCatalog          *catalog,
                       GHashTable                *overrides,
                       const char                *home_page,
                       const LrsInspectionFilter *filter,
                       GError                   **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) accounts = NULL;
  GListModel *checklists = awareness_catalog_get_checklists (catalog);
  const char *department = filter->department;
  g_autofree char *today = format_date (filter->today);

  if (filter->checklist != NULL &&
      awareness_catalog_lookup_checklist (catalog, filter->checklist) == NULL)
    {
      guint n = g_list_model_get_n_items (checklists);
      g_autofree const char **ids = g_new0 (const char *, n + 1);
      g_auto(GStrv) nearest = NULL;
      g_autofree char *suggestion = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(AwarenessChecklist) checklist = g_list_model_get_item (checklists, i);

          ids[i] = awareness_checklist_get_id (checklist);
        }
      nearest = awareness_nearest_names (filter->checklist, ids, 3);
      suggestion = awareness_format_suggestion ((const char * const *) nearest);
      /* Translators: the last %s is “; did you mean …?” or nothing. */
      g_set_error (error, LRS_ERROR, LRS_ERROR_NOT_FOUND,
                   _("There is no checklist “%s” in the published catalog%s"), filter->checklist,
                   suggestion);
      return NULL;
    }
  accounts = lrs_store_list_accounts (store, error);
  if (accounts == NULL)
    return NULL;

  json_builder_begin_object (builder);
  lrs_json_add_nullable (builder, "today", today);
  lrs_json_add_nullable (builder, "department", department);
  json_builder_set_member_name (builder, "checklists");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (checklists); i++)
    {
      g_autoptr(AwarenessChecklist) checklist = g_list_model_get_item (checklists, i);

      if (filter->checklist != NULL
            ? g_strcmp0 (awareness_checklist_get_id (checklist), filter->checklist) != 0
            : awareness_checklist_get_sample (checklist))
        continue;
      if (!add_checklist (builder, store, checklist, overrides, home_page, department, accounts,
                          filter->today, filter->lang, error))
        return NULL;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* CSV */

static const char * const follow_up_en[] = {
  "staff_id", "name", "department", "checklist", "item", "text", "comment", "date", "version",
};
static const char * const follow_up_ja[] = {
  "職員番号", "氏名", "所属", "点検表", "項目", "点検内容", "コメント", "回答日時", "版",
};
static const char * const shares_en[] = {
  "department", "checklist", "item", "text", "answers", "yes", "no", "not_applicable",
  "yes_percent", "no_percent", "not_applicable_percent", "previous_no_percent",
};
static const char * const shares_ja[] = {
  "所属", "点検表", "項目", "点検内容", "回答数", "はい", "いいえ", "該当なし",
  "はい(%)", "いいえ(%)", "該当なし(%)", "前回のいいえ(%)",
};
static const char * const not_answered_en[] = {
  "staff_id", "name", "department", "checklist",
};
static const char * const not_answered_ja[] = {
  "職員番号", "氏名", "所属", "点検表",
};

static const char *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static char *
count_text (JsonObject *object,
            const char *name)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT,
                          json_object_get_int_member_with_default (object, name, 0));
}

static char *
percent_text (JsonObject *object,
              const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return g_strdup (g_ascii_formatd (text, sizeof text, "%.1f", json_node_get_double (node) * 100));
}

static void
append_shares (GString    *csv,
               const char *department,
               const char *checklist,
               JsonObject *item,
               const char *text,
               JsonObject *previous)
{
  g_autofree char *answers = count_text (item, "answers");
  g_autofree char *yes = count_text (item, "yes");
  g_autofree char *no = count_text (item, "no");
  g_autofree char *na = count_text (item, "not_applicable");
  g_autofree char *yes_share = percent_text (item, "yes_share");
  g_autofree char *no_share = percent_text (item, "no_share");
  g_autofree char *na_share = percent_text (item, "not_applicable_share");
  g_autofree char *previous_no = percent_text (previous, "no_share");
  const char *values[] = { department, checklist, member (item, "item"), text, answers, yes, no,
                           na, yes_share, no_share, na_share, previous_no };

  lrs_csv_append_record (csv, values, G_N_ELEMENTS (values));
}

/**
 * lrs_report_inspection_to_csv:
 * @report: a report of lrs_report_inspection()
 * @list: `follow-up` (the "no" answers with their comments), `shares`
 *   (per department and item, then for all departments: the row whose
 *   department is empty) or `not-answered`
 * @bom: whether to begin with a byte order mark, for Excel
 * @japanese: whether the header row is in Japanese
 *
 * Returns: (transfer full): the list as CSV (RFC 4180, CRLF), or NULL for
 *   an unknown @list
 */
char *
lrs_report_inspection_to_csv (JsonNode   *report,
                              const char *list,
                              gboolean    bom,
                              gboolean    japanese)
{
  JsonArray *checklists = json_object_get_array_member (json_node_get_object (report),
                                                        "checklists");
  gboolean follow_up = g_strcmp0 (list, "follow-up") == 0;
  gboolean shares = g_strcmp0 (list, "shares") == 0;
  gboolean not_answered = g_strcmp0 (list, "not-answered") == 0;
  g_autoptr(GString) csv = NULL;

  if (!follow_up && !shares && !not_answered)
    return NULL;
  csv = g_string_new (bom ? "\xEF\xBB\xBF" : "");
  if (follow_up)
    lrs_csv_append_record (csv, japanese ? follow_up_ja : follow_up_en,
                           G_N_ELEMENTS (follow_up_en));
  else if (shares)
    lrs_csv_append_record (csv, japanese ? shares_ja : shares_en, G_N_ELEMENTS (shares_en));
  else
    lrs_csv_append_record (csv, japanese ? not_answered_ja : not_answered_en,
                           G_N_ELEMENTS (not_answered_en));

  for (guint c = 0; c < json_array_get_length (checklists); c++)
    {
      JsonObject *checklist = json_array_get_object_element (checklists, c);
      const char *id = member (checklist, "checklist");
      JsonArray *items = json_object_get_array_member (checklist, "items");
      g_autoptr(GHashTable) texts = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);

          if (member (item, "text") != NULL)
            g_hash_table_insert (texts, (gpointer) member (item, "item"),
                                 (gpointer) member (item, "text"));
        }

      if (follow_up || not_answered)
        {
          JsonArray *rows = json_object_get_array_member (checklist, follow_up ? "follow_up"
                                                                               : "not_answered");

          for (guint r = 0; r < json_array_get_length (rows); r++)
            {
              JsonObject *row = json_array_get_object_element (rows, r);
              const char *values[] = {
                member (row, "staff_id"), member (row, "name"), member (row, "department"), id,
                member (row, "item"), member (row, "text"), member (row, "comment"),
                member (row, "date"), member (row, "version"),
              };

              lrs_csv_append_record (csv, values, follow_up ? G_N_ELEMENTS (values) : 4);
            }
          continue;
        }

      {
        JsonArray *departments = json_object_get_array_member (checklist, "departments");

        for (guint d = 0; d < json_array_get_length (departments); d++)
          {
            JsonObject *department = json_array_get_object_element (departments, d);
            JsonArray *tallies = json_object_get_array_member (department, "items");

            for (guint i = 0; i < json_array_get_length (tallies); i++)
              {
                JsonObject *tally = json_array_get_object_element (tallies, i);

                append_shares (csv, member (department, "department"), id, tally,
                               g_hash_table_lookup (texts, member (tally, "item")), NULL);
              }
          }
        for (guint i = 0; i < json_array_get_length (items); i++)
          {
            JsonObject *item = json_array_get_object_element (items, i);
            JsonNode *previous = json_object_get_member (item, "previous");

            append_shares (csv, "", id, item, member (item, "text"),
                           previous != NULL && JSON_NODE_HOLDS_OBJECT (previous)
                             ? json_node_get_object (previous) : NULL);
          }
      }
    }
  return g_string_free (g_steal_pointer (&csv), FALSE);
}
