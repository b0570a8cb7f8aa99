#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check po/POTFILES.in against the sources.

- every file under src/ (*.c, *.h, *.ui) and ui/ (*.ui) that contains
  translatable strings must be listed;
- every listed file must exist;
- the list must be sorted and free of duplicates.

With --xgettext, also run xgettext over the listed files (as the 'glib'
preset of meson's i18n module does) into a temporary folder, so a file
xgettext cannot parse fails here rather than when the .pot is updated.

Reads only the source tree given with --source-root.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

C_MARKERS = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|Q_)\s*\(\s*"'   # _(" N_(" Q_(", also GNU style _ ("
    r'|(?<![A-Za-z0-9_])N?C_\s*\('              # C_( NC_(, context and string may be on later lines
    r'|ngettext\s*\('                          # ngettext, g_dngettext, ...
)
UI_MARKERS = re.compile(r'translatable\s*=\s*["\'](?:yes|true|1)["\']', re.IGNORECASE)

SCANNED = (
    ('src', ('.c', '.h'), C_MARKERS),
    ('src', ('.ui',), UI_MARKERS),
    ('ui', ('.ui',), UI_MARKERS),
)

# The keywords of meson's i18n 'glib' preset.
GLIB_PRESET = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]


def read_potfiles(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            if line.startswith('[') and ']' in line:   # [type: gettext/glade]
                line = line.split(']', 1)[1].strip()
            entries.append((lineno, line))
    return entries


def files_with_strings(root):
    found = set()
    for top, suffixes, pattern in SCANNED:
        base = os.path.join(root, top)
        if not os.path.isdir(base):
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in sorted(filenames):
                if not name.endswith(suffixes):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding='utf-8', errors='replace') as f:
                    if pattern.search(f.read()):
                        found.add(os.path.relpath(path, root).replace(os.sep, '/'))
    return found


def run_xgettext(root, listed):
    xgettext = shutil.which('xgettext')
    if xgettext is None:
        print('SKIP: xgettext not found')
        return 77
    with tempfile.TemporaryDirectory(prefix='qc-potfiles-') as tmp:
        files_from = os.path.join(tmp, 'POTFILES')
        with open(files_from, 'w', encoding='utf-8') as f:
            f.write('\n'.join(listed) + '\n')
        pot = os.path.join(tmp, 'qi-coach.pot')
        cmd = [xgettext, '--package-name=qi-coach', '--directory', root,
               '--files-from', files_from, '--output', pot] + GLIB_PRESET
        proc = subprocess.run(cmd, capture_output=True, text=True)
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr)
        if proc.returncode != 0:
            print(f'FAIL: xgettext exited with {proc.returncode}')
            return 1
        if 'warning' in proc.stderr.lower():
            print('FAIL: xgettext gave warnings (see above)')
            return 1
        with open(pot, encoding='utf-8') as f:
            pot_text = f.read()
        # each listed file should yield at least one message
        silent = [p for p in listed if f'#: {p}:' not in pot_text]
        if silent:
            print('FAIL: xgettext extracted nothing from these listed files:')
            for p in silent:
                print(f'  {p}')
            return 1
        count = pot_text.count('\nmsgid "') - 1   # minus the header
        print(f'OK: xgettext extracted {count} messages from {len(listed)} files')
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--source-root', required=True)
    parser.add_argument('--xgettext', action='store_true',
                        help='also run xgettext over the listed files')
    args = parser.parse_args()

    root = os.path.abspath(args.source_root)
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    entries = read_potfiles(potfiles)
    listed = [name for _, name in entries]

    if args.xgettext:
        return run_xgettext(root, listed)

    problems = 0

    missing_files = [(n, p) for n, p in entries if not os.path.isfile(os.path.join(root, p))]
    if missing_files:
        problems += 1
        print('FAIL: po/POTFILES.in lists files that do not exist:')
        for n, p in missing_files:
            print(f'  line {n}: {p}')

    seen = set()
    duplicates = []
    for n, p in entries:
        if p in seen:
            duplicates.append((n, p))
        seen.add(p)
    if duplicates:
        problems += 1
        print('FAIL: po/POTFILES.in lists files more than once:')
        for n, p in duplicates:
            print(f'  line {n}: {p}')

    if listed != sorted(listed):
        problems += 1
        print('FAIL: po/POTFILES.in is not sorted; expected this order:')
        for p in sorted(set(listed)):
            print(f'  {p}')

    unlisted = sorted(files_with_strings(root) - seen)
    if unlisted:
        problems += 1
        print('FAIL: these files have translatable strings but are not in po/POTFILES.in:')
        for p in unlisted:
            print(f'  {p}')

    if problems:
        return 1
    print(f'OK: po/POTFILES.in lists {len(listed)} files, all present, sorted, '
          'and every source file with translatable strings')
    return 0


if __name__ == '__main__':
    sys.exit(main())
