#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The public API of libawareness is what its installed headers declare.

Usage: check-exports.py LIBRARY HEADER...

Fails, naming the function and its header, when a function declared in a
public header lacks an AWARENESS_AVAILABLE_IN_… macro, when such a function
is not exported by the shared library (declared but never defined, or hidden),
or when the library exports a function that no public header declares (an
internal function leaking into the ABI).  It also fails when such a function
has no gtk-doc comment in the .c files beside its header, when that comment
has no `Since:`, or when a function returning a pointer does not say who
owns it (`Returns: (transfer …)`).
"""
import glob
import os
import re
import subprocess
import sys

MACRO = re.compile(r'^AWARENESS_(AVAILABLE|DEPRECATED)_IN_[A-Z0-9_]+\b')
GDECLARE = re.compile(r'((?:AWARENESS_(?:AVAILABLE|DEPRECATED)_IN_[A-Z0-9_]+\s+)?)'
                      r'G_DECLARE_(?:FINAL|DERIVABLE|INTERFACE)_TYPE\s*\(\s*\w+\s*,\s*(\w+)'
                      r'[^)]*\)')


def strip(text):
    """Remove comments, preprocessor lines and the macros that are not
    declarations, keeping the G_DECLARE_…_TYPE lines apart."""
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    # Preprocessor lines, with their continuations.
    text = re.sub(r'^[ \t]*#(?:[^\n]*\\\n)*[^\n]*', ' ', text, flags=re.M)
    text = re.sub(r'\bG_(BEGIN|END)_DECLS\b', ' ', text)
    text = re.sub(r'\bG_DEFINE_AUTO(PTR|_CLEANUP)_\w+\s*\([^)]*\)', ' ', text)
    return text


def declarations(path):
    """Yields (function, has_macro) for every function the header declares."""
    text = strip(open(path, encoding='utf-8').read())
    for m in GDECLARE.finditer(text):
        yield m.group(2) + '_get_type', bool(m.group(1))
    text = GDECLARE.sub(' ;', text)
    depth = 0
    statement = ''
    for ch in text:
        if ch == '{':
            depth += 1
        elif ch == '}':
            depth -= 1
        if ch == ';' and depth == 0:
            s = ' '.join(statement.split())
            statement = ''
            if not s or s.startswith('typedef') or s.startswith('extern "C"'):
                continue
            m = re.search(r'\b(\w+)\s*\(', s)
            if m is None or '=' in s[:m.start()]:
                continue  # a variable
            name = m.group(1)
            if MACRO.match(name):
                m = re.search(r'\b(\w+)\s*\(', s[m.end():])
                name = m.group(1) if m else name
            yield name, bool(MACRO.match(s))
        else:
            statement += ch


def doc_comments(directory):
    """Maps each name that a gtk-doc comment documents to the comment."""
    comments = {}
    for path in sorted(glob.glob(os.path.join(directory, '*.c'))):
        text = open(path, encoding='utf-8').read()
        for m in re.finditer(r'/\*\*\n \* (\w+):[^\n]*\n(.*?)\*/', text, flags=re.S):
            comments[m.group(1)] = m.group(2)
    return comments


def returns_pointer(header, name):
    text = strip(open(header, encoding='utf-8').read())
    m = re.search(r'([\w\s*]+?)\b' + name + r'\s*\(', text)
    return m is not None and '*' in m.group(1)


def doc_problems(header, name, comments):
    """What the documentation of a public function lacks."""
    if name.endswith('_get_type'):
        return []  # G_DECLARE_*_TYPE, G_DEFINE_BOXED_TYPE and glib-mkenums
    comment = comments.get(name)
    if comment is None:
        return [f'{header}: {name}() has no gtk-doc comment']
    problems = []
    if not re.search(r'^ \* Since: \d+\.\d+', comment, flags=re.M):
        problems.append(f'{header}: the comment of {name}() has no Since:')
    if (returns_pointer(header, name)
            and not re.search(r'Returns:\s*(\([^)]*\)\s*)*\((transfer|skip)', comment)):
        problems.append(f'{header}: the comment of {name}() does not say who owns what it'
                        ' returns: Returns: (transfer none|full|container)')
    return problems


def exported(library):
    out = subprocess.run(['nm', '-D', '--defined-only', library], check=True,
                         capture_output=True, text=True).stdout
    symbols = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in 'TtWi':
            symbols.add(parts[2].split('@')[0])
    return {s for s in symbols
            if not s.startswith('_') and s not in ('_init', '_fini')}


def main():
    library, headers = sys.argv[1], sys.argv[2:]
    declared = {}
    problems = []
    comments = {}
    for header in headers:
        directory = os.path.dirname(os.path.abspath(header))
        if directory not in comments:
            comments[directory] = doc_comments(directory)
        for name, has_macro in declarations(header):
            declared[name] = header
            if not has_macro:
                problems.append(f'{header}: {name}() has no AWARENESS_AVAILABLE_IN_ macro')
            problems += doc_problems(header, name, comments[directory])
    symbols = exported(library)
    for name, header in sorted(declared.items()):
        if name not in symbols:
            problems.append(f'{header}: {name}() is not exported by {library}'
                            ' (not defined, or without its macro)')
    for name in sorted(symbols - set(declared)):
        problems.append(f'{library}: exports {name}(), which no public header declares')
    print(f'1..1')
    if problems:
        for p in problems:
            print('# ' + p)
        print(f'not ok 1 - {len(problems)} problems in {len(declared)} public functions')
        return 1
    print(f'ok 1 - {len(declared)} public functions, all marked, exported and documented')
    return 0


if __name__ == '__main__':
    sys.exit(main())
