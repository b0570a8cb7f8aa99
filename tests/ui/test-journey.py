#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A coach's first session with QI Coach, end to end: a new project with
its aim, progress score and driver diagram; a PDSA cycle on its change
idea, filled in as the IHI worksheet, and the next cycle; a search; delete
and undo; then the database is checked with qi-coach-cli and the app is
reopened to find everything again."""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402

TITLE = 'Sepsis screening in ED'
AIM = 'Screen 95% of adults with suspected sepsis within 1 hour of arrival by March 2027'
PRIMARY = 'Reliable triage'
SECONDARY = 'Nurses recognise red flags'
IDEA = 'Sepsis screening tool at triage'


def project_editor(h):
    return h.find('panel', 'Project details', h.page('Projects'))


def pdsa_editor(h):
    return h.find('panel', 'PDSA worksheet', h.page('PDSA cycles'))


def saved(h, page):
    """Waits for the editor to say its edits are in the database."""
    h.find('label', 'All changes saved', h.page(page), timeout=10)


def main(h):
    today = datetime.date.today().isoformat()
    h.start()
    projects = h.page('Projects')
    h.find('label', 'No Projects Yet', projects)
    h.screenshot('journey-01-empty')

    # A new project: type its title, as a person would, then its aim.
    h.click(h.find('push button', 'New project', projects))
    editor = project_editor(h)
    title = h.find('text', 'Title (required)', editor)
    h.find('label', 'New project: not saved until it has a title', projects)
    # The title has the keyboard focus: just type.
    h.type_text(TITLE)
    h.wait(lambda: h.text_of(title) == TITLE, what='the typed title')
    h.set_text(h.find('text', 'SMART aim: how much, by when', editor), AIM)
    h.list_row('Projects', 'Projects', TITLE)

    # The IHI progress score, chosen from the scale with each level's meaning.
    h.mouse_click(h.find('list item', 'Progress score', editor))
    h.find('label', 'Baseline data, process study, surveys', editor)
    h.mouse_click(h.find('check box', contains='2.0 — Activity but no changes', root=editor))
    h.find('label', '2.0 — Activity but no changes', editor)

    # The driver diagram: aim → primary → secondary → change idea.
    h.click(h.find('push button', 'Add Primary Driver', editor))
    h.set_text(h.find('text', 'Primary driver', editor), PRIMARY)
    h.click(h.find('push button', 'Add secondary driver', editor))
    h.set_text(h.find('text', 'Secondary driver', editor), SECONDARY)
    h.click(h.find('push button', 'Add change idea', editor))
    h.set_text(h.find('text', 'Change idea', editor), IDEA)
    saved(h, 'Projects')
    h.screenshot('journey-02-project')

    project = h.cli_json('list', 'projects')
    assert len(project) == 1 and project[0]['title'] == TITLE, project
    project_id = project[0]['id']
    record = h.cli_json('show', project_id)
    assert record['aim'] == AIM, record
    assert record['progress'] == '2.0', record
    assert record['score'] == [{'date': today, 'value': '2.0'}], record['score']
    drivers = {d['text']: d for d in record['driver']}
    assert drivers[PRIMARY]['kind'] == 'primary' and 'parent' not in drivers[PRIMARY], drivers
    assert drivers[SECONDARY]['parent'] == drivers[PRIMARY]['id'], drivers
    assert drivers[IDEA]['kind'] == 'change-idea' and drivers[IDEA]['parent'] == drivers[SECONDARY]['id'], drivers
    # One burst of edits is one version, not one per keystroke.
    history = h.cli_json('history', project_id)
    assert len(history) < 12, f'{len(history)} versions for one editing session'

    # A PDSA cycle on the change idea, started from the project's ramps.
    h.click(h.find('push button', f'First cycle on {IDEA}', editor))
    cycles = h.page('PDSA cycles')
    worksheet = pdsa_editor(h)
    cycle_title = h.find('text', 'Title (required)', worksheet)
    h.wait(lambda: h.text_of(cycle_title) == IDEA, what='the new cycle to be named after its change idea')
    saved(h, 'PDSA cycles')
    h.set_text(h.find('text', 'Objective of this cycle', worksheet), 'Try the screening tool on one shift')
    h.set_text(h.find('text', 'The change: what, who, where, when', worksheet),
               'Triage nurse Sam uses the tool for every adult on Tuesday day shift')
    h.click(h.find('push button', 'Add Question', worksheet))
    h.set_text(h.find('text', 'Question 1', worksheet), 'Can the tool be used within 5 minutes?')
    h.set_text(h.find('text', 'Prediction for question 1', worksheet), 'Yes, for 8 in 10 patients')
    h.click(h.find('push button', 'Add Task', worksheet))
    h.set_text(h.find('text', 'Task 1', worksheet), 'Print 50 copies of the tool')
    h.set_text(h.find('text', 'Data plan: what is measured, by whom, how', worksheet),
               'Sam notes time to screen for each patient')
    h.set_text(h.find('text', 'What happened: observations, problems, changes to the plan', worksheet),
               'Used for 23 patients; two missed during a busy hour')
    h.set_text(h.find('text', 'Finding for question 1', worksheet), '19 of 23 within 5 minutes')
    h.set_text(h.find('text', 'What was learned', worksheet), 'Works when triage is staffed')
    h.click(h.find('push button', 'Adapt', worksheet))
    h.set_text(h.find('text', 'Next steps: what the next cycle will be', worksheet), 'Test on a night shift')
    saved(h, 'PDSA cycles')
    h.screenshot('journey-03-cycle')

    listed = h.cli_json('list', 'pdsa')
    assert len(listed) == 1, listed
    cycle = h.cli_json('show', listed[0]['id'])
    assert cycle['project'] == project_id and cycle['change-idea'] == drivers[IDEA]['id'], cycle
    assert cycle['number'] == '1' and cycle['stage'] == 'plan', cycle
    assert cycle['question'] == [{'text': 'Can the tool be used within 5 minutes?',
                                  'prediction': 'Yes, for 8 in 10 patients',
                                  'finding': '19 of 23 within 5 minutes'}], cycle['question']
    assert cycle['task'][0]['text'] == 'Print 50 copies of the tool', cycle['task']
    assert cycle['act-decision'] == 'adapt' and cycle['act'] == 'Test on a night shift', cycle
    assert cycle['do'].startswith('Used for 23 patients') and cycle['study'] == 'Works when triage is staffed'

    # The next cycle: same change idea, number 2, questions without findings.
    h.click(h.find('push button', 'Plan Next Cycle', worksheet))
    h.wait(lambda: len(h.cli_json('list', 'pdsa')) == 2, what='the next cycle in the database')
    second = next(c for c in h.cli_json('list', 'pdsa') if c['id'] != cycle['id'])
    second = h.cli_json('show', second['id'])
    assert second['number'] == '2' and second['change-idea'] == cycle['change-idea'], second
    assert second['question'] == [{'text': 'Can the tool be used within 5 minutes?',
                                   'prediction': 'Yes, for 8 in 10 patients'}], second['question']
    h.find('text', 'Finding for question 1', worksheet)
    h.screenshot('journey-04-next-cycle')

    # Search everything (Ctrl+F) and open the project from the results.
    h.key('f', ctrl=True)
    search = h.find('entry', 'Search everything')
    h.type_text('red flags')
    h.wait(lambda: h.text_of(search) == 'red flags', what='the typed search')
    h.find('list item', f'Project: {TITLE}')
    h.screenshot('journey-05-search')
    h.key('Return')
    h.gone('list item', f'Project: {TITLE}')
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', project_editor(h))) == TITLE,
           what='the project to open from the search')

    # Delete the project (and its cycles) and undo it from the toast.
    h.click(h.find('push button', 'Delete project', projects))
    undo = h.find('push button', contains='Undo')
    h.find('label', f'“{TITLE}” deleted')
    h.wait(lambda: h.cli_json('list', 'projects') == [] and h.cli_json('list', 'pdsa') == [],
           what='the project and its cycles to be deleted')
    h.find('label', 'No Projects Yet', projects)
    h.screenshot('journey-06-deleted')
    h.click(undo)
    h.wait(lambda: len(h.cli_json('list', 'projects')) == 1 and len(h.cli_json('list', 'pdsa')) == 2,
           what='Undo to bring back the project and both cycles')
    restored = h.cli_json('show', project_id)
    assert restored['aim'] == AIM and len(restored['driver']) == 3, restored
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', project_editor(h))) == TITLE,
           what='the restored project to show')

    # Close, reopen: everything is there.
    h.quit()
    h.start()
    projects = h.page('Projects')
    h.mouse_click(h.list_row('Projects', 'Projects', TITLE))
    editor = project_editor(h)
    h.wait(lambda: h.text_of(h.find('text', 'Title (required)', editor)) == TITLE, what='the project to open')
    h.find('label', '2.0 — Activity but no changes', editor)
    h.find('push button', f'Next cycle on {IDEA}', editor)
    h.find('push button', contains='Cycle 2', root=editor)
    h.click(h.find('page tab', 'PDSA Cycles'))
    cycles = h.page('PDSA cycles')
    h.list_row('PDSA cycles', 'PDSA cycles', 'Cycle 1')
    h.list_row('PDSA cycles', 'PDSA cycles', 'Cycle 2')
    h.screenshot('journey-07-reopened')
    h.quit()


qcui.run(main, 'journey')
