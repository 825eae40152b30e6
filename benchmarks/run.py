"""Benchmarks: graphmodel against the plain networkx path, on synthetic and real data.

Run from the repository root::

    .venv/bin/python benchmarks/run.py            # every case (about 25 minutes)
    .venv/bin/python benchmarks/run.py --cases norway france banatic   # make bench (~7 min)
    .venv/bin/python benchmarks/run.py --quick    # Norway- and France-sized synthetic only

Each measurement runs in a fresh Python process (``run.py --worker CASE METHOD``). The
worker builds or loads the data, then times the analysis alone: graphmodel's
``actor_fragmentation``, ``actor_pairs``, ``collaboration_pairs`` and ``council_metrics``,
or the networkx path of ``benchmarks/baseline.py`` giving the same tables. Peak memory is
the worker's ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` read right after the analysis
(the whole process: interpreter, libraries, data and analysis); the same figure read before
the analysis is reported beside it. Each worker then writes its tables, and the parent checks
that both paths give the same numbers. The command-line processes (``graphmodel metrics``)
are timed from outside, wall clock of the whole process, with peak RSS from ``os.wait4``;
so is the actors table against the plain-Python reference (``plain_actors.py``) on the real
French data and on 3 × France synthetic (issue 15's targets).

The results are printed as Markdown and written to ``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
BANATIC = SHARED / "reference" / "france_banatic"
RESULTS = HERE / "results.md"

#: case -> (label, (municipalities, collaborations) or None for the real data)
CASES = {
    "norway": ("Norway-sized synthetic", (360, 2_000)),
    "france": ("France-sized synthetic", (35_000, 10_000)),
    "france3": ("3 × France synthetic", (105_000, 30_000)),
    "banatic": ("Real French data (BANATIC 2021)", None),
}
QUICK = ("norway", "france")
METHODS = ("graphmodel", "networkx")
PROJECT_FUNCTIONS = (
    ("actor_fragmentation", "graphmodel.analysis.fragmentation"),
    ("actor_pairs", "graphmodel.analysis.overlap"),
    ("collaboration_pairs", "graphmodel.analysis.overlap"),
    ("council_metrics", "graphmodel.analysis.fragmentation"),
)
#: the columns both paths must agree on, per table
CHECKED = {
    "actor_pairs": ["a", "b", "shared", "jaccard"],
    "collaboration_pairs": ["a", "b", "relation", "jaccard"],
    "actor_fragmentation": ["id", "n_collaborations", "n_partners", "n_configurations",
                            "fragmentation", "effective_partners", "home_council",
                            "home_alignment"],
    "council_metrics": ["id", "n_members", "n_collaborations", "aligned", "within", "spanning",
                        "n_configurations", "region_fragmentation", "n_dual_members"],
}
CLI_TABLES = ("actors", "pairs", "collaboration-pairs", "councils", "communities", "suggestions")
#: the reading alone, for comparison: `graphmodel validate DATA`
CLI_VALIDATE = "(validate: start-up and loading only)"


# --------------------------------------------------------------------------- worker side


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _model(case: str):
    sys.path.insert(0, str(ROOT))
    _, size = CASES[case]
    if size is None:
        from graphmodel.data.load import load

        return load(BANATIC)
    from graphmodel.data.synth import synthesize

    return synthesize(*size, seed=0)


def worker(case: str, method: str, out: str | None) -> None:
    """Build the data, time one method, print one JSON line; write the tables to ``out``."""
    import importlib

    t = time.perf_counter()
    model = _model(case)
    prepare = time.perf_counter() - t
    if method == "networkx":
        sys.path.insert(0, str(HERE))
        import baseline  # imported before the clock starts, as graphmodel is
    else:
        functions = [getattr(importlib.import_module(mod), name)
                     for name, mod in PROJECT_FUNCTIONS]
    before = _maxrss_mb()
    print(json.dumps({"started": True}), flush=True)  # the parent clocks a failed analysis
    start = time.perf_counter()
    if method == "networkx":
        tables, times = baseline.run_all(model)
    else:
        tables, times = {}, {}
        for f in functions:
            t = time.perf_counter()
            tables[f.__name__] = f(model)
            times[f.__name__] = time.perf_counter() - t
    total = time.perf_counter() - start
    peak = _maxrss_mb()
    print(json.dumps({
        "case": case, "method": method, "prepare_s": prepare, "total_s": total,
        "times": times, "rss_before_mb": before, "rss_peak_mb": peak,
        "rows": {k: len(v) for k, v in tables.items()},
        "model": {"actors": len(model.actors), "collaborations": len(model.collaborations),
                  "memberships": len(model.memberships)},
    }), flush=True)
    if out:
        for name, frame in tables.items():
            frame[CHECKED[name]].to_parquet(Path(out) / f"{method}-{name}.parquet", index=False)


# --------------------------------------------------------------------------- parent side


def run_process(cmd: list[str], timeout: float, stdout=subprocess.PIPE) -> dict:
    """Run ``cmd``; wall time, peak RSS (os.wait4), exit status, stdout; kill after timeout."""
    with tempfile.TemporaryFile() as err:
        return _run_process(cmd, timeout, stdout, err)


def _run_process(cmd, timeout, stdout, err) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=err, cwd=ROOT)
    chunks = []
    timed_out = False
    started = None  # when the worker said it starts the analysis
    if stdout is subprocess.PIPE:
        os.set_blocking(proc.stdout.fileno(), False)
    while True:
        if stdout is subprocess.PIPE:
            data = proc.stdout.read()
            if data:
                chunks.append(data)
                if started is None and b'"started"' in b"".join(chunks):
                    started = time.perf_counter()
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.kill(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            timed_out = True
            break
        time.sleep(0.01)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stdout is subprocess.PIPE:
        os.set_blocking(proc.stdout.fileno(), True)
        chunks.append(proc.stdout.read() or b"")
    err.seek(0)
    analysis = None if started is None else start + wall - started
    return {"wall_s": wall, "analysis_s": analysis, "rss_mb": usage.ru_maxrss / 1024,
            "code": proc.returncode,
            "timed_out": timed_out, "stdout": b"".join(chunks).decode(errors="replace"),
            "stderr": err.read().decode(errors="replace")}


def measure(case: str, method: str, timeout: float, mem_gb: float, out: str) -> dict:
    cmd = [sys.executable, str(HERE / "run.py"), "--worker", case, method, "--out", out]
    if method == "networkx":
        cmd += ["--mem-limit", str(mem_gb)]
    res = run_process(cmd, timeout)
    ran = res["analysis_s"]
    if res["timed_out"]:
        shown = timeout if ran is None else ran
        return {"failed": f"> {shown:.0f} s (stopped)", "wall_s": res["wall_s"],
                "lower_s": ran}
    if res["code"] != 0:
        memory = "MemoryError" in res["stderr"] or "Cannot allocate memory" in res["stderr"]
        last = res["stderr"].strip().splitlines()[-1:] or ["no message"]
        if memory:
            after = "" if ran is None else f" after {ran:.0f} s of analysis"
            why = f"> {mem_gb:g} GB (out of memory{after})"
        else:
            why = f"failed: {last[0]}"
        return {"failed": why, "wall_s": res["wall_s"], "lower_s": ran if memory else None}
    return json.loads(res["stdout"].strip().splitlines()[-1])


def compare(out: str) -> str:
    """'same' or the mismatching table.column list, comparing both methods' parquet tables."""
    import numpy as np
    import pandas as pd

    bad = []
    for name, columns in CHECKED.items():
        a = pd.read_parquet(Path(out) / f"graphmodel-{name}.parquet")
        b = pd.read_parquet(Path(out) / f"networkx-{name}.parquet")
        if len(a) != len(b):
            bad.append(f"{name}: {len(a)} vs {len(b)} rows")
            continue
        a = a.sort_values(columns[:2]).reset_index(drop=True)
        b = b.sort_values(columns[:2]).reset_index(drop=True)
        for col in columns:
            x, y = a[col].to_numpy(), b[col].to_numpy()
            if x.dtype.kind == "f" or y.dtype.kind == "f":
                ok = np.allclose(x.astype(float), y.astype(float), rtol=1e-9, atol=1e-12,
                                 equal_nan=True)
            else:
                ok = bool((x.astype(str) == y.astype(str)).all())
            if not ok:
                bad.append(f"{name}.{col}")
    return "same" if not bad else "DIFFERENT: " + ", ".join(bad)


