#!/usr/bin/python3
"""Checks data/exchange-1.rng against the samples and the hostile corpus.

Run by meson (suite exchange-schema); see meson.build beside this file.

    check-schema.py [options] valid FILE        FILE validates, tree and stream mode
    check-schema.py [options] bad NAME          NAME behaves as its row in
                                                tests/data/bad/README.md says
    check-schema.py [options] index NAME...     the README table, the directories and
                                                the lists in meson.build agree (valid
                                                samples are given as valid:NAME)
    check-schema.py [options] strict-variant    the strict variant accepts the samples
                                                once their extensions are removed
    check-schema.py [options] coverage          the valid samples use every element,
                                                attribute and value of the schema
    check-schema.py [options] doc-example       the example of docs/exchange-format.md
                                                is tests/data/spec-example.qicoach
    check-schema.py derive-strict IN OUT        writes the strict variant of IN

Options: --xmllint PATH, --source-root DIR (the repository), --generated DIR
(where tests/data/bad/generate.py wrote the large files), --strict FILE (the
strict variant), --scratch DIR (where to write temporary files).

Reads only files of the repository and of the build directory. Never runs
xmllint on a file with a DOCTYPE: xmllint --relaxng substitutes entities, so
it would read /etc/passwd or try the network for the hostile files.
Standard library only.
"""

import argparse
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = 'urn:x-qicoach:exchange:1'
RNG = 'http://relaxng.org/ns/structure/1.0'
ANNOTATIONS = 'http://relaxng.org/ns/compatibility/annotations/1.0'
SCHEMA = os.path.join('data', 'exchange-1.rng')
VALID_DIR = os.path.join('tests', 'data')
BAD_DIR = os.path.join('tests', 'data', 'bad')
README = os.path.join(BAD_DIR, 'README.md')
TIMEOUT = 60


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


# --------------------------------------------------------------------------
# xmllint

def xmllint(args, path, stream=False, schema=None):
    """Runs xmllint on path; returns (exit status, output lines)."""
    cmd = [args.xmllint, '--noout', '--nonet', '--relaxng',
           schema or os.path.join(args.source_root, SCHEMA)]
    if stream:
        cmd.insert(1, '--stream')
    cmd.append(path)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=TIMEOUT, check=False)
    text = proc.stdout.decode('utf-8', 'replace')
    check(proc.returncode >= 0, f'xmllint died of signal {-proc.returncode} on {path}')
    return proc.returncode, text.splitlines()


def first_error(lines, path):
    """The first message line of xmllint's output, without the file name.

    Returns (line number or None, message)."""
    for line in lines:
        if line.strip() in ('', '^') or set(line.strip()) <= {'^'}:
            continue
        m = re.match(re.escape(path) + r':(\d+): (.*)$', line)
        if m:
            return int(m.group(1)), m.group(2)
        return None, line
    return None, ''


def matches(fragment, message):
    """fragment is text to find in message; " … " separates parts that must
    appear in this order."""
    position = 0
    for part in fragment.split(' \u2026 '):
        found = message.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def mode_name(stream):
    return 'stream' if stream else 'tree'


def expect_valid(args, path, schema=None):
    for stream in (False, True):
        status, lines = xmllint(args, path, stream, schema)
        check(status == 0 and any(line.endswith(' validates') for line in lines),
              f'{path} should validate in {mode_name(stream)} mode '
              f'(xmllint exit {status}):\n' + '\n'.join(lines[:20]))


def expect_invalid(args, path, stream, fragment, schema=None, line=None):
    status, lines = xmllint(args, path, stream, schema)
    where = f'{path} in {mode_name(stream)} mode'
    check(status != 0, f'{where} should fail but xmllint exited 0:\n' + '\n'.join(lines[:20]))
    # No check on a " validates" line: after a parse error in stream mode,
    # xmllint prints "FILE validates" and then "FILE : failed to parse"
    # (xmlTextReaderIsValid stays true), so only the exit status counts.
    got_line, message = first_error(lines, path)
    check(matches(fragment, message),
          f'{where}: first error should contain "{fragment}", got: {message!r} '
          f'(line {got_line})')
    if line is not None:
        check(got_line == line, f'{where}: first error should be on line {line}, '
              f'got line {got_line}: {message}')


# --------------------------------------------------------------------------
# The README table of tests/data/bad

