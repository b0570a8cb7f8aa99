#!/usr/bin/python3
"""qi-coach-cli chart analyse / chart render: the JSON shape of cli.md for
each chart type and rule set, values checked against formulas computed
here, exit codes and messages, and the files chart render writes.

Run by meson with QI_COACH_CLI pointing at the built binary."""
import json
import math
import os
import re
import shutil
import struct
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

CLI = os.environ.get("QI_COACH_CLI", "qi-coach-cli")

# The keys of cli.md, in its order, and the ones the implementation adds
# (docs/charts.md): "trial_limits" with --rules mdc, "phases" with several
# phases, and "crossings_max" in runs with the IHI rules.
TOP_KEYS = ["type", "rules", "n", "points", "runs", "sigma_signal"]
POINT_KEYS = ["date", "y", "cl", "lcl", "ucl", "signals"]
RUNS_KEYS = ["n_useful", "longest_run", "longest_run_max", "crossings", "crossings_min", "signal"]
SIGNALS = {"outside-limits", "shift", "trend", "two-of-three", "astronomical"}
VARIATIONS = {"common", "improvement", "concern", "neutral", None}

VALUES = [12, 14, 11, 15, 13, 12, 16, 14, 13, 25, 12, 14, 13, 15, 11, 12, 14, 13, 12, 15, 16, 17, 18, 19]
RATIOS = [(31, 40), (28, 41), (35, 44), (30, 38), (33, 45), (29, 40), (36, 42), (31, 39),
          (30, 43), (12, 40), (34, 44), (32, 41), (35, 46), (33, 40), (36, 45), (38, 44)]


def week(i):
    import datetime
    return (datetime.date(2026, 1, 5) + datetime.timedelta(weeks=i)).isoformat()


def mean(xs):
    return sum(xs) / len(xs)


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def screened_amr(ys):
    mrs = [abs(b - a) for a, b in zip(ys, ys[1:])]
    amr = mean(mrs)
    kept = [m for m in mrs if m < 3.267 * amr]
    return mean(kept)


class ChartTestCase(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="qc-chart-")
        self.db = os.path.join(self.dir, "x.db")
        self.env = dict(os.environ, QI_COACH_AUTHOR="Chart Tester")
        self.env.pop("QI_COACH_DB", None)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def run_cli(self, *args, db=True):
        argv = [CLI] + (["--db", self.db] if db else []) + list(args)
        p = subprocess.run(argv, capture_output=True, text=True, env=self.env, timeout=60)
        return p.returncode, p.stdout, p.stderr

    def ok(self, *args, db=True):
        code, out, err = self.run_cli(*args, db=db)
        self.assertEqual(code, 0, f"{args}: {err}")
        return out

    def refused(self, expected, *args, db=True):
        code, out, err = self.run_cli(*args, db=db)
        self.assertEqual(code, expected, f"{args}: exit {code}, stderr {err!r}")
        lines = err.strip().splitlines()
        self.assertGreaterEqual(len(lines), 1)
        self.assertTrue(lines[0].startswith("qi-coach-cli: "), err)
        return lines[0]

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def values_csv(self, values=VALUES, name="values.csv"):
        rows = ["date,value"] + [f"{week(i)},{'' if v is None else v}" for i, v in enumerate(values)]
        return self.write(name, "\n".join(rows) + "\n")

    def ratios_csv(self, ratios=RATIOS, name="ratios.csv"):
        rows = ["date,numerator,denominator"] + [f"{week(i)},{n},{d}" for i, (n, d) in enumerate(ratios)]
        return self.write(name, "\n".join(rows) + "\n")

    def analyse(self, *args):
        return json.loads(self.ok("chart", "analyse", *args, "--json", db=False))


