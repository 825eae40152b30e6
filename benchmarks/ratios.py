"""graphmodel against the floor, the plain-Python reference and the peers: ratios from one run.

Whole processes, each started fresh, the commands alternating round by round (so a burst of
other work on the shared machine hits all of them alike), ``--runs`` rounds (default 3); a
process's cost is its CPU time (user + system) and peak resident memory, read with
``os.wait4``; the minimum over the rounds is reported, and every ratio is graphmodel's
minimum over the other's, measured in the same run. Run from a checkout::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/ratios.py                 # ~3 minutes
    PYTHONPATH=$PWD .venv/bin/python benchmarks/ratios.py --peers         # + networkx (~5 min more)

What runs, on the French register (``../shared/reference/france_banatic``, or ``--data``):

- ``graphmodel metrics DATA --table actors -o FILE`` (every column, betweenness and
  community included);
- the floor, ``benchmarks/floor.py DATA -o FILE``: pyarrow and numpy, the twelve non-graph
  columns only (see there); its values are checked against graphmodel's after the timing;
- the plain-Python reference, ``benchmarks/plain_actors.py DATA -o FILE`` (sets and dicts;
  the same twelve columns);
- with ``--peers``, the networkx path of ``benchmarks/baseline.py`` (``run.py --worker banatic
  networkx``: the four analysis tables of ``run.py``, not the actors table; loading included);
- start-up, ``import graphmodel.cli; build_parser()`` against ``import pandas``
  (``startup.py``'s statements);
- growth: ``graphmodel metrics --table actors`` on France-sized and 3 × France synthetic data
  (``graphmodel synth``: 35,000 and 105,000 municipalities, seed 0, written to a temporary
  folder), CPU(3×) / CPU(1×).

The results are printed as Markdown with the machine they ran on.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BANATIC = ROOT.parent / "shared" / "reference" / "france_banatic"
STARTUP = {
    "import graphmodel.cli; build_parser()": "import graphmodel.cli as c; c.build_parser()",
    "import pandas": "import pandas",
}
SYNTHETIC = {"1×": (35_000, 10_000), "3×": (105_000, 30_000)}

__all__ = ["machine", "main", "run"]


def run(cmd: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and peak RSS in MB of one process; it must succeed."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{err}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def machine() -> list[str]:
    """The machine, as Markdown list items: CPU (lscpu), cores, RAM, versions, load."""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        lscpu = ""
    info = {k.strip(): v.strip() for k, _, v in
            (line.partition(":") for line in lscpu.splitlines())}
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kb = next(int(line.split()[1]) for line in f if line.startswith("MemTotal"))
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"

    return [
        (f"- CPU: {info.get('Model name', '?')}, {info.get('CPU(s)', '?')} logical cores "
        f"({info.get('Thread(s) per core', '?')} per core), "
        f"hypervisor {info.get('Hypervisor vendor', 'none')}"),
        f"- RAM: {mem_kb / 1024**2:.1f} GiB; OS: {platform.platform()}",
        (f"- Python {platform.python_version()}; numpy {v('numpy')}, scipy {v('scipy')}, "
        f"pandas {v('pandas')}, pyarrow {v('pyarrow')}, igraph {v('igraph')}, "
        f"numba {v('numba')}, networkx {v('networkx')}"),
        (f"- load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"(1, 5, 15 min; above {os.cpu_count()} means other work shared the cores)"),
    ]


def _rounds(commands: dict[str, list[str]], runs: int) -> dict[str, list[tuple[float, float]]]:
    seen: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            seen[name].append(run(cmd))
            print(f"  {name}: {seen[name][-1][0]:.2f} s CPU", file=sys.stderr, flush=True)
    return seen


def _best(values: list[tuple[float, float]]) -> tuple[float, float]:
    return min(c for c, _ in values), min(m for _, m in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=BANATIC, help="the French register")
    parser.add_argument("--runs", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--peers", action="store_true", help="also the networkx path (slow)")
    parser.add_argument("--no-growth", action="store_true", help="skip 1× and 3× synthetic")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data at {args.data}: nothing measured", file=sys.stderr)
        return 1
    py = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="graphmodel-ratios-"))
    gm = [py, "-m", "graphmodel.cli", "metrics", str(args.data), "--table", "actors",
          "-o", str(tmp / "graphmodel.csv")]
    commands = {
        "graphmodel metrics --table actors": gm,
        "floor (pyarrow + numpy, 12 columns)": [
            py, str(HERE / "floor.py"), str(args.data), "-o", str(tmp / "floor.csv")],
        "plain Python (12 columns)": [
            py, str(HERE / "plain_actors.py"), str(args.data), "-o", str(tmp / "plain.csv")],
    }
    if args.peers:
        commands["networkx path (run.py's four tables)"] = [
            py, str(HERE / "run.py"), "--worker", "banatic", "networkx", "--out", str(tmp)]
    commands.update({name: [py, "-c", program] for name, program in STARTUP.items()})
    run([py, "-c", "pass"])  # warm the file cache
    print("whole processes on", args.data, file=sys.stderr)
    seen = _rounds(commands, args.runs)
    check = subprocess.run([py, str(HERE / "floor.py"), str(args.data), "--check",
                            str(tmp / "graphmodel.csv")], cwd=ROOT, capture_output=True,
                           text=True, check=False).stdout.strip()

    growth: dict[str, list[tuple[float, float]]] = {}
    if not args.no_growth:
        for name, (n_mun, n_col) in SYNTHETIC.items():
            subprocess.run([py, "-m", "graphmodel.cli", "synth", "--municipalities", str(n_mun),
                            "--collaborations", str(n_col), "-o", str(tmp / name)],
                           cwd=ROOT, check=True, capture_output=True)
        print("growth", file=sys.stderr)
        growth = _rounds({name: [py, "-m", "graphmodel.cli", "metrics", str(tmp / name),
                                 "--table", "actors", "-o", str(tmp / f"{name}.csv")]
                          for name in SYNTHETIC}, args.runs)

    best = {name: _best(values) for name, values in seen.items()}
    gm_cpu = best["graphmodel metrics --table actors"][0]
    lines = [(f"Whole processes on `{args.data.name}`, CPU seconds (user + system), minimum of "
             f"{args.runs}, alternating; ratio = graphmodel / the other."), "",
             "| process | CPU s | peak MB | graphmodel / this |", "|---|---:|---:|---:|"]
    for name in commands:
        if name in STARTUP:
            continue
        cpu, mem = best[name]
        lines.append(f"| {name} | {cpu:.2f} | {mem:,.0f} | {gm_cpu / cpu:.2f} |")
    lines += ["", f"Floor's values against graphmodel's: {check}", "",
              "| start-up | CPU s |", "|---|---:|"]
    for name in STARTUP:
        lines.append(f"| `{name}` | {best[name][0]:.3f} |")
    names = list(STARTUP)
    lines.append(f"| ratio | **{best[names[0]][0] / best[names[1]][0]:.2f}** |")
    if growth:
        g = {name: _best(values) for name, values in growth.items()}
        lines += ["", "| `metrics --table actors` | CPU s | peak MB |", "|---|---:|---:|"]
        for name, (n_mun, n_col) in SYNTHETIC.items():
            lines.append(f"| {name} France synthetic ({n_mun:,} municipalities) | "
                         f"{g[name][0]:.2f} | {g[name][1]:,.0f} |")
        lines.append(f"| CPU(3×) / CPU(1×) | **{g['3×'][0] / g['1×'][0]:.2f}** | |")
        lines.append(f"| CPU(3×) / CPU(French register) | {g['3×'][0] / gm_cpu:.2f} | |")
    lines += ["", "Machine:", ""] + machine()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
