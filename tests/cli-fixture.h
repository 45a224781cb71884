/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

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

G_END_DECLS
