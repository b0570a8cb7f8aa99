#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two coaches swap records through the UI, one app instance after the
other, each with a database of their own.

Coach A (Priya) exports one project with the real file chooser; coach B
(Bo) imports it with the file chooser through the preview, edits it and
sends everything back; A opens B's file the way a file manager does
(`qi-coach FILE`) and sees the update. Then both change the same project:
A's import lists a conflict, the banner and the toast lead to the
conflicts page, and "Keep This" on A's own version resolves it, as an edit
that reaches B with A's next export. A large import is cancelled (nothing
changes); a hostile file is refused with the reader's message (nothing
changes). Every step is checked with qi-coach-cli; screenshots of every
dialog in light and dark, wide and 360 px narrow, go to
BUILD/ui-screenshots/exchange-*.png."""

import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402

SEPSIS = 'Sepsis screening in ED'
B_AIM = 'Screen 95% of adults with suspected sepsis within 1 hour, every shift, by March 2027'
A_TITLE = 'Sepsis screening in ED and acute medicine'
B_TITLE = 'Sepsis screening in the emergency department'


def start(h, env=None, args=(), **kw):
    """Starts the app with folders of its own (recent files, the outbox)."""
    e = {name: os.path.join(h.tmp, folder) for name, folder in
         (('XDG_DATA_HOME', 'data'), ('XDG_CACHE_HOME', 'cache'), ('XDG_CONFIG_HOME', 'config'))}
    e.update(env or {})
    return h.start(env=e, args=args, **kw)


def use(h, db):
    """Switches the harness (and qi-coach-cli) to coach A's or B's database."""
    h.db = db


def export_text(h, path):
    """An export of the whole database, without its time stamp."""
    h.cli('export', '-o', path)
    with open(path, encoding='utf-8') as f:
        return re.sub(r' exported="[^"]*"', '', f.read())


def dialog(h, title):
    return h.find_window(title)


def set_name_in_export_dialog(h, dlg, name):
    """The export dialog asks for the coach's name when it is not set yet."""
    h.set_text(h.find('text', 'Your name (required)', dlg), name)
    h.find('list item', 'Email and organisation', dlg)


def choose_in_file_chooser(h, title, path, save):
    """Drives GTK 4.8's own file chooser (GtkFileChooserNative falls back
    to it outside Flatpak): a full path in the name field (save) or the
    location field (open, Ctrl+L), then Return."""
    chooser = h.find_window(title)
    if save:
        entry = h.find('text', 'Name:', chooser)
    else:
        # Ctrl+L shows the location field, focused.
        h.key('l', ctrl=True)
        entry = h.wait(lambda: next((t for t in h.find_all('text', root=chooser) if h.has_state(t, 'focused')), None),
                       what='the location field')
    h.set_text(entry, path)
    h.settle(0.3)
    h.key('Return')
    # (Closed dialogs are not polled: asking GTK 4.8 about a destroyed
    # window through AT-SPI can keep it alive past its parent. The next
    # step waits for what follows instead.)


def toast(h, contains):
    return h.find('label', contains=contains, root=h.window, timeout=30)


def stats(h):
    return h.cli_json('stats')


