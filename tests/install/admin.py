# SPDX-License-Identifier: GPL-3.0-or-later
"""An administrator's script through the installed typelib: reads the
shipped catalog, then validates a content file and shows where it is wrong.

Usage: admin.py CONTENT_DIR BAD_FILE
"""
import sys

import gi
gi.require_version('Awareness', '1')
from gi.repository import Awareness  # noqa: E402

content_dir, bad_file = sys.argv[1], sys.argv[2]

catalog, warnings = Awareness.Catalog.new_for_directory(content_dir)
modules = catalog.get_modules()
n_questions = sum(len(modules.get_item(i).get_questions())
                  for i in range(modules.get_n_items()))
print(f'modules {modules.get_n_items()} questions {n_questions}')

problems = Awareness.content_check_path(bad_file, catalog.get_policy())
errors = [p for p in problems if p.get_severity() == Awareness.Severity.ERROR]
for p in problems:
    print(p.to_string())
sys.exit(0 if errors else 3)
