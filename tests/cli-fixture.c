/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The CLI as the learner runs it, for the tests of `take` and `inspect`:
 * a temporary store, the CLI run with piped input, and a pseudo-terminal's
 * output waited for.
 */
#include <poll.h>
#include <pty.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>

#include "cli-fixture.h"

void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("awareness-cli-XXXXXX", NULL);
  fixture->store = g_build_filename (fixture->dir, "records.db", NULL);
}

void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  g_free (fixture->dir);
  g_free (fixture->store);
}

char **
make_env (Fixture    *fixture,
          const char *locale)
{
  char **envp = g_get_environ ();

  envp = g_environ_unsetenv (envp, "LANGUAGE");
  envp = g_environ_setenv (envp, "LC_ALL", locale != NULL ? locale : "C.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "COLUMNS", "80", TRUE);
  envp = g_environ_setenv (envp, "AWARENESS_STORE", fixture->store, TRUE);
  envp = g_environ_setenv (envp, "AWARENESS_USER", "tanaka", TRUE);
  return envp;
}

/* Runs the CLI with @input on its standard input. */
int
run (Fixture     *fixture,
     const char  *locale,
     const char  *input,
     char       **out,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                 G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_auto(GStrv) envp = make_env (fixture, locale);
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("AWARENESS_CLI"));
  va_start (args, out);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_environ (launcher, envp);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

void
expect (int         fd,
        GString    *seen,
        const char *needle)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;

  while (strstr (seen->str, needle) == NULL)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      char buffer[4096];
      ssize_t n;
      int timeout = (int) ((deadline - g_get_monotonic_time ()) / 1000);

      if (timeout <= 0 || poll (&pfd, 1, timeout) <= 0)
        g_error ("timed out waiting for “%s”; got:\n%s", needle, seen->str);
      n = read (fd, buffer, sizeof buffer);
      if (n <= 0)
        g_error ("end of output waiting for “%s”; got:\n%s", needle, seen->str);
      g_string_append_len (seen, buffer, n);
    }

  /* Consume up to the needle, so that the next wait needs new output. */
  g_string_erase (seen, 0, strstr (seen->str, needle) - seen->str + (gssize) strlen (needle));
}

void
type (int         fd,
      const char *text)
{
  g_assert_cmpint (write (fd, text, strlen (text)), ==, (gssize) strlen (text));
}

/* Runs the CLI ($AWARENESS_CLI) with @envp and the arguments that follow
 * in a pseudo-terminal of 80×24, the size its pager fits; @master is the
 * terminal's side, to read what it shows and type into. */
pid_t
terminal_spawn (char **envp,
                int   *master,
                ...)
{
  const char *cli = g_getenv ("AWARENESS_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  struct winsize ws = { 24, 80, 0, 0 };
  const char *arg;
  va_list args;
  pid_t pid;

  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, master);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  pid = forkpty (master, NULL, NULL, &ws);
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      execve (cli, (char **) argv->pdata, envp);
      _exit (127);
    }
  return pid;
}

/* Waits for the CLI of terminal_spawn() to end with @exit_status. */
void
terminal_wait (pid_t pid,
               int   master,
               int   exit_status)
{
  int status;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, exit_status);
  close (master);
}

/* At an answer prompt, b goes back to @item, which shows the answer
 * given (@so_far); Enter at its @prompt keeps it. */
void
terminal_go_back (int         fd,
                  GString    *seen,
                  const char *item,
                  const char *so_far,
                  const char *prompt)
{
  type (fd, "b\n");
  expect (fd, seen, item);
  expect (fd, seen, so_far);
  expect (fd, seen, prompt);
  type (fd, "\n");
}

/* Once every answer is given, nothing is submitted before the learner
 * confirms (@submit): b there goes back to the last item, whose answer
 * Enter keeps, then Enter submits and the CLI says it is @saved. */
void
terminal_confirm (int         fd,
                  GString    *seen,
                  const char *submit,
                  const char *last_item,
                  const char *so_far,
                  const char *prompt,
                  const char *saved)
{
  expect (fd, seen, submit);
  terminal_go_back (fd, seen, last_item, so_far, prompt);
  expect (fd, seen, submit);
  type (fd, "\n");
  expect (fd, seen, saved);
}