def main(h):
    db_a = os.path.join(h.tmp, 'coach-a.db')
    db_b = os.path.join(h.tmp, 'coach-b.db')
    a_to_b = os.path.join(h.tmp, 'sepsis-for-bo.qicoach')
    b_to_a = os.path.join(h.tmp, 'everything-from-bo.qicoach')

    # Coach A: a small region's records.
    use(h, db_a)
    ids = qcui.seed(h)
    sepsis = ids['sepsis']

    # A exports one project (Ctrl+E): the name first, then the scope,
    # then the real file chooser.
    start(h)
    h.key('e', ctrl=True)
    dlg = dialog(h, 'Export Records')
    h.find('list item', 'Your name is not set yet', dlg)
    export_button = h.find('push button', 'Export…', dlg)
    assert not h.has_state(export_button, 'sensitive'), 'Export… works without a sender name'
    h.screenshot('exchange-01-export-no-name')
    set_name_in_export_dialog(h, dlg, 'Priya Shah')
    # Email and organisation in Preferences, opened from the dialog.
    h.click(h.find('push button', 'Change…', dlg))
    prefs = h.find_window('Preferences')
    h.set_text(h.find('text', 'Email', prefs), 'priya.shah@example.nhs.uk')
    h.set_text(h.find('text', 'Organisation', prefs), 'Northshire Acute NHS Trust')
    h.find('combo box', 'What to send', prefs)
    h.screenshot('exchange-02-preferences')
    h.key('Escape')
    h.find('label', 'priya.shah@example.nhs.uk · Northshire Acute NHS Trust', dlg)

    h.click(h.find('check box', 'Chosen projects', dlg))
    h.find('label', 'Choose at least one project', dlg)
    assert not h.has_state(export_button, 'sensitive'), 'Export… works with no project chosen'
    h.click(h.find('check box', SEPSIS, dlg))
    h.find('label', '1 project chosen', dlg)
    h.wait(lambda: h.has_state(export_button, 'sensitive'), what='Export… to be possible')
    h.screenshot('exchange-03-export-projects')
    h.click(export_button)
    choose_in_file_chooser(h, 'Save Records As', a_to_b, save=True)
    toast(h, 'exported to “sepsis-for-bo.qicoach”')
    h.screenshot('exchange-04-exported')
    h.cli('validate', a_to_b)
    with open(a_to_b, encoding='utf-8') as f:
        text = f.read()
    assert SEPSIS in text and 'Fewer falls on ward 7' not in text, 'not just the chosen project'
    assert 'name="Priya Shah"' in text and 'email="priya.shah@example.nhs.uk"' in text, 'sender missing'
    h.quit()

    # Coach B: an empty database. Import… (Ctrl+O) with the file chooser,
    # the preview first: nothing changes until Import.
    use(h, db_b)
    start(h)
    before = stats(h)
    h.key('o', ctrl=True)
    choose_in_file_chooser(h, 'Choose a File to Import', a_to_b, save=False)
    imp = dialog(h, 'Import Records')
    h.find('list item', 'Priya Shah', imp)
    h.find('label', 'priya.shah@example.nhs.uk · Northshire Acute NHS Trust', imp)
    projects = h.find('list item', 'Projects', imp)
    h.find('label', '1 new', projects)
    assert h.find('list item', SEPSIS, imp).description == 'New'
    h.find('label', contains='Nothing changes until you choose Import', root=imp)
    h.screenshot('exchange-05-import-preview')
    assert stats(h) == before, 'the preview changed the database'
    h.click(h.find('push button', 'Import', imp))
    toast(h, 'records added')
    h.screenshot('exchange-06-imported')
    record = h.cli_json('show', sepsis)
    assert record['title'] == SEPSIS, record
    assert len(h.cli_json('list', 'pdsa')) == 2, 'the project came without its cycles'

    # B edits the aim in the project's page...
    h.mouse_click(h.list_row('Projects', 'Projects', SEPSIS))
    editor = h.find('panel', 'Project details', h.page('Projects'))
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', editor)) == SEPSIS, what='B to open the project')
    h.set_text(h.find('text', 'SMART aim: how much, by when', editor), B_AIM)
    h.find('label', 'All changes saved', h.page('Projects'), timeout=10)
    assert h.cli_json('show', sepsis)['aim'] == B_AIM
    h.quit()

    # ...and sends everything back (the file path comes from the test
    # hook this time; the chooser was driven above).
    start(h, env={'QI_COACH_TEST_EXPORT_PATH': b_to_a})
    h.key('e', ctrl=True)
    dlg = dialog(h, 'Export Records')
    set_name_in_export_dialog(h, dlg, 'Bo Jones')
    h.click(h.find('check box', 'Everything', dlg))
    h.click(h.find('push button', 'Export…', dlg))
    toast(h, 'exported to “everything-from-bo.qicoach”')
    h.quit()
    h.cli('validate', b_to_a)

    # Coach A opens B's file from the file manager: `qi-coach FILE`.
    use(h, db_a)
    start(h, args=[b_to_a])
    imp = dialog(h, 'Import Records')
    h.find('list item', 'Bo Jones', imp)
    projects = h.find('list item', 'Projects', imp)
    h.find('label', contains='1 updated', root=projects)
    assert h.find('list item', SEPSIS, imp).description == 'Updated'
    h.screenshot('exchange-07-import-update')
    h.click(h.find('push button', 'Import', imp))
    toast(h, '1 record updated')
    assert h.cli_json('show', sepsis)['aim'] == B_AIM, 'A did not get B’s aim'
    h.quit()

    # Both change the title at the same time (B later); B's export reaches A.
    os.environ['QI_COACH_AUTHOR'] = 'Priya Shah'
    h.cli('set', sepsis, '--title', A_TITLE)
    time.sleep(0.05)
    use(h, db_b)
    os.environ['QI_COACH_AUTHOR'] = 'Bo Jones'
    h.cli('set', sepsis, '--title', B_TITLE)
    conflict_file = os.path.join(h.tmp, 'conflict-from-bo.qicoach')
    h.cli('export', '-o', conflict_file)
    del os.environ['QI_COACH_AUTHOR']
    use(h, db_a)
    start(h, env={'QI_COACH_TEST_IMPORT_PATH': conflict_file})
    h.key('o', ctrl=True)
    imp = dialog(h, 'Import Records')
    row = h.find('list item', A_TITLE, imp)
    assert row.description.startswith('Conflict: Both of you changed it'), row.description
    h.find('label', contains='their later version becomes current', root=imp)
    h.screenshot('exchange-08-import-conflict')
    h.click(h.find('push button', 'Import', imp))
    toast(h, '1 conflict')
    h.find('label', contains='1 conflict to review', root=h.window)
    h.screenshot('exchange-09-conflict-toast-banner')
    assert h.cli_json('show', sepsis)['title'] == B_TITLE, 'the later edit did not win'
    assert stats(h)['conflicts'] == 1, stats(h)

    # The record's history leads to its conflict too (the banner's Review
    # is used at 360 px below): both versions side by side.
    h.mouse_click(h.list_row('Projects', 'Projects', B_TITLE))
    h.click(h.find('push button', 'Project history', h.page('Projects')))
    history = dialog(h, 'History')
    review = h.find('push button', 'Review Conflict', history)
    h.screenshot('exchange-10-history-conflict')
    h.click(review)
    page = dialog(h, 'Conflicts')
    h.find('label', 'Current Version', page)
    h.find('label', 'Set-Aside Version', page)
    h.find('label', 'Title — differs', page)
    h.find('label', B_TITLE, page)
    h.find('label', A_TITLE, page)
    h.find('label', contains='Changed by Bo Jones', root=page)
    h.find('label', contains='Changed by Priya Shah', root=page)
    h.screenshot('exchange-11-conflict-compare')
    # Back to the list of conflicts, and into this one again.
    h.click(h.find('push button', 'Back to the conflicts', page))
    h.settle()  # the list is filled again
    row = h.find('list item', B_TITLE, page)
    h.screenshot('exchange-11-conflicts-list')
    h.click(row)
    # Keep A's own version (the one set aside).
    h.click(h.find('push button', contains='Keep the set-aside version', root=page))
    h.find('label', 'All Conflicts Reviewed', page)
    h.settle()
    h.screenshot('exchange-12-conflict-resolved')
    assert h.cli_json('show', sepsis)['title'] == A_TITLE, 'Keep This did not restore A’s title'
    assert stats(h)['conflicts'] == 0, stats(h)
    # (Escape closes it too, but without a window manager under Xvfb a
    # window opened by an accessibility action does not get the keyboard.)
    h.click(h.find('push button', 'Close', page))
    h.wait(lambda: not h.find_all('label', root=h.window, contains='conflict to review')
           or not h.has_state(h.find('label', root=h.window, contains='conflict to review'), 'showing'),
           what='the banner to go away')
    h.quit()

    # The choice is an ordinary edit: it reaches B with A's next export.
    choice_file = os.path.join(h.tmp, 'choice-from-priya.qicoach')
    h.cli('export', '-o', choice_file)
    use(h, db_b)
    report = json.loads(h.cli('import', '--json', choice_file))
    report = report[0] if isinstance(report, list) else report
    assert report['totals']['conflicts'] == 0, report['totals']
    assert h.cli_json('show', sepsis)['title'] == A_TITLE, 'B did not get A’s choice'

    # A hostile file: refused with the reader's message; nothing changes.
    use(h, db_a)
    bad = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'bad', 'xxe-file.qicoach')
    bad = os.path.abspath(bad)
    before_export = export_text(h, os.path.join(h.tmp, 'before.qicoach'))
    before_stats = stats(h)
    start(h, args=[bad])
    alert = h.find_window('This File Cannot Be Imported')
    message = h.find('label', contains='xxe-file.qicoach:', root=alert)
    assert re.match(r'xxe-file\.qicoach:\d+:\d+: ', message.name), message.name
    h.find('label', contains='Nothing was changed.', root=alert)
    h.screenshot('exchange-13-hostile-file')
    h.click(h.find('push button', contains='Close', root=alert))
    h.settle(1)
    h.quit()
    assert stats(h) == before_stats, 'the hostile file changed the database'
    assert export_text(h, os.path.join(h.tmp, 'after.qicoach')) == before_export, 'the hostile file changed records'

    # Cancelling a long import changes nothing, and says so.
    big = os.path.join(h.tmp, 'big.qicoach')
    gen = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bench', 'gen-exchange.py')
    subprocess.run([sys.executable, gen, big, '--projects', '3000'], check=True, stdout=subprocess.DEVNULL)
    before_stats = stats(h)
    start(h, env={'QI_COACH_TEST_IMPORT_PATH': big})
    h.key('o', ctrl=True)
    imp = dialog(h, 'Import Records')
    import_button = h.find('push button', 'Import', imp, timeout=120)
    h.find('label', contains='3000 new', root=imp, timeout=120)
    cancel = h.find('push button', 'Cancel Import', imp)
    h.click(import_button)
    h.click(cancel)
    toast(h, 'Import cancelled: nothing was changed')
    h.screenshot('exchange-14-import-cancelled')
    h.quit()
    assert stats(h) == before_stats, 'a cancelled import changed the database'

    # 360 px wide and dark: every dialog fits, and every control has a name.
    falls = ids['falls']
    os.environ['QI_COACH_AUTHOR'] = 'Priya Shah'
    h.cli('set', falls, '--aim', 'Halve falls on ward 7 by June 2027')
    time.sleep(0.05)
    use(h, db_b)  # B has the project since A's last export
    os.environ['QI_COACH_AUTHOR'] = 'Bo Jones'
    h.cli('set', falls, '--aim', 'A third fewer falls on ward 7 by June 2027', '--theme', 'Falls prevention')
    narrow_file = os.path.join(h.tmp, 'narrow-from-bo.qicoach')
    h.cli('export', '-o', narrow_file)
    del os.environ['QI_COACH_AUTHOR']
    use(h, db_a)
    size = (360, 720)
    start(h, size=size, scheme='prefer-dark', env={'QI_COACH_TEST_IMPORT_PATH': narrow_file})
    h.key('e', ctrl=True)
    dlg = dialog(h, 'Export Records')
    h.click(h.find('check box', 'Chosen projects', dlg))
    h.find('check box', 'Fewer falls on ward 7', dlg)
    assert not h.unnamed(dlg), h.unnamed(dlg)
    h.screenshot('exchange-20-narrow-dark-export')
    h.click(h.find('check box', 'Changes since the last export to a colleague', dlg))
    h.find('list item', 'Last export to this colleague', dlg)
    h.screenshot('exchange-21-narrow-dark-export-since')
    h.click(h.find('push button', 'Cancel', dlg))
    h.settle(0.5)
    h.key('o', ctrl=True)
    imp = dialog(h, 'Import Records')
    h.find('list item', 'Fewer falls on ward 7', imp)
    assert not h.unnamed(imp), h.unnamed(imp)
    h.screenshot('exchange-22-narrow-dark-import')
    h.click(h.find('push button', 'Import', imp))
    toast(h, '1 conflict')
    h.screenshot('exchange-23-narrow-dark-banner')
    h.click(h.find('push button', contains='Review conflicts', root=h.window))
    page = dialog(h, 'Conflicts')
    h.click(h.find('list item', 'Fewer falls on ward 7', page))
    h.find('label', 'SMART aim — differs', page)
    h.find('label', 'Theme — differs', page)
    assert not h.unnamed(page), h.unnamed(page)
    h.screenshot('exchange-24-narrow-dark-compare')
    # Only the differences.
    h.click(h.find('push button', 'Show only the differences', page))
    h.gone('label', 'Status', page)
    h.screenshot('exchange-25-narrow-dark-differences')
    h.click(h.find('push button', contains='Keep the current version', root=page))
    h.find('label', 'All Conflicts Reviewed', page)
    h.quit()
    assert stats(h)['conflicts'] == 0


qcui.run(main, 'exchange')