class AnalyseShape(ChartTestCase):
    """Every chart type and rule set gives the object of cli.md."""

    def check_shape(self, result, type_, rules, target=False):
        keys = list(result.keys())
        extras = [k for k in keys if k not in TOP_KEYS]
        self.assertEqual([k for k in keys if k in TOP_KEYS], TOP_KEYS, keys)
        allowed = {"trial_limits", "assurance"} if rules == "mdc" else set()
        self.assertTrue(set(extras) <= allowed | {"phases"}, extras)
        if rules == "mdc":
            self.assertIsInstance(result["trial_limits"], bool)
            self.assertEqual("assurance" in result, target)
        else:
            self.assertNotIn("assurance", result)
        self.assertEqual(result["type"], type_)
        self.assertEqual(result["rules"], rules)
        self.assertIsInstance(result["n"], int)
        self.assertEqual(result["n"], sum(1 for p in result["points"] if p["y"] is not None))

        for i, p in enumerate(result["points"]):
            expected = POINT_KEYS + (["variation"] if rules == "mdc" else [])
            self.assertEqual(list(p.keys()), expected, p)
            self.assertRegex(p["date"], r"^\d{4}-\d{2}-\d{2}$")
            for k in ("y", "cl", "lcl", "ucl"):
                self.assertTrue(p[k] is None or isinstance(p[k], (int, float)), (k, p))
            self.assertIsInstance(p["signals"], list)
            self.assertTrue(set(p["signals"]) <= SIGNALS, p["signals"])
            if rules == "mdc":
                self.assertIn(p["variation"], VARIATIONS)
            if type_ == "run":
                self.assertIsNone(p["lcl"])
                self.assertIsNone(p["ucl"])

        runs = result["runs"]
        run_keys = RUNS_KEYS + (["crossings_max"] if rules == "ihi" else [])
        self.assertEqual(sorted(runs.keys()), sorted(run_keys), runs)
        self.assertEqual(list(runs.keys())[:5], RUNS_KEYS[:5])
        self.assertIsInstance(runs["signal"], bool)

        sigma = [i for i, p in enumerate(result["points"]) if "outside-limits" in p["signals"]]
        self.assertEqual(result["sigma_signal"], sigma)

    def test_every_type_and_rule_set(self):
        values = self.values_csv()
        ratios = self.ratios_csv()
        for type_ in ("run", "i", "mr", "p", "u", "c"):
            csv = ratios if type_ in ("p", "u") else values
            for rules in ("anhoej", "ihi") + (("mdc",) if type_ == "i" else ()):
                with self.subTest(type=type_, rules=rules):
                    result = self.analyse("--type", type_, "--csv", csv, "--rules", rules)
                    self.check_shape(result, type_, rules)
            with self.subTest(type=type_, rules="default"):
                self.assertEqual(self.analyse("--type", type_, "--csv", csv)["rules"], "anhoej")

    def test_run_chart_of_a_proportion(self):
        result = self.analyse("--type", "run", "--csv", self.ratios_csv())
        self.check_shape(result, "run", "anhoej")
        self.assertAlmostEqual(result["points"][0]["y"], 31 / 40)

    def test_mdc_with_target(self):
        result = self.analyse("--type", "i", "--csv", self.values_csv(), "--rules", "mdc",
                              "--target", "20", "--direction", "decrease")
        self.check_shape(result, "i", "mdc", target=True)
        self.assertIn(result["assurance"], ("passes", "fails", "inconsistent"))

    def test_missing_values(self):
        values = list(VALUES)
        values[3] = None
        result = self.analyse("--type", "i", "--csv", self.values_csv(values))
        self.assertIsNone(result["points"][3]["y"])
        self.assertEqual(result["n"], len(VALUES) - 1)
        self.assertEqual(result["points"][3]["signals"], [])


