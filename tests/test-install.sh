#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the build into a DESTDIR and uses libawareness from there as
# another program would: a C program built with the installed pkg-config
# file, and a Python script through the installed typelib.  Both count the
# shipped catalog's modules and questions, which must agree with the
# installed CLI's.  Run by meson (tests/meson.build), which sets the
# variables below.  Under a sanitizer build, the C program is built with
# the same sanitizers; such a build has no typelib (see libawareness/
# meson.build), so the Python steps run in a plain build only.  Should it
# have one, Python runs with the sanitizer runtimes the library needs
# preloaded (Python itself is not instrumented).
set -eu

: "${BUILD_ROOT:?}" "${SOURCE_ROOT:?}" "${PREFIX:?}" "${LIBDIR:?}" "${INCLUDEDIR:?}"
: "${DATADIR:?}" "${BINDIR:?}" "${CC:?}"
SANITIZE=${SANITIZE:-none}
INTROSPECTION=${INTROSPECTION:-false}

dest=$(mktemp -d "${TMPDIR:-/tmp}/awareness-install.XXXXXX")
trap 'rm -rf "$dest"' EXIT INT TERM

n=0
failed=0
ok () { n=$((n + 1)); echo "ok $n - $*"; }
not_ok () { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
skip () { n=$((n + 1)); echo "ok $n # SKIP $*"; }

echo "1..7"

# 1. The installation itself.
if meson install -C "$BUILD_ROOT" --destdir "$dest" --no-rebuild --quiet >"$dest/install.log" 2>&1
then
  ok "meson install --destdir"
else
  sed 's/^/# /' "$dest/install.log"
  not_ok "meson install --destdir"
  exit 1
fi

lib="$dest$LIBDIR"
export LD_LIBRARY_PATH="$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export AWARENESS_CONTENT_DIR="$dest$DATADIR/awareness/content"
# The .pc file names the prefix it was configured for: a copy moved into the
# DESTDIR (PKG_CONFIG_SYSROOT_DIR and --define-variable would move GLib's
# system paths too).
mkdir "$dest/pkgconfig"
sed "s|^prefix=.*|prefix=$dest$PREFIX|" "$lib/pkgconfig/awareness-1.pc" \
  >"$dest/pkgconfig/awareness-1.pc"
export PKG_CONFIG_PATH="$dest/pkgconfig"

# 2. Every public header is installed, and the umbrella header includes it.
missing=""
for h in "$SOURCE_ROOT"/libawareness/awareness-*.h; do
  name=$(basename "$h")
  case "$name" in *-private.h) continue ;; esac
  if [ ! -f "$dest$INCLUDEDIR/awareness-1/$name" ]; then
    missing="$missing $name"
  elif [ "$name" != awareness-version-macros.h ] &&
       ! grep -q "^#include \"$name\"" "$dest$INCLUDEDIR/awareness-1/awareness.h"; then
    missing="$missing $name(not in awareness.h)"
  fi
done
if [ -z "$missing" ] && [ -f "$dest$INCLUDEDIR/awareness-1/awareness-enum-types.h" ]; then
  ok "every public header installed under include/awareness-1"
else
  not_ok "headers missing from include/awareness-1:$missing"
fi

# 3. pkg-config: the private dependencies stay private.
cflags=$(pkg-config --cflags awareness-1)
libs=$(pkg-config --libs awareness-1)
case "$cflags $libs" in
  *libsecret*|*-lcurl*|*-lsodium*|*-lsqlite3*|*libxml2*|*-lsecret*|*-lxml2*)
    not_ok "pkg-config leaks a private dependency: $cflags $libs" ;;
  *"$dest"*)
    ok "pkg-config --cflags --libs awareness-1 in the DESTDIR" ;;
  *)
    not_ok "pkg-config does not point into the DESTDIR: $cflags $libs" ;;
esac

# 4. A C program against the installed library.
sanflags=""
if [ "$SANITIZE" != none ]; then
  sanflags="-fsanitize=$SANITIZE -fno-omit-frame-pointer"
fi
# shellcheck disable=SC2086
if "$CC" -std=gnu11 -Wall -Werror $sanflags -o "$dest/consumer" \
     "$SOURCE_ROOT/tests/install/consumer.c" $cflags $libs >"$dest/cc.log" 2>&1 &&
   c_counts=$("$dest/consumer" | grep '^modules ')
then
  ok "C program built with pkg-config: $c_counts"
else
  sed 's/^/# /' "$dest/cc.log"
  not_ok "C program built with pkg-config"
  c_counts=""
fi

# 5. The same counts from the installed command-line tool.
python=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import gi' 2>/dev/null; then
    python=$p
    break
  fi
done
cli_counts=$("$dest$BINDIR/awareness" list --json | "${python:-python3}" -c '
import json, sys
modules = json.load(sys.stdin)
print("modules %d questions %d" % (len(modules), sum(m["questions"] for m in modules)))')
case "$c_counts" in
  "$cli_counts "*) ok "the C program agrees with the CLI: $cli_counts" ;;
  *) not_ok "the C program ($c_counts) and the CLI ($cli_counts) disagree" ;;
esac

# 6 and 7. Python through the installed typelib.
if [ "$INTROSPECTION" != true ]; then
  skip "introspection is not built"
  skip "introspection is not built"
elif [ -z "$python" ]; then
  not_ok "no Python 3 with PyGObject (python3-gi)"
  not_ok "no Python 3 with PyGObject (python3-gi)"
else
  preload=""
  if [ "$SANITIZE" != none ]; then
    preload=$(ldd "$lib/libawareness-1.so" |
              awk '/lib(asan|ubsan)\.so/ { printf "%s%s", sep, $3; sep = ":" }')
  fi
  bad="$SOURCE_ROOT/tests/data/bad/no-correct.xml"
  status=0
  py_out=$(LD_PRELOAD="$preload" ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
           GI_TYPELIB_PATH="$lib/girepository-1.0" \
           "$python" "$SOURCE_ROOT/tests/install/admin.py" "$AWARENESS_CONTENT_DIR" "$bad" \
           2>"$dest/python.log") || status=$?
  py_counts=$(printf '%s\n' "$py_out" | grep '^modules ' || true)
  if [ "$py_counts" = "$cli_counts" ]; then
    ok "Python through the typelib agrees with the CLI: $py_counts"
  else
    sed 's/^/# /' "$dest/python.log"
    not_ok "Python ($py_counts) and the CLI ($cli_counts) disagree"
  fi
  located=$(printf '%s\n' "$py_out" | grep -E "no-correct\.xml:[0-9]+:[0-9]+: error: " || true)
  if [ "$status" -eq 0 ] && [ -n "$located" ]; then
    ok "Python shows the located error: $(printf '%s' "$located" | head -n 1)"
  else
    printf '%s\n' "$py_out" | sed 's/^/# /'
    not_ok "Python did not show the located error (exit $status)"
  fi
fi

exit "$failed"
