#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The window comes back at the size it had, and the app runs once: a file
opened from the file manager while it runs goes to the running window
(which offers to import it)."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402


def main(h):
    config = os.path.join(h.tmp, 'config')
    keyfile = os.path.join(config, 'glib-2.0', 'settings', 'keyfile')
    os.makedirs(os.path.dirname(keyfile))
    with open(keyfile, 'w') as f:
        f.write('[io/github/qicoach/QICoach]\nwindow-width=900\nwindow-height=600\n')
    env = {'GSETTINGS_BACKEND': 'keyfile', 'XDG_CONFIG_HOME': config, 'QI_COACH_WINDOW_SIZE': ''}

    h.start(env=env)
    ext = h.extents(h.window)
    # Within the window's border, which the default size includes.
    assert abs(ext.width - 900) <= 12 and abs(ext.height - 600) <= 12, f'window is {ext.width}×{ext.height}'

    # A second launch with a file hands it to the running app and exits.
    exchange = os.path.join(h.tmp, 'from-a-colleague.qicoach')
    with open(exchange, 'w') as f:
        f.write('<qicoach/>')
    e = dict(os.environ, GSETTINGS_BACKEND='keyfile', XDG_CONFIG_HOME=config,
             GSETTINGS_SCHEMA_DIR=os.path.join(h.build_root, 'data'), QI_COACH_DB=h.db)
    second = subprocess.run([h.app_path, exchange], env=e, timeout=30, capture_output=True, text=True)
    assert second.returncode == 0, second.stderr
    # The running window takes the file (to import it): a dialog or a
    # message about it shows there, and no second main window opens.
    h.wait(lambda: h.find_all('label', contains='from-a-colleague.qicoach', root=h.app)
           or len([w for w in h.windows() if w is not None]) > 1,
           what='the running app to take the file')
    h.settle()
    frames = [w for w in h.windows() if w is not None and w.getRoleName() == 'frame' and w.name == 'QI Coach']
    assert len(frames) == 1, f'{len(frames)} main windows'
    h.screenshot('window-01-opened-file')
    # Close what the file opened, then quit.
    h.key('Escape')
    h.wait(lambda: len([w for w in h.windows() if w is not None]) == 1, what='the dialog to close')
    h.quit()

    with open(keyfile) as f:
        saved = f.read()
    assert 'window-width=900' in saved and 'window-height=600' in saved, saved


qcui.run(main, 'window')
