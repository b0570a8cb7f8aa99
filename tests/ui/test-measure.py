#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A coach shows impact with a measure: opens it from its project, reads
the chart (its accessible description says what it shows), adds a data
point and types its value, defines the measure, changes the rules the
chart is judged by, re-baselines it with a phase, removes a point; the
database is checked with qi-coach-cli after each step, and screenshots
are saved to look at."""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402

PROJECT = 'Falls prevention on elderly care wards'
MEASURE = 'Falls per 1,000 bed days'
CYCLE = 'Falls huddle at handover'
VALUES = [6.1, 5.8, 6.5, 5.2, 6.9, 6.0, 5.5, 6.3, 7.9, 6.2, 5.9, 6.4,
          5.1, 5.0, 4.9, 4.6, 4.2, 4.0, 3.8, 4.6]


def month(i):
    return f'{2024 + i // 12:04d}-{i % 12 + 1:02d}-01'


def prepare(h):
    """A project with a PDSA cycle and an i chart measure of 20 months."""
    project = h.cli('add', 'project', '--title', PROJECT, '--status', 'active').strip()
    cycle = h.cli('add', 'pdsa', '--project', project, '--title', CYCLE, '--number', '1').strip()
    measure = h.cli('add', 'measure', '--project', project, '--name', MEASURE, '--chart', 'i',
                    '--direction', 'decrease', '--kind', 'outcome').strip()
    rows = ['date,value,note,pdsa']
    for i, v in enumerate(VALUES):
        rows.append(f'{month(i)},{v},{"Huddle started" if i == 12 else ""},{cycle if i == 12 else ""}')
    path = os.path.join(h.tmp, 'falls.csv')
    with open(path, 'w') as f:
        f.write('\n'.join(rows) + '\n')
    h.cli('points', measure, '--csv', path)
    return project, measure


CLIPBOARD_HELPER = r"""
import sys, gi
gi.require_version('Gdk', '4.0')
gi.require_version('Gtk', '4.0')
from gi.repository import GLib, Gdk, Gtk
Gtk.init()
clipboard = Gdk.Display.get_default().get_clipboard()
clipboard.set(sys.argv[1])
print('ready', flush=True)
GLib.timeout_add_seconds(int(sys.argv[2]), lambda: sys.exit(0))
GLib.MainLoop().run()
"""


def copy_to_clipboard(text, seconds=15):
    """Owns the X clipboard with @text for a while, as a spreadsheet would."""
    import subprocess
    helper = subprocess.Popen([sys.executable, '-c', CLIPBOARD_HELPER, text, str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert helper.stdout.readline().strip() == 'ready'
    return helper


def measure_page(h, timeout=qcui.TIMEOUT):
    """The page, in the window of its own that a measure opens in."""
    def find():
        for window in h.windows():
            found = h.find_all('panel', 'Measure', window)
            if found:
                return found[0]
        return None
    return h.wait(find, timeout, what='the measure page')


def open_measure(h):
    """Through the search (Ctrl+F), as a coach finds any record: the
    measure opens in a window of its own."""
    try:
        return measure_page(h, timeout=2)
    except qcui.UiError:
        pass
    h.key('f', ctrl=True)
    search = h.find('entry', 'Search everything')
    h.type_text('bed days')
    h.wait(lambda: h.text_of(search) == 'bed days', what='the typed search')
    h.find('list item', f'Measure: {MEASURE}')
    h.key('Return')
    return measure_page(h, timeout=8)


def saved(h, page):
    h.find('label', 'All changes saved', page, timeout=10)


def points_of(h, measure):
    return h.cli_json('show', measure).get('point', [])


def main(h):
    _, measure = prepare(h)
    h.start()
    page = open_measure(h)

    # The chart says what it shows to a screen reader.
    chart = h.find('image', f'Chart of {MEASURE}', page)
    description = chart.description or ''
    assert 'I chart' in description and 'Anhøj' in description, description
    h.find('label', '20 points', page)
    h.screenshot('measure-01-opened')

    # A new point after the last, a month later; its value typed in.
    h.click(h.find('push button', 'Add Point', page))
    h.find('label', contains='21 points', root=page)
    value = h.find('text', 'Value, point 21', page)
    h.set_text(value, '4.2')
    saved(h, page)
    points = points_of(h, measure)
    assert len(points) == 21, points
    assert points[-1]['date'] == month(20) and float(points[-1]['value']) == 4.2, points[-1]
    assert points[12]['pdsa'] and points[12]['text'] == 'Huddle started', points[12]

    # A date typed the British way is understood; a wrong one is not saved.
    date = h.find('text', 'Date, point 21', page)
    h.set_text(date, '31/02/2026')
    h.settle(1.5)
    assert points_of(h, measure)[-1]['date'] == month(20), 'an invalid date reached the database'
    h.find('label', contains='1 row has an entry to correct', root=page)
    h.set_text(date, '1/9/2025')
    h.wait(lambda: points_of(h, measure)[-1]['date'] == '2025-09-01', what='the corrected date to be saved')
    h.screenshot('measure-02-point-added')

    # The definition.
    h.click(h.find('page tab', 'Definition', page))
    h.set_text(h.find('text', 'Unit', page), 'falls per 1,000 bed days')
    h.set_text(h.find('text', contains='Target', root=page), '4.5')
    saved(h, page)
    record = h.cli_json('show', measure)
    assert record['unit'] == 'falls per 1,000 bed days' and float(record['target']) == 4.5, record

    # The rules the chart is judged by: a display choice, not an edit.
    rev = record['rev']
    # The popover's list has the keyboard: Anhøj, IHI, Making Data Count.
    h.mouse_click(h.find('combo box', 'Rules', page))
    h.find('label', 'NHS Making Data Count (i charts)', page)
    h.settle(0.5)
    h.key('Down')
    h.key('Down')
    h.key('Return')
    h.wait(lambda: 'Making Data Count' in (h.find('image', f'Chart of {MEASURE}', page).description or ''),
           what='the chart to be judged by the Making Data Count rules')
    h.settle(1.5)
    assert h.cli_json('show', measure)['rev'] == rev, 'choosing the rules changed the measure'
    h.screenshot('measure-03-mdc')

    # A phase: the chart is re-baselined from the huddle's start.
    h.click(h.find('page tab', 'Phases', page))
    h.settle(0.5)
    h.click(h.find('push button', 'Add Phase…', page))
    dialog = h.find_window('Add a Phase')
    h.set_text(h.find('text', 'Start date', dialog), '2025-01-01')
    h.set_text(h.find('text', contains='Reason', root=dialog), 'Falls huddle at every handover')
    h.click(h.find('push button', contains='Add Phase', root=dialog))
    h.find(contains='Falls huddle at every handover', root=page)
    saved(h, page)
    phases = h.cli_json('show', measure).get('phase', [])
    assert phases == [{'start': '2025-01-01', 'label': 'Falls huddle at every handover'}], phases
    h.screenshot('measure-04-phase')

    # Rows copied from a spreadsheet, pasted (the button; Ctrl+Shift+V does the same).
    h.click(h.find('page tab', 'Data', page))
    helper = copy_to_clipboard('2025-10-01\t3.9\tNew mats\n01/11/2025\t4.1\n')
    try:
        h.click(h.find('push button', 'Paste Rows', page))
        h.find('label', '23 points', page)
    finally:
        helper.terminate()
    points = points_of(h, measure)
    assert len(points) == 23, points
    assert points[-2]['date'] == '2025-10-01' and float(points[-2]['value']) == 3.9, points[-2]
    assert points[-2]['text'] == 'New mats', points[-2]
    assert points[-1]['date'] == '2025-11-01' and float(points[-1]['value']) == 4.1, points[-1]
    assert 'text' not in points[-1], points[-1]
    h.screenshot('measure-05-pasted')

    # The chart saved as an SVG through the file chooser.
    out = os.path.join(h.tmp, 'falls.svg')
    h.click(h.find('push button', 'Export Chart…', page))
    chooser = h.find_window('Export Chart')
    name = h.find('text', 'Name:', chooser)
    h.set_text(name, out)
    h.key('Return')
    h.wait(lambda: os.path.exists(out), what='the exported chart')
    import xml.etree.ElementTree as ET
    assert ET.parse(out).getroot().tag == '{http://www.w3.org/2000/svg}svg'

    # Remove the points added above.
    for n in (23, 22):
        h.click(h.find('push button', f'Remove point {n}', page))
    h.find('label', '21 points', page)
    h.click(h.find('push button', 'Remove point 21', page))
    h.find('label', '20 points', page)
    saved(h, page)
    assert len(points_of(h, measure)) == 20

    # One burst of typing is one version in the history, not one per key.
    history = h.cli_json('history', measure)
    assert len(history) < 15, f'{len(history)} versions'
    h.screenshot('measure-06-done')
    h.quit()


qcui.run(main, 'measure')
