#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""On a 360 px wide window (a phone, or half a small laptop screen) the
list and the record fold into one column with a back button, and the
page switcher moves to the bottom."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402


def bottom_tab(h, name):
    """The page switcher at the bottom of a narrow window."""
    height = h.extents(h.window).height
    tabs = [t for t in h.find_all('page tab', name) if h.extents(t).y > height - 120]
    if not tabs:
        raise qcui.UiError(f'no “{name}” at the bottom of the window')
    return tabs[0]


def main(h):
    qcui.seed(h)
    h.start(size=(360, 720))
    projects = h.page('Projects')
    width = h.extents(projects).width
    assert width <= 360, f'the projects page is {width} px wide on a 360 px window'

    # One column: the list first.
    row = h.list_row('Projects', 'Projects', 'Sepsis screening in ED')
    assert 0 <= h.extents(row).x < 360, 'the list is not on the screen'
    h.screenshot('narrow-01-list', size=(360, 720))

    h.mouse_click(h.list_row('Projects', 'Projects', 'Sepsis screening in ED'))
    editor = h.find('panel', 'Project details', projects)
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', editor)) == 'Sepsis screening in ED',
           what='the project')
    back = h.find('push button', 'Back to projects', projects)
    h.settle()
    assert 0 <= h.extents(back).x < 360, 'the back button is not on the screen'
    h.screenshot('narrow-02-project', size=(360, 720))
    h.scroll_into_view(h.find('image', 'Driver diagram', editor))
    h.settle()
    h.screenshot('narrow-03-drivers', size=(360, 720))

    h.click(back)
    h.settle()
    h.mouse_click(h.list_row('Projects', 'Projects', 'Fewer falls on ward 7'))
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', editor)) == 'Fewer falls on ward 7',
           what='the second project, chosen after going back')
    h.click(h.find('push button', 'Back to projects', projects))

    # The page switcher is at the bottom.
    h.mouse_click(bottom_tab(h, 'PDSA Cycles'))
    cycles = h.page('PDSA cycles')
    h.mouse_click(h.list_row('PDSA cycles', 'PDSA cycles', 'Screening tool on nights'))
    worksheet = h.find('panel', 'PDSA worksheet', cycles)
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', worksheet)) == 'Screening tool on nights',
           what='the cycle')
    h.find('push button', 'Back to PDSA cycles', cycles)
    h.settle()
    h.screenshot('narrow-04-cycle', size=(360, 720))
    h.quit()


qcui.run(main, 'narrow')
