#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of every page, wide (1280×800) and narrow (360 px), light
and dark, over a database made with qi-coach-cli. They are saved in
BUILD/ui-screenshots/ for a person to look at; the test checks that each
page shows what it should."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402

PROJECT = 'Sepsis screening in ED'
CYCLE = 'Screening tool on nights'


def back(h, page, label):
    """On a narrow window the list and the record fold into one column."""
    button = h.find_all('push button', label, h.page(page))
    if button:
        h.click(button[0])


def take(h, tag, size, scheme):
    h.start(size=size, scheme=scheme)
    narrow = size[0] < 600

    projects = h.page('Projects')
    h.list_row('Projects', 'Projects', PROJECT)
    h.settle()
    h.screenshot(f'{tag}-01-projects')

    h.mouse_click(h.list_row('Projects', 'Projects', PROJECT))
    editor = h.find('panel', 'Project details', projects)
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', editor)) == PROJECT, what='the project')
    h.settle()
    h.screenshot(f'{tag}-02-project')
    missing = h.unnamed(projects)
    assert not missing, 'widgets without an accessible name: ' + '; '.join(missing)
    h.scroll_into_view(h.find('label', 'Team Members', editor))
    h.settle()
    h.screenshot(f'{tag}-03-project-people')
    h.scroll_into_view(h.find('image', 'Driver diagram', editor))
    h.settle()
    h.screenshot(f'{tag}-04-project-drivers')
    h.scroll_into_view(h.find('push button', 'Next cycle on Screening tool at triage', editor))
    h.settle()
    h.screenshot(f'{tag}-05-project-cycles')

    h.click(h.find('push button', 'Project history', projects))
    history = h.find_window('History')
    h.find('push button', contains='Restore the version', root=history)
    h.settle()
    h.screenshot(f'{tag}-06-history')
    h.key('Escape')
    h.wait(lambda: not [w for w in h.windows() if w is not None and w.name == 'History'],
           what='the history to close')
    if narrow:
        back(h, 'Projects', 'Back to projects')

    h.key('2', alt=True)
    cycles = h.page('PDSA cycles')
    h.list_row('PDSA cycles', 'PDSA cycles', CYCLE)
    h.settle()
    h.screenshot(f'{tag}-07-pdsa-list')
    h.mouse_click(h.list_row('PDSA cycles', 'PDSA cycles', CYCLE))
    worksheet = h.find('panel', 'PDSA worksheet', cycles)
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', worksheet)) == CYCLE, what='the cycle')
    h.settle()
    h.screenshot(f'{tag}-08-pdsa')
    missing = h.unnamed(cycles)
    assert not missing, 'widgets without an accessible name: ' + '; '.join(missing)
    h.scroll_into_view(h.find('label', 'Questions and Predictions', worksheet))
    h.settle()
    h.screenshot(f'{tag}-09-pdsa-plan')
    h.scroll_into_view(h.find('text', 'What was learned', worksheet))
    h.settle()
    h.screenshot(f'{tag}-10-pdsa-study-act')
    if narrow:
        back(h, 'PDSA cycles', 'Back to PDSA cycles')

    h.key('3', alt=True)
    h.settle()
    h.screenshot(f'{tag}-11-coaching')
    h.key('4', alt=True)
    h.settle()
    h.screenshot(f'{tag}-12-resources')

    h.key('1', alt=True)
    h.key('f', ctrl=True)
    search = h.find('entry', 'Search everything')
    h.type_text('screening')
    h.wait(lambda: h.text_of(search) == 'screening', what='the typed search')
    h.find('list item', f'Project: {PROJECT}')
    h.settle()
    h.screenshot(f'{tag}-13-search')
    h.key('Escape')

    h.key('F1')
    h.find_window('Keyboard Shortcuts')
    h.settle()
    h.screenshot(f'{tag}-14-shortcuts')
    h.key('Escape')
    h.quit()


def main(h):
    qcui.seed(h)
    for size, width_tag in (((1280, 800), 'wide'), ((360, 720), 'narrow')):
        for scheme in ('prefer-light', 'prefer-dark'):
            take(h, f'{width_tag}-{scheme.split("-")[1]}', size, scheme)


qcui.run(main, 'screenshots')
