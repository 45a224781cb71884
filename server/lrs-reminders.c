/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * POST /admin/reminders: e-mail each member of staff what is overdue, or
 * due within some days, from the assignments report: one message per
 * person in their language (Japanese unless they chose English), never
 * twice the same day for the same item, through lrs-mail.c.  A dry run
 * previews every message; a real run answers each recipient's result,
 * so that a relay that fails loses nothing (those not sent are reminded
 * at the next run), and writes each to the audit log.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lrs-assignments.h"
#include "lrs-http.h"
#include "lrs-mail.h"
#include "lrs-reminders.h"
#include "lrs-report.h"
#include "lrs-security-log.h"
#include "lrs-server.h"

/* One person to remind, and how it went. */
typedef struct {
  char      *staff_id;
  char      *name;
  char      *email;
  char      *language;
  GPtrArray *items;       /* LrsReportRow, borrowed from the report */
  char      *status;      /* preview, sent, failed, no-address, already-reminded */
  char      *error;
  char      *subject;
  char      *body;
} Recipient;

static void
recipient_free (Recipient *recipient)
{
  g_free (recipient->staff_id);
  g_free (recipient->name);
  g_free (recipient->email);
  g_free (recipient->language);
  g_ptr_array_unref (recipient->items);
  g_free (recipient->status);
  g_free (recipient->error);
  g_free (recipient->subject);
  g_free (recipient->body);
  g_free (recipient);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recipient, recipient_free)

/* A run of reminders, while a thread sends them. */
typedef struct {
  Lrs               *lrs;
  SoupServerMessage *msg;
  char              *admin;
  char              *address;     /* the administrator's, for the audit log */
  char              *day;         /* YYYY-MM-DD: for "not twice a day" */
  GPtrArray         *rows;        /* the report: LrsReportRow */
  GPtrArray         *recipients;  /* Recipient */
  GPtrArray         *messages;    /* LrsMailMessage, one per recipient with status "sending" */
  GPtrArray         *sending;     /* the Recipient of each message, borrowed */
  guint              then_within; /* a scheduled run: the due-soon run that follows, or 0 */
  GDate              today;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->msg);
  g_free (run->admin);
  g_free (run->address);
  g_free (run->day);
  g_ptr_array_unref (run->rows);
  g_ptr_array_unref (run->recipients);
  g_ptr_array_unref (run->messages);
  g_ptr_array_unref (run->sending);
  g_free (run);
}

static const char *
module_title (Lrs        *lrs,
              const char *module,
              const char *language)
{
  AwarenessModule *found = lrs->catalog != NULL && module != NULL
                           ? awareness_catalog_lookup_module (lrs->catalog, module) : NULL;
  const char *title = found != NULL ? awareness_module_get_title (found, language) : NULL;

  return title != NULL ? title : module;
}

/* The subject and body of @recipient's reminder, in their language. */
static void
compose (Lrs       *lrs,
         Recipient *recipient,
         gboolean   overdue)
{
  locale_t previous = lrs_use_language (recipient->language);
  GString *body = g_string_new (NULL);

  recipient->subject = g_strdup (overdue ? _("Security training: past its due date")
                                         : _("Security training: due soon"));
  /* Translators: the greeting of a reminder; %s is the person's name. */
  g_string_append_printf (body, _("Dear %s,"), recipient->name[0] != '\0' ? recipient->name
                                                                          : recipient->staff_id);
  g_string_append (body, "\n\n");
  g_string_append (body, overdue ? _("The following security training is past its due date. "
                                     "Please take it as soon as you can:")
                                 : _("The following security training is due soon:"));
  g_string_append (body, "\n\n");
  for (guint i = 0; i < recipient->items->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (recipient->items, i);

      /* Translators: one item of a reminder: the module's title and its due date. */
      g_string_append_printf (body, _("- %s (due %s)"),
                              module_title (lrs, row->module, recipient->language), row->due);
      g_string_append_c (body, '\n');
    }
  g_string_append (body, "\n");
  g_string_append (body, _("How to take it: open the Security Awareness app on your work computer, "
                           "or run “awareness take” in a terminal."));
  g_string_append (body, "\n\n");
  g_string_append (body, _("This message was sent automatically by the security training server; "
                           "please do not reply to it."));
  g_string_append (body, "\n");
  recipient->body = g_string_free (body, FALSE);
  lrs_restore_language (previous);
}