def compare_in_subprocess(out: str, timeout: float) -> str:
    """:func:`compare` in its own process, so that this parent stays small.

    On Linux a child's ``ru_maxrss`` starts from its parent's resident size at ``fork``
    (``exec`` keeps the high-water mark), so a parent that had read large tables would
    inflate every later measurement.
    """
    res = run_process([sys.executable, str(HERE / "run.py"), "--compare", out], timeout)
    if res["code"] != 0:
        last = res["stderr"].strip().splitlines()[-1:] or ["no message"]
        return f"check failed: {last[0]}"
    return res["stdout"].strip()


def cli_command() -> list[str]:
    script = Path(sys.executable).parent / "graphmodel"
    return [str(script)] if script.exists() else [sys.executable, "-m", "graphmodel.cli"]


def time_cli(data: Path, timeout: float, tmp: str) -> list[dict]:
    rows = []
    res = run_process(cli_command() + ["validate", str(data)], timeout,
                      stdout=subprocess.DEVNULL)
    rows.append({"table": CLI_VALIDATE, "wall_s": res["wall_s"], "rss_mb": res["rss_mb"],
                 "status": f"exit {res['code']}"})
    for table in CLI_TABLES:
        target = Path(tmp) / f"cli-{table}.csv"
        cmd = cli_command() + ["metrics", str(data), "--table", table, "-o", str(target)]
        res = run_process(cmd, timeout, stdout=subprocess.DEVNULL)
        if res["timed_out"]:
            status = f"> {timeout:.0f} s (stopped)"
        elif res["code"] != 0:
            last = res["stderr"].strip().splitlines()[-1:] or ["no message"]
            status = f"exit {res['code']}: {last[0][:80]}"
        else:
            n = sum(1 for _ in target.open(encoding="utf-8")) - 1
            status = f"{n:,} rows"
        rows.append({"table": table, "wall_s": res["wall_s"], "rss_mb": res["rss_mb"],
                     "status": status})
    return rows