class AnalyseValues(ChartTestCase):
    """The numbers of qi-domain.md, computed here independently."""

    def test_run_chart_median(self):
        result = self.analyse("--type", "run", "--csv", self.values_csv())
        for i, p in enumerate(result["points"]):
            self.assertEqual(p["y"], VALUES[i])
            self.assertAlmostEqual(p["cl"], median(VALUES))
        runs = result["runs"]
        useful = [v for v in VALUES if v != median(VALUES)]
        self.assertEqual(runs["n_useful"], len(useful))
        self.assertEqual(runs["longest_run_max"], round(math.log2(len(useful)) + 3))

    def test_i_chart_limits(self):
        result = self.analyse("--type", "i", "--csv", self.values_csv())
        cl = mean(VALUES)
        amr = screened_amr(VALUES)
        p = result["points"][0]
        self.assertAlmostEqual(p["cl"], cl, places=9)
        self.assertAlmostEqual(p["ucl"], cl + 3 * amr / 1.128, places=9)
        self.assertAlmostEqual(p["lcl"], cl - 3 * amr / 1.128, places=9)
        self.assertIn("outside-limits", result["points"][9]["signals"])
        self.assertIn(9, result["sigma_signal"])

    def test_no_screen(self):
        result = self.analyse("--type", "i", "--csv", self.values_csv(), "--no-screen")
        amr = mean([abs(b - a) for a, b in zip(VALUES, VALUES[1:])])
        self.assertAlmostEqual(result["points"][0]["ucl"], mean(VALUES) + 3 * amr / 1.128, places=9)

    def test_mdc_limits(self):
        result = self.analyse("--type", "i", "--csv", self.values_csv(), "--rules", "mdc")
        cl = mean(VALUES)
        amr = screened_amr(VALUES)
        p = result["points"][0]
        self.assertAlmostEqual(p["ucl"], cl + 2.66 * amr, places=9)
        self.assertAlmostEqual(p["lcl"], cl - 2.66 * amr, places=9)
        # 9: outside the limits, higher, better by default (increase)
        self.assertEqual(result["points"][9]["variation"], "improvement")
        down = self.analyse("--type", "i", "--csv", self.values_csv(), "--rules", "mdc",
                            "--direction", "decrease")
        self.assertEqual(down["points"][9]["variation"], "concern")
        neutral = self.analyse("--type", "i", "--csv", self.values_csv(), "--rules", "mdc",
                               "--direction", "neutral")
        self.assertEqual(neutral["points"][9]["variation"], "neutral")

    def test_p_chart_limits_step_with_denominators(self):
        result = self.analyse("--type", "p", "--csv", self.ratios_csv())
        pbar = sum(n for n, _ in RATIOS) / sum(d for _, d in RATIOS)
        for (n, d), p in zip(RATIOS, result["points"]):
            sd = math.sqrt(pbar * (1 - pbar) / d)
            self.assertAlmostEqual(p["y"], n / d, places=12)
            self.assertAlmostEqual(p["cl"], pbar, places=12)
            self.assertAlmostEqual(p["ucl"], min(1.0, pbar + 3 * sd), places=12)
            self.assertAlmostEqual(p["lcl"], max(0.0, pbar - 3 * sd), places=12)
        self.assertIn(9, result["sigma_signal"])

    def test_u_and_c_charts(self):
        u = self.analyse("--type", "u", "--csv", self.ratios_csv())
        ubar = sum(n for n, _ in RATIOS) / sum(d for _, d in RATIOS)
        self.assertAlmostEqual(u["points"][0]["ucl"], ubar + 3 * math.sqrt(ubar / RATIOS[0][1]), places=12)
        c = self.analyse("--type", "c", "--csv", self.values_csv())
        cbar = mean(VALUES)
        self.assertAlmostEqual(c["points"][0]["ucl"], cbar + 3 * math.sqrt(cbar), places=9)
        self.assertAlmostEqual(c["points"][0]["lcl"], max(0, cbar - 3 * math.sqrt(cbar)), places=9)

    def test_mr_chart(self):
        result = self.analyse("--type", "mr", "--csv", self.values_csv())
        self.assertIsNone(result["points"][0]["y"])
        mrs = [abs(b - a) for a, b in zip(VALUES, VALUES[1:])]
        self.assertEqual(result["points"][1]["y"], mrs[0])
        self.assertAlmostEqual(result["points"][1]["cl"], mean(mrs), places=9)
        self.assertAlmostEqual(result["points"][1]["ucl"], 3.267 * mean(mrs), places=9)
        self.assertEqual(result["points"][1]["lcl"], 0)


