#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Send by Email…, through the UI, with no real mail program.

1. Outside Flatpak the app runs `xdg-email`: a stub on PATH records its
   arguments. The call has --subject, --body, --attach PATH and the
   colleague's address; PATH is in the outbox
   ($XDG_CACHE_HOME/qi-coach/outbox), exists, and is a valid export.
2. The time of that export is remembered for the colleague: "Changes since
   the last export" then sends only what changed since.
3. Inside Flatpak the app asks the Email portal. A stand-in portal on the
   test's session bus (QI_COACH_EMAIL_PORTAL=1 makes the app use it here)
   receives ComposeEmail with the file as a file descriptor
   (attachment_fds) and answers on the request object.
4. When the mail program cannot be opened, the coach is told where the
   file is.
Screenshots: BUILD/ui-screenshots/email-*.png."""

import json
import os
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qcui  # noqa: E402

COLLEAGUE = 'bo.jones@example.nhs.uk'

STUB = """#!/usr/bin/python3
# A stand-in for xdg-email: records its arguments as one JSON line a call.
import json, sys
with open({log!r}, 'a', encoding='utf-8') as f:
    f.write(json.dumps(sys.argv[1:]) + '\\n')
sys.exit({status})
"""

PORTAL = r'''
import json, os, sys
from gi.repository import Gio, GLib

XML = """<node><interface name="org.freedesktop.portal.Email">
  <method name="ComposeEmail"><arg type="s" direction="in"/><arg type="a{sv}" direction="in"/>
    <arg type="o" direction="out"/></method>
  <property name="version" type="u" access="read"/></interface></node>"""
out = sys.argv[1]

def on_call(conn, sender, path, iface, method, params, invocation):
    parent, options = params.unpack()
    fds = invocation.get_message().get_unix_fd_list()
    attachments = []
    for index in options.get('attachment_fds', []):
        fd = fds.get(index)
        flags = __import__('fcntl').fcntl(fd, __import__('fcntl').F_GETFL)
        with os.fdopen(fd, 'rb') as f:
            attachments.append({'text': f.read().decode('utf-8'), 'writable': bool(flags & (os.O_WRONLY | os.O_RDWR))})
    request = '/org/freedesktop/portal/desktop/request/%s/%s' % (
        sender[1:].replace('.', '_'), options['handle_token'])
    with open(out, 'w') as f:
        json.dump({'parent': parent, 'address': options.get('address'), 'subject': options.get('subject'),
                   'body': options.get('body'), 'attachments': attachments}, f)
    invocation.return_value(GLib.Variant('(o)', (request,)))
    conn.emit_signal(sender, request, 'org.freedesktop.portal.Request', 'Response',
                     GLib.Variant('(ua{sv})', (0, {})))

def on_get(conn, sender, path, iface, prop):
    return GLib.Variant('u', 4)

def on_bus(conn, name):
    info = Gio.DBusNodeInfo.new_for_xml(XML).interfaces[0]
    conn.register_object('/org/freedesktop/portal/desktop', info, on_call, on_get, None)

def on_name(conn, name):
    print('ready', flush=True)

Gio.bus_own_name(Gio.BusType.SESSION, 'org.freedesktop.portal.Desktop', Gio.BusNameOwnerFlags.NONE,
                 on_bus, on_name, None)
GLib.MainLoop().run()
'''


def make_stub(h, status=0):
    folder = os.path.join(h.tmp, 'bin')
    os.makedirs(folder, exist_ok=True)
    log = os.path.join(h.tmp, 'xdg-email.log')
    path = os.path.join(folder, 'xdg-email')
    with open(path, 'w') as f:
        f.write(STUB.format(log=log, status=status))
    os.chmod(path, stat.S_IRWXU)
    if os.path.exists(log):
        os.remove(log)
    return folder, log


def calls(log):
    """The stub's calls: a list of argument lists."""
    if not os.path.exists(log):
        return []
    with open(log, encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def start(h, stub_folder, env=None):
    e = {name: os.path.join(h.tmp, folder) for name, folder in
         (('XDG_DATA_HOME', 'data'), ('XDG_CACHE_HOME', 'cache'), ('XDG_CONFIG_HOME', 'config'))}
    e['PATH'] = stub_folder + os.pathsep + os.environ.get('PATH', '/usr/bin:/bin')
    e.update(env or {})
    return h.start(env=e)


def send_by_email(h):
    """Main menu → Send by Email…"""
    h.mouse_click(h.find('push button', 'Main menu'))
    h.click(h.find('menu item', contains='Send by Email'))
    return h.find_window('Send Records by Email')


def arg_after(call, flag):
    return call[call.index(flag) + 1]


def main(h):
    ids = qcui.seed(h)
    stub_folder, log = make_stub(h)
    outbox = os.path.join(h.tmp, 'cache', 'qi-coach', 'outbox')

    # 1. xdg-email: everything, to a colleague.
    start(h, stub_folder)
    dlg = send_by_email(h)
    send = h.find('push button', 'Send…', dlg)
    assert not h.has_state(send, 'sensitive'), 'Send… works without a sender name'
    h.set_text(h.find('text', 'Your name (required)', dlg), 'Priya Shah')
    h.click(h.find('check box', 'Everything', dlg))
    h.set_text(h.find('text', 'Colleague’s email (optional)', dlg), COLLEAGUE)
    h.wait(lambda: h.has_state(send, 'sensitive'), what='Send… to be possible')
    assert not h.unnamed(dlg), h.unnamed(dlg)
    h.screenshot('email-01-send-dialog')
    h.click(send)
    h.find('label', contains='ready to send', root=h.window, timeout=30)
    h.screenshot('email-02-sent')
    made = calls(log)
    assert len(made) == 1, made
    call = made[0]
    attached = arg_after(call, '--attach')
    assert os.path.dirname(attached) == outbox, attached
    assert os.path.isfile(attached), attached
    h.cli('validate', attached)
    assert arg_after(call, '--subject') == 'QI Coach records from Priya Shah', call
    body = arg_after(call, '--body')
    assert os.path.basename(attached) in body and 'open the attached file' in body, body
    assert call[-1] == COLLEAGUE, call
    with open(attached, encoding='utf-8') as f:
        text = f.read()
    assert 'Fewer falls on ward 7' in text and 'Sepsis screening in ED' in text, 'not everything was sent'

    # 2. Later, one change; "Changes since the last export" sends only it.
    time.sleep(0.05)
    h.cli('set', ids['falls'], '--aim', 'Halve falls on ward 7 by June 2027')
    dlg = send_by_email(h)
    h.click(h.find('check box', 'Changes since the last export to a colleague', dlg))
    # The colleague from last time is offered.
    h.click(h.find('list item', COLLEAGUE, dlg))
    h.find('label', contains='only what changed since then will be exported', root=dlg)
    h.screenshot('email-03-changes-since')
    h.click(h.find('push button', 'Send…', dlg))
    h.find('label', 'Email with 1 record ready to send', root=h.window, timeout=30)
    made = calls(log)
    assert len(made) == 2, made
    second = arg_after(made[1], '--attach')
    assert second != attached and os.path.isfile(attached), 'the first file was overwritten'
    with open(second, encoding='utf-8') as f:
        text = f.read()
    assert 'Halve falls on ward 7' in text and 'Sepsis screening in ED' not in text, text
    h.quit()

    # 4. No mail program: the coach learns where the file is.
    stub_folder, log = make_stub(h, status=3)
    start(h, stub_folder)
    dlg = send_by_email(h)
    h.set_text(h.find('text', 'Your name (required)', dlg), 'Priya Shah')
    h.click(h.find('check box', 'Everything', dlg))
    h.click(h.find('push button', 'Send…', dlg))
    alert = h.find_window('Could Not Open Your Email Program')
    h.find('label', contains='No email program is set up on this computer', root=alert)
    h.find('label', contains=outbox, root=alert)
    h.screenshot('email-04-no-mail-program')
    h.click(h.find('push button', contains='Close', root=alert))
    h.settle(0.5)
    h.click(h.find('push button', 'Cancel', dlg))
    h.settle(0.5)
    h.quit()

    # 3. The Email portal, as inside Flatpak.
    portal_out = os.path.join(h.tmp, 'portal.json')
    portal = subprocess.Popen(['/usr/bin/python3', '-c', PORTAL, portal_out], stdout=subprocess.PIPE, text=True)
    try:
        assert portal.stdout.readline().strip() == 'ready', 'the stand-in portal did not start'
        stub_folder, log = make_stub(h)
        start(h, stub_folder, env={'QI_COACH_EMAIL_PORTAL': '1'})
        dlg = send_by_email(h)
        h.set_text(h.find('text', 'Your name (required)', dlg), 'Priya Shah')
        h.click(h.find('check box', 'Chosen projects', dlg))
        h.click(h.find('check box', 'Sepsis screening in ED', dlg))
        h.set_text(h.find('text', 'Colleague’s email (optional)', dlg), COLLEAGUE)
        h.click(h.find('push button', 'Send…', dlg))
        h.find('label', contains='ready to send', root=h.window, timeout=30)
        h.quit()
        assert calls(log) == [], 'xdg-email was run although the portal was there'
        with open(portal_out, encoding='utf-8') as f:
            got = json.load(f)
        assert got['subject'] == 'QI Coach records from Priya Shah', got
        assert got['address'] == COLLEAGUE, got
        assert 'the project Sepsis screening in ED' in got['body'], got['body']
        assert len(got['attachments']) == 1 and not got['attachments'][0]['writable'], got['attachments']
        sent = os.path.join(h.tmp, 'from-portal.qicoach')
        with open(sent, 'w', encoding='utf-8') as f:
            f.write(got['attachments'][0]['text'])
        h.cli('validate', sent)
        assert 'Sepsis screening in ED' in got['attachments'][0]['text']
        assert 'Fewer falls on ward 7' not in got['attachments'][0]['text']
    finally:
        portal.terminate()
        portal.wait(5)


qcui.run(main, 'email')
