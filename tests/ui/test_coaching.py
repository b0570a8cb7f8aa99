#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Coaching page as a coach uses it: a new session about a project
(whose team comes along as attendees), two agreed actions, one ticked done,
the private reflection; upcoming and past sessions; the open actions across
sessions with Undo; delete with Undo; Ctrl+N. The database is checked with
qi-coach-cli, the reflection is never exported, and the page is saved as
screenshots, wide and 360 px, light and dark."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402

FIRST = 'Print the screening forms'
SECOND = 'Brief the night team'
REFLECTION = 'I rushed the run chart; ask more questions next time.'
ENV = {'TZ': 'UTC'}


def page(h):
    return h.page('Coaching')


def editor(h):
    return h.find('panel', 'Coaching session', page(h))


def saved(h):
    h.find('label', 'All changes saved', page(h), timeout=10)


def show_coaching(h):
    h.click(h.find('page tab', 'Coaching'))
    return page(h)


def choose(h, root, chooser_label, text):
    """Picks a record in a QcRecordChooser: open it, type, Enter."""
    # The chooser's own button (the one with an action: in a popover,
    # positions are unknown, so nothing can be clicked by place).
    button = h.wait(lambda: next((b for b in h.find_all('push button', chooser_label, root)
                                  if 'click' in h.actions(b)), None), what=f'the “{chooser_label}” button')
    h.click(button)
    # Its list opens with the keyboard focus in its search entry (a nested
    # popover may sit outside @root in the tree).
    entry = h.wait(lambda: next((e for e in h.find_all('entry', chooser_label)
                                 if h.has_state(e, 'focused')), None),
                   what=f'focus in “{chooser_label}”')
    h.set_text(entry, text)
    h.settle(0.5)
    # Enter picks the first match.
    h.key('Return')
    h.settle(0.3)


def session_by_date(h, date):
    for row in h.cli_json('list', 'sessions'):
        record = h.cli_json('show', row['id'])
        if record['date'] == date:
            return record
    raise qcui.UiError(f'no session on {date}')


def screenshots(h, name, ids, size, scheme):
    """The list, the editor and the open actions at one size and style."""
    h.start(size=size, scheme=scheme, env=ENV)
    coaching = show_coaching(h)
    h.settle(0.8)
    h.screenshot(f'coaching-{name}-list')
    row = h.find('panel', root=h.find('list', 'Coaching sessions', coaching), contains='Sepsis screening')
    h.mouse_click(row)
    ed = editor(h)
    h.find('label', 'All changes saved', coaching)
    h.settle(0.8)
    h.screenshot(f'coaching-{name}-session')
    h.find('label', 'Private: never exported', ed)
    h.scroll_into_view(h.find('label', contains='Last changed', root=ed))
    h.settle(0.5)
    h.screenshot(f'coaching-{name}-session-end')
    back = h.find_all('push button', 'Back to sessions', coaching)
    if back and h.extents(back[0]).width > 0:
        h.click(back[0])
        h.settle(0.5)
    h.click(h.find('page tab', 'Open Actions', coaching))
    h.settle(0.8)
    h.screenshot(f'coaching-{name}-actions')
    h.quit()


