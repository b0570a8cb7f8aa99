#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Finding one's way in the lists: the projects' status filter, and the
PDSA cycles that are "mine" once Preferences says who I am, or those of
one project; the filter bar says what is hidden and clears it."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402


def main(h):
    ids = qcui.seed(h)
    h.cli('add', 'pdsa', '--project', ids['falls'], '--title', 'Falls huddle at handover', '--number', '1')
    h.start()
    projects = h.page('Projects')

    # Projects on hold only.
    # With the keyboard: the popover opens on “Sort by”; Tab to “Status”,
    # open it, and go down past Any, Idea and Active.
    menu = h.find('push button', 'Sort and filter', projects)
    h.click(menu)
    h.settle(0.5)
    h.key('Tab')
    h.key('space')
    h.settle(0.5)
    for _ in range(3):
        h.key('Down')
    h.key('Return')
    h.settle(0.3)
    h.screenshot('filters-00-popover')
    h.key('Escape')
    h.find('label', 'Filters: On hold', projects)
    h.wait(lambda: h.find_all('panel', root=h.find('list', 'Projects', projects), contains='Sepsis') == [],
           what='the active project to be filtered out')
    h.list_row('Projects', 'Projects', 'Antimicrobial review at 72 hours')
    h.screenshot('filters-01-on-hold')
    h.click(h.find('push button', 'Clear', projects))
    h.list_row('Projects', 'Projects', 'Sepsis screening in ED')

    # Who am I: Preferences (Ctrl+,).
    h.key('comma', ctrl=True)
    prefs = h.find_window('Preferences')
    h.set_text(h.find('text', 'Name', prefs), 'Priya Shah')
    h.key('Escape')

    # My cycles: those of the projects I coach (and tasks for me).
    h.key('2', alt=True)
    cycles = h.page('PDSA cycles')
    h.list_row('PDSA cycles', 'PDSA cycles', 'Falls huddle at handover')
    # Sort by, Project, Change idea (off until a project is chosen), Stage, Mine only.
    menu = h.find('push button', 'Sort and filter', cycles)
    h.click(menu)
    h.settle(0.5)
    for _ in range(3):
        h.key('Tab')
    h.key('space')
    h.key('Escape')
    h.find('label', 'Filters: Mine', cycles)
    h.wait(lambda: not h.find_all('panel', root=h.find('list', 'PDSA cycles', cycles), contains='Falls huddle'),
           what='a cycle of a project I do not coach to be filtered out')
    h.list_row('PDSA cycles', 'PDSA cycles', 'Screening tool on nights')
    h.list_row('PDSA cycles', 'PDSA cycles', 'Screening tool on one shift')
    h.screenshot('filters-02-mine')
    h.click(h.find('push button', 'Clear', cycles))
    h.list_row('PDSA cycles', 'PDSA cycles', 'Falls huddle at handover')
    h.quit()


qcui.run(main, 'filters')
