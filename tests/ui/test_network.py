#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Network page as a coach uses it: a new person with a skill, marked a
QI champion; added to a project's team on the Projects page; found by skill;
their page shows the project and their role in it, and their sessions; a new
organisation and a person in it; delete with Undo; Ctrl+N. Checked with
qi-coach-cli; screenshots wide and 360 px, light and dark."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402

NAME = 'Ayesha Khan'
SKILLS = 'process mapping, run charts'
ORGANISATION = 'Northshire Hospice'


def network(h):
    return h.page('Network')


def person_page(h):
    return h.find('panel', 'Person', network(h))


def people_list(h):
    return h.find('list', 'All people', network(h))


def saved(h, page):
    h.find('label', 'All changes saved', h.page(page), timeout=10)


def show_network(h):
    h.click(h.find('page tab', 'Network'))
    return network(h)


def people_named(h, name):
    return [p for p in h.cli_json('list', 'people') if p['title'] == name]


def screenshots(h, name, size, scheme):
    h.start(size=size, scheme=scheme)
    page = show_network(h)
    h.settle(0.8)
    h.screenshot(f'network-{name}-people')
    h.mouse_click(h.find('panel', root=people_list(h), contains=NAME))
    h.find('label', 'All changes saved', page)
    h.settle(0.8)
    h.screenshot(f'network-{name}-person')
    back = h.find_all('push button', 'Back to the list', page)
    if back and h.extents(back[0]).width > 0:
        h.click(back[0])
        h.settle(0.5)
    h.click(h.find('page tab', 'Organisations', page))
    h.mouse_click(h.find('panel', root=h.find('list', 'All organisations', page), contains='Acute'))
    h.find('panel', 'Organisation', page)
    h.settle(0.8)
    h.screenshot(f'network-{name}-organisation')
    h.quit()


def main(h):
    h.cli('init')
    ids = qcui.seed(h)
    h.start()
    # Alt+5 shows the Network page.
    h.key('5', alt=True)
    h.wait(lambda: h.has_state(h.find('page tab', 'Network'), 'selected'), what='the Network page')
    page = network(h)
    h.find('panel', root=people_list(h), contains='Priya Shah')
    h.screenshot('network-01-people')

    # A new person, a QI champion with two skills.
    h.click(h.find('push button', 'New person', page))
    person = person_page(h)
    h.find('label', 'New person: not saved until they have a name', page)
    h.set_text(h.find('text', 'Name (required)', person), NAME)
    h.set_text(h.find('text', 'Job title or role', person), 'Sepsis nurse specialist')
    h.set_text(h.find('text', 'Skills, separated by commas', person), SKILLS)
    h.click(h.find('check box', 'QI champion', person))
    saved(h, 'Network')
    [row] = people_named(h, NAME)
    record = h.cli_json('show', row['id'])
    assert record['champion'] == 'true', record
    assert record['skill'] == [{'text': 'process mapping'}, {'text': 'run charts'}], record
    person_id = row['id']
    h.find('panel', root=people_list(h), contains='Champion')
    h.find('label', 'Not on any project yet', person)

    # Onto the sepsis project's team, on the Projects page.
    h.click(h.find('page tab', 'Projects'))
    projects = h.page('Projects')
    h.mouse_click(h.find('panel', root=h.find('list', 'Projects', projects), contains='Sepsis screening'))
    project = h.find('panel', 'Project details', projects)
    h.click(h.find('push button', 'Add team member', project))
    entry = h.find('entry', 'Add team member', project)
    h.set_text(entry, 'Ayesha')
    h.settle(0.5)
    h.wait(lambda: h.has_state(entry, 'focused'), what='focus in the team member search')
    h.key('Return')
    h.set_text(h.find('text', f'{NAME}’s role', project), 'Data lead')
    saved(h, 'Projects')
    members = h.cli_json('show', ids['sepsis'])['member']
    assert {'ref': person_id, 'role': 'Data lead'} in members, members

    # Find people by skill; their page shows who is on what.
    page = show_network(h)
    h.set_text(h.find('entry', 'Search people and organisations', page), 'process mapping')
    h.gone('panel', root=people_list(h), contains='Priya Shah')
    h.mouse_click(h.find('panel', root=people_list(h), contains=NAME))
    person = person_page(h)
    h.find('list item', root=person, contains='Sepsis screening in ED')
    h.find('label', 'Member (Data lead)', person)
    h.screenshot('network-02-person')
    h.set_text(h.find('entry', 'Search people and organisations', page), '')

    # The coach's page shows the projects they coach and their sessions.
    h.mouse_click(h.find('panel', root=people_list(h), contains='Priya Shah'))
    person = person_page(h)
    h.wait(lambda: h.find_all('label', 'Coach', person), what='the coach role')
    h.find('list item', root=person, contains='Antimicrobial review at 72 hours')
    h.find('label', root=person, contains='As coach')

    # A new organisation, and a person in it.
    h.click(h.find('page tab', 'Organisations', page))
    h.click(h.find('push button', 'New organisation', page))
    organisation = h.find('panel', 'Organisation', page)
    h.find('label', 'New organisation: not saved until it has a name', page)
    h.set_text(h.find('text', 'Name (required)', organisation), ORGANISATION)
    h.set_text(h.find('text', 'Locality', organisation), 'Northshire')
    saved(h, 'Network')
    [org] = [o for o in h.cli_json('list', 'organisations') if o['title'] == ORGANISATION]
    h.click(h.find('push button', 'Add Person', organisation))
    person = person_page(h)
    h.set_text(h.find('text', 'Name (required)', person), 'Jo Bloggs')
    saved(h, 'Network')
    [jo] = people_named(h, 'Jo Bloggs')
    assert h.cli_json('show', jo['id'])['organisation'] == org['id']

    # Delete offers Undo.
    h.click(h.find('push button', 'Delete', page))
    undo = h.find('push button', contains='Undo')
    assert not people_named(h, 'Jo Bloggs'), 'not deleted'
    h.click(undo)
    h.wait(lambda: people_named(h, 'Jo Bloggs'), what='the person back')

    # Ctrl+N adds a person here.
    h.click(h.find('page tab', 'People', page))
    h.key('n', ctrl=True)
    h.find('label', 'New person: not saved until they have a name', page)
    h.quit()
    assert len(h.cli_json('list', 'people')) == 4

    for name, size, scheme in (('wide-light', (1280, 800), 'prefer-light'),
                               ('wide-dark', (1280, 800), 'prefer-dark'),
                               ('narrow-light', (360, 720), 'prefer-light'),
                               ('narrow-dark', (360, 720), 'prefer-dark')):
        screenshots(h, name, size, scheme)


if __name__ == '__main__':
    qcui.run(main, 'network')