def main(h):
    h.cli('init')
    ids = qcui.seed(h)
    h.start(env=ENV)
    coaching = show_coaching(h)

    # The seeded session is in the past; the list says so.
    h.find('label', 'Past', coaching)
    h.screenshot('coaching-01-list')

    # A new session about the sepsis project.
    h.click(h.find('push button', 'New session', coaching))
    ed = editor(h)
    h.find('label', 'New session: saved when you change something', coaching)
    h.set_text(h.find('text', 'Date (required)', ed), '2026-12-03')
    h.set_text(h.find('text', 'Start time, 24-hour clock (required)', ed), '14:30')
    choose(h, ed, 'Add project', 'Sepsis')
    # The project's team comes along as attendees.
    h.find('label', 'Sam Okafor', ed)

    # Two agreed actions; the first is done.
    h.click(h.find('push button', 'Add Action', ed))
    h.set_text(h.find('text', 'Action 1', ed), FIRST)
    h.set_text(h.find('text', 'Due date', ed), '2026-12-10')
    h.click(h.find('push button', 'Add Action', ed))
    h.set_text(h.find('text', 'Action 2', ed), SECOND)
    done = h.find('check box', 'Action 1 done', ed)
    h.click(done)
    h.wait(lambda: h.has_state(done, 'checked'), what='action 1 ticked')

    # The private reflection, visibly marked.
    h.find('label', 'Private: never exported', ed)
    reflection = h.find('text', contains='For your own supervision', root=ed)
    h.set_text(reflection, REFLECTION)
    saved(h)
    h.screenshot('coaching-02-new-session')

    session = session_by_date(h, '2026-12-03T14:30:00.000Z')
    assert [p['ref'] for p in session['project']] == [ids['sepsis']], session
    assert {'ref': ids['sam']} in session['attendee'], session
    actions = {a['text']: a for a in session['action']}
    assert actions[FIRST]['done'] == 'true' and actions[FIRST]['due'] == '2026-12-10', actions
    assert actions[SECOND]['done'] == 'false', actions
    assert session['reflection'] == REFLECTION, session
    # Save as you go: a burst of edits makes few versions, not one per key.
    history = h.cli_json('history', session['id'])
    assert len(history) <= 8, f'{len(history)} versions for one session'

    # The private reflection never leaves the database.
    export = os.path.join(h.tmp, 'export.qicoach')
    h.cli('export', '-o', export)
    with open(export, encoding='utf-8') as f:
        text = f.read()
    assert FIRST in text and REFLECTION not in text and 'reflection' not in text

    # Upcoming and past, each row with its open actions.
    sessions = h.find('list', 'Coaching sessions', coaching)
    h.find('label', 'Upcoming', sessions)
    h.find('panel', root=sessions, contains='1 open action')

    # Open actions across sessions, overdue first; tick one, then undo.
    h.click(h.find('page tab', 'Open Actions', coaching))
    actions_list = h.find('list', 'Open actions', coaching)
    h.find('list item', root=actions_list, contains=SECOND)
    assert not h.find_all('list item', root=actions_list, contains=FIRST), 'a done action is listed'
    h.screenshot('coaching-03-open-actions')
    h.click(h.find('check box', f'Mark “{SECOND}” done', actions_list))
    h.gone('list item', root=actions_list, contains=SECOND)
    undo = h.find('push button', contains='Undo')
    assert session_by_date(h, '2026-12-03T14:30:00.000Z')['action'][1]['done'] == 'true'
    h.click(undo)
    h.wait(lambda: session_by_date(h, '2026-12-03T14:30:00.000Z')['action'][1]['done'] == 'false',
           what='the action open again')
    h.find('list item', root=actions_list, contains=SECOND)
    h.click(h.find('page tab', 'Sessions', coaching))

    # Delete asks nothing but offers Undo.
    h.click(h.find('push button', 'Delete session', coaching))
    undo = h.find('push button', contains='Undo')
    assert len(h.cli_json('list', 'sessions')) == 1, 'the session is not deleted'
    h.click(undo)
    h.wait(lambda: len(h.cli_json('list', 'sessions')) == 2, what='the session back')

    # Ctrl+N records a new session on this page.
    h.key('n', ctrl=True)
    h.find('label', 'New session: saved when you change something', coaching)

    # While the list shows one project's sessions, a new session is about
    # that project, with its team (as from the project's own page).
    h.click(h.find('push button', 'Filter sessions', coaching))
    choose(h, coaching, 'Project', 'Sepsis')
    h.key('Escape')
    h.find('label', 'Only Sepsis screening in ED', coaching)
    h.click(h.find('push button', 'New session', coaching))
    ed = editor(h)
    h.wait(lambda: h.find_all('list item', 'Sepsis screening in ED', ed), what='the project in the new session')
    h.find('list item', 'Sam Okafor', ed)
    # The phase and mode carry on from the project's last session.
    h.find('label', 'Action phase', ed)
    h.find('label', 'Video', ed)
    h.screenshot('coaching-04-from-project')
    h.quit()
    assert len(h.cli_json('list', 'sessions')) == 2, 'an untouched new session was stored'

    # Wide and 360 px, light and dark.
    for name, size, scheme in (('wide-light', (1280, 800), 'prefer-light'),
                               ('wide-dark', (1280, 800), 'prefer-dark'),
                               ('narrow-light', (360, 720), 'prefer-light'),
                               ('narrow-dark', (360, 720), 'prefer-dark')):
        screenshots(h, name, ids, size, scheme)


if __name__ == '__main__':
    qcui.run(main, 'coaching')
