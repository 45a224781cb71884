#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The dashboard's translations: the messages of its JavaScript, as
_("…") calls, with their translations from a compiled gettext catalog
(.mo), as a JSON object.  Fails when a message has no translation, so
that the dashboard never shows a half-translated page.

Usage: po-to-json.py MO OUTPUT SCRIPT...
"""
import gettext
import json
import re
import sys

CALL = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)*)"\s*\)')


def main():
    mo, output, scripts = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(mo, "rb") as f:
        translations = gettext.GNUTranslations(f)
    catalog = {}
    missing = []
    for script in scripts:
        with open(script, encoding="utf-8") as f:
            source = f.read()
        for match in CALL.finditer(source):
            message = json.loads('"' + match.group(1) + '"')
            translated = translations.gettext(message)
            if translated == message:
                missing.append(message)
            catalog[message] = translated
    if missing:
        sys.exit("po-to-json: no translation in %s for: %s" % (mo, "; ".join(sorted(set(missing)))))
    with open(output, "w", encoding="utf-8") as f:
        json.dump(catalog, f, ensure_ascii=False, sort_keys=True, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