class Row:
    def __init__(self, cells, number):
        self.number = number
        self.cells = cells
        names = re.findall(r'`([^`]+)`', cells[0])
        check(len(names) == 1, f'README row {number}: one `file` name expected')
        self.name = names[0]
        self.generated = '(generated)' in cells[0]
        self.what = cells[1]
        self.refused_by = cells[2].split()[0].strip('*').rstrip(':') if cells[2].split() else ''
        check(self.refused_by in ('parser', 'schema', 'importer'),
              f'README row {number} ({self.name}): "refused by" must start with '
              f'parser, schema or importer, not {cells[2]!r}')
        line = cells[3].strip()
        self.line = int(line) if line.isdigit() else None
        self.message = re.findall(r'`([^`]+)`', cells[4])
        self.xmllint = cells[5].strip()
        self.xmllint_fragments = re.findall(r'`([^`]+)`', cells[5])
        if self.refused_by in ('parser', 'schema'):
            check(self.line is not None and len(self.message) == 1,
                  f'README row {number} ({self.name}): parser and schema rows need a line '
                  'and one `message fragment`')
        if self.xmllint_fragments:
            check(len(self.xmllint_fragments) in (1, 2),
                  f'README row {number} ({self.name}): one or two `xmllint fragments`')
        else:
            check(self.xmllint in ('valid', 'not run'),
                  f'README row {number} ({self.name}): the xmllint column must hold '
                  f'`fragments`, "valid" or "not run", not {self.xmllint!r}')


def read_table(args):
    path = os.path.join(args.source_root, README)
    rows = {}
    with open(path, encoding='utf-8') as f:
        in_table = False
        for number, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if line.startswith('| file '):
                in_table = True
                continue
            if not in_table:
                continue
            if not line.startswith('|'):
                in_table = False
                continue
            if re.match(r'^\|[\s|:-]+\|$', line):
                continue
            cells = [c.strip() for c in line.strip('|').split('|')]
            check(len(cells) == 6, f'{README}:{number}: 6 columns expected, got {len(cells)}')
            row = Row(cells, number)
            check(row.name not in rows, f'{README}:{number}: {row.name} listed twice')
            rows[row.name] = row
    check(rows, f'no table found in {README}')
    return rows


def bad_file_path(args, row):
    if row.generated:
        check(args.generated, '--generated is needed for generated files')
        return os.path.join(args.generated, row.name)
    return os.path.join(args.source_root, BAD_DIR, row.name)


def command_bad(args):
    rows = read_table(args)
    check(args.names and len(args.names) == 1, 'bad takes one file name')
    name = args.names[0]
    check(name in rows, f'{name} has no row in {README}')
    row = rows[name]
    path = bad_file_path(args, row)
    check(os.path.isfile(path), f'{path} does not exist')
    with open(path, 'rb') as f:
        data = f.read()
    has_doctype = b'<!DOCTYPE' in data

    if row.xmllint == 'not run':
        # Only for files the importer refuses before parsing: a DOCTYPE.
        check(has_doctype, f'{name}: "not run" is only for files with a DOCTYPE')
        check(row.refused_by == 'importer', f'{name}: a DOCTYPE is for the importer to refuse')
        if row.line is not None:
            line_of_doctype = data[:data.index(b'<!DOCTYPE')].count(b'\n') + 1
            check(line_of_doctype == row.line,
                  f'{name}: DOCTYPE on line {line_of_doctype}, README says {row.line}')
        return
    check(not has_doctype, f'{name} has a DOCTYPE: its xmllint column must say "not run"')

    if row.xmllint == 'valid':
        check(row.refused_by == 'importer',
              f'{name}: a file xmllint finds valid can only be refused by the importer')
        expect_valid(args, path)
        return

    tree_fragment = row.xmllint_fragments[0]
    stream_fragment = row.xmllint_fragments[-1]
    expect_invalid(args, path, False, tree_fragment)
    expect_invalid(args, path, True, stream_fragment)

    if row.refused_by in ('parser', 'schema'):
        # What an importer validating with the strict variant in stream mode
        # sees first: the message fragment and the line of the README.
        check(args.strict, '--strict is needed for parser and schema rows')
        expect_invalid(args, path, True, row.message[0], schema=args.strict, line=row.line)


def command_index(args):
    rows = read_table(args)
    listed = {n for n in args.names if not n.startswith('valid:')}
    listed_valid = {n[len('valid:'):] for n in args.names if n.startswith('valid:')}
    valid_present = {os.path.basename(p) for p in valid_samples(args)}
    check(listed_valid == valid_present,
          f'valid samples not in meson.build: {sorted(valid_present - listed_valid)}; '
          f'in meson.build but missing: {sorted(listed_valid - valid_present)}')
    bad_dir = os.path.join(args.source_root, BAD_DIR)
    present = {n for n in os.listdir(bad_dir) if n.endswith('.qicoach')}
    committed_rows = {n for n, r in rows.items() if not r.generated}
    generated_rows = {n for n, r in rows.items() if r.generated}
    check(present == committed_rows,
          f'files without a README row: {sorted(present - committed_rows)}; '
          f'README rows without a file: {sorted(committed_rows - present)}')
    check(listed == set(rows),
          f'in README but not in meson.build: {sorted(set(rows) - listed)}; '
          f'in meson.build but not in README: {sorted(listed - set(rows))}')
    sys.dont_write_bytecode = True  # no __pycache__ in the source tree
    sys.path.insert(0, bad_dir)
    import generate  # noqa: E402  (tests/data/bad/generate.py)
    made = {os.path.basename(p) for p in generate.generate(os.path.join(args.scratch, 'index-check'))}
    made_bad = {n for n in made if not n.startswith('ok-')}
    check(made_bad == generated_rows,
          f'generate.py and the README disagree: {sorted(made_bad ^ generated_rows)}')


