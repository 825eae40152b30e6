"""How long `graphmodel report` takes for all of Norway: 357 municipalities, one page each.

Writes a Norway-sized synthetic dataset (``graphmodel synth --municipalities 357
--collaborations 2000``, seed 0) unless one is at ``/tmp/no``, then times
:func:`graphmodel.write_report` (``--per municipality --lang nb --since 2015``): the tables
computed once, then every page and the index. Prints the phases, the total, the mean per
page, the pages' sizes and the load average (a shared machine: a load above the number of
cores means the figure is slower than the code). Not a test: run it by hand::

    .venv/bin/python benchmarks/report_norway.py [DATA] [-o DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import graphmodel as gm
from graphmodel.briefing.data import briefing_data
from graphmodel.briefing.pages import write_report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default="/tmp/no")
    parser.add_argument("-o", "--output", default=None)
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "actors.csv").exists():
        model = gm.synthesize(357, 2_000, seed=0)
        gm.save(model, data)
    t0 = time.perf_counter()
    model = gm.load(data)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    briefing_data(model, since="2015")
    t_tables = time.perf_counter() - t0
    out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="gm-report-"))
    t0 = time.perf_counter()
    report = write_report(model, out, lang="nb", since="2015")
    total = time.perf_counter() - t0
    sizes = [p.stat().st_size for _, p in report.pages]
    n = len(report.pages)
    print(f"data: {model!r}")
    print(f"load: {t_load:.1f} s; the dataset's tables once: {t_tables:.1f} s")
    print(f"report: {n} pages + index in {total:.1f} s ({total / max(n, 1) * 1000:.0f} ms a "
          f"page, tables included) -> {out}")
    print(f"page size: median {sorted(sizes)[n // 2] / 1024:.0f} KiB, "
          f"max {max(sizes) / 1024:.0f} KiB")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
