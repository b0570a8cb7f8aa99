#!/usr/bin/python3
"""Writes the large test files of the exchange format corpus.

These files are too big to commit (or, for the limits, far too big), so
tests make them when they run:

    generate.py OUTDIR            the files the tests use (about 4.5 MB)
    generate.py --large OUTDIR    also the two files past the record count
                                  and file size limits (about 173 MB and
                                  270 MB; for manual or slow tests only)

Names starting with "ok-" are valid files at a limit; all the others must be
refused. tests/data/bad/README.md says what each one is and who refuses it.
Standard library only; reads nothing, writes only into OUTDIR.
"""

import argparse
import os
import sys

MIB = 1024 * 1024

DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
ROOT = ('<qicoach xmlns="urn:x-qicoach:exchange:1" format="1" '
        'exported="2026-11-26T13:00:00.000Z" generator="QI Coach 0.1.0">\n')
END = '</qicoach>\n'
ORG_ID = '6f0c2a52-1b7e-4d38-9a3e-0c5d7b1e2f10'
ORG_ATTRS = (f'id="{ORG_ID}" created="2026-01-05T09:00:00.000Z" '
             'modified="2026-01-05T09:00:00.000Z" rev="1-3b1f0c9a7d2e4f51"')


def organisation(locality='Bedford', extra='', attrs=''):
    return (f'  <organisation {ORG_ATTRS}{attrs}>\n'
            f'    <name>Bedford Hospital</name><kind>acute</kind>'
            f'<locality>{locality}</locality>\n'
            f'{extra}'
            '  </organisation>\n')


def document(comment, body, prolog=''):
    return DECL + f'<!-- {comment} -->\n' + prolog + ROOT + body + END


def write(outdir, name, text):
    path = os.path.join(outdir, name)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)
    return path


def deep_nesting(levels):
    # Line 5 holds all the levels; the parser gives up long before the end.
    open_tags = '<x:n xmlns:x="urn:example:nest">' + '<x:n>' * (levels - 1)
    return '    ' + open_tags + 'deep' + '</x:n>' * levels + '\n'


def text_of_bytes(n):
    """Text whose UTF-8 form is exactly n bytes, mostly 2-byte characters.

    An importer that counts characters instead of bytes sees about half the
    length, so it would accept text-over-1mib: the limit is on bytes."""
    return '\u00e9' * (n // 2) + 'a' * (n % 2)


def generate(outdir, large=False):
    os.makedirs(outdir, exist_ok=True)
    made = []

    made.append(write(outdir, 'deep-nesting-100000.qicoach', document(
        'bad: 100000 nested extension elements in a record',
        organisation(extra=deep_nesting(100000)))))

    made.append(write(outdir, 'ok-text-1mib.qicoach', document(
        'valid: a text of exactly 1 MiB (1048576 bytes of UTF-8), the most the limit allows',
        organisation(locality=text_of_bytes(MIB)))))

    made.append(write(outdir, 'text-over-1mib.qicoach', document(
        'bad: a text of 1048577 bytes of UTF-8 (524289 characters), one byte over the limit',
        organisation(locality=text_of_bytes(MIB + 1)))))

    made.append(write(outdir, 'attribute-over-1mib.qicoach', document(
        'bad: an attribute value of 1048577 bytes of UTF-8, one byte over the limit',
        organisation(attrs=f' modified-by="{text_of_bytes(MIB + 1)}"'))))

    # About 190 KB that a parser substituting entities would turn into
    # 50000 x 40000 = 2,000,000,000 characters.
    made.append(write(outdir, 'quadratic-blowup.qicoach', document(
        'bad: quadratic blow-up, one 40000-character entity referenced 50000 times',
        organisation(locality='&a;' * 50000),
        prolog=('<!DOCTYPE qicoach [\n  <!ENTITY a "' + 'a' * 40000 + '">\n]>\n'))))

    if large:
        made.append(write_records_over_limit(outdir))
        made.append(write_file_over_limit(outdir))
    return made


def write_records_over_limit(outdir):
    """1,000,001 tombstones (about 173 MB, under the 256 MiB file limit)."""
    path = os.path.join(outdir, 'records-over-limit.qicoach')
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(DECL + '<!-- bad: 1000001 records, one more than the limit -->\n' + ROOT)
        for i in range(1_000_001):
            uid = f'{i:08x}-0000-4000-8000-{i:012x}'
            f.write(f'  <tombstone kind="organisation" id="{uid}" '
                    'created="2026-01-05T09:00:00.000Z" modified="2026-01-06T09:00:00.000Z" '
                    f'rev="2-{i:016x}"/>\n')
        f.write(END)
    return path


def write_file_over_limit(outdir):
    """257 sessions of 1 MiB of notes each: valid, but over 256 MiB."""
    path = os.path.join(outdir, 'file-over-256mib.qicoach')
    notes = 'n' * (MIB - 64)
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(DECL + '<!-- bad: a valid file of more than 256 MiB -->\n' + ROOT)
        for i in range(257):
            uid = f'{i:08x}-0000-4000-9000-{i:012x}'
            f.write(f'  <session id="{uid}" created="2026-02-02T10:00:00.000Z" '
                    'modified="2026-02-02T10:00:00.000Z" rev="1-0000000000000001">'
                    f'<date>2026-02-02T10:00:00.000Z</date><notes>{notes}</notes></session>\n')
        f.write(END)
    assert os.path.getsize(path) > 256 * MIB
    return path


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--large', action='store_true',
                        help='also write the files past the record count and file size limits')
    parser.add_argument('outdir')
    args = parser.parse_args(argv)
    for path in generate(args.outdir, large=args.large):
        print(path)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