# --------------------------------------------------------------------------
# The strict variant: the schema with no room for extensions

def derive_strict(source, target):
    """Writes the schema with the content of define "extensions" replaced by
    <empty/>: every element's content is then compiled by libxml2."""
    ET.register_namespace('', RNG)
    ET.register_namespace('a', ANNOTATIONS)
    tree = ET.parse(source)
    defines = [d for d in tree.getroot().iter(f'{{{RNG}}}define')
               if d.get('name') == 'extensions']
    check(len(defines) == 1, f'{source}: exactly one define "extensions" expected')
    define = defines[0]
    for child in list(define):
        define.remove(child)
    define.text = None
    ET.SubElement(define, f'{{{RNG}}}empty')
    tree.write(target, encoding='UTF-8', xml_declaration=True)


def strip_extensions(source, target):
    """Writes source without its elements in other namespaces (trusted
    samples only: ElementTree is not for hostile files)."""
    ET.register_namespace('', NS)
    tree = ET.parse(source)
    removed = 0
    for parent in tree.getroot().iter():
        for child in list(parent):
            if not child.tag.startswith(f'{{{NS}}}'):
                parent.remove(child)
                removed += 1
    tree.write(target, encoding='UTF-8', xml_declaration=True)
    return removed


def valid_samples(args):
    directory = os.path.join(args.source_root, VALID_DIR)
    return sorted(os.path.join(directory, n) for n in os.listdir(directory)
                  if n.endswith('.qicoach'))


def reachable_patterns(source):
    """Every pattern element reachable from <start>, following refs."""
    root = ET.parse(source).getroot()
    defines = {d.get('name'): d for d in root.iter(f'{{{RNG}}}define')}
    start = root.find(f'{{{RNG}}}start')
    seen, found, todo = set(), [], [start]
    while todo:
        node = todo.pop()
        for child in node.iter():
            if child.tag == f'{{{RNG}}}ref' and child.get('name') not in seen:
                seen.add(child.get('name'))
                todo.append(defines[child.get('name')])
            found.append(child)
    return found


def root_wildcards(source):
    """Wildcard elements in the root element's own content."""
    root = ET.parse(source).getroot()
    defines = {d.get('name'): d for d in root.iter(f'{{{RNG}}}define')}
    qicoach = [e for e in root.iter(f'{{{RNG}}}element') if e.get('name') == 'qicoach']
    check(len(qicoach) == 1, 'one element "qicoach" expected')
    wild, todo, seen = [], list(qicoach[0]), set()
    while todo:
        node = todo.pop()
        if node.tag == f'{{{RNG}}}element':
            if not node.get('name'):
                wild.append(node)
            continue  # its content is its own business
        if node.tag == f'{{{RNG}}}ref':
            if node.get('name') not in seen:
                seen.add(node.get('name'))
                todo.extend(defines[node.get('name')])
            continue
        todo.extend(node)
    return wild


def command_strict_variant(args):
    check(args.strict, '--strict is needed')
    # Streaming: the root of the full schema names every element it holds,
    # and the strict variant has no wildcard and no interleave at all.
    schema = os.path.join(args.source_root, SCHEMA)
    check(not root_wildcards(schema),
          f'{schema}: the root allows a wildcard element, so libxml2 would not stream it')
    bad = sorted({e.tag.split('}')[1] for e in reachable_patterns(args.strict)
                  if e.tag in (f'{{{RNG}}}anyName', f'{{{RNG}}}nsName', f'{{{RNG}}}interleave')})
    check(not bad, f'the strict variant still uses {bad}: keep wildcards behind define "extensions"')
    scratch = os.path.join(args.scratch, 'strict-variant')
    os.makedirs(scratch, exist_ok=True)
    with_extensions = 0
    for path in valid_samples(args):
        name = os.path.basename(path)
        stripped = os.path.join(scratch, name)
        removed = strip_extensions(path, stripped)
        if removed:
            with_extensions += 1
            # The strict variant refuses extensions...
            status, lines = xmllint(args, path, True, args.strict)
            check(status != 0, f'the strict variant accepted the extensions of {name}')
        # ...and accepts every valid sample once they are removed.
        expect_valid(args, stripped, args.strict)
    check(with_extensions > 0, 'no valid sample has extensions')