#: the synthetic national-scale case of the actor-table timing (issue 15): 3 × France
SCALE_SYNTH = (105_000, 30_000)
#: runs of each timed process; the minimum is reported
REPEATS = 3


def _agree(ours: Path, plain: Path) -> str:
    """Do graphmodel's actors table and the plain reference agree on every column they share?
    Floats to 1e-9; text as written."""
    import csv
    import math

    def rows(path):
        with path.open(encoding="utf-8", newline="") as f:
            return {r["id"]: r for r in csv.DictReader(f)}

    a, b = rows(ours), rows(plain)
    if a.keys() != b.keys():
        return "different actors"
    columns = [c for c in next(iter(b.values()), {}) if c in next(iter(a.values()), {})]
    bad = set()
    for key, rb in b.items():
        ra = a[key]
        for c in columns:
            x, y = ra[c], rb[c]
            if x == y:
                continue
            try:
                fx, fy = float(x or "nan"), float(y or "nan")
            except ValueError:
                bad.add(c)
                continue
            if not (math.isclose(fx, fy, rel_tol=1e-9, abs_tol=1e-12)
                    or (math.isnan(fx) and math.isnan(fy))):
                bad.add(c)
    return f"same ({len(columns)} columns)" if not bad else "differ in " + ", ".join(sorted(bad))


