/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Assignments: who must complete which module by when.  The catalog
 * sets them; the server's administrators override them per module
 * (PUT and DELETE /admin/assignments/MODULE), and every account reads
 * the server's rules (GET /assignments) to show due dates.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lrs-assignments.h"
#include "lrs-drills.h"
#include "lrs-http.h"
#include "lrs-report.h"
#include "lrs-security-log.h"
#include "lrs-server.h"

/* The assignments the server sets over the catalog's, by module id. */
GHashTable *
lrs_assignments_load_overrides (LrsStore  *store,
                                GError   **error)
{
  g_autoptr(GHashTable) stored = lrs_store_get_overrides (store, error);
  GHashTable *rules;
  GHashTableIter iter;
  gpointer module, rule;

  if (stored == NULL)
    return NULL;
  rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) awareness_assignment_free);
  g_hash_table_iter_init (&iter, stored);
  while (g_hash_table_iter_next (&iter, &module, &rule))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      AwarenessAssignment *assignment = g_new0 (AwarenessAssignment, 1);

      if (awareness_json_parser_load (parser, rule, -1, NULL) &&
          awareness_assignment_from_json (json_parser_get_root (parser), assignment, NULL))
        g_hash_table_insert (rules, g_strdup (module), assignment);
      else
        g_free (assignment);
    }
  return rules;
}

/* The day a report is as of: @as_of (YYYY-MM-DD), or today when NULL;
 * FALSE if @as_of is not a date. */
gboolean
lrs_parse_today (const char *as_of,
                 GDate      *today)
{
  g_autoptr(GDateTime) now = NULL;

  if (as_of != NULL)
    return awareness_date_parse (as_of, today);
  now = g_date_time_new_now_local ();
  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  return TRUE;
}

/* The due date @assignment sets as of @today for a member of its
 * audience who has not completed it yet, as YYYY-MM-DD; NULL if none. */
static char *
due_as_of (const AwarenessAssignment *assignment,
           const GDate               *today)
{
  const char *value = assignment->audience_value;
  AwarenessStaff staff = {
    assignment->audience == AWARENESS_AUDIENCE_DEPARTMENT ? value : NULL,
    assignment->audience == AWARENESS_AUDIENCE_ROLE ? value : "learner",
    assignment->audience == AWARENESS_AUDIENCE_SEGMENT ? value : NULL,
    NULL,
  };
  GDate due;
  char text[16];

  g_date_clear (&due, 1);
  if (awareness_assignment_evaluate (assignment, &staff, today, NULL, NULL, &due)
        == AWARENESS_DUE_NOT_REQUIRED ||
      !g_date_valid (&due))
    return NULL;
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &due);
  return g_strdup (text);
}

static void
add_item (JsonBuilder               *builder,
          const char                *id,
          const char                *kind,
          const char                *title,
          const AwarenessAssignment *catalog,
          GHashTable                *overrides,
          const GDate               *today)
{
  const AwarenessAssignment *override = g_hash_table_lookup (overrides, id);
  const AwarenessAssignment *effective = override != NULL ? override : catalog;
  g_autofree char *due = effective != NULL ? due_as_of (effective, today) : NULL;

  json_builder_begin_object (builder);
  lrs_json_add_nullable (builder, "id", id);
  lrs_json_add_nullable (builder, "kind", kind);
  lrs_json_add_nullable (builder, "title", title);
  json_builder_set_member_name (builder, "catalog");
  if (catalog != NULL)
    json_builder_add_value (builder, awareness_assignment_to_json (catalog));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "override");
  if (override != NULL)
    json_builder_add_value (builder, awareness_assignment_to_json (override));
  else
    json_builder_add_null_value (builder);
  lrs_json_add_nullable (builder, "due", due);
  json_builder_end_object (builder);
}

/* GET /admin/assignments[?lang=ja|en][&as-of=YYYY-MM-DD]: every module
 * and checklist of the published content with who must complete it, how
 * often and by when, as the catalog says and as the server overrides it,
 * and the due date that follows as of the day. */
