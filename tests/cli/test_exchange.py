#!/usr/bin/python3
"""qi-coach-cli export, validate and import, as a script or a coordinator uses them.

Run by meson with QI_COACH_CLI pointing at the built binary and
QI_COACH_TEST_DATA at the repository's tests/data. Reads only the
repository and the build directory; writes only into temporary folders."""
import json
import os
import re
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

CLI = os.environ.get("QI_COACH_CLI", "qi-coach-cli")
DATA = os.environ.get("QI_COACH_TEST_DATA", os.path.join(os.path.dirname(__file__), "..", "data"))
BAD = os.path.join(DATA, "bad")
TIME_LIMIT = 30 if "ASAN_OPTIONS" not in os.environ else 120


def readme_rows():
    """file name -> line, from the table of tests/data/bad/README.md."""
    rows = {}
    with open(os.path.join(BAD, "README.md"), encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 4 and cells[0].startswith("`") and cells[3].isdigit():
                name = cells[0].strip("`").split("`")[0]
                rows[name] = int(cells[3])
    return rows


def strip_exported(path):
    with open(path, encoding="utf-8") as f:
        return re.sub(r' exported="[^"]*"', "", f.read())


class ExchangeTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="qc-cli-exchange-")
        self.env = dict(os.environ, QI_COACH_AUTHOR="CLI Tester")
        self.env.pop("QI_COACH_DB", None)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def run_cli(self, *args, db="a.db", timeout=TIME_LIMIT):
        argv = [CLI] + (["--db", self.path(db)] if db else []) + list(args)
        start = time.monotonic()
        p = subprocess.run(argv, capture_output=True, text=True, env=self.env, timeout=timeout)
        return p.returncode, p.stdout, p.stderr, time.monotonic() - start

    def ok(self, *args, db="a.db"):
        code, out, err, _ = self.run_cli(*args, db=db)
        self.assertEqual(code, 0, f"{args}: {err}")
        return out

    def dump(self, db="a.db"):
        """Every row of every table (the full-text index's own tables too)."""
        con = sqlite3.connect(self.path(db))
        try:
            names = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'search_index' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"'))) for n in names}
        finally:
            con.close()


class Refusals(ExchangeTestCase):
    """Every hostile or broken file: exit 1, one line naming FILE:LINE:COLUMN,
    bounded time and memory, and the database unchanged."""

    def check_refused(self, path, line=None):
        before = self.dump()
        code, out, err, seconds = self.run_cli("import", path)
        lines = err.strip().splitlines()
        self.assertEqual(code, 1, f"{path}: exit {code}, {err!r}")
        self.assertEqual(len(lines), 1, f"{path}: {err!r}")
        m = re.match(r"qi-coach-cli: (.*):(\d+):(\d+): (.+)$", lines[0])
        self.assertIsNotNone(m, lines[0])
        self.assertEqual(m.group(1), path)
        if line is not None:
            self.assertEqual(int(m.group(2)), line, f"{os.path.basename(path)}: {lines[0]}")
        self.assertLess(seconds, TIME_LIMIT)
        self.assertEqual(self.dump(), before, f"{path} changed the database")
        code, out, err, _ = self.run_cli("validate", path, db=None)
        self.assertEqual(code, 1, f"validate {path}: {err!r}")
        return m.group(4)

    def test_corpus(self):
        self.ok("import", os.path.join(DATA, "spec-example.qicoach"))
        rows = readme_rows()
        names = sorted(n for n in os.listdir(BAD) if n.endswith(".qicoach"))
        self.assertGreaterEqual(len(names), 50)
        for name in names:
            with self.subTest(name=name):
                self.check_refused(os.path.join(BAD, name), rows.get(name))

    def test_generated_and_limits(self):
        out = self.path("generated")
        os.mkdir(out)
        subprocess.run([sys.executable, os.path.join(BAD, "generate.py"), out], check=True,
                       capture_output=True, timeout=120)
        self.ok("import", os.path.join(DATA, "spec-example.qicoach"))
        rows = readme_rows()
        for name in sorted(os.listdir(out)):
            path = os.path.join(out, name)
            with self.subTest(name=name):
                if name.startswith("ok-"):
                    code, _, err, _ = self.run_cli("validate", path, db=None)
                    self.assertEqual(code, 0, err)
                else:
                    message = self.check_refused(path, rows.get(name))
                    self.assertRegex(message, r"DOCTYPE|deeper than 32|longer than 1 MiB|larger than 256 MiB|more than 1,000,000")
        # Memory stays bounded whatever the file (the largest child so far).
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if "ASAN_OPTIONS" not in os.environ:
            self.assertLess(peak_mb, 200)

    def test_messages_for_people(self):
        self.ok("init")
        self.assertIn("between 0.5 and 5.0 in steps of 0.5, found 5.5",
                      self.check_refused(os.path.join(BAD, "progress-5.5.qicoach")))
        self.assertEqual(self.check_refused(os.path.join(BAD, "future-format.qicoach")),
                         "This file was written by a newer version of QI Coach (format 2).")
        self.assertIn("more than once", self.check_refused(os.path.join(BAD, "duplicate-ids.qicoach")))
        self.assertIn("not a QI Coach file", self.check_refused(os.path.join(BAD, "gzip.qicoach")))
        self.assertIn("UTF-8", self.check_refused(os.path.join(BAD, "latin1.qicoach")))

    def test_several_files_each_in_turn(self):
        self.ok("init")
        good = os.path.join(DATA, "spec-example.qicoach")
        bad = os.path.join(BAD, "progress-5.5.qicoach")
        code, out, err, _ = self.run_cli("import", "--json", bad, good)
        self.assertEqual(code, 1)
        reports = json.loads(out)
        self.assertEqual(len(reports), 2)
        self.assertIn("error", reports[0])
        self.assertEqual(reports[1]["totals"]["added"], 7)
        self.assertEqual(len(err.strip().splitlines()), 1)