static void
respond (Run *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint counts[3] = { 0 };  /* sent, failed, not sent for another reason */

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "recipients");
  json_builder_begin_array (builder);
  for (guint i = 0; i < run->recipients->len; i++)
    {
      Recipient *recipient = g_ptr_array_index (run->recipients, i);

      counts[g_strcmp0 (recipient->status, "sent") == 0 ? 0
             : g_strcmp0 (recipient->status, "failed") == 0 ? 1 : 2]++;
      json_builder_begin_object (builder);
      lrs_json_add_nullable (builder, "staff_id", recipient->staff_id);
      lrs_json_add_nullable (builder, "name", recipient->name);
      lrs_json_add_nullable (builder, "email", recipient->email);
      lrs_json_add_nullable (builder, "language", recipient->language);
      lrs_json_add_nullable (builder, "status", recipient->status);
      lrs_json_add_nullable (builder, "error", recipient->error);
      lrs_json_add_nullable (builder, "subject", recipient->subject);
      lrs_json_add_nullable (builder, "body", recipient->body);
      json_builder_set_member_name (builder, "items");
      json_builder_begin_array (builder);
      for (guint j = 0; j < recipient->items->len; j++)
        {
          LrsReportRow *row = g_ptr_array_index (recipient->items, j);

          json_builder_begin_object (builder);
          lrs_json_add_nullable (builder, "module", row->module);
          lrs_json_add_nullable (builder, "title", module_title (run->lrs, row->module,
                                                                 recipient->language));
          lrs_json_add_nullable (builder, "due", row->due);
          lrs_json_add_nullable (builder, "state", row->due_state);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "sent");
  json_builder_add_int_value (builder, counts[0]);
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, counts[1]);
  json_builder_set_member_name (builder, "not_sent");
  json_builder_add_int_value (builder, counts[2]);
  json_builder_end_object (builder);
  lrs_respond_json (run->msg, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
send_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Run *run = data;

  lrs_mail_send_batch (&run->lrs->config.mail, run->messages, cancellable);
  g_task_return_boolean (task, TRUE);
}

/* Back on the main loop: records what was sent, logs every recipient,
 * and answers. */
static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  const char *address = lrs_security_log_set_address (run->address);
  guint sent = 0, failed = 0;

  for (guint i = 0; i < run->messages->len; i++)
    {
      LrsMailMessage *message = g_ptr_array_index (run->messages, i);
      Recipient *recipient = g_ptr_array_index (run->sending, i);

      g_free (recipient->status);
      recipient->status = g_strdup (message->sent ? "sent" : "failed");
      recipient->error = g_strdup (message->error);
      if (message->sent)
        {
          sent++;
          for (guint j = 0; j < recipient->items->len; j++)
            {
              LrsReportRow *row = g_ptr_array_index (recipient->items, j);
              g_autoptr(GError) error = NULL;

              if (!lrs_store_add_reminded (run->lrs->store, recipient->staff_id, row->module,
                                           run->day, &error))
                g_warning ("A reminder sent could not be recorded: %s", error->message);
            }
          lrs_security_log (run->lrs->store, "reminder-sent", run->admin, recipient->staff_id,
                            "%u items to %s",
                            recipient->items->len, recipient->email);
        }
      else
        {
          failed++;
          lrs_security_log (run->lrs->store, "reminder-failed", run->admin, recipient->staff_id,
                            "to %s: %s",
                            recipient->email, message->error);
        }
    }
  lrs_security_log (run->lrs->store, "reminders-sent", run->admin, NULL, "%u sent, %u failed", sent,
                    failed);
  lrs_security_log_set_address (address);
  if (run->msg != NULL)
    {
      respond (run);
      soup_server_message_unpause (run->msg);
    }
  else if (run->then_within > 0)
    lrs_reminders_send (run->lrs, FALSE, run->then_within, &run->today, 0);
  run_free (run);
}

