#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shortcuts a coach uses instead of the mouse: Ctrl+N on each page,
Alt+1..4 between pages, Ctrl+F then Enter to open a search result, Delete
in a list (with Undo), F1 for the shortcuts window, Ctrl+W to close."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402


def selected_tab(h):
    for tab in h.find_all('page tab'):
        if h.has_state(tab, 'selected'):
            return tab.name
    return None


def main(h):
    ids = qcui.seed(h)
    h.start()
    projects = h.page('Projects')

    # Ctrl+N on the projects page: a new project, the title ready to type.
    h.key('n', ctrl=True)
    editor = h.find('panel', 'Project details', projects)
    title = h.find('text', 'Title (required)', editor)
    h.type_text('Keyboard project')
    h.wait(lambda: h.text_of(title) == 'Keyboard project', what='the typed title')
    h.list_row('Projects', 'Projects', 'Keyboard project')
    h.find('label', 'All changes saved', projects)

    # Alt+2: the PDSA cycles; Ctrl+N there starts a cycle.
    h.key('2', alt=True)
    h.wait(lambda: selected_tab(h) == 'PDSA Cycles', what='the PDSA cycles page')
    cycles = h.page('PDSA cycles')
    h.key('n', ctrl=True)
    worksheet = h.find('panel', 'PDSA worksheet', cycles)
    h.find('label', 'New cycle: not saved until it has a title and a project', cycles)
    h.type_text('Cycle by keyboard')
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', worksheet)) == 'Cycle by keyboard',
           what='the typed cycle title')
    h.find('label', 'A cycle belongs to a project: choose one and it is saved.', worksheet)
    h.settle(1.5)
    assert len(h.cli_json('list', 'pdsa')) == 2, 'a cycle without a project was saved'

    for key, name in (('3', 'Coaching'), ('4', 'Resources'), ('1', 'Projects')):
        h.key(key, alt=True)
        h.wait(lambda: selected_tab(h) == name, what=f'the {name} page')

    # Ctrl+F, type, Enter: the first result opens.
    h.key('f', ctrl=True)
    search = h.find('entry', 'Search everything')
    h.type_text('antimicrobial')
    h.wait(lambda: h.text_of(search) == 'antimicrobial', what='the typed search')
    h.find('list item', 'Project: Antimicrobial review at 72 hours')
    h.key('Return')
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', editor)) == 'Antimicrobial review at 72 hours',
           what='the search result to open')

    # Delete in the list deletes the selected project, with Undo.
    h.mouse_click(h.list_row('Projects', 'Projects', 'Fewer falls on ward 7'))
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', editor)) == 'Fewer falls on ward 7',
           what='the project to open')
    h.key('Delete')
    undo = h.find('push button', contains='Undo')
    print('Undo button:', undo.name)
    h.wait(lambda: ids['falls'] not in [p['id'] for p in h.cli_json('list', 'projects')], what='the delete')
    h.click(undo)
    h.wait(lambda: ids['falls'] in [p['id'] for p in h.cli_json('list', 'projects')], what='Undo')

    # F1: the shortcuts window; Escape closes it.
    h.key('F1')
    shortcuts = h.find_window('Keyboard Shortcuts')
    h.find('label', 'New project or PDSA cycle', shortcuts)
    h.key('Escape')
    h.wait(lambda: not [w for w in h.windows() if w is not None and w.name == 'Keyboard Shortcuts'],
           what='the shortcuts window to close')

    # Ctrl+W closes the window, and with it the app.
    h.key('w', ctrl=True)
    rc = h.proc.wait(15)
    h.proc = None
    assert rc == 0, f'the app exited with {rc}'


qcui.run(main, 'keyboard')