class AnalyseErrors(ChartTestCase):
    def test_usage_is_2(self):
        values = self.values_csv()
        self.refused(2, "chart", db=False)
        self.refused(2, "chart", "frobnicate", db=False)
        self.refused(2, "chart", "analyse", "--csv", values, db=False)
        self.refused(2, "chart", "analyse", "--type", "i", db=False)
        self.refused(2, "chart", "analyse", "--type", "xbar", "--csv", values, db=False)
        self.refused(2, "chart", "analyse", "--type", "i", "--csv", values, "--rules", "western-electric", db=False)
        self.refused(2, "chart", "analyse", "--type", "i", "--csv", values, "--direction", "up", db=False)
        self.refused(2, "chart", "analyse", "--type", "i", "--csv", values, "--target", "lots", db=False)
        self.refused(2, "chart", "analyse", "--type", "p", "--csv", values, "--rules", "mdc", db=False)
        self.refused(2, "chart", "analyse", "--type", "i", "--csv", values, "--colour", "red", db=False)
        self.refused(2, "chart", "analyse", "--type", "i", "--csv", db=False)

    def test_bad_csv_names_file_and_line(self):
        bad = self.write("bad.csv", "date,value\n2026-01-05,12\n2026-01-12,12,5\n")
        line = self.refused(1, "chart", "analyse", "--type", "i", "--csv", bad, db=False)
        self.assertIn(f"{bad}:3", line)
        bad_value = self.write("bad-value.csv", "date,value\n2026-01-05,12\n2026-01-12,twelve\n")
        line = self.refused(1, "chart", "analyse", "--type", "i", "--csv", bad_value, db=False)
        self.assertIn(f"{bad_value}:3", line)
        header = self.write("header.csv", "when,value\n2026-01-05,12\n")
        self.assertIn(f"{header}:1", self.refused(1, "chart", "analyse", "--type", "i", "--csv", header, db=False))
        # a p chart needs numerator and denominator
        self.assertIn(":1", self.refused(1, "chart", "analyse", "--type", "p", "--csv", self.values_csv(), db=False))
        missing = os.path.join(self.dir, "missing.csv")
        self.assertIn(missing, self.refused(1, "chart", "analyse", "--type", "i", "--csv", missing, db=False))
        # nothing was written to the default database
        self.assertFalse(os.path.exists(self.db))

    def test_table_without_json(self):
        out = self.ok("chart", "analyse", "--type", "i", "--csv", self.values_csv(), db=False)
        lines = out.strip().splitlines()
        self.assertEqual(lines[0].split(), ["date", "y", "cl", "lcl", "ucl", "signals"])
        self.assertEqual(len(lines), 1 + len(VALUES) + 1)
        self.assertTrue(lines[1].startswith(week(0)))
        self.assertIn("outside-limits", lines[10])
        self.assertTrue(lines[-1].startswith("runs: "), lines[-1])
        mdc = self.ok("chart", "analyse", "--type", "i", "--csv", self.values_csv(), "--rules", "mdc",
                      "--target", "14", db=False)
        self.assertIn("variation", mdc.splitlines()[0])
        self.assertIn("assurance: ", mdc)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", head[:8]
    return struct.unpack(">II", head[16:24])


