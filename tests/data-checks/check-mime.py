#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the MIME package builds and identifies exchange files.

Builds a private MIME database holding only our package (update-mime-database
must accept it without complaint), then asks GIO for the content type of
sample files: by the *.qicoach glob, by content for an attachment saved
without its extension, and not for some other XML file.
Touches nothing outside a temporary folder; skips (77) without the tools.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

MIME_TYPE = 'application/x-qicoach+xml'
EXCHANGE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<qicoach xmlns="urn:x-qicoach:exchange:1" format="1"\n'
            '         exported="2026-11-26T13:00:00.000Z" generator="QI Coach 0.1.0">\n'
            '  <sender name="Priya Shah" email="priya.shah@example.org"/>\n'
            '</qicoach>\n')
OTHER_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<notes xmlns="urn:example:notes"/>\n'


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--mime', required=True, help='the built MIME XML')
    a = p.parse_args()

    update = shutil.which('update-mime-database')
    gio = shutil.which('gio')
    if not update or not gio:
        print('SKIP: needs update-mime-database (shared-mime-info) and gio (libglib2.0-bin)')
        return 77

    failures = 0
    with tempfile.TemporaryDirectory(prefix='qc-mime-') as tmp:
        packages = os.path.join(tmp, 'mime', 'packages')
        os.makedirs(packages)
        shutil.copy(a.mime, packages)
        env = dict(os.environ, XDG_DATA_HOME=tmp, XDG_DATA_DIRS=tmp)
        proc = subprocess.run([update, os.path.join(tmp, 'mime')], env=env,
                              capture_output=True, text=True)
        if proc.returncode != 0 or proc.stderr.strip():
            print(f'FAIL: update-mime-database rejected the package (exit {proc.returncode}):')
            print(proc.stdout + proc.stderr)
            return 1
        print('ok: update-mime-database accepts the package')

        samples = os.path.join(tmp, 'samples')
        os.makedirs(samples)
        cases = [
            ('sepsis-project.qicoach', EXCHANGE, True, 'by its extension'),
            ('attachment', EXCHANGE, True, 'by its content, without an extension'),
            ('notes', OTHER_XML, False, 'other XML is not taken for an exchange file'),
        ]
        for name, text, expect_ours, why in cases:
            path = os.path.join(samples, name)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            proc = subprocess.run([gio, 'info', '--attributes=standard::content-type', path],
                                  env=env, capture_output=True, text=True)
            found = None
            for line in proc.stdout.splitlines():
                if 'standard::content-type:' in line:
                    found = line.split(':', 3)[-1].strip()
            ok = proc.returncode == 0 and ((found == MIME_TYPE) == expect_ours)
            print(f'{"ok" if ok else "FAIL"}: {name}: {found} ({why})')
            if not ok:
                failures += 1
                sys.stdout.write(proc.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