/* The reminders of a run as of @today (overdue, or due within @within
 * days), by @actor from @address: each person's message composed, those
 * to send queued in run->messages; NULL if the report failed (logged). */
static Run *
prepare_run (Lrs         *lrs,
             const char  *actor,
             const char  *address,
             gboolean     overdue,
             guint        within,
             const GDate *today,
             gboolean     dry_run)
{
  g_autoptr(GHashTable) overrides = NULL;
  g_autoptr(GHashTable) contacts = NULL;
  g_autoptr(GHashTable) reminded = NULL;
  g_autoptr(GHashTable) by_person = NULL;
  g_autoptr(GError) error = NULL;
  GDate limit;
  char day[16], limit_day[16];
  Run *run;

  g_date_strftime (day, sizeof day, "%Y-%m-%d", today);
  limit = *today;
  g_date_add_days (&limit, (guint) within);
  g_date_strftime (limit_day, sizeof limit_day, "%Y-%m-%d", &limit);

  run = g_new0 (Run, 1);
  run->lrs = lrs;
  run->admin = g_strdup (actor);
  run->address = g_strdup (address);
  run->today = *today;
  run->day = g_strdup (day);
  run->recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) recipient_free);
  run->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) lrs_mail_message_free);
  run->sending = g_ptr_array_new ();
  overrides = lrs_assignments_load_overrides (lrs->store, &error);
  if (overrides != NULL)
    run->rows = lrs_report_assignments (lrs->store, lrs->catalog, overrides, lrs->config.home_page,
                                        NULL, today,
                                        overdue, &error);
  if (run->rows != NULL)
    contacts = lrs_store_get_contacts (lrs->store, &error);
  if (contacts != NULL)
    reminded = lrs_store_reminded_on (lrs->store, day, &error);
  if (reminded == NULL)
    {
      g_warning ("The reminders could not be made: %s", error->message);
      if (run->rows == NULL)
        run->rows = g_ptr_array_new ();
      run_free (run);
      return NULL;
    }

  /* Each person's items, in the report's order. */
  by_person = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < run->rows->len; i++)
    {
      LrsReportRow *row = g_ptr_array_index (run->rows, i);
      Recipient *recipient;

      if (overdue ? g_strcmp0 (row->due_state, "overdue") != 0
                  : g_strcmp0 (row->due_state, "pending") != 0 || row->due == NULL ||
                    strcmp (row->due, limit_day) > 0 || strcmp (row->due, day) < 0)
        continue;
      recipient = g_hash_table_lookup (by_person, row->staff_id);
      if (recipient == NULL)
        {
          LrsContact *contact = g_hash_table_lookup (contacts, row->staff_id);

          recipient = g_new0 (Recipient, 1);
          recipient->staff_id = g_strdup (row->staff_id);
          recipient->name = g_strdup (row->display_name != NULL ? row->display_name : "");
          recipient->email = g_strdup (contact != NULL ? contact->email : NULL);
          recipient->language = g_strdup (contact != NULL && contact->language != NULL
                                          ? contact->language : "ja");
          recipient->items = g_ptr_array_new ();
          g_hash_table_insert (by_person, recipient->staff_id, recipient);
          g_ptr_array_add (run->recipients, recipient);
        }
      g_ptr_array_add (recipient->items, row);
    }

  for (guint i = 0; i < run->recipients->len; i++)
    {
      Recipient *recipient = g_ptr_array_index (run->recipients, i);
      gboolean all_reminded = TRUE;

      for (guint j = 0; j < recipient->items->len && all_reminded; j++)
        {
          LrsReportRow *row = g_ptr_array_index (recipient->items, j);
          g_autofree char *key = lrs_reminded_key (recipient->staff_id, row->module);

          all_reminded = g_hash_table_contains (reminded, key);
        }
      compose (lrs, recipient, overdue);
      if (recipient->email == NULL)
        recipient->status = g_strdup ("no-address");
      else if (all_reminded)
        recipient->status = g_strdup ("already-reminded");
      else if (dry_run)
        recipient->status = g_strdup ("preview");
      else
        {
          char *text = lrs_mail_compose (lrs->config.mail.from, recipient->email,
                                         recipient->subject, recipient->body, NULL);

          recipient->status = g_strdup ("sending");
          g_ptr_array_add (run->messages, lrs_mail_message_new (recipient->email, text));
          g_ptr_array_add (run->sending, recipient);
        }
    }

  return run;
}