def time_actor_table(timeout: float, tmp: str) -> dict:
    """The actors table as whole processes: graphmodel against the plain-Python reference
    (``benchmarks/plain_actors.py``) on the real French data, interleaved, minimum of
    :data:`REPEATS`; then graphmodel on 3 × France synthetic (issue 15's targets)."""
    out: dict = {}
    ours, plain = Path(tmp) / "actors-gm.csv", Path(tmp) / "actors-plain.csv"
    if BANATIC.is_dir():
        gm_runs, plain_runs = [], []
        for _ in range(REPEATS):
            gm_runs.append(run_process(
                cli_command() + ["metrics", str(BANATIC), "--table", "actors", "-o", str(ours)],
                timeout, stdout=subprocess.DEVNULL))
            plain_runs.append(run_process(
                [sys.executable, str(HERE / "plain_actors.py"), str(BANATIC), "-o", str(plain)],
                timeout, stdout=subprocess.DEVNULL))
        if all(r["code"] == 0 for r in gm_runs + plain_runs):
            out["france"] = {
                "gm_s": min(r["wall_s"] for r in gm_runs),
                "gm_mb": max(r["rss_mb"] for r in gm_runs),
                "plain_s": min(r["wall_s"] for r in plain_runs),
                "plain_mb": max(r["rss_mb"] for r in plain_runs),
                "same": _agree(ours, plain),
            }
    data = Path(tmp) / "france3"
    n_mun, n_col = SCALE_SYNTH
    made = run_process(cli_command() + ["synth", "--municipalities", str(n_mun),
                                        "--collaborations", str(n_col), "-o", str(data)],
                       timeout, stdout=subprocess.DEVNULL)
    if made["code"] == 0:
        runs = [run_process(cli_command() + ["metrics", str(data), "--table", "actors",
                                             "-o", str(Path(tmp) / "actors-france3.csv")],
                            timeout, stdout=subprocess.DEVNULL) for _ in range(REPEATS)]
        if all(r["code"] == 0 for r in runs):
            out["france3"] = {"gm_s": min(r["wall_s"] for r in runs),
                              "gm_mb": max(r["rss_mb"] for r in runs)}
    return out


