#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Resources library as a coach uses it: the region's list in a new
database; a new resource with a link and tags; finding it by tag (the tag
filter and the search); the projects and sessions that share its tags; a
link that cannot be opened is said so; required title; delete with Undo;
Ctrl+N. Checked with qi-coach-cli; screenshots wide and 360 px, light and
dark."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402

TITLE = 'Run chart rules explained'
URL = 'https://example.org/run-charts'


def page(h):
    return h.page('Resources')


def editor(h):
    return h.find('panel', 'Resource', page(h))


def resources_list(h):
    return h.find('list', 'Resources', page(h))


def saved(h):
    h.find('label', 'All changes saved', page(h), timeout=10)


def show_resources(h):
    h.click(h.find('page tab', 'Resources'))
    return page(h)


def by_title(h, title):
    return [r for r in h.cli_json('list', 'resources') if r['title'] == title]


def choose_in_dropdown(h, dropdown, position):
    """Opens a GtkDropDown and picks the item at @position with the
    keyboard (items in a popover report no position to click)."""
    h.click(h.find('push button', root=dropdown))
    h.settle(0.5)
    for _ in range(position):
        h.key('Down')
    h.key('Return')
    h.settle(0.5)


def all_tags(h):
    tags = set()
    for row in h.cli_json('list', 'resources'):
        tags.update(t['text'] for t in h.cli_json('show', row['id']).get('tag', []))
    return sorted(tags, key=lambda t: (t.lower(), t))


def screenshots(h, name, size, scheme):
    h.start(size=size, scheme=scheme)
    resources = show_resources(h)
    h.settle(0.8)
    h.screenshot(f'resources-{name}-list')
    h.mouse_click(h.find('panel', root=resources_list(h), contains=TITLE))
    h.find('label', 'All changes saved', resources)
    h.settle(0.8)
    h.screenshot(f'resources-{name}-resource')
    h.quit()


def main(h):
    h.cli('init')
    ids = qcui.seed(h)
    # A project and a session that share a tag with the new resource.
    h.cli('set', ids['falls'], '--tag', 'run charts', '--tag', 'falls')
    h.cli('set', ids['session'], '--topic', 'SPC')
    h.start()
    resources = show_resources(h)

    # Every new database starts with the region's shared list.
    h.find('panel', root=resources_list(h), contains='Institute for Healthcare Improvement')
    h.find('panel', root=resources_list(h), contains='Sheffield Microsystem Coaching Academy')
    h.screenshot('resources-01-library')

    # A new resource: not saved until it has a title.
    h.click(h.find('push button', 'New resource', resources))
    ed = editor(h)
    h.find('label', 'New resource: not saved until it has a title', resources)
    h.set_text(h.find('text', 'Link, starting with https:// or http://', ed), URL)
    h.find('label', contains='A resource needs a title', root=ed)
    h.set_text(h.find('text', 'Title (required)', ed), TITLE)
    h.set_text(h.find('text', 'Tags, separated by commas', ed), 'run charts, SPC')
    saved(h)
    [row] = by_title(h, TITLE)
    record = h.cli_json('show', row['id'])
    assert record['url'] == URL and record['kind'] == 'website', record
    assert record['tag'] == [{'text': 'run charts'}, {'text': 'SPC'}], record

    # The projects and sessions that share its tags.
    h.find('list item', root=ed, contains='Fewer falls on ward 7')
    h.find('list item', root=ed, contains='Fri 20 Nov')
    h.screenshot('resources-02-new')

    # A link that is not on the web cannot be opened, and the page says why.
    h.set_text(h.find('text', 'Link, starting with https:// or http://', ed), 'file:///etc/passwd')
    h.find('label', contains='Only web links starting with https:// or http:// can be opened', root=ed)
    h.wait(lambda: not h.has_state(h.find('push button', 'Open link in browser', ed), 'sensitive'),
           what='the open button disabled')
    h.set_text(h.find('text', 'Link, starting with https:// or http://', ed), URL)
    h.wait(lambda: h.has_state(h.find('push button', 'Open link in browser', ed), 'sensitive'),
           what='the open button enabled')
    saved(h)

    # Find it by tag: the tag filter...
    h.click(h.find('push button', 'Sort and filter resources', resources))
    choose_in_dropdown(h, h.find('combo box', 'Tag'), 1 + all_tags(h).index('SPC'))
    h.key('Escape')
    h.find('label', 'Only tagged “SPC”', resources)
    h.wait(lambda: len(h.find_all('panel', root=resources_list(h), contains='·')) >= 1, what='rows')
    rows = [r.name for r in h.find_all('panel', root=resources_list(h)) if r.name]
    assert any(TITLE in r for r in rows) and not any('Institute for Healthcare' in r for r in rows), rows
    h.screenshot('resources-03-by-tag')
    h.click(h.find('push button', 'Clear', resources))
    h.wait(lambda: not h.find_all('label', 'Only tagged “SPC”', resources)
           or h.extents(h.find_all('label', 'Only tagged “SPC”', resources)[0]).height == 0,
           what='the filter cleared')
    h.find('panel', root=resources_list(h), contains='Institute for Healthcare')
    # ...and the search, which covers tags.
    h.set_text(h.find('entry', 'Search resources', resources), 'SPC')
    h.gone('panel', root=resources_list(h), contains='Institute for Healthcare')
    h.find('panel', root=resources_list(h), contains=TITLE)
    h.set_text(h.find('entry', 'Search resources', resources), '')

    # Delete offers Undo.
    h.mouse_click(h.find('panel', root=resources_list(h), contains=TITLE))
    h.click(h.find('push button', 'Delete resource', resources))
    undo = h.find('push button', contains='Undo')
    assert not by_title(h, TITLE), 'not deleted'
    h.click(undo)
    h.wait(lambda: by_title(h, TITLE), what='the resource back')

    # Ctrl+N adds a resource on this page.
    h.key('n', ctrl=True)
    h.find('label', 'New resource: not saved until it has a title', resources)
    h.quit()
    assert len(h.cli_json('list', 'resources')) == 11, json.dumps(h.cli_json('list', 'resources'))

    for name, size, scheme in (('wide-light', (1280, 800), 'prefer-light'),
                               ('wide-dark', (1280, 800), 'prefer-dark'),
                               ('narrow-light', (360, 720), 'prefer-light'),
                               ('narrow-dark', (360, 720), 'prefer-dark')):
        screenshots(h, name, size, scheme)


if __name__ == '__main__':
    qcui.run(main, 'resources')
