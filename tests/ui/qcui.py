# SPDX-License-Identifier: GPL-3.0-or-later
"""A small harness that drives QI Coach the way a person does, through the
accessibility tree (AT-SPI), under its own Xvfb and D-Bus session.

A test script calls run(main): outside a session it starts Xvfb (-displayfd)
and re-runs itself inside `dbus-run-session`; inside, main(h) gets a Harness
that starts the app, finds widgets by role and accessible name, clicks,
types, presses keys, checks the database with qi-coach-cli and saves
screenshots. On failure it saves a screenshot and prints the tree.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

TIMEOUT = float(os.environ.get('QC_UI_TIMEOUT', '20'))


class UiError(AssertionError):
    pass


# X keysyms of the keys the tests press (letters and digits are their ASCII code).
KEYSYMS = {
    'Return': 0xff0d, 'Tab': 0xff09, 'Escape': 0xff1b, 'Delete': 0xffff, 'BackSpace': 0xff08,
    'Up': 0xff52, 'Down': 0xff54, 'Left': 0xff51, 'Right': 0xff53, 'Home': 0xff50, 'End': 0xff57,
    'Page_Up': 0xff55, 'Page_Down': 0xff56, 'F1': 0xffbe, 'F10': 0xffc7, 'space': 0x20,
    'question': 0x3f, 'comma': 0x2c,
}


def run(main, name):
    """Entry point of a test script: SCRIPT --build-root DIR."""
    if '--build-root' in sys.argv:
        os.environ['QC_BUILD_ROOT'] = os.path.abspath(sys.argv[sys.argv.index('--build-root') + 1])
    if os.environ.get('QC_UI_INNER') != '1':
        sys.exit(_outer(name))
    sys.exit(_inner(main, name))


def _outer(name):
    for tool in ('Xvfb', 'dbus-run-session'):
        if shutil.which(tool) is None:
            print(f'SKIP: {tool} not found; build-aux/install-deps.sh installs it')
            return 77
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(['Xvfb', '-displayfd', str(write_fd), '-screen', '0', '1280x800x24',
                             '-nolisten', 'tcp', '-noreset'],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    display = b''
    with os.fdopen(read_fd, 'rb') as f:
        while not display.endswith(b'\n'):
            chunk = f.read(1)
            if not chunk:
                break
            display += chunk
    if not display.strip():
        xvfb.kill()
        print('FAIL: Xvfb did not start')
        return 1
    env = dict(os.environ)
    env['DISPLAY'] = ':' + display.decode().strip()
    env['QC_UI_INNER'] = '1'
    env.pop('NO_AT_BRIDGE', None)
    env.pop('DBUS_SESSION_BUS_ADDRESS', None)
    try:
        return subprocess.call(['dbus-run-session', '--', sys.executable] + sys.argv, env=env)
    finally:
        xvfb.terminate()
        try:
            xvfb.wait(5)
        except subprocess.TimeoutExpired:
            xvfb.kill()


def _inner(main, name):
    h = Harness(name)
    try:
        main(h)
        print(f'OK: {name}')
        return 0
    except Exception:
        traceback.print_exc()
        h.on_failure()
        return 1
    finally:
        h.close()


class Harness:
    def __init__(self, name):
        self.name = name
        self.build_root = os.environ['QC_BUILD_ROOT']
        self.app_path = os.path.join(self.build_root, 'src', 'app', 'qi-coach')
        self.cli_path = os.path.join(self.build_root, 'src', 'cli', 'qi-coach-cli')
        self.shots = os.path.join(self.build_root, 'ui-screenshots')
        os.makedirs(self.shots, exist_ok=True)
        self.tmp = tempfile.mkdtemp(prefix='qc-ui-')
        self.db = os.path.join(self.tmp, 'qi-coach.db')
        self.proc = None
        self.size = (1280, 800)
        # The accessibility bus is started on demand by GTK; start it now
        # so the harness and the app share it from the first call.
        launcher = '/usr/libexec/at-spi-bus-launcher'
        self.bus = subprocess.Popen([launcher, '--launch-immediately']) if os.path.exists(launcher) else None
        time.sleep(0.3)
        import pyatspi  # after DISPLAY and the session bus are set
        self.at = pyatspi
        self.registry = pyatspi.Registry

    # Process control

    def start(self, size=(1280, 800), scheme=None, args=(), env=None):
        self.size = size
        e = dict(os.environ)
        e.update({
            'GSETTINGS_BACKEND': 'memory',
            'GSETTINGS_SCHEMA_DIR': os.path.join(self.build_root, 'data'),
            'GSK_RENDERER': 'cairo',
            'GTK_A11Y': 'atspi',
            'QI_COACH_DB': self.db,
            'QI_COACH_WINDOW_SIZE': f'{size[0]}x{size[1]}',
            'LC_ALL': 'C.UTF-8',
            'G_DEBUG': 'fatal-criticals' if os.environ.get('QC_UI_FATAL', '1') == '1' else '',
        })
        e.pop('NO_AT_BRIDGE', None)
        if scheme:
            e['ADW_DEBUG_COLOR_SCHEME'] = scheme
        if env:
            e.update(env)
        self.log = open(os.path.join(self.tmp, 'app.log'), 'a')
        self.proc = subprocess.Popen([self.app_path] + list(args), env=e,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.window = self.wait(lambda: self._find_window(), what='the main window')
        return self.window

    def _find_window(self):
        if self.proc.poll() is not None:
            raise UiError(f'the app exited with {self.proc.returncode}: {self.app_log()}')
        desktop = self.registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is None or app.name != 'qi-coach':
                continue
            for j in range(app.childCount):
                frame = app.getChildAtIndex(j)
                if frame is not None and frame.getRoleName() in ('frame', 'dialog', 'alert'):
                    self.app = app
                    return frame
        return None

    def windows(self):
        return [self.app.getChildAtIndex(j) for j in range(self.app.childCount)]

    def find_window(self, name, timeout=TIMEOUT):
        return self.wait(lambda: next((w for w in self.windows() if w is not None and w.name == name), None),
                         timeout, what=f'window “{name}”')

    def quit(self):
        """Ctrl+Q, as a person would; the app must exit cleanly."""
        if self.proc is None:
            return
        self.key('q', ctrl=True)
        try:
            rc = self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise UiError('the app did not quit on Ctrl+Q')
        self.proc = None
        if rc != 0:
            raise UiError(f'the app exited with {rc}: {self.app_log()}')

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None

    def close(self):
        self.kill()
        if self.bus is not None:
            self.bus.terminate()
        if os.environ.get('QC_UI_KEEP') != '1':
            shutil.rmtree(self.tmp, ignore_errors=True)

    def app_log(self):
        try:
            with open(os.path.join(self.tmp, 'app.log')) as f:
                return f.read()[-4000:]
        except OSError:
            return ''

    # Waiting

    def wait(self, predicate, timeout=TIMEOUT, what='a condition'):
        deadline = time.monotonic() + timeout
        delay = 0.05
        last_error = None
        while True:
            try:
                result = predicate()
                if result:
                    return result
            except UiError:
                raise
            except Exception as e:  # the tree changes under us
                last_error = e
            if time.monotonic() > deadline:
                raise UiError(f'timed out waiting for {what}' + (f' ({last_error})' if last_error else ''))
            time.sleep(delay)
            delay = min(delay * 1.5, 0.4)

    # Finding

    def iter_tree(self, root, max_depth=60):
        stack = [(root, 0)]
        while stack:
            acc, depth = stack.pop()
            if acc is None:
                continue
            yield acc
            if depth >= max_depth:
                continue
            try:
                n = acc.childCount
            except Exception:
                continue
            for i in reversed(range(n)):
                try:
                    stack.append((acc.getChildAtIndex(i), depth + 1))
                except Exception:
                    pass

    def find_all(self, role=None, name=None, root=None, contains=None):
        root = root or self.window
        found = []
        for acc in self.iter_tree(root):
            try:
                if role is not None and acc.getRoleName() != role:
                    continue
                acc_name = acc.name or ''
                if name is not None and acc_name != name:
                    continue
                if contains is not None and contains not in acc_name:
                    continue
            except Exception:
                continue
            found.append(acc)
        return found

    def find(self, role=None, name=None, root=None, contains=None, timeout=TIMEOUT, index=0):
        what = f'{role or "widget"} “{name or contains}”'
        return self.wait(lambda: (self.find_all(role, name, root, contains) + [None] * (index + 1))[index],
                         timeout, what=what)

    def gone(self, role=None, name=None, root=None, contains=None, timeout=TIMEOUT):
        self.wait(lambda: not self.find_all(role, name, root, contains), timeout,
                  what=f'{role or "widget"} “{name or contains}” to go away')

    def list_row(self, page, list_name, text):
        """A row of a list of records (its accessible name is its whole line)."""
        return self.find('panel', root=self.find('list', list_name, self.page(page)), contains=text)

    INTERACTIVE = ('push button', 'toggle button', 'check box', 'radio button', 'entry', 'text',
                   'combo box', 'spin button', 'page tab', 'list', 'menu item', 'switch', 'slider')

    def unnamed(self, root):
        """Interactive widgets without an accessible name under @root."""
        missing = []
        for acc in self.iter_tree(root):
            try:
                name = (acc.name or '').strip()
                role = acc.getRoleName()
                # The lists inside libadwaita's combo and expander rows are
                # its own parts; the rows around them have the names.
                if role == 'list' and name in ('GtkListView', 'GtkListBox'):
                    continue
                # GTK falls back to the class name (“GtkButton”): no name for a person.
                if role in self.INTERACTIVE and (not name or name.startswith(('Gtk', 'Adw', 'Qc'))):
                    parent = acc.parent
                    missing.append(f'{acc.getRoleName()} in {parent.getRoleName()} “{parent.name}”')
            except Exception:
                continue
        return missing

    def page(self, name):
        """The container of a view stack page (QcProjectsPage...)."""
        return self.find('panel', name)

    # Acting

    def actions(self, acc):
        try:
            action = acc.queryAction()
            return [action.getName(i) for i in range(action.nActions)]
        except NotImplementedError:
            return []

    def click(self, acc):
        """Activates a button the way assistive technology does."""
        names = self.actions(acc)
        for wanted in ('click', 'activate', 'press', 'toggle'):
            if wanted in names:
                acc.queryAction().doAction(names.index(wanted))
                return
        self.mouse_click(acc)

    def center(self, acc):
        ext = acc.queryComponent().getExtents(self.at.WINDOW_COORDS)
        return ext.x + ext.width // 2, ext.y + ext.height // 2

    def extents(self, acc):
        return acc.queryComponent().getExtents(self.at.WINDOW_COORDS)

    def scroll_into_view(self, acc):
        """Scrolls with the mouse wheel, as a person would, until @acc shows."""
        pane = acc.parent
        while pane is not None and pane.getRoleName() != 'scroll pane':
            pane = pane.parent
        if pane is None:
            return
        for _ in range(200):
            view = self.extents(pane)
            ext = self.extents(acc)
            top, bottom = view.y + 8, view.y + view.height - 8
            middle = ext.y + ext.height // 2
            if top <= middle <= bottom and ext.height > 0:
                return
            button = 'b5c' if middle > bottom else 'b4c'
            self.registry.generateMouseEvent(view.x + view.width // 2, view.y + view.height // 2, button)
            time.sleep(0.03)
        raise UiError(f'could not scroll “{acc.name}” into view')

    def mouse_click(self, acc, double=False):
        self.scroll_into_view(acc)
        time.sleep(0.2)
        x, y = self.center(acc)
        self.registry.generateMouseEvent(x, y, 'b1d' if double else 'b1c')
        time.sleep(0.15)

    def set_text(self, acc, text):
        acc.queryEditableText().setTextContents(text)

    def text_of(self, acc):
        t = acc.queryText()
        return t.getText(0, t.characterCount)

    def type_text(self, text):
        self.registry.generateKeyboardEvent(0, text, self.at.KEY_STRING)
        time.sleep(0.1)

    MODS = {'ctrl': 1 << 2, 'alt': 1 << 3, 'shift': 1 << 0}

    def key(self, keysym, ctrl=False, alt=False, shift=False):
        """Presses a key by its keysym name (e.g. 'Delete', 'n', 'F1')."""
        mask = (self.MODS['ctrl'] if ctrl else 0) | (self.MODS['alt'] if alt else 0) | \
               (self.MODS['shift'] if shift else 0)
        keyval = KEYSYMS.get(keysym, ord(keysym[0]) if len(keysym) == 1 else None)
        if keyval is None:
            raise UiError(f'unknown key {keysym}')
        if mask:
            self.registry.generateKeyboardEvent(mask, None, self.at.KEY_LOCKMODIFIERS)
        self.registry.generateKeyboardEvent(keyval, None, self.at.KEY_SYM)
        if mask:
            self.registry.generateKeyboardEvent(mask, None, self.at.KEY_UNLOCKMODIFIERS)
        time.sleep(0.15)

    def focus(self, acc):
        """Puts the keyboard focus in a widget by clicking it."""
        self.mouse_click(acc)
        self.wait(lambda: self.has_state(acc, 'focused'), what=f'focus in “{acc.name}”')

    def has_state(self, acc, state):
        states = acc.getState().getStates()
        return any(self.at.stateToString(s) == state for s in states)

    # The database, through the CLI

    def cli(self, *args):
        out = subprocess.run([self.cli_path, '--db', self.db] + list(args),
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise UiError(f'qi-coach-cli {" ".join(args)} failed: {out.stderr}')
        return out.stdout

    def cli_json(self, *args):
        return json.loads(self.cli(*args, '--json'))

    # Screenshots and diagnostics

    def screenshot(self, name, size=None):
        w, h = size or self.size
        path = os.path.join(self.shots, f'{name}.png')
        subprocess.run(['import', '-window', 'root', '-crop', f'{w}x{h}+0+0', '+repage', path],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return path

    def settle(self, seconds=0.6):
        """Lets animations and the autosave pause finish."""
        time.sleep(seconds)

    def dump(self, root=None, depth=0, max_lines=1500):
        lines = []

        def walk(acc, d):
            if len(lines) > max_lines or acc is None:
                return
            try:
                states = [self.at.stateToString(s) for s in acc.getState().getStates()
                          if self.at.stateToString(s) in ('focused', 'selected', 'checked', 'sensitive')]
                lines.append('  ' * d + f'{acc.getRoleName()} “{acc.name}” {",".join(states)} {self.actions(acc)}')
                for i in range(acc.childCount):
                    walk(acc.getChildAtIndex(i), d + 1)
            except Exception as e:
                lines.append('  ' * d + f'(gone: {e})')

        walk(root or getattr(self, 'app', None), depth)
        return '\n'.join(lines)

    def on_failure(self):
        path = self.screenshot(f'FAILED-{self.name}')
        print(f'Screenshot of the failure: {path}')
        try:
            print(self.dump())
        except Exception as e:
            print(f'(no accessibility tree: {e})')
        print('--- app log ---')
        print(self.app_log())


def seed(h):
    """A small region's worth of records, made with qi-coach-cli: an
    organisation, people, three projects (one with its driver diagram, a
    measure, two PDSA cycles and a session). Returns the ids by name."""
    ids = {}

    def add(key, kind, *fields):
        ids[key] = h.cli('add', kind, *fields).strip()
        return ids[key]

    add('trust', 'organisation', '--name', 'Northshire Acute NHS Trust', '--kind', 'acute')
    add('community', 'organisation', '--name', 'Northshire Community Services', '--kind', 'community')
    add('priya', 'person', '--name', 'Priya Shah', '--email', 'priya.shah@example.nhs.uk',
        '--coach', 'true', '--organisation', ids['trust'])
    add('sam', 'person', '--name', 'Sam Okafor', '--role', 'Charge nurse', '--organisation', ids['trust'])
    add('sepsis', 'project', '--title', 'Sepsis screening in ED',
        '--aim', 'Screen 95% of adults with suspected sepsis within 1 hour of arrival by March 2027',
        '--problem', 'Only 61% of adults with red flags are screened within the hour',
        '--theme', 'Sepsis', '--status', 'active', '--progress', '2.5', '--organisation', ids['trust'],
        '--coach', ids['priya'], '--lead', ids['sam'], '--start', '2026-01-12', '--target', '2027-03-31',
        '--tag', 'ED', '--tag', 'deterioration',
        '--member', json.dumps({'ref': ids['sam'], 'role': 'Project lead'}),
        '--score', json.dumps({'date': '2026-02-01', 'value': '1.5'}),
        '--score', json.dumps({'date': '2026-05-01', 'value': '2.0'}),
        '--score', json.dumps({'date': '2026-09-01', 'value': '2.5'}))
    # A driver diagram, with ids so the parents can be given.
    triage, red_flags, idea, antibiotics, bags = (str(uuid.uuid4()) for _ in range(5))
    drivers = [
        {'id': triage, 'kind': 'primary', 'text': 'Reliable triage'},
        {'id': red_flags, 'kind': 'secondary', 'parent': triage, 'text': 'Nurses recognise red flags'},
        {'id': idea, 'kind': 'change-idea', 'parent': red_flags, 'text': 'Screening tool at triage'},
        {'id': antibiotics, 'kind': 'primary', 'text': 'Timely antibiotics'},
        {'id': bags, 'kind': 'change-idea', 'parent': antibiotics, 'text': 'Sepsis grab bags in resus'},
    ]
    args = []
    for d in drivers:
        args += ['--driver', json.dumps(d)]
    h.cli('set', ids['sepsis'], *args)
    ids['idea'] = idea
    add('measure', 'measure', '--project', ids['sepsis'], '--name', 'Screened within 1 hour',
        '--kind', 'process', '--unit', '%', '--direction', 'increase', '--chart', 'p')
    add('cycle1', 'pdsa', '--project', ids['sepsis'], '--title', 'Screening tool on one shift',
        '--number', '1', '--change-idea', idea, '--purpose', 'test', '--stage', 'done',
        '--objective', 'Can triage nurses use the tool within 5 minutes?', '--act-decision', 'adapt',
        '--question', json.dumps({'text': 'Is it quick enough?', 'prediction': 'Yes, 8 in 10',
                                  'finding': '19 of 23'}))
    add('cycle2', 'pdsa', '--project', ids['sepsis'], '--title', 'Screening tool on nights',
        '--number', '2', '--change-idea', idea, '--purpose', 'test', '--stage', 'do',
        '--question', json.dumps({'text': 'Is it quick enough at night?', 'prediction': 'Yes'}),
        '--task', json.dumps({'text': 'Brief the night team', 'who': ids['priya'], 'due': '2026-12-01',
                              'done': 'false'}))
    add('session', 'session', '--date', '2026-11-20T10:00:00.000Z', '--minutes', '45', '--mode', 'video',
        '--phase', 'action', '--coach', ids['priya'], '--project', ids['sepsis'])
    add('falls', 'project', '--title', 'Fewer falls on ward 7', '--theme', 'Falls', '--status', 'idea',
        '--progress', '1.0', '--organisation', ids['community'])
    add('amr', 'project', '--title', 'Antimicrobial review at 72 hours',
        '--theme', 'Antimicrobial stewardship', '--status', 'on-hold', '--progress', '3.0',
        '--organisation', ids['trust'], '--coach', ids['priya'])
    return ids