class NoFileOrNetwork(ExchangeTestCase):
    """What a file says never makes the importer open another file or a
    connection: a FIFO nobody may open and a socket nobody may reach."""

    def test_canaries(self):
        fifo = self.path("canary.fifo")
        os.mkfifo(fifo)
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        server.settimeout(0.2)
        port = server.getsockname()[1]
        connections = []
        opened = []
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                try:
                    conn, _ = server.accept()
                    connections.append(conn)
                except OSError:
                    pass
                try:  # succeeds only if someone opened the FIFO for reading
                    fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
                    opened.append(fd)
                    os.close(fd)
                except OSError:
                    pass

        thread = threading.Thread(target=watch)
        thread.start()
        head = ('<qicoach xmlns="urn:x-qicoach:exchange:1" format="1" '
                'exported="2026-11-26T13:00:00.000Z" generator="t">')
        org = ('<organisation id="6f0c2a52-1b7e-4d38-9a3e-0c5d7b1e2f10" created="2026-01-05T09:00:00.000Z" '
               'modified="2026-01-05T09:00:00.000Z" rev="1-3b1f0c9a7d2e4f51"><name>{}</name>{}</organisation>')
        files = {
            "xxe-fifo.qicoach": f'<!DOCTYPE qicoach [<!ENTITY x SYSTEM "file://{fifo}">]>' + head
                                + org.format("&x;", "") + "</qicoach>",
            "xxe-net.qicoach": f'<!DOCTYPE qicoach [<!ENTITY x SYSTEM "http://127.0.0.1:{port}/x">]>' + head
                               + org.format("&x;", "") + "</qicoach>",
            "dtd-net.qicoach": f'<!DOCTYPE qicoach SYSTEM "http://127.0.0.1:{port}/x.dtd">' + head + "</qicoach>",
            "dtd-fifo.qicoach": f'<!DOCTYPE qicoach SYSTEM "{fifo}">' + head + "</qicoach>",
            "pe-net.qicoach": f'<!DOCTYPE qicoach [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p">%p;]>'
                              + head + "</qicoach>",
        }
        # An xi:include where extensions may be is valid, and ignored.
        include = (f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{fifo}" parse="text"/>'
                   f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="http://127.0.0.1:{port}/i"/>')
        try:
            for name, text in files.items():
                with open(self.path(name), "w", encoding="utf-8") as f:
                    f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + text)
                code, _, err, _ = self.run_cli("import", self.path(name))
                self.assertEqual(code, 1, f"{name}: {err}")
                self.assertIn("DOCTYPE", err)
                code, _, err, _ = self.run_cli("validate", "--schema", self.path(name), db=None)
                self.assertEqual(code, 1)
            with open(self.path("xinclude.qicoach"), "w", encoding="utf-8") as f:
                f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + head + org.format("Org", include) + "</qicoach>")
            self.ok("import", self.path("xinclude.qicoach"))
            self.ok("validate", "--schema", self.path("xinclude.qicoach"), db=None)
            time.sleep(0.5)
        finally:
            stop.set()
            thread.join()
            server.close()
        self.assertEqual(connections, [], "the importer connected to the network")
        self.assertEqual(opened, [], "the importer opened another file")


