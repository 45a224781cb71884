/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Answers typed at a terminal or piped, for `take` and `inspect`: lines
 * read one at a time, Ctrl-C and the end of input both ending the wait
 * (the progress is saved), “b” to go back; and where a record stands.
 */
#define _GNU_SOURCE 1  /* ppoll */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cli-common.h"

static volatile sig_atomic_t interrupted;

static void
on_sigint (int signum)
{
  interrupted = 1;
}

/* SIGINT is blocked except while waiting for input (see cli_read_line()). */
static sigset_t waiting_mask;

/*
 * Reads a line from standard input; end of input and Ctrl-C both end.
 * Ctrl-C is delivered only inside ppoll(), so that a Ctrl-C pressed while
 * a question is being printed is not lost: it ends the wait at once.
 * Lines are buffered here rather than in stdio, whose buffer ppoll()
 * cannot see.
 */
CliReadResult
cli_read_line (char **line)
{
  static GString *pending;
  static char *current;
  char *newline;

  if (pending == NULL)
    pending = g_string_new (NULL);
  g_clear_pointer (&current, g_free);
  fflush (stdout);

  while ((newline = memchr (pending->str, '\n', pending->len)) == NULL)
    {
      struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
      char buffer[4096];
      ssize_t n;

      if (interrupted || ppoll (&pfd, 1, NULL, &waiting_mask) < 0 || interrupted)
        return CLI_READ_END;

      n = read (STDIN_FILENO, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          /* The end of input: a last line without a newline still counts. */
          if (pending->len == 0)
            return CLI_READ_END;
          g_string_append_c (pending, '\n');
          continue;
        }
      g_string_append_len (pending, buffer, n);
    }

  current = g_strndup (pending->str, newline - pending->str);
  g_string_erase (pending, 0, newline - pending->str + 1);
  g_strchomp (current);
  *line = current;

  /* A transcript of piped answers reads like a session at the terminal. */
  if (!isatty (STDIN_FILENO))
    g_print ("%s\n", current);

  return CLI_READ_LINE;
}

/* Ctrl-C must interrupt the read, not restart it: SIGINT is blocked, and
 * let through only while waiting for input. */
void
cli_catch_interrupt (void)
{
  struct sigaction action = { 0 };
  sigset_t set;

  action.sa_handler = on_sigint;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigemptyset (&set);
  sigaddset (&set, SIGINT);
  sigprocmask (SIG_BLOCK, &set, &waiting_mask);
  sigdelset (&waiting_mask, SIGINT);
}

gboolean
cli_interrupted (void)
{
  return interrupted != 0;
}

/* “b”, as typed to go back (a Japanese input method may type it full-width). */
gboolean
cli_is_back (const char *line)
{
  return g_ascii_strcasecmp (line, "b") == 0 || strcmp (line, "ｂ") == 0 ||
         strcmp (line, "Ｂ") == 0;
}

/* Where a record is (an attempt or a self-inspection, however many
 * statements it makes): saved here, and whether it has reached the
 * City's server. */
void
cli_print_delivery (AwarenessStore *store,
                    const char     *record_id,
                    const char     *saved)
{
  g_autoptr(AwarenessConfig) config = awareness_config_load (NULL, NULL);
  g_autoptr(GError) error = NULL;
  AwarenessDelivery delivery;
  const char *where;

  cli_print_wrapped (saved, "", "");
  if (!awareness_store_get_delivery (store, record_id, &delivery, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return;
    }

  switch (delivery)
    {
    case AWARENESS_DELIVERY_SENT:
      where = _("It has reached the City’s server.");
      break;
    case AWARENESS_DELIVERY_EXPORTED:
      where = _("It is in a transfer file, waiting for the City’s server to confirm it.");
      break;
    case AWARENESS_DELIVERY_REJECTED:
      where = _("The City’s server refused it: “awareness sync --status” tells why.");
      break;
    case AWARENESS_DELIVERY_WAITING:
    case AWARENESS_DELIVERY_NONE:
    default:
      if (config != NULL && config->server_url != NULL)
        where = _("It has not reached the City’s server yet: “awareness sync” sends it.");
      else
        where = _("It has not reached the City’s server yet: sign in with “awareness login”, "
                  "then “awareness sync” sends it.");
      break;
    }
  cli_print_wrapped (where, "", "");
}