class Render(ChartTestCase):
    def setUp(self):
        super().setUp()
        self.project = self.ok("add", "project", "--title", "Sepsis screening").strip()
        self.pdsa = self.ok("add", "pdsa", "--project", self.project, "--title", "Prompt on triage form",
                            "--number", "1").strip()
        self.measure = self.ok("add", "measure", "--project", self.project,
                               "--name", "Patients screened within 1 hour", "--chart", "p",
                               "--direction", "increase", "--target", "0.9",
                               "--definition", "Adults with NEWS2 of 5 or more screened within 60 minutes.",
                               "--phase", '{"start":"2026-03-02","label":"New screening tool"}').strip()
        rows = ["date,numerator,denominator,note,pdsa"]
        for i, (n, d) in enumerate(RATIOS):
            note = "Two nurses off sick" if i == 9 else ""
            pdsa = self.pdsa if i == 8 else ""
            rows.append(f"{week(i)},{n},{d},{note},{pdsa}")
        self.csv = self.write("points.csv", "\n".join(rows) + "\n")
        self.assertEqual(self.ok("points", self.measure, "--csv", self.csv).strip(), f"{len(RATIOS)} points")

    def leftovers(self):
        return [f for f in os.listdir(self.dir) if re.search(r"\.(png|svg|pdf)\.\w{6}$", f)]

    def test_png(self):
        out = os.path.join(self.dir, "chart.png")
        self.ok("chart", "render", self.measure, "--format", "png", "-o", out)
        self.assertEqual(png_size(out), (1280, 800))
        self.ok("chart", "render", self.measure, "--format", "png", "-o", out, "--width", "640", "--height", "400")
        self.assertEqual(png_size(out), (640, 400))
        self.assertEqual(self.leftovers(), [])

    def test_svg(self):
        out = os.path.join(self.dir, "chart.svg")
        self.ok("chart", "render", self.measure, "--format", "svg", "-o", out)
        root = ET.parse(out).getroot()
        self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg")
        self.assertEqual(root.get("width"), "1280px")
        self.assertEqual(root.get("height"), "800px")
        self.assertGreater(len(list(root.iter())), 100)

    def test_pdf(self):
        if shutil.which("pdfinfo") is None:
            self.skipTest("pdfinfo (poppler-utils) is not installed")
        out = os.path.join(self.dir, "chart.pdf")
        self.ok("chart", "render", self.measure, "--format", "pdf", "-o", out)
        info = subprocess.run(["pdfinfo", out], capture_output=True, text=True, check=True).stdout
        self.assertRegex(info, r"Pages:\s+1\n")
        self.assertRegex(info, r"Page size:\s+842 x 595 pts")
        self.assertRegex(info, r"Title:\s+Patients screened within 1 hour")

    def test_format_from_file_name(self):
        out = os.path.join(self.dir, "chart.svg")
        self.ok("chart", "render", self.measure, "-o", out)
        self.assertEqual(ET.parse(out).getroot().tag, "{http://www.w3.org/2000/svg}svg")

    def test_every_rule_set_and_an_empty_measure(self):
        for rules in ("anhoej", "ihi"):
            out = os.path.join(self.dir, f"{rules}.png")
            self.ok("chart", "render", self.measure, "--rules", rules, "-o", out)
            self.assertEqual(png_size(out), (1280, 800))
        # mdc on a p chart: drawn with the Anhøj rules, and said so
        code, out, err = self.run_cli("chart", "render", self.measure, "--rules", "mdc",
                                      "-o", os.path.join(self.dir, "mdc.png"))
        self.assertEqual(code, 0, err)
        self.assertIn("Anhøj", err)
        empty = self.ok("add", "measure", "--project", self.project, "--name", "Nothing yet").strip()
        out = os.path.join(self.dir, "empty.png")
        self.ok("chart", "render", empty, "-o", out, "--width", "320", "--height", "200")
        self.assertEqual(png_size(out), (320, 200))
        i_chart = self.ok("add", "measure", "--project", self.project, "--name", "Falls", "--chart", "i",
                          "--target", "14", "--direction", "decrease").strip()
        self.ok("points", i_chart, "--csv", self.values_csv())
        out = os.path.join(self.dir, "falls.pdf")
        self.ok("chart", "render", i_chart, "--rules", "mdc", "-o", out)

    def test_refusals(self):
        out = os.path.join(self.dir, "chart.png")
        unknown = "0b8f7ad2-5a43-4a8e-9a52-1e7c3f2b9d10"
        self.assertIn(unknown, self.refused(1, "chart", "render", unknown, "-o", out))
        self.assertIn(self.project, self.refused(1, "chart", "render", self.project, "-o", out))
        self.refused(1, "chart", "render", self.measure, "-o", os.path.join(self.dir, "no", "such", "dir.png"))
        self.refused(2, "chart", "render", self.measure)
        self.refused(2, "chart", "render", "-o", out)
        self.refused(2, "chart", "render", self.measure, "--format", "gif", "-o", out)
        self.refused(2, "chart", "render", self.measure, "-o", os.path.join(self.dir, "chart"))
        self.refused(2, "chart", "render", self.measure, "-o", out, "--width", "wide")
        self.refused(2, "chart", "render", self.measure, "-o", out, "--width", "20")
        self.refused(2, "chart", "render", self.measure, "-o", out, "--rules", "nelson")
        self.refused(2, "chart", "render", self.measure, "-o", out, "--format")
        self.assertFalse(os.path.exists(out))
        self.assertEqual(self.leftovers(), [])

    def test_points_round_trip(self):
        shown = json.loads(self.ok("show", self.measure, "--json"))
        points = shown["point"]
        self.assertEqual(len(points), len(RATIOS))
        for i, ((n, d), p) in enumerate(zip(RATIOS, points)):
            self.assertEqual(p["date"], week(i))
            self.assertEqual(float(p["numerator"]), n)
            self.assertEqual(float(p["denominator"]), d)
        self.assertEqual(points[9]["text"], "Two nurses off sick")
        self.assertEqual(points[8]["pdsa"], self.pdsa)

        # The stored points, written back as CSV, analyse as the original.
        rows = ["date,numerator,denominator"] + [f"{p['date']},{p['numerator']},{p['denominator']}" for p in points]
        again = self.write("again.csv", "\n".join(rows) + "\n")
        self.assertEqual(self.analyse("--type", "p", "--csv", again),
                         self.analyse("--type", "p", "--csv", self.ratios_csv()))
        # One file serves both: the points file, notes and cycles included.
        self.assertEqual(self.analyse("--type", "p", "--csv", self.csv),
                         self.analyse("--type", "p", "--csv", self.ratios_csv()))

        # Replacing them keeps the old ones in history, and the chart follows.
        fewer = self.ratios_csv(RATIOS[:5], name="fewer.csv")
        self.assertEqual(self.ok("points", self.measure, "--csv", fewer).strip(), "5 points")
        self.assertEqual(len(json.loads(self.ok("show", self.measure, "--json"))["point"]), 5)
        history = json.loads(self.ok("history", self.measure, "--json"))
        self.assertEqual(len(history[0]["version"]["point"]), len(RATIOS))
        out = os.path.join(self.dir, "fewer.png")
        self.ok("chart", "render", self.measure, "-o", out)
        self.assertEqual(png_size(out), (1280, 800))


if __name__ == "__main__":
    unittest.main(verbosity=2)