class RoundTrips(ExchangeTestCase):
    def test_export_import_export_is_identical(self):
        for name in ("spec-example.qicoach", "every-field.qicoach", "tombstones.qicoach"):
            self.ok("import", os.path.join(DATA, name))
        self.env.update(QI_COACH_EMAIL="tester@example.org", QI_COACH_ORGANISATION="Bedford Hospital")
        out = self.ok("export", "-o", self.path("a.qicoach"))
        self.assertRegex(out, r"^\d+ records written to ")
        self.ok("import", self.path("a.qicoach"), db="b.db")
        self.ok("export", "-o", self.path("b.qicoach"), db="b.db")
        self.assertEqual(strip_exported(self.path("a.qicoach")), strip_exported(self.path("b.qicoach")))
        text = strip_exported(self.path("a.qicoach"))
        self.assertIn('<sender name="CLI Tester" email="tester@example.org" organisation="Bedford Hospital"/>', text)
        self.ok("validate", "--schema", self.path("a.qicoach"), db=None)

        # The same file again: nothing changes, all unchanged.
        before = self.dump("b.db")
        report = json.loads(self.ok("import", "--json", self.path("a.qicoach"), db="b.db"))[0]
        self.assertEqual(self.dump("b.db"), before)
        self.assertEqual(report["totals"]["unchanged"], report["records"])

    def test_private_reflection_never_exported(self):
        self.ok("add", "session", "--date", "2026-02-02T10:00:00.000Z", "--reflection", "my secret thoughts")
        self.ok("export", "-o", self.path("s.qicoach"))
        with open(self.path("s.qicoach"), encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("secret", text)
        self.assertNotIn("reflection", text)

    def test_dry_run_and_json(self):
        example = os.path.join(DATA, "spec-example.qicoach")
        self.ok("init")
        before = self.dump()
        reports = json.loads(self.ok("import", "--dry-run", "--json", example))
        self.assertEqual(self.dump(), before)
        report = reports[0]
        self.assertTrue(report["dry_run"])
        self.assertEqual(report["file"], example)
        self.assertEqual(report["sender"]["name"], "Priya Shah")
        self.assertEqual(report["kinds"]["project"], {"added": 1, "updated": 0, "unchanged": 0, "older": 0,
                                                      "deleted": 0, "conflicts": 0})
        titles = {i["title"] for i in report["items"]}
        self.assertIn("Sepsis screening in the emergency department", titles)
        self.assertEqual(set(report), {"file", "dry_run", "sender", "exported", "generator", "records",
                                       "totals", "kinds", "items", "truncated"})
        out = self.ok("import", "--dry-run", example)
        self.assertIn("dry run, nothing changed", out)

    def test_two_databases_exchange_both_ways(self):
        self.ok("import", os.path.join(DATA, "spec-example.qicoach"))
        self.ok("export", "-o", self.path("base.qicoach"))
        self.ok("import", self.path("base.qicoach"), db="b.db")
        project = "2d7e8f90-3a4b-4c5d-9e6f-7a8b9c0d1e2f"
        self.ok("set", project, "--aim", "A's aim")
        time.sleep(0.01)
        self.ok("set", project, "--aim", "B's aim, later", db="b.db")
        self.ok("add", "resource", "--title", "Only in A")
        self.ok("add", "resource", "--title", "Only in B", db="b.db")
        self.ok("delete", "e4f5a6b7-c8d9-4e0f-9a1b-3c4d5e6f7081", db="b.db")
        self.ok("export", "-o", self.path("from-a.qicoach"))
        self.ok("export", "-o", self.path("from-b.qicoach"), db="b.db")
        out = self.ok("import", self.path("from-b.qicoach"))
        self.assertIn("conflict project " + project, out)
        self.ok("import", self.path("from-a.qicoach"), db="b.db")
        self.ok("export", "-o", self.path("end-a.qicoach"))
        self.ok("export", "-o", self.path("end-b.qicoach"), db="b.db")
        self.assertEqual(strip_exported(self.path("end-a.qicoach")), strip_exported(self.path("end-b.qicoach")))
        shown = json.loads(self.ok("show", project, "--json"))
        self.assertEqual(shown["aim"], "B's aim, later")

    def test_project_and_since(self):
        self.ok("import", os.path.join(DATA, "spec-example.qicoach"))
        project = "2d7e8f90-3a4b-4c5d-9e6f-7a8b9c0d1e2f"
        self.ok("export", "--project", project, "-o", self.path("p.qicoach"))
        text = strip_exported(self.path("p.qicoach"))
        self.assertIn("<measure id=", text)
        self.assertIn("<session id=", text)
        self.assertNotIn("<resource", text)
        code, _, err, _ = self.run_cli("export", "--project", "0e4b9c1d-7a2f-4e6b-8c3d-5f1a2b3c4d5f",
                                       "-o", self.path("x.qicoach"))
        self.assertEqual(code, 1, err)
        self.assertFalse(os.path.exists(self.path("x.qicoach")))
        self.ok("export", "--since", "2099-01-01T00:00:00.000Z", "-o", self.path("none.qicoach"))
        self.assertNotIn("<project", strip_exported(self.path("none.qicoach")))

    def test_usage(self):
        for args in (("export",), ("export", "--since"), ("import",), ("validate",), ("import", "--bogus", "x")):
            code, _, err, _ = self.run_cli(*args)
            self.assertEqual(code, 2, f"{args}: {err}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