/* Sends the messages of @run off the main loop; sent_cb() follows. */
static void
start_sending (Run *run)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, sent_cb, run);

  g_task_set_source_tag (task, start_sending);
  g_task_set_task_data (task, run, NULL);
  g_task_run_in_thread (task, send_thread);
}

/**
 * lrs_reminders_send:
 * @lrs: the server
 * @overdue: whether the run reminds of what is overdue (else of what is
 *   due within @within days)
 * @within: days
 * @today: the day of the run
 * @then_within: if not 0, a run of what is due within this many days
 *   follows this one
 *
 * The server's own run of reminders (see lrs-reminder-schedule.c), by
 * “awareness-server”, with every message in the audit log as an
 * administrator's run has it.
 */
void
lrs_reminders_send (Lrs         *lrs,
                    gboolean     overdue,
                    guint        within,
                    const GDate *today,
                    guint        then_within)
{
  Run *run;

  if (lrs->config.mail.smtp_url == NULL || lrs->catalog == NULL)
    return;
  run = prepare_run (lrs, "awareness-server", NULL, overdue, within, today, FALSE);
  if (run == NULL)
    return;
  run->then_within = then_within;
  if (run->messages->len == 0)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, sent_cb, run);

      /* Nothing to send: the audit log still says that the run was made. */
      g_task_return_boolean (task, TRUE);
      return;
    }
  start_sending (run);
}

/*
 * POST /admin/reminders?overdue=true or ?due-within=DAYS, with as-of
 * (YYYY-MM-DD, today by default) and dry-run=true.  Administrators only.
 */
void
lrs_admin_reminders_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        const char        *path,
                        GHashTable        *params,
                        gpointer           user_data)
{
  Lrs *lrs = user_data;
  g_autoptr(LrsAccount) account = lrs_authenticate_admin (lrs->auth, msg);
  const char *overdue_text = params != NULL ? g_hash_table_lookup (params, "overdue") : NULL;
  const char *within_text = params != NULL ? g_hash_table_lookup (params, "due-within") : NULL;
  gboolean dry_run = params != NULL && g_strcmp0 (g_hash_table_lookup (params, "dry-run"),
                                                  "true") == 0;
  gboolean overdue = g_strcmp0 (overdue_text, "true") == 0;
  guint64 within = 0;
  GDate today;
  Run *run;

  if (account == NULL)
    return;
  if (g_strcmp0 (soup_server_message_get_method (msg), "POST") != 0)
    {
      lrs_respond_error (msg, LRS_ERROR_NOT_ALLOWED, "Reminders take POST");
      return;
    }
  if (overdue == (within_text != NULL) ||
      (within_text != NULL && !g_ascii_string_to_unsigned (within_text, 10, 0, 366, &within, NULL)))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST,
                         "Give overdue=true or due-within=DAYS (0 to 366)");
      return;
    }
  if (!lrs_parse_today (params != NULL ? g_hash_table_lookup (params, "as-of") : NULL, &today))
    {
      lrs_respond_error (msg, LRS_ERROR_BAD_REQUEST, "as-of: a date, YYYY-MM-DD");
      return;
    }
  if (!dry_run && lrs->config.mail.smtp_url == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_CONFLICT,
                         "No SMTP relay is configured: set [mail] smtp-url");
      return;
    }
  run = prepare_run (lrs, account->staff_id, soup_server_message_get_remote_host (msg), overdue,
                     (guint) within, &today, dry_run);
  if (run == NULL)
    {
      lrs_respond_error (msg, LRS_ERROR_INTERNAL, "The reminders could not be made");
      return;
    }
  run->msg = g_object_ref (msg);
  if (dry_run || run->messages->len == 0)
    {
      respond (run);
      run_free (run);
      return;
    }
  /* Sending takes as long as the rate allows: off the main loop. */
  soup_server_message_pause (msg);
  start_sending (run);
}