static void
list_assignments (Lrs               *lrs,
                  SoupServerMessage *msg,
                  GHashTable        *params)
{
  const char *lang = params != NULL && g_strcmp0 (g_hash_table_lookup (params, "lang"), "en") == 0
                       ? "en" : "ja";
  g_autoptr(GHashTable) overrides = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  GListModel *modules, *checklists;
  GDate today;
  char text[16];

  if (!lrs_parse_today (params != NULL ? g_hash_table_lookup (params, "as-of") : NULL, &today))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "as-of: a date, YYYY-MM-DD");
      return;
    }
  if (lrs->catalog == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_CONFLICT, LRS_NO_CONTENT_MESSAGE);
      return;
    }
  overrides = lrs_assignments_load_overrides (lrs->store, &error);
  if (overrides == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The assignments could not be read");
      return;
    }
  modules = awareness_catalog_get_modules (lrs->catalog);
  checklists = awareness_catalog_get_checklists (lrs->catalog);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &today);
  json_builder_begin_object (builder);
  lrs_json_add_nullable (builder, "as_of", text);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);

      add_item (builder, awareness_module_get_id (module), "module",
                awareness_module_get_title (module, lang),
                awareness_module_get_assignment (module), overrides, &today);
    }
  for (guint i = 0; i < g_list_model_get_n_items (checklists); i++)
    {
      g_autoptr(AwarenessChecklist) checklist = g_list_model_get_item (checklists, i);

      add_item (builder, awareness_checklist_get_id (checklist), "checklist",
                awareness_checklist_get_title (checklist, lang),
                awareness_checklist_get_assignment (checklist), overrides, &today);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

/* Whether @id names a module or a checklist of the published content;
 * if not, the response is set (404, with the nearest ids).  Without
 * published content, any id is taken: the content that names it may
 * come later. */
static gboolean
check_item (Lrs               *lrs,
            SoupServerMessage *msg,
            const char        *id)
{
  GListModel *modules, *checklists;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_auto(GStrv) nearest = NULL;
  g_autofree char *suggestion = NULL;
  g_autofree char *message = NULL;

  if (lrs->catalog == NULL || awareness_catalog_lookup_module (lrs->catalog, id) != NULL ||
      awareness_catalog_lookup_checklist (lrs->catalog, id) != NULL)
    return TRUE;
  modules = awareness_catalog_get_modules (lrs->catalog);
  checklists = awareness_catalog_get_checklists (lrs->catalog);
  for (guint i = 0; i < g_list_model_get_n_items (modules); i++)
    {
      g_autoptr(AwarenessModule) module = g_list_model_get_item (modules, i);

      g_ptr_array_add (ids, (gpointer) awareness_module_get_id (module));
    }
  for (guint i = 0; i < g_list_model_get_n_items (checklists); i++)
    {
      g_autoptr(AwarenessChecklist) checklist = g_list_model_get_item (checklists, i);

      g_ptr_array_add (ids, (gpointer) awareness_checklist_get_id (checklist));
    }
  g_ptr_array_add (ids, NULL);
  nearest = awareness_nearest_names (id, (const char **) ids->pdata, 3);
  suggestion = awareness_format_suggestion ((const char * const *) nearest);
  message = g_strdup_printf (_("No module or checklist “%s” in the published content%s"), id,
                             suggestion);
  lrs_respond_error (msg, LRS_ERROR_NOT_FOUND, message);
  return FALSE;
}

/* The open follow-ups of @account's drill clicks into @rules, over the
 * module's rule: an assignment for that person only, once, by its due
 * date, until a pass received after the click. */
static gboolean
add_follow_ups (Lrs         *lrs,
                LrsAccount  *account,
                GHashTable  *rules,
                GError     **error)
{
  g_autoptr(GHashTable) follow_ups = NULL;
  GHashTableIter iter;
  gpointer value;

  if (account->staff_id == NULL)
    return TRUE;
  follow_ups = lrs_drills_follow_ups_by_person (lrs->store, account->staff_id, error);
  if (follow_ups == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, follow_ups);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LrsFollowUp *follow_up = value;
      LrsVerdictQuery query = { .home_page = lrs->config.home_page,
                                .department = account->department,
                                .module = follow_up->module, .passed_only = TRUE,
                                .verified_only = TRUE };
      g_autoptr(GPtrArray) passes = lrs_store_latest_verdicts (lrs->store, &query, error);
      AwarenessAssignment *assignment;
      gint64 pass_at = 0;

      if (passes == NULL)
        return FALSE;
      for (guint i = 0; i < passes->len; i++)
        {
          LrsVerdict *pass = g_ptr_array_index (passes, i);

          if (g_strcmp0 (pass->staff_id, account->staff_id) == 0)
            pass_at = MAX (pass_at, pass->recorded_at != 0 ? pass->recorded_at : pass->at);
        }
      if (!lrs_follow_up_is_open (follow_up, pass_at))
        continue;
      assignment = g_new0 (AwarenessAssignment, 1);
      lrs_follow_up_to_assignment (follow_up, assignment);
      g_hash_table_replace (rules, g_strdup (follow_up->module), assignment);
    }
  return TRUE;
}

