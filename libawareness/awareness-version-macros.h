/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#if !defined(AWARENESS_INSIDE) && !defined(AWARENESS_COMPILATION)
# error "Only <awareness.h> can be included directly."
#endif

#include <glib.h>

/**
 * AWARENESS_MAJOR_VERSION:
 *
 * The major version of libawareness the program is compiled against.
 *
 * Since: 0.2
 */
#define AWARENESS_MAJOR_VERSION 0

/**
 * AWARENESS_MINOR_VERSION:
 *
 * The minor version of libawareness the program is compiled against.
 *
 * Since: 0.2
 */
#define AWARENESS_MINOR_VERSION 2

/* Every public function is marked with one of the macros below; the
 * library is built with hidden visibility, so a function without one is
 * not exported. */
#if defined(AWARENESS_COMPILATION) && defined(AWARENESS_SHARED_BUILD)
# define _AWARENESS_EXTERN __attribute__((visibility ("default"))) extern
#else
# define _AWARENESS_EXTERN extern
#endif

/* The public API of every version. */
#define AWARENESS_AVAILABLE_IN_ALL _AWARENESS_EXTERN

/* API first released in 0.2, the first release of the shared library.
 * A later minor release adds AWARENESS_AVAILABLE_IN_0_4 and so on, which
 * can be checked against AWARENESS_VERSION_MAX_ALLOWED as GLib does. */
#define AWARENESS_AVAILABLE_IN_0_2 _AWARENESS_EXTERN
