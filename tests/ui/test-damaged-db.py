#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A damaged database, or one from a newer version, gets a clear message
and is never silently replaced: the file stays as it was until the coach
chooses to restore the backup made at the last upgrade."""

import glob
import hashlib
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402


def digest(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def main(h):
    # A newer database: explained, left alone, Quit works.
    h.cli('add', 'project', '--title', 'From the future')
    db = sqlite3.connect(h.db)
    db.execute('PRAGMA user_version = 99')
    db.commit()
    db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    db.close()
    before = digest(h.db)
    h.start()
    h.find('label', 'Database From a Newer Version', h.window)
    h.find('label', contains='update QI Coach to open it', root=h.window)
    h.screenshot('damaged-01-newer')
    assert digest(h.db) == before, 'the newer database was changed'
    h.click(h.find('push button', contains='Quit', root=h.window))
    assert h.proc.wait(15) == 0
    h.proc = None
    assert digest(h.db) == before, 'the newer database was changed'

    # A damaged database with a backup beside it.
    for path in glob.glob(h.db + '*'):
        os.remove(path)
    h.cli('add', 'project', '--title', 'Kept in the backup')
    backup = h.db + '.v1-20260101-090000.backup'
    db = sqlite3.connect(h.db)
    db.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    db.execute('VACUUM INTO ?', (backup,))
    db.close()
    with open(h.db, 'r+b') as f:
        f.write(b'this is not an SQLite database any more' * 4)
    damaged = digest(h.db)

    h.start()
    h.find('label', 'Could Not Open the Database', h.window)
    h.find('label', contains='restore the backup', root=h.window)
    h.screenshot('damaged-02-damaged')
    assert digest(h.db) == damaged, 'the damaged file was changed before the coach chose'
    h.click(h.find('push button', contains='Restore Backup', root=h.window))

    main_window = h.find_window('QI Coach')
    h.window = main_window
    h.list_row('Projects', 'Projects', 'Kept in the backup')
    kept = glob.glob(h.db + '.damaged-*')
    assert any(digest(p) == damaged for p in kept), f'the damaged file was not kept: {kept}'
    h.screenshot('damaged-03-restored')
    h.quit()


qcui.run(main, 'damaged-db')
