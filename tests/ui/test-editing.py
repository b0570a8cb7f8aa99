#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Editing a project in detail: people and organisations chosen or created
on the spot, team members and roles, tags, a date typed the British way,
the required title explained (and nothing saved without it), the history
with restore, and the list's search with its empty state."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402

TITLE = 'Fewer falls on ward 7'


def choose_new(h, editor, chooser, name):
    """Opens a chooser, types a name nobody has yet and creates it."""
    h.click(h.find('push button', chooser, editor))
    entry = h.find('entry', chooser, editor)
    h.set_text(entry, name)
    h.click(h.find('push button', contains=f'“{name}”', root=editor))
    h.gone('push button', contains=f'“{name}”', root=editor)


def main(h):
    h.start()
    projects = h.page('Projects')
    h.key('n', ctrl=True)
    editor = h.find('panel', 'Project details', projects)
    title = h.find('text', 'Title (required)', editor)
    h.type_text(TITLE)
    h.wait(lambda: h.text_of(title) == TITLE, what='the typed title')
    h.find('label', 'All changes saved', projects)
    project_id = h.cli_json('list', 'projects')[0]['id']

    # Choosers create an organisation and people by name, inline.
    choose_new(h, editor, 'Organisation', 'Northshire Community Services')
    choose_new(h, editor, 'Coach', 'Priya Shah')
    choose_new(h, editor, 'Add team member', 'Sam Okafor')
    h.set_text(h.find('text', 'Sam Okafor’s role', editor), 'Ward manager')
    h.set_text(h.find('text', 'Tags, separated by commas', editor), 'falls, older people')
    h.set_text(h.find('text', 'Target date', editor), '31/03/2027')
    h.find('label', 'All changes saved', projects)

    record = h.cli_json('show', project_id)
    organisations = {o['title']: o['id'] for o in h.cli_json('list', 'organisations')}
    people = {p['title']: p['id'] for p in h.cli_json('list', 'people')}
    assert record['organisation'] == organisations['Northshire Community Services'], record
    assert record['coach'] == people['Priya Shah'], record
    assert record['member'] == [{'ref': people['Sam Okafor'], 'role': 'Ward manager'}], record['member']
    assert [t['text'] if isinstance(t, dict) else t for t in record['tag']] == ['falls', 'older people'], record['tag']
    assert record['target'] == '2027-03-31', record
    h.find('label', 'Priya Shah', editor)

    # A project needs a title: without one nothing is saved, and it says so.
    h.set_text(title, '')
    h.find('label', 'Not saved: the project needs a title', projects)
    h.find('label', 'A project needs a title: it is saved as soon as it has one.', editor)
    h.settle(1.5)
    assert h.cli_json('show', project_id)['title'] == TITLE
    h.set_text(title, 'Fewer falls on wards 7 and 8')
    h.find('label', 'All changes saved', projects)
    assert h.cli_json('show', project_id)['title'] == 'Fewer falls on wards 7 and 8'

    # History: the version before the new title comes back.
    h.click(h.find('push button', 'Project history', projects))
    history = h.find_window('History')
    h.find('label', 'Differs from now in: Title', history)
    h.screenshot('editing-01-history')
    h.click(h.find('push button', contains='Restore the version', root=history))
    h.wait(lambda: h.cli_json('show', project_id)['title'] == TITLE, what='the restored title')
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', editor)) == TITLE,
           what='the editor to show the restored version')
    assert any(v.get('reason') == 'restore' for v in h.cli_json('history', project_id)), 'no restore in history'

    # The list's own search, its empty state and the way back.
    search = h.find('entry', 'Search projects', projects)
    h.set_text(search, 'falls')
    h.list_row('Projects', 'Projects', TITLE)
    h.set_text(search, 'zebra crossings')
    h.find('label', 'No Matching Projects', projects)
    h.screenshot('editing-02-no-results')
    h.click(h.find('push button', 'Clear Search and Filters', projects))
    h.list_row('Projects', 'Projects', TITLE)
    h.quit()


qcui.run(main, 'editing')
