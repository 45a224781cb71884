/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The AddressSanitizer defaults of the test programs themselves, before
 * ASAN_OPTIONS (which overrides them flag by flag).
 *
 * A test program records each allocation's stack with the slow unwinder:
 * GLib, GTK and the other system libraries are built without frame
 * pointers, so the fast unwinder stops at g_malloc() and LeakSanitizer's
 * suppressions (tests/lsan.supp), which name the libraries' frames above
 * it, could never match.  The programs the tests run (awareness,
 * awareness-server) are not linked with this file and keep the fast
 * unwinder: the slow one costs them up to forty times their run time, they
 * need no suppression, and a leak of theirs is still reported (with a
 * shorter stack; run the one command again with
 * ASAN_OPTIONS=fast_unwind_on_malloc=0 to see the whole of it).  The
 * desktop app's test (test-gui) is not linked with it either: under the
 * slow unwinder GTK's allocations made each case ten times as long, and it
 * reports no leak with the fast one.
 *
 * The slow unwinder's cost grows with the depth it records: twelve frames
 * reach every frame the suppressions name (the deepest, g_socket_accept,
 * is the tenth) and cut the test programs' time to about a third of the
 * default thirty (measured on three cases of the documents suite: 96 s of
 * CPU at thirty frames, 30 s at seven, 4 s with the fast unwinder).
 */
const char *__asan_default_options (void);

__attribute__((used, visibility ("default"))) const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0:malloc_context_size=12";
}
