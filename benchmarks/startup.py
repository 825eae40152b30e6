"""Start-up: ``import graphmodel.cli; build_parser()`` against ``import pandas``, side by side.

Each statement runs in a fresh interpreter (this one, ``sys.executable``, with the same
environment), the two alternating, ``--runs`` times each (default 5); a run's cost is the
CPU time (user + system) of its child process, read with :func:`resource.getrusage`. The
minimum of each is reported, and their ratio (issue 24: at most 1.1). Run from a checkout::

    PYTHONPATH=$PWD python benchmarks/startup.py --runs 7
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys

__all__ = ["STATEMENTS", "cpu_seconds", "main", "measure"]

#: what is timed: name -> the program given to ``python -c``
STATEMENTS = {
    "graphmodel.cli": "import graphmodel.cli as c; c.build_parser()",
    "pandas": "import pandas",
}


def cpu_seconds(program: str) -> float:
    """The CPU time (user + system) of ``python -c program`` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", program], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(runs: int = 5) -> dict[str, list[float]]:
    """Every run's CPU seconds per statement of :data:`STATEMENTS`, the two alternating."""
    times: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for _ in range(runs):
        for name, program in STATEMENTS.items():
            times[name].append(cpu_seconds(program))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each (default 5)")
    args = parser.parse_args(argv)
    cpu_seconds("pass")  # warm the file cache
    times = measure(args.runs)
    best = {name: min(values) for name, values in times.items()}
    for name, values in times.items():
        shown = " ".join(f"{v:.3f}" for v in values)
        print(f"{name:15} min {best[name]:.3f} s CPU   (runs: {shown})")
    print(f"ratio graphmodel.cli / pandas: {best['graphmodel.cli'] / best['pandas']:.2f}"
          f"   (load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
