#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""No line of the project's C sources, headers, meson files, .ui files and
scripts is longer than the 100 columns .editorconfig sets.  A .ui line
that holds a translatable text is the exception: a message cannot be
wrapped in GtkBuilder XML without changing the message itself.

Usage: check-line-length.py SOURCE_ROOT [ALLOWED [STRICT_DIR...]]
Prints every long line as FILE:LINE: N columns, in TAP.

ALLOWED is the number of long lines the rest of the tree had when the check
came in (the fronts and the tests, written before the limit was checked):
the check fails when there are more.  Lower it as lines are fixed, down to
0, then drop it.  The STRICT_DIRs (such as libawareness, whose every line
was wrapped) allow none at all, whatever ALLOWED says.
"""
import os
import sys

LIMIT = 100
SKIP_DIRS = {'.git', 'node_modules', 'subprojects', 'po', 'content'}
SUFFIXES = ('.c', '.h', '.ui', '.sh', '.py', '.build')
NAMES = {'meson.build', 'meson_options.txt', 'meson.options'}


def wanted(root, path, name):
    if name in NAMES or name.endswith(SUFFIXES) or name.endswith('.ui.in'):
        return True
    # The scripts without a suffix.
    rel = os.path.relpath(path, root)
    return rel.startswith('scripts' + os.sep) or rel.startswith('.ci' + os.sep)


def main():
    root = sys.argv[1]
    allowed = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    strict = [d.rstrip(os.sep) + os.sep for d in sys.argv[3:]]
    long_lines = []
    strict_lines = []
    n_files = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in SKIP_DIRS and not d.startswith('build')
                             and not os.path.exists(os.path.join(dirpath, d, 'meson-private')))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if not wanted(root, path, name) or not os.path.isfile(path):
                continue
            n_files += 1
            with open(path, encoding='utf-8', errors='replace') as f:
                for number, line in enumerate(f, 1):
                    width = len(line.rstrip('\n'))
                    if name.endswith('.ui') and 'translatable="yes"' in line:
                        continue
                    if width > LIMIT:
                        rel = os.path.relpath(path, root)
                        entry = f'{rel}:{number}: {width} columns'
                        if any(rel.startswith(d) for d in strict):
                            strict_lines.append(entry)
                        else:
                            long_lines.append(entry)
    print('1..1')
    for entry in strict_lines + long_lines:
        print('# ' + entry)
    if strict_lines:
        print(f'not ok 1 - {len(strict_lines)} lines longer than {LIMIT} columns in'
              f' {", ".join(strict)}, which allow none')
        return 1
    if len(long_lines) > allowed:
        print(f'not ok 1 - {len(long_lines)} lines longer than {LIMIT} columns'
              f' ({allowed} allowed)')
        return 1
    if long_lines:
        print(f'ok 1 - {n_files} files, {len(long_lines)} lines longer than {LIMIT} columns'
              f' ({allowed} allowed; lower the allowance)')
        return 0
    print(f'ok 1 - {n_files} files, no line longer than {LIMIT} columns')
    return 0


if __name__ == '__main__':
    sys.exit(main())
