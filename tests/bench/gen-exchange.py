#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes a large, valid QI Coach exchange file for the benchmark.

    gen-exchange.py OUTPUT [--projects N] [--seed S]

N projects (default 10,000), each with drivers, 3 measures of 24 weekly
points, 4 PDSA cycles and a coaching session, plus the people and
organisations they refer to: about 165 MB for 10,000 projects. The output is
deterministic for a given seed, and its records come in the order the
exporter writes them (kinds in file order, records sorted by id).
"""

import argparse
import random
import sys
import uuid
from xml.sax.saxutils import escape, quoteattr

WORDS = ("patient safety sepsis screening triage nurse ward discharge admission "
         "antimicrobial stewardship falls pressure ulcer dementia delirium frailty "
         "medicines reconciliation handover early warning score escalation family "
         "carer community team primary care pathway referral clinic waiting time "
         "theatre flow bed occupancy weekend review consultant junior doctor audit "
         "baseline measure chart weekly monthly improvement change idea test cycle "
         "prediction learning adopt adapt abandon huddle safety cross checklist").split()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('output')
    parser.add_argument('--projects', type=int, default=10000)
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    rnd = random.Random(args.seed)

    def uid():
        return str(uuid.UUID(int=rnd.getrandbits(128), version=4))

    def hexrev(n):
        return '%d-%016x' % (n, rnd.getrandbits(64))

    def text(lo, hi):
        words = [rnd.choice(WORDS) for _ in range(max(1, rnd.randint(lo, hi) * 11 // 20))]
        s = ' '.join(words)
        return s[0].upper() + s[1:] + '.'

    def stamp(day, minute=0):
        y, d = 2020 + day // 360, day % 360
        return '%04d-%02d-%02dT%02d:%02d:00.000Z' % (y, d // 30 + 1, d % 28 + 1,
                                                   8 + (minute // 60) % 10, minute % 60)

    def date(day):
        y, d = 2020 + day // 360, day % 360
        return '%04d-%02d-%02d' % (y, d // 30 + 1, d % 28 + 1)

    def meta(rid, day):
        n = rnd.randint(1, 6)
        revs = ' '.join(hexrev(k) for k in range(n - 1, 0, -1))
        created = stamp(day, rnd.randint(0, 599))
        modified = stamp(day + rnd.randint(0, 60), rnd.randint(0, 599))
        if modified < created:
            modified = created
        s = 'id="%s" created="%s" modified="%s"' % (rid, created, modified)
        if rnd.random() < 0.5:
            s += ' modified-by=%s' % quoteattr(rnd.choice(('Priya Shah', 'Alex Smith', 'Sam O\'Neill')))
        s += ' rev="%s"' % hexrev(n)
        if revs:
            s += ' revs="%s"' % revs
        return s

    orgs = sorted(uid() for _ in range(60))
    people = sorted(uid() for _ in range(2000))
    resources = sorted(uid() for _ in range(100))
    projects = sorted(uid() for _ in range(args.projects))
    sessions = []

    out = open(args.output, 'w', encoding='utf-8', newline='\n')
    w = out.write
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w('<qicoach xmlns="urn:x-qicoach:exchange:1" format="1" exported="2026-11-26T13:00:00.000Z" '
      'generator="QI Coach benchmark">\n')
    w('  <sender name="Benchmark" email="bench@example.org" organisation="Bench Trust"/>\n')
    kinds = ('acute', 'community', 'mental-health', 'primary-care', 'social-care')
    for i, o in enumerate(orgs):
        w('  <organisation %s>\n    <name>%s NHS Trust %d</name>\n    <kind>%s</kind>\n'
          '    <locality>%s</locality>\n  </organisation>\n'
          % (meta(o, i), rnd.choice(WORDS).title(), i, rnd.choice(kinds), rnd.choice(WORDS).title()))
    for i, p in enumerate(people):
        w('  <person %s>\n    <name>Person %d %s</name>\n    <role>%s</role>\n'
          '    <email>person%d@example.org</email>\n    <organisation ref="%s"/>\n'
          '    <champion>%s</champion>\n    <coach>%s</coach>\n    <skill>%s</skill>\n  </person>\n'
          % (meta(p, i % 300), i, rnd.choice(WORDS).title(), text(2, 4), i, rnd.choice(orgs),
             rnd.choice(('true', 'false')), rnd.choice(('true', 'false')), text(1, 3)))
    for i, r in enumerate(resources):
        w('  <resource %s>\n    <title>%s</title>\n    <url>https://example.org/r/%d</url>\n'
          '    <kind>article</kind>\n    <description>%s</description>\n    <tag>%s</tag>\n'
          '  </resource>\n' % (meta(r, i), text(3, 8), i, text(10, 30), rnd.choice(WORDS)))

    for i, pid in enumerate(projects):
        day = rnd.randint(0, 2000)
        w('  <project %s>\n' % meta(pid, day))
        w('    <title>%s</title>\n    <aim>%s</aim>\n    <problem>%s</problem>\n'
          % (text(4, 10), text(15, 30), text(15, 35)))
        w('    <status>active</status>\n    <progress>%.1f</progress>\n    <theme>%s</theme>\n'
          % (rnd.randint(1, 10) / 2, rnd.choice(WORDS).title()))
        w('    <organisation ref="%s"/>\n    <lead ref="%s"/>\n    <sponsor ref="%s"/>\n'
          '    <coach ref="%s"/>\n' % (rnd.choice(orgs), rnd.choice(people), rnd.choice(people),
                                        rnd.choice(people)))
        w('    <start>%s</start>\n    <target>%s</target>\n    <tag>%s</tag>\n    <tag>%s</tag>\n'
          % (date(day), date(day + 365), rnd.choice(WORDS), rnd.choice(WORDS)))
        for k in range(3):
            w('    <member ref="%s" role="%s"/>\n' % (rnd.choice(people), rnd.choice(WORDS)))
        for k in range(3):
            w('    <score date="%s" value="%.1f"%s/>\n'
              % (date(day + 30 * k), (k + 1) / 2, ' note=%s' % quoteattr(text(3, 6)) if k else ''))
        primary = uid()
        secondary = [uid() for _ in range(2)]
        ideas = [uid() for _ in range(3)]
        w('    <driver id="%s" kind="primary">%s</driver>\n' % (primary, text(4, 8)))
        for s in secondary:
            w('    <driver id="%s" kind="secondary" parent="%s">%s</driver>\n' % (s, primary, text(4, 8)))
        for c in ideas:
            w('    <driver id="%s" kind="change-idea" parent="%s">%s</driver>\n'
              % (c, rnd.choice(secondary), text(4, 8)))
        measures = sorted(uid() for _ in range(3))
        cycles = sorted(uid() for _ in range(4))
        for m in measures:
            w('    <measure %s>\n      <name>%s</name>\n      <kind>process</kind>\n'
              '      <definition>%s</definition>\n      <unit>%%</unit>\n'
              '      <direction>increase</direction>\n      <target>0.95</target>\n'
              '      <chart>p</chart>\n      <phase start="%s" label="%s"/>\n'
              % (meta(m, day), text(3, 7), text(10, 25), date(day + 84), text(2, 5)))
            for k in range(24):
                den = rnd.randint(20, 80)
                num = rnd.randint(0, den)
                note = (' pdsa="%s">%s</point>\n' % (rnd.choice(cycles), text(2, 5))
                        if k % 8 == 7 else '/>\n')
                w('      <point date="%s" numerator="%d" denominator="%d"%s'
                  % (date(day + 7 * k), num, den, note))
            w('    </measure>\n')
        for n, c in enumerate(cycles):
            w('    <pdsa %s>\n      <title>%s</title>\n      <number>%d</number>\n'
              '      <change-idea ref="%s"/>\n      <purpose>test</purpose>\n'
              '      <objective>%s</objective>\n'
              % (meta(c, day + n), text(4, 9), n + 1, rnd.choice(ideas), text(10, 25)))
            for q in range(2):
                w('      <question>\n        <text>%s</text>\n        <prediction>%s</prediction>\n'
                  '        <finding>%s</finding>\n      </question>\n'
                  % (text(6, 12), text(4, 10), text(4, 10)))
            w('      <plan>%s</plan>\n' % text(15, 30))
            for t in range(2):
                w('      <task who="%s" due="%s" done="%s">%s</task>\n'
                  % (rnd.choice(people), date(day + n * 14 + t), rnd.choice(('true', 'false')),
                     text(3, 8)))
            w('      <data-plan>%s</data-plan>\n      <do>%s</do>\n      <study>%s</study>\n'
              '      <act decision="%s">%s</act>\n      <start>%s</start>\n      <end>%s</end>\n'
              '      <stage>done</stage>\n      <measure ref="%s"/>\n    </pdsa>\n'
              % (text(8, 18), text(12, 25), text(12, 25), rnd.choice(('adopt', 'adapt', 'abandon')),
                 text(10, 20), date(day + n * 14), date(day + n * 14 + 7), rnd.choice(measures)))
        w('  </project>\n')
        sessions.append((uid(), pid, day))

    sessions.sort()
    for sid, pid, day in sessions:
        w('  <session %s>\n    <date>%s</date>\n    <minutes>45</minutes>\n    <mode>video</mode>\n'
          '    <phase>action</phase>\n    <coach ref="%s"/>\n    <project ref="%s"/>\n'
          '    <attendee ref="%s"/>\n    <attendee ref="%s"/>\n    <topic>run charts</topic>\n'
          '    <notes>%s</notes>\n    <strengths>%s</strengths>\n    <barriers>%s</barriers>\n'
          '    <escalate>false</escalate>\n    <action id="%s" owner="%s" due="%s" done="false">%s</action>\n'
          '    <next>%s</next>\n  </session>\n'
          % (meta(sid, day), stamp(day + 10, 60), rnd.choice(people), pid, rnd.choice(people),
             rnd.choice(people), text(20, 40), text(8, 16), text(8, 16), uid(), rnd.choice(people),
             date(day + 24), text(4, 10), stamp(day + 24, 60)))
    for k, tid in enumerate(sorted(uid() for _ in range(50))):
        w('  <tombstone kind="resource" %s/>\n' % meta(tid, k))
    w('</qicoach>\n')
    out.close()


if __name__ == '__main__':
    sys.exit(main())