def machine() -> list[str]:
    info = {}
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            key, _, value = line.partition(":")
            info.setdefault(key.strip(), value.strip())
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kb = next(int(line.split()[1]) for line in f if line.startswith("MemTotal"))
    hypervisor = " (virtual machine)" if "hypervisor" in info.get("flags", "") else ""
    import networkx
    import numpy
    import pandas
    import scipy

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=False,
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    return [
        (f"- CPU: {info.get('model name', '?')} (family {info.get('cpu family', '?')}, "
        f"model {info.get('model', '?')}){hypervisor}, {os.cpu_count()} logical cores"),
        f"- RAM: {mem_kb / 1024**2:.1f} GiB",
        f"- OS: {platform.platform()}",
        (f"- Python {platform.python_version()}; numpy {numpy.__version__}, "
        f"scipy {scipy.__version__}, pandas {pandas.__version__}, "
        f"networkx {networkx.__version__}, numba {_version('numba')}"),
        f"- graphmodel at commit {commit or '?'} (plus uncommitted work, if any)",
        (f"- load average when the run ended: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"(1, 5, 15 min; above {os.cpu_count()} means other work shared the cores)"),
    ]


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 10 else f"{x:.1f}"


def report(results: list[dict], cli: list[dict] | None, notes: list[str], argv: list[str],
           actors: dict | None = None) -> str:
    lines = ["# Benchmark results", "",
             (f"Produced by `.venv/bin/python benchmarks/run.py{''.join(' ' + a for a in argv)}` "
             f"on {time.strftime('%Y-%m-%d')}."), "", "## Machine", ""]
    lines += machine()
    if actors:
        lines += _actor_table_lines(actors)
    lines += [
        "", "## Analysis: graphmodel vs the networkx path", "",
        ("Time of the four tables (actor fragmentation, actor pairs, collaboration pairs, "
        "council metrics) with the default filters, in a fresh process per measurement, "
        "data already in memory. Peak RSS is `getrusage(RUSAGE_SELF).ru_maxrss` of that "
        "process after the analysis (whole process: Python, libraries, data, analysis); "
        "'data' is the same figure before the analysis started. 'Same numbers' compares "
        "every column the two paths share (shared, jaccard, relation, n_configurations, "
        "fragmentation, …; floats to 1e-9)."), "",
        ("| case | actors | collaborations | memberships | actor pairs | graphmodel s | "
        "networkx s | speed-up | graphmodel peak MB (data) | networkx peak MB (data) | "
        "same numbers |"),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        g, x = r["graphmodel"], r["networkx"]
        size = g if "model" in g else x
        m = size.get("model", {})
        pairs = g.get("rows", {}).get("actor_pairs", x.get("rows", {}).get("actor_pairs"))
        gs = _fmt_s(g["total_s"]) if "total_s" in g else g["failed"]
        xs = _fmt_s(x["total_s"]) if "total_s" in x else x["failed"]
        if "total_s" in g and "total_s" in x:
            speed = f"{x['total_s'] / g['total_s']:.0f}×"
        elif "total_s" in g and x.get("lower_s"):
            speed = f"> {x['lower_s'] / g['total_s']:.0f}×"
        else:
            speed = "–"
        gm = f"{g['rss_peak_mb']:.0f} ({g['rss_before_mb']:.0f})" if "rss_peak_mb" in g else "–"
        xm = f"{x['rss_peak_mb']:.0f} ({x['rss_before_mb']:.0f})" if "rss_peak_mb" in x else "–"
        lines.append(
            f"| {r['label']} | {m.get('actors', 0):,} | {m.get('collaborations', 0):,} | "
            f"{m.get('memberships', 0):,} | {pairs if pairs is None else f'{pairs:,}'} | {gs} | "
            f"{xs} | {speed} | {gm} | {xm} | {r['same']} |")
    lines += ["", "Seconds per step:", "",
              "| case | method | " + " | ".join(n for n, _ in PROJECT_FUNCTIONS) + " | graph |",
              "|---|---|" + "---:|" * (len(PROJECT_FUNCTIONS) + 1)]
    for r in results:
        for method in METHODS:
            t = r[method].get("times")
            if t:
                cells = [_fmt_s(t[n]) for n, _ in PROJECT_FUNCTIONS]
                cells.append(_fmt_s(t["graph"]) if "graph" in t else "–")
                lines.append(f"| {r['label']} | {method} | " + " | ".join(cells) + " |")
    if cli is not None:
        lines += ["", "## Command line on the real French data", "",
                  ("`graphmodel metrics ../shared/reference/france_banatic --table T -o FILE`, "
                  "one process per table: wall clock of the whole process (start-up, loading "
                  "and validating the CSV files, analysis, writing), peak RSS from `os.wait4`."),
                  "", "| table | wall s | peak MB | result |", "|---|---:|---:|---|"]
        for row in cli:
            lines.append(f"| {row['table']} | {_fmt_s(row['wall_s'])} | {row['rss_mb']:.0f} | "
                         f"{row['status']} |")
    if notes:
        lines += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    return "\n".join(lines) + "\n"


def _actor_table_lines(actors: dict) -> list[str]:
    lines = ["", "## The actors table: graphmodel vs plain Python, and 3 × France", "",
             (f"Whole processes, wall clock (minimum of {REPEATS}, the two commands "
              "interleaved) and peak RSS (`os.wait4`, largest of the runs): "
              "`graphmodel metrics DATA --table actors -o FILE` against "
              "`python benchmarks/plain_actors.py DATA -o FILE`, the sets-and-dicts reference "
              "over the CSV rows. The reference leaves out `betweenness` and `community` "
              "(graphmodel computes both in the timed command), so the ratio favours it."),
             "", "| data | command | wall s | peak MB | ratio | same numbers |",
             "|---|---|---:|---:|---:|---|"]
    fr = actors.get("france")
    if fr:
        lines.append(f"| Real French data (BANATIC 2021) | graphmodel metrics --table actors | "
                     f"{_fmt_s(fr['gm_s'])} | {fr['gm_mb']:.0f} | "
                     f"{fr['plain_s'] / fr['gm_s']:.1f}× faster | {fr['same']} |")
        lines.append(f"| Real French data (BANATIC 2021) | plain_actors.py (no betweenness, "
                     f"no community) | {_fmt_s(fr['plain_s'])} | {fr['plain_mb']:.0f} | 1× | – |")
    f3 = actors.get("france3")
    if f3:
        n_mun, n_col = SCALE_SYNTH
        lines.append(f"| 3 × France synthetic (`synth --municipalities {n_mun} "
                     f"--collaborations {n_col}`) | graphmodel metrics --table actors | "
                     f"{_fmt_s(f3['gm_s'])} | {f3['gm_mb']:.0f} | – | – |")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="only the Norway- and France-sized synthetic cases, no CLI")
    parser.add_argument("--timeout", type=float, default=600.0,
                        help="seconds before a measurement is stopped (default 600)")
    parser.add_argument("--mem-limit", type=float, default=8.0,
                        help="address-space limit of the networkx worker, GB (default 8)")
    parser.add_argument("--cases", nargs="+", metavar="CASE",
                        help=f"cases to run, from {', '.join(CASES)}")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line timings")
    parser.add_argument("-o", "--output", type=Path, default=RESULTS)
    parser.add_argument("--worker", nargs=2, metavar=("CASE", "METHOD"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--compare", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.compare:
        print(compare(args.compare))
        return 0
    if args.worker:
        if args.worker[1] == "networkx":  # keep a runaway baseline from starving the machine
            limit = int(args.mem_limit * 1024**3)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        worker(*args.worker, args.out)
        return 0

    cases = args.cases or (QUICK if args.quick else tuple(CASES))
    unknown = [c for c in cases if c not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}: use {', '.join(CASES)}")
    notes, results = [], []
    tmp = tempfile.mkdtemp(prefix="graphmodel-bench-")
    try:
        for case in cases:
            label = CASES[case][0]
            if CASES[case][1] is None and not BANATIC.is_dir():
                msg = f"{label}: skipped, {BANATIC} is absent"
                print(msg, flush=True)
                notes.append(msg)
                continue
            out = Path(tmp) / case
            out.mkdir()
            row = {"label": label}
            for method in METHODS:
                print(f"{label}: {method} …", end=" ", flush=True)
                row[method] = measure(case, method, args.timeout, args.mem_limit, str(out))
                r = row[method]
                print(r.get("failed") or f"{r['total_s']:.2f} s, peak {r['rss_peak_mb']:.0f} MB",
                      flush=True)
            ok = all("total_s" in row[m] for m in METHODS)
            row["same"] = compare_in_subprocess(str(out), args.timeout) if ok else "not checked"
            print(f"{label}: same numbers: {row['same']}", flush=True)
            results.append(row)
        cli = None
        actors = None
        if not (args.quick or args.no_cli):
            print("actors table: graphmodel vs plain Python, and 3 × France …", flush=True)
            actors = time_actor_table(args.timeout, tmp)
            for key, r in actors.items():
                print(f"  {key}: {r}", flush=True)
            if BANATIC.is_dir():
                print("command line on the real French data …", flush=True)
                cli = time_cli(BANATIC, args.timeout, tmp)
                for c in cli:
                    print(f"  {c['table']}: {c['wall_s']:.2f} s, {c['rss_mb']:.0f} MB, "
                          f"{c['status']}", flush=True)
            else:
                notes.append(f"command line: skipped, {BANATIC} is absent")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = report(results, cli, notes, sys.argv[1:] if argv is None else list(argv), actors)
    print()
    print(text)
    args.output.write_text(text, encoding="utf-8")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