# --------------------------------------------------------------------------
# Coverage: the valid samples use every name and value of the schema

def schema_names(source):
    """(element, child element) pairs, (element, attribute) pairs and values."""
    root = ET.parse(source).getroot()
    defines = {d.get('name'): d for d in root.iter(f'{{{RNG}}}define')}
    children, attributes, values = set(), set(), set()

    def walk(node, seen, out_children, out_attributes):
        for child in node:
            tag = child.tag
            if tag == f'{{{RNG}}}element':
                if child.get('name'):
                    out_children.add(child.get('name'))
            elif tag == f'{{{RNG}}}attribute':
                if child.get('name'):
                    out_attributes.add(child.get('name'))
            elif tag == f'{{{RNG}}}ref':
                name = child.get('name')
                if name not in seen:
                    walk(defines[name], seen | {name}, out_children, out_attributes)
            elif tag.startswith(f'{{{RNG}}}'):
                walk(child, seen, out_children, out_attributes)

    for element in root.iter(f'{{{RNG}}}element'):
        name = element.get('name')
        if not name:
            continue
        kids, attrs = set(), set()
        walk(element, frozenset(), kids, attrs)
        children |= {(name, k) for k in kids}
        attributes |= {(name, a) for a in attrs}
    for value in root.iter(f'{{{RNG}}}value'):
        values.add(value.text)
    return children, attributes, values


def sample_names(paths):
    children, attributes, values = set(), set(), set()
    for path in paths:
        for element in ET.parse(path).getroot().iter():
            if not element.tag.startswith(f'{{{NS}}}'):
                continue
            name = element.tag.split('}')[1]
            for child in element:
                if child.tag.startswith(f'{{{NS}}}'):
                    children.add((name, child.tag.split('}')[1]))
            for attr, value in element.attrib.items():
                attributes.add((name, attr))
                values.add(value)
            if element.text:
                values.add(element.text)
    return children, attributes, values


def command_coverage(args):
    schema = os.path.join(args.source_root, SCHEMA)
    want = schema_names(schema)
    have = sample_names(valid_samples(args))
    missing = []
    for label, w, h in zip(('child elements', 'attributes', 'values'), want, have):
        gap = sorted(w - h)
        if gap:
            missing.append(f'{label} no valid sample uses: {gap}')
    check(not missing, '\n'.join(missing))


# --------------------------------------------------------------------------
# docs/exchange-format.md shows the example of tests/data/spec-example.qicoach

def command_doc_example(args):
    doc = os.path.join(args.source_root, 'docs', 'exchange-format.md')
    with open(doc, encoding='utf-8') as f:
        text = f.read()
    check('\n## Example\n' in text, f'{doc} has no "## Example" section')
    section = text.split('\n## Example\n', 1)[1]
    m = re.search(r'```xml\n(.*?)```', section, re.S)
    check(m, f'{doc}: no xml block in the Example section')
    sample = os.path.join(args.source_root, VALID_DIR, 'spec-example.qicoach')
    with open(sample, encoding='utf-8') as f:
        check(f.read() == m.group(1),
              f'the example of {doc} and {sample} differ: keep them identical')


# --------------------------------------------------------------------------

def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--xmllint', default='xmllint')
    parser.add_argument('--source-root', default=os.path.join(os.path.dirname(__file__), '..', '..'))
    parser.add_argument('--generated')
    parser.add_argument('--strict')
    parser.add_argument('--scratch', default='.')
    parser.add_argument('command', choices=['valid', 'bad', 'index', 'strict-variant',
                                            'coverage', 'doc-example', 'derive-strict'])
    parser.add_argument('names', nargs='*')
    args = parser.parse_args(argv)
    try:
        if args.command == 'valid':
            check(args.names, 'valid takes file names')
            for name in args.names:
                path = name if os.path.isabs(name) else os.path.join(args.source_root, name)
                expect_valid(args, path)
        elif args.command == 'bad':
            command_bad(args)
        elif args.command == 'index':
            command_index(args)
        elif args.command == 'strict-variant':
            command_strict_variant(args)
        elif args.command == 'coverage':
            command_coverage(args)
        elif args.command == 'doc-example':
            command_doc_example(args)
        elif args.command == 'derive-strict':
            check(len(args.names) == 2, 'derive-strict takes IN and OUT')
            derive_strict(args.names[0], args.names[1])
    except Failure as e:
        print(f'FAIL: {e}', file=sys.stderr)
        return 1
    except OSError as e:
        print(f'FAIL: {e}', file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as e:
        print(f'FAIL: xmllint took more than {TIMEOUT} s: {e.cmd}', file=sys.stderr)
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
