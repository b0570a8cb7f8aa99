#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the app id and names agree across the desktop entry, the
AppStream metadata, the GSettings schema, the MIME type, the icons and the
Flatpak manifests, and that the manifests grant only the allowed permissions.

Reads only the source tree (--source-root) and the built files given on the
command line. Prints every problem found, then exits 1 if there was any.
"""

import argparse
import configparser
import json
import os
import sys
import xml.etree.ElementTree as ET

ALLOWED_FINISH_ARGS = ['--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri']
RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
RUNTIME_VERSION = '47'
COMMAND = 'qi-coach'
MIME_TYPE = 'application/x-qicoach+xml'
MIME_NS = '{http://www.freedesktop.org/standards/shared-mime-info}'
EXCHANGE_NS = 'urn:x-qicoach:exchange:1'
SVG_NS = '{http://www.w3.org/2000/svg}'

SCHEMA_KEYS = {
    # name: (type or 'enum', default as written)
    'window-width': ('i', '1100'),
    'window-height': ('i', '720'),
    'window-maximized': ('b', 'false'),
    'coach-name': ('s', "''"),
    'coach-email': ('s', "''"),
    'coach-organisation': ('s', "''"),
    'default-export-scope': ('enum', "'everything'"),
    'last-export-times': ('a{ss}', '{}'),
    'chart-rules': ('a{ss}', '{}'),
}
EXPORT_SCOPES = ['everything', 'changes-since-last-export']


class Checker:
    def __init__(self):
        self.failures = 0
        self.passes = 0

    def check(self, ok, what, detail=''):
        if ok:
            self.passes += 1
        else:
            self.failures += 1
            print(f'FAIL: {what}' + (f': {detail}' if detail else ''))
        return ok


def load_desktop(path):
    parser = configparser.RawConfigParser(interpolation=None, strict=True)
    parser.optionxform = str   # keys are case-sensitive
    with open(path, encoding='utf-8') as f:
        parser.read_file(f)
    return parser['Desktop Entry']


def check_manifest(c, path, expected_id, development):
    name = os.path.basename(path)
    if not c.check(os.path.isfile(path), f'{name} exists'):
        return
    try:
        with open(path, encoding='utf-8') as f:
            m = json.load(f)
    except ValueError as e:
        c.check(False, f'{name} is valid JSON', str(e))
        return
    manifest_id = m.get('id', m.get('app-id'))
    c.check(manifest_id == expected_id, f'{name}: id', f'{manifest_id!r}, expected {expected_id!r}')
    c.check(not ('id' in m and 'app-id' in m), f'{name}: only one of "id" and "app-id"')
    c.check(expected_id + '.json' == name, f'{name}: file named after its id')
    c.check(m.get('runtime') == RUNTIME, f'{name}: runtime', repr(m.get('runtime')))
    c.check(m.get('runtime-version') == RUNTIME_VERSION, f'{name}: runtime-version',
            f'{m.get("runtime-version")!r}, expected the string {RUNTIME_VERSION!r}')
    c.check(m.get('sdk') == SDK, f'{name}: sdk', repr(m.get('sdk')))
    c.check(m.get('command') == COMMAND, f'{name}: command', repr(m.get('command')))

    finish_args = m.get('finish-args', [])
    c.check(sorted(finish_args) == sorted(ALLOWED_FINISH_ARGS),
            f'{name}: finish-args must be exactly {", ".join(ALLOWED_FINISH_ARGS)}',
            'found ' + (', '.join(finish_args) or 'none'))
    extra = [a for a in finish_args if a not in ALLOWED_FINISH_ARGS]
    c.check(not extra, f'{name}: no permissions beyond the allowed ones', ', '.join(extra))

    modules = m.get('modules', [])
    if not c.check(isinstance(modules, list) and modules, f'{name}: has modules'):
        return
    app = modules[-1]
    if not c.check(isinstance(app, dict), f'{name}: the last module is inline, not a file'):
        return
    c.check(app.get('name') == 'qi-coach', f'{name}: the last module is qi-coach', repr(app.get('name')))
    c.check(app.get('buildsystem') == 'meson', f'{name}: qi-coach builds with meson')
    c.check({'type': 'dir', 'path': '..'} in app.get('sources', []),
            f'{name}: qi-coach is built from the checkout (sources: dir "..")')
    opts = app.get('config-opts', [])
    c.check(('-Ddevelopment=true' in opts) == development,
            f'{name}: -Ddevelopment=true ' + ('present' if development else 'absent'), ' '.join(opts))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--source-root', required=True)
    p.add_argument('--app-id', required=True, help='app id of this build')
    p.add_argument('--app-id-base', required=True)
    p.add_argument('--version', required=True, help='the project version')
    p.add_argument('--gettext-package', required=True)
    p.add_argument('--desktop', required=True, help='the built desktop entry')
    p.add_argument('--metainfo', required=True, help='the built metainfo file')
    p.add_argument('--mime', required=True, help='the built MIME XML')
    a = p.parse_args()

    c = Checker()
    root = os.path.abspath(a.source_root)
    data = os.path.join(root, 'data')
    base = a.app_id_base
    c.check(a.app_id in (base, base + '.Devel'), 'app id is the base id or its .Devel variant', a.app_id)

    # Source files are all named after the base id
    sources = {
        'desktop entry': os.path.join(data, base + '.desktop.in'),
        'metainfo': os.path.join(data, base + '.metainfo.xml.in'),
        'schema': os.path.join(data, base + '.gschema.xml'),
        'MIME type': os.path.join(data, base + '.mime.xml'),
        'app icon': os.path.join(data, 'icons', 'hicolor', 'scalable', 'apps', base + '.svg'),
        'symbolic icon': os.path.join(data, 'icons', 'hicolor', 'symbolic', 'apps', base + '-symbolic.svg'),
    }
    for what, path in sources.items():
        c.check(os.path.isfile(path), f'{what} source named after the app id', os.path.relpath(path, root))

    # Desktop entry (built)
    desktop_name = os.path.basename(a.desktop)
    c.check(desktop_name == a.app_id + '.desktop', 'desktop entry file name is the app id',
            f'{desktop_name}, expected {a.app_id}.desktop')
    entry = load_desktop(a.desktop)
    c.check(entry.get('Icon') == a.app_id, 'desktop entry Icon is the app id', repr(entry.get('Icon')))
    exec_line = entry.get('Exec', '')
    c.check(exec_line.split()[:1] == [COMMAND], 'desktop entry runs qi-coach', repr(exec_line))
    c.check('%F' in exec_line.split() or '%U' in exec_line.split(), 'desktop entry Exec takes files', repr(exec_line))
    mime_types = [t for t in entry.get('MimeType', '').split(';') if t]
    c.check(MIME_TYPE in mime_types, f'desktop entry MimeType has {MIME_TYPE}', repr(entry.get('MimeType')))
    dbus = entry.get('DBusActivatable', 'false')
    c.check(dbus == 'false', 'desktop entry is not DBusActivatable (no D-Bus service file is installed)')
    c.check('@' not in ''.join(entry.values()), 'desktop entry has no unsubstituted @VARIABLE@')

    # AppStream metadata (built)
    c.check(os.path.basename(a.metainfo) == a.app_id + '.metainfo.xml', 'metainfo file name is the app id',
            os.path.basename(a.metainfo))
    comp = ET.parse(a.metainfo).getroot()
    c.check(comp.tag == 'component' and comp.get('type') == 'desktop-application',
            'metainfo is a desktop-application component')
    c.check(comp.findtext('id') == a.app_id, 'metainfo <id> is the app id', repr(comp.findtext('id')))
    launchables = [l.text for l in comp.findall('launchable') if l.get('type') == 'desktop-id']
    c.check(launchables == [a.app_id + '.desktop'], 'metainfo launchable is the desktop entry', repr(launchables))
    c.check(comp.findtext('project_license') == 'GPL-3.0-or-later', 'metainfo project_license')
    c.check(comp.findtext('metadata_license') == 'CC0-1.0', 'metainfo metadata_license')
    releases = [r.get('version') for r in comp.findall('releases/release')]
    c.check(releases[:1] == [a.version], 'the newest release in the metainfo is the project version',
            f'{releases[:1]}, project version {a.version}')
    c.check(comp.find('content_rating[@type="oars-1.1"]') is not None, 'metainfo has an OARS 1.1 content rating')
    dev = comp.find('developer')
    c.check(dev is not None and dev.get('id') == 'io.github.qicoach' and dev.findtext('name'),
            'metainfo <developer id="io.github.qicoach"> with a <name>')
    c.check(comp.findtext('translation[@type="gettext"]') == a.gettext_package,
            'metainfo <translation> is the gettext package')
    provided = [t.text for t in comp.findall('provides/mediatype')]
    c.check(provided == [MIME_TYPE], 'metainfo provides the exchange MIME type', repr(provided))
    binaries = sorted(t.text for t in comp.findall('provides/binary'))
    c.check(binaries == ['qi-coach', 'qi-coach-cli'], 'metainfo provides both binaries', repr(binaries))
    homepage = comp.findtext('url[@type="homepage"]') or ''
    c.check(homepage.startswith('https://'), 'metainfo has an https homepage', repr(homepage))

    # GSettings schema (source; the schema id is the base id in every build)
    sl = ET.parse(sources['schema']).getroot()
    c.check(sl.get('gettext-domain') == a.gettext_package, 'schema gettext-domain is the gettext package')
    schemas = sl.findall('schema')
    c.check([s.get('id') for s in schemas] == [base], 'the only schema id is the base app id',
            repr([s.get('id') for s in schemas]))
    expected_path = '/' + base.replace('.', '/') + '/'
    if schemas:
        schema = schemas[0]
        c.check(schema.get('path') == expected_path, 'schema path follows the id', repr(schema.get('path')))
        keys = {k.get('name'): k for k in schema.findall('key')}
        c.check(sorted(keys) == sorted(SCHEMA_KEYS), 'schema has exactly the agreed keys',
                f'found {sorted(keys)}')
        for name, (ktype, default) in SCHEMA_KEYS.items():
            k = keys.get(name)
            if k is None:
                continue
            found_type = 'enum' if k.get('enum') else k.get('type')
            c.check(found_type == ktype, f'schema key {name} has type {ktype}', repr(found_type))
            c.check((k.findtext('default') or '').strip() == default, f'schema key {name} defaults to {default}',
                    repr(k.findtext('default')))
            c.check(bool((k.findtext('summary') or '').strip()), f'schema key {name} has a summary')
            c.check(bool((k.findtext('description') or '').strip()), f'schema key {name} has a description')
        scope = keys.get('default-export-scope')
        if scope is not None and scope.get('enum'):
            enum = sl.find(f'enum[@id="{scope.get("enum")}"]')
            nicks = [v.get('nick') for v in enum.findall('value')] if enum is not None else []
            c.check(nicks == EXPORT_SCOPES, 'export scope enum values', repr(nicks))

    # MIME type (built, as installed)
    c.check(os.path.basename(a.mime) == a.app_id + '.xml', 'MIME package file name is the app id',
            os.path.basename(a.mime))
    mi = ET.parse(a.mime).getroot()
    c.check(mi.tag == MIME_NS + 'mime-info', 'MIME XML root is <mime-info> in the shared-mime-info namespace')
    mts = mi.findall(MIME_NS + 'mime-type')
    c.check([m.get('type') for m in mts] == [MIME_TYPE], f'MIME XML declares only {MIME_TYPE}')
    if mts:
        mt = mts[0]
        c.check([s.get('type') for s in mt.findall(MIME_NS + 'sub-class-of')] == ['application/xml'],
                'MIME type is a subclass of application/xml')
        c.check([g.get('pattern') for g in mt.findall(MIME_NS + 'glob')] == ['*.qicoach'], 'MIME glob *.qicoach')
        roots = [(r.get('namespaceURI'), r.get('localName')) for r in mt.findall(MIME_NS + 'root-XML')]
        c.check(roots == [(EXCHANGE_NS, 'qicoach')], 'MIME root-XML is {urn:x-qicoach:exchange:1}qicoach',
                repr(roots))
        c.check(bool(mt.findtext(MIME_NS + 'comment')), 'MIME type has a comment')

    # Icons
    for what in ('app icon', 'symbolic icon'):
        try:
            svg = ET.parse(sources[what]).getroot()
        except (ET.ParseError, OSError) as e:
            c.check(False, f'{what} parses', str(e))
            continue
        c.check(svg.tag == SVG_NS + 'svg', f'{what} is SVG')
        size = '16' if what == 'symbolic icon' else '128'
        c.check(svg.get('viewBox') == f'0 0 {size} {size}', f'{what} has a {size}x{size} view box',
                repr(svg.get('viewBox')))
        c.check(not svg.findall(f'.//{SVG_NS}image') and not svg.findall(f'.//{SVG_NS}text'),
                f'{what} has neither embedded images nor text')

    # Flatpak manifests
    flatpak = os.path.join(root, 'flatpak')
    check_manifest(c, os.path.join(flatpak, base + '.json'), base, development=False)
    check_manifest(c, os.path.join(flatpak, base + '.Devel.json'), base + '.Devel', development=True)

    if c.failures:
        print(f'{c.failures} of {c.failures + c.passes} checks failed')
        return 1
    print(f'OK: {c.passes} checks passed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
