/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sys/types.h>

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *dir;
  char *store;
} Fixture;

void   fixture_setup    (Fixture       *fixture,
                         gconstpointer  data);
void   fixture_teardown (Fixture       *fixture,
                         gconstpointer  data);
char **make_env         (Fixture       *fixture,
                         const char    *locale);
int    run              (Fixture       *fixture,
                         const char    *locale,
                         const char    *input,
                         char         **out,
                         ...) G_GNUC_NULL_TERMINATED;
void   expect           (int            fd,
                         GString       *seen,
                         const char    *needle);
void   type             (int            fd,
                         const char    *text);
pid_t  terminal_spawn   (char         **envp,
                         int           *master,
                         ...) G_GNUC_NULL_TERMINATED;
void   terminal_wait    (pid_t          pid,
                         int            master,
                         int            exit_status);
void   terminal_go_back (int            fd,
                         GString       *seen,
                         const char    *item,
                         const char    *so_far,
                         const char    *prompt);
void   terminal_confirm (int            fd,
                         GString       *seen,
                         const char    *submit,
                         const char    *last_item,
                         const char    *so_far,
                         const char    *prompt,
                         const char    *saved);

G_END_DECLS
