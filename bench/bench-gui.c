/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Desktop app benchmark: the time from process start to the first frame
 * drawn with the full content (the catalog loaded, the records read, the
 * module list filled), and the peak memory of the process, against the
 * same figures for a minimal libadwaita window measured in the same run.
 * Targets: first frame within 2x of the baseline; peak memory < 100 MB.
 *
 *   bench-gui            runs both, N times each, interleaved
 *   bench-gui app        one start of the app's window (a child)
 *   bench-gui baseline   one start of a minimal AdwApplicationWindow
 *
 * Needs a display: meson runs it under xvfb-run.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "aw-window.h"

#define RUNS 10

static void
after_paint (GdkFrameClock *clock,
             GApplication  *app)
{
  g_signal_handlers_disconnect_by_func (clock, after_paint, app);
  printf ("first-frame\n");
  fflush (stdout);
  g_application_quit (app);
}

static void
watch_first_frame (GtkWindow    *window,
                   GApplication *app)
{
  GdkFrameClock *clock;

  gtk_widget_realize (GTK_WIDGET (window));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), app);
}

static void
activate_app (GtkApplication *app)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AwContext) context = aw_context_new (&error);
  AwWindow *window;

  if (context == NULL)
    g_error ("%s", error->message);
  window = aw_window_new (app, context);
  watch_first_frame (GTK_WINDOW (window), G_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
}

static void
activate_baseline (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (page), "Baseline");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "emblem-ok-symbolic");
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  watch_first_frame (GTK_WINDOW (window), G_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_child (gboolean app_mode)
{
  g_autoptr(AdwApplication) app = adw_application_new (app_mode ? APP_ID
                                                                 : "org.example.AwarenessBaseline",
                                                        G_APPLICATION_NON_UNIQUE);

  setlocale (LC_ALL, "");
  g_signal_connect (app, "activate", G_CALLBACK (app_mode ? activate_app : activate_baseline),
                    NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* One start: milliseconds to the first frame, and the peak resident
 * memory in MiB. */
static void
measure (const char *self,
         const char *mode,
         double     *ms,
         double     *peak_mb)
{
  int pipefd[2];
  pid_t pid;
  gint64 start;
  char line[64] = "";
  FILE *out;
  int status;
  struct rusage usage;

  g_assert_cmpint (pipe (pipefd), ==, 0);
  start = g_get_monotonic_time ();
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      dup2 (pipefd[1], STDOUT_FILENO);
      close (pipefd[0]);
      execl (self, self, mode, (char *) NULL);
      _exit (127);
    }
  close (pipefd[1]);
  out = fdopen (pipefd[0], "r");
  if (fgets (line, sizeof line, out) == NULL || strcmp (line, "first-frame\n") != 0)
    g_error ("the %s did not draw a frame", mode);
  *ms = (g_get_monotonic_time () - start) / 1000.0;
  fclose (out);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  *peak_mb = usage.ru_maxrss / 1024.0;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int
main (int    argc,
      char **argv)
{
  double app_ms[RUNS], app_mb[RUNS], base_ms[RUNS], base_mb[RUNS];
  g_autofree char *home = NULL;
  g_autofree char *self = NULL;
  double a_ms, b_ms, a_mb, b_mb;

  if (argc == 2)
    return run_child (g_str_equal (argv[1], "app"));

  self = g_file_read_link ("/proc/self/exe", NULL);
  /* A learner's first start, with a store of records of their own. */
  home = g_dir_make_tmp ("bench-gui-XXXXXX", NULL);
  g_setenv ("AWARENESS_STORE", g_build_filename (home, "records.db", NULL), TRUE);
  g_setenv ("AWARENESS_CONFIG", g_build_filename (home, "awareness.conf", NULL), TRUE);
  g_setenv ("AWARENESS_ASSIGNMENTS", g_build_filename (home, "assignments.json", NULL), TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  /* Twice: as GTK starts on this display (it probes OpenGL, which loads
   * Mesa's software driver under Xvfb, some 60 MB in either program), and
   * with OpenGL off, which leaves what the programs themselves take. */
  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
      for (guint i = 0; i < RUNS; i++)
        {
          measure (self, "baseline", &base_ms[i], &base_mb[i]);
          measure (self, "app", &app_ms[i], &app_mb[i]);
        }
      a_ms = median (app_ms, RUNS);
      b_ms = median (base_ms, RUNS);
      a_mb = median (app_mb, RUNS);
      b_mb = median (base_mb, RUNS);

      printf (
        "bench-gui: start to first frame, median of %u starts under Xvfb (cairo rendering), %s\n",
        RUNS,
        pass == 0 ? "OpenGL probed as GTK does (Mesa llvmpipe loaded)"
                  : "OpenGL off (GDK_DEBUG=gl-disable)");
      printf ("  awareness-gui window (9 modules, full catalog): %7.1f ms, peak memory %6.1f MB\n",
              a_ms, a_mb);
      printf ("  baseline: minimal AdwApplicationWindow:        %7.1f ms, peak memory %6.1f MB\n",
              b_ms, b_mb);
      printf ("  ratio (app / baseline): time %.2f (target <= 2), memory %.2f (+%.1f MB); "
              "app peak memory target < 100 MB\n", a_ms / b_ms, a_mb / b_mb, a_mb - b_mb);
    }
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", home);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  return 0;
}
