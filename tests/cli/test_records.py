#!/usr/bin/python3
"""qi-coach-cli record commands: exit codes, messages and JSON shape.

Run by meson with QI_COACH_CLI pointing at the built binary."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

CLI = os.environ.get("QI_COACH_CLI", "qi-coach-cli")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class CliTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="qc-cli-")
        self.db = os.path.join(self.dir, "x.db")
        self.env = dict(os.environ, QI_COACH_AUTHOR="CLI Tester")
        self.env.pop("QI_COACH_DB", None)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def run_cli(self, *args, db=True, env=None):
        argv = [CLI] + (["--db", self.db] if db else []) + list(args)
        p = subprocess.run(argv, capture_output=True, text=True, env=env or self.env, timeout=60)
        return p.returncode, p.stdout, p.stderr

    def ok(self, *args):
        code, out, err = self.run_cli(*args)
        self.assertEqual(code, 0, f"{args}: {err}")
        return out

    def refused(self, expected, *args, db=True):
        code, out, err = self.run_cli(*args, db=db)
        self.assertEqual(code, expected, f"{args}: exit {code}, stderr {err!r}")
        lines = err.strip().splitlines()
        self.assertGreaterEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("qi-coach-cli: "), err)
        return lines[0]

    def dump(self):
        """Every record as JSON: what 'nothing changed' is measured by."""
        result = {}
        for kind in ("projects", "pdsa", "sessions", "resources", "people", "organisations", "measures"):
            for row in json.loads(self.ok("list", kind, "--json")):
                result[row["id"]] = json.loads(self.ok("show", row["id"], "--json"))
        return result


class Usage(CliTestCase):
    def test_help(self):
        code, out, err = self.run_cli("--help", db=False)
        self.assertEqual(code, 0)
        for command in ("init", "stats", "list", "show", "search", "add", "set", "delete", "history", "points"):
            self.assertIn(command, out)

    def test_wrong_usage_is_2(self):
        self.refused(2, db=False)
        self.refused(2, "frobnicate")
        self.refused(2, "--nope", "stats")
        self.refused(2, "list")
        self.refused(2, "list", "widgets")
        self.refused(2, "add", "widget", "--title", "x")
        self.refused(2, "add", "project", "--title")
        self.refused(2, "add", "project", "--colour", "red")
        self.refused(2, "show")


class Records(CliTestCase):
    def test_init_creates_the_database(self):
        out = self.ok("init")
        self.assertEqual(out.strip(), self.db)
        self.assertTrue(os.path.exists(self.db))

    def test_environment_chooses_the_database(self):
        env = dict(self.env, QI_COACH_DB=os.path.join(self.dir, "env.db"))
        code, out, err = self.run_cli("init", db=False, env=env)
        self.assertEqual(code, 0, err)
        self.assertEqual(out.strip(), env["QI_COACH_DB"])

    def test_add_then_search_and_stats(self):
        pid = self.ok("add", "project", "--title", "Sepsis screening in ED",
                      "--aim", "Screen 95% of eligible adults within 1 hour by March 2027").strip()
        self.assertRegex(pid, UUID)
        hits = json.loads(self.ok("search", "sepsis", "--json"))
        self.assertEqual(hits[0]["id"], pid)
        self.assertEqual(hits[0]["kind"], "project")
        self.assertEqual(set(hits[0]), {"kind", "id", "title", "snippet"})
        self.assertEqual(json.loads(self.ok("search", "--json", "eligible", "adults"))[0]["id"], pid)
        self.assertEqual(json.loads(self.ok("search", "nothing-like-this", "--json")), [])

        stats = json.loads(self.ok("stats", "--json"))
        for key in ("organisations", "people", "resources", "projects", "measures", "pdsa",
                    "sessions", "tombstones", "history", "conflicts", "points"):
            self.assertIsInstance(stats[key], int, key)
        self.assertEqual(stats["projects"], 1)
        self.assertEqual(stats["resources"], 10)

    def test_default_database_holds_the_resources_list(self):
        rows = json.loads(self.ok("list", "resources", "--json"))
        self.assertEqual(len(rows), 10)
        titles = " ".join(r["title"] for r in rows)
        for name in ("Institute for Healthcare Improvement", "East London", "King's Fund",
                     "Health Foundation", "Sheffield Microsystem", "Northumbria", "Dixon-Woods"):
            self.assertIn(name, titles)
        ihi = json.loads(self.ok("show", "7ff41eed-48d5-5db5-b57b-7d362834d429", "--json"))
        self.assertEqual(ihi["rev"], "1-267703e6f89ce133")

    def test_every_kind_by_cli(self):
        org = self.ok("add", "organisation", "--name", "Bedford Hospital", "--kind", "acute").strip()
        person = self.ok("add", "person", "--name", "Priya Shah", "--organisation", org,
                         "--coach", "true", "--skill", "run charts", "--skill", "PDSA").strip()
        project = self.ok("add", "project", "--title", "Falls", "--organisation", org, "--coach", person,
                          "--status", "active", "--progress", "2.5", "--tag", "falls",
                          "--member", json.dumps({"ref": person, "role": "Lead"}),
                          "--driver", json.dumps({"kind": "primary", "text": "Safer wards"})).strip()
        shown = json.loads(self.ok("show", project, "--json"))
        driver = shown["driver"][0]["id"]
        self.assertRegex(driver, UUID)
        self.assertEqual(shown["member"], [{"ref": person, "role": "Lead"}])
        measure = self.ok("add", "measure", "--project", project, "--name", "Falls per 1000 bed days",
                          "--chart", "u").strip()
        pdsa = self.ok("add", "pdsa", "--project", project, "--title", "Falls huddle",
                       "--change-idea", driver, "--question",
                       json.dumps({"text": "Will staff attend?", "prediction": "8 of 10"})).strip()
        session = self.ok("add", "session", "--date", "2026-02-02T10:00:00.000Z", "--project", project,
                          "--reflection", "Keep quieter", "--action",
                          json.dumps({"text": "Draw the run chart", "owner": person, "due": "2026-02-16"})).strip()
        resource = self.ok("add", "resource", "--title", "Run chart guide", "--kind", "toolkit").strip()
        for rid, kind in ((org, "organisation"), (person, "person"), (project, "project"),
                          (measure, "measure"), (pdsa, "pdsa"), (session, "session"), (resource, "resource")):
            record = json.loads(self.ok("show", rid, "--json"))
            self.assertEqual(record["record_kind"], kind)
            self.assertEqual(record["id"], rid)
            self.assertEqual(record["modified_by"], "CLI Tester")
            self.assertRegex(record["rev"], r"^1-[0-9a-f]{16}$")
            self.assertEqual(record["revs"], [])
        self.assertEqual(json.loads(self.ok("show", session, "--json"))["reflection"], "Keep quieter")
        stats = json.loads(self.ok("stats", "--json"))
        self.assertEqual([stats[k] for k in ("organisations", "people", "projects", "measures", "pdsa",
                                             "sessions", "resources")], [1, 1, 1, 1, 1, 1, 11])
        # A project lists as one line per record: id, tab, title.
        lines = self.ok("list", "projects").splitlines()
        self.assertEqual(lines, [f"{project}\tFalls"])

    def test_set_history_delete(self):
        pid = self.ok("add", "project", "--title", "Old title").strip()
        rev = self.ok("set", pid, "--title", "New title", "--progress", "3").strip()
        self.assertRegex(rev, r"^2-[0-9a-f]{16}$")
        record = json.loads(self.ok("show", pid, "--json"))
        self.assertEqual(record["title"], "New title")
        self.assertEqual(record["progress"], "3.0")
        self.assertEqual(len(record["revs"]), 1)
        history = json.loads(self.ok("history", pid, "--json"))
        self.assertEqual(len(history), 1)
        self.assertEqual(history[0]["version"]["title"], "Old title")
        self.assertEqual(set(history[0]), {"seq", "rev", "modified", "modified_by", "reason",
                                           "saved", "deleted", "version"})
        self.ok("delete", pid)
        self.refused(1, "show", pid)
        self.refused(1, "delete", pid)
        history = json.loads(self.ok("history", pid, "--json"))
        self.assertEqual(len(history), 2)
        self.assertEqual(history[0]["version"]["title"], "New title")
        self.assertEqual(json.loads(self.ok("stats", "--json"))["tombstones"], 1)

    def test_refused_input_changes_nothing(self):
        pid = self.ok("add", "project", "--title", "Stable").strip()
        before = self.dump()
        message = self.refused(1, "set", pid, "--progress", "7")
        self.assertIn("progress", message)
        self.refused(1, "set", pid, "--status", "finished")
        self.refused(1, "set", pid, "--start", "2026-02-30")
        self.refused(1, "set", pid, "--title", "")
        self.refused(1, "add", "project", "--aim", "no title")
        message = self.refused(1, "add", "pdsa", "--project", "00000000-0000-4000-8000-000000000000",
                               "--title", "Orphan")
        self.assertIn("00000000-0000-4000-8000-000000000000", message)
        self.refused(1, "add", "project", "--title", "x", "--lead", pid)
        self.refused(1, "add", "project", "--title", "x", "--driver", "{not json")
        self.refused(1, "show", "no-such-id")
        self.refused(1, "history", "no-such-id")
        self.assertEqual(self.dump(), before)

    def test_database_problems_are_3(self):
        junk = os.path.join(self.dir, "junk.db")
        with open(junk, "w") as f:
            f.write("not a database, just text" * 40)
        code, out, err = self.run_cli("--db", junk, "stats", db=False)
        self.assertEqual(code, 3)
        self.assertIn(junk, err)
        with open(junk) as f:
            self.assertTrue(f.read().startswith("not a database"))
        code, out, err = self.run_cli("--db", "/proc/no/such/dir/x.db", "stats", db=False)
        self.assertEqual(code, 3, err)

    def test_points_from_csv(self):
        project = self.ok("add", "project", "--title", "P").strip()
        measure = self.ok("add", "measure", "--project", project, "--name", "Screened", "--chart", "p").strip()
        good = os.path.join(self.dir, "points.csv")
        with open(good, "w") as f:
            f.write("date,numerator,denominator,note\n2026-01-05,31,52,\n2026-01-12,35,49,\"prompt, live\"\n")
        self.assertEqual(self.ok("points", measure, "--csv", good).strip(), "2 points")
        record = json.loads(self.ok("show", measure, "--json"))
        self.assertEqual(record["point"][1], {"date": "2026-01-12", "numerator": "35",
                                              "denominator": "49", "text": "prompt, live"})
        before = self.dump()
        bad = os.path.join(self.dir, "bad.csv")
        with open(bad, "w") as f:
            f.write("date,value\n2026-01-05,3\n2026-13-01,4\n")
        message = self.refused(1, "points", measure, "--csv", bad)
        self.assertIn(f"{bad}:3:", message)
        with open(bad, "w") as f:
            f.write("date,value\n2026-01-05,abc\n")
        self.assertIn(f"{bad}:2:", self.refused(1, "points", measure, "--csv", bad))
        self.refused(1, "points", measure, "--csv", os.path.join(self.dir, "missing.csv"))
        self.refused(1, "points", project, "--csv", good)
        self.assertEqual(self.dump(), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