/* The assignments the server sets: GET /assignments for every account
 * (their machines show due dates with them), GET /admin/assignments (see
 * list_assignments()), PUT and DELETE /admin/assignments/MODULE for
 * administrators. */
void
lrs_assignments_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  Lrs *lrs = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(LrsAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (path, "/admin/assignments") == 0 || g_strcmp0 (path, "/admin/assignments/") == 0)
    {
      account = lrs_authenticate_admin (lrs->auth, msg);
      if (account == NULL)
        return;
      if (g_strcmp0 (method, "GET") == 0)
        list_assignments (lrs, msg, query);
      else
        lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The assignments take GET");
      return;
    }
  if (g_str_has_prefix (path, "/admin/assignments/"))
    {
      const char *module = path + strlen ("/admin/assignments/");
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonNode) normal = NULL;
      g_autofree char *rule = NULL;
      AwarenessAssignment assignment;

      account = lrs_authenticate_admin (lrs->auth, msg);
      if (account == NULL)
        return;
      if (module[0] == '\0' || strchr (module, '/') != NULL)
        {
          lrs_respond_error (msg, LRS_ERROR_NOT_FOUND,
                             "Name one module: /admin/assignments/MODULE");
          return;
        }
      if (g_strcmp0 (method, "DELETE") == 0)
        {
          if (!lrs_store_set_override (lrs->store, module, NULL, &error))
            {
              lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The assignment could not be removed");
              return;
            }
          lrs_security_log (lrs->store, "assignment-cleared", account->staff_id, module, NULL);
          soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
          return;
        }
      if (g_strcmp0 (method, "PUT") != 0)
        {
          lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "An assignment takes PUT or DELETE");
          return;
        }
      if (!check_item (lrs, msg, module))
        return;
      bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      root = lrs_parse_body (msg, bytes, &error);
      if (root == NULL || !awareness_assignment_from_json (root, &assignment, &error))
        {
          lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                             error != NULL ? error->message : "Not an assignment");
          return;
        }
      normal = awareness_assignment_to_json (&assignment);
      awareness_assignment_clear (&assignment);
      rule = lrs_to_json (normal);
      if (!lrs_store_set_override (lrs->store, module, rule, &error))
        {
          lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The assignment could not be stored");
          return;
        }
      lrs_security_log (lrs->store, "assignment-set", account->staff_id, module, "%s", rule);
      lrs_respond (msg, SOUP_STATUS_OK, "application/json", rule);
      return;
    }

  if (g_strcmp0 (method, "GET") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "The assignments take GET");
      return;
    }
  account = lrs_authenticate (lrs->auth, msg);
  if (account == NULL)
    return;
  {
    g_autoptr(GHashTable) rules = lrs_assignments_load_overrides (lrs->store, &error);
    g_autoptr(JsonBuilder) builder = json_builder_new ();
    GHashTableIter iter;
    gpointer module, rule;

    if (rules == NULL)
      {
        lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The assignments could not be read");
        return;
      }
    if (!add_follow_ups (lrs, account, rules, &error))
      {
        g_message ("assignments: %s", error->message);
        lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The assignments could not be read");
        return;
      }
    json_builder_begin_object (builder);
    g_hash_table_iter_init (&iter, rules);
    while (g_hash_table_iter_next (&iter, &module, &rule))
      {
        json_builder_set_member_name (builder, module);
        json_builder_add_value (builder, awareness_assignment_to_json (rule));
      }
    json_builder_end_object (builder);
    lrs_respond_json (msg, SOUP_STATUS_OK, json_builder_get_root (builder));
  }
}
