/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The published content of several instances on one database: the
 * packages are in the store, and each instance unpacks the latest into
 * its own state directory when it starts and whenever another instance
 * has published a newer one (checked every CHECK_SECONDS), so that its
 * assignment reports and dashboard judge by the same catalog.
 */
#include "config.h"

#include "lrs-content-sync.h"

#define CHECK_SECONDS 30

/* The digest of the package installed under @root (its current link
 * names versions/DIGEST), or NULL. */
static char *
installed_digest (const char *root)
{
  g_autofree char *current = g_build_filename (root, "current", NULL);
  g_autofree char *target = g_file_read_link (current, NULL);

  return target != NULL ? g_path_get_basename (target) : NULL;
}

/**
 * lrs_content_sync:
 * @lrs: the server
 *
 * Installs the latest package of the store if it is not the one this
 * instance has unpacked, and loads its catalog.
 */
void
lrs_content_sync (Lrs *lrs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = NULL;
  g_autoptr(AwarenessPackage) package = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *installed = NULL;
  g_autofree char *directory = NULL;

  if (lrs->config.trusted_keys == NULL)
    return;
  data = lrs_store_get_package (lrs->store, NULL, &latest, NULL, &error);
  if (data == NULL)
    return;
  installed = installed_digest (lrs->content_root);
  if (g_strcmp0 (installed, latest) == 0)
    return;

  package = awareness_package_open (data, (const char * const *) lrs->config.trusted_keys, &error);
  if (package != NULL)
    {
      /* The store's latest is what was last published, even if signed
       * before what this instance has. */
      awareness_package_set_allow_older (package, TRUE);
      directory = awareness_package_install (package, lrs->content_root, NULL, &error);
    }
  if (directory == NULL)
    {
      g_message ("Installing the content published through another instance failed: %s",
                 error->message);
      return;
    }
  g_clear_object (&lrs->catalog);
  lrs->catalog = awareness_catalog_new_for_directory (directory, NULL, NULL);
}

static gboolean
check_cb (gpointer user_data)
{
  lrs_content_sync (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * lrs_content_sync_start:
 * @lrs: the server
 *
 * Syncs now, then every CHECK_SECONDS on the main loop.
 */
void
lrs_content_sync_start (Lrs *lrs)
{
  lrs_content_sync (lrs);
  g_timeout_add_seconds (CHECK_SECONDS, check_cb, lrs);
}
