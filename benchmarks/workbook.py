"""Workbook loading against CSV loading on the same data, side by side (rows per second).

Writes one synthetic dataset three ways: the three CSV files (``graphmodel save``), an
``.xlsx`` workbook (``graphmodel export``), and the same workbook whose sheets claim the
largest size Excel knows (``<dimension ref="A1:XFD1048576"/>``, as some writers leave it),
then times :func:`graphmodel.data.load` on each (best CPU time of ``--repeat``) and prints a
Markdown table: rows (all three tables), seconds, rows per second, and the time against CSV.
With ``--openpyxl`` the plain workbook is also read by openpyxl alone (0.2's reader, and
the fall-back today for sheets calamine cannot be trusted with), and the table adds each
source's speed against it.

    PYTHONPATH=. python benchmarks/workbook.py --municipalities 40000 --collaborations 14000
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from unittest import mock

import graphmodel as gm
from graphmodel.data.export import to_xlsx
from graphmodel.data.synth import synthesize


def claim_everything(xlsx: bytes) -> bytes:
    """The workbook with every sheet's ``<dimension>`` set to A1:XFD1048576."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data, n = re.subn(rb'<dimension ref="[^"]*"/>',
                                  b'<dimension ref="A1:XFD1048576"/>', data)
                if n == 0:
                    data = data.replace(b"<sheetData", b'<dimension ref="A1:XFD1048576"/>'
                                        b"<sheetData", 1)
            dst.writestr(info, data)
    return out.getvalue()


def best(path: Path, repeat: int, openpyxl: bool = False) -> tuple[float, gm.Model]:
    """Best CPU seconds of this process (``time.process_time``: on a shared machine the
    wall clock also counts other people's work; the loaders use one core). ``openpyxl``:
    calamine left out, so that openpyxl reads every sheet."""
    from graphmodel.data import sources

    times, model = [], None
    for _ in range(repeat):
        with mock.patch.object(sources, "_calamine_book",
                               (lambda data: None) if openpyxl else sources._calamine_book):
            t0 = time.process_time()
            model = gm.load(path)
            times.append(time.process_time() - t0)
    return min(times), model


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=40_000)
    parser.add_argument("--collaborations", type=int, default=14_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--openpyxl", action="store_true",
                        help="also read the plain workbook by openpyxl alone (slow)")
    args = parser.parse_args(argv)
    model = synthesize(args.municipalities, args.collaborations, seed=1)
    rows = len(model.actors) + len(model.collaborations) + len(model.memberships)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        gm.save(model, tmp / "csv")
        to_xlsx(model, tmp / "data.xlsx")
        (tmp / "claims.xlsx").write_bytes(claim_everything((tmp / "data.xlsx").read_bytes()))
        results, hashes = [], []
        inputs = [("CSV folder", tmp / "csv", False), (".xlsx", tmp / "data.xlsx", False),
                   (".xlsx claiming A1:XFD1048576", tmp / "claims.xlsx", False)]
        if args.openpyxl:
            inputs.append((".xlsx read by openpyxl alone (0.2)", tmp / "data.xlsx", True))
        for label, path, alone in inputs:
            seconds, loaded = best(path, args.repeat, alone)
            hashes.append(loaded.content_hash())
            size = sum(p.stat().st_size for p in ([path] if path.is_file()
                                                  else path.iterdir()))
            results.append((label, size, seconds))
    # openpyxl writes 15 significant digits, so the workbooks' coordinates differ from the
    # CSV's in the 16th; the two workbooks must load the same
    if hashes[0] != model.content_hash() or len(set(hashes[1:])) != 1:
        print("the loaded data differs from the written data", file=sys.stderr)
        return 1
    csv_seconds = results[0][2]
    print(f"{len(model.actors):,} actors, {len(model.collaborations):,} collaborations, "
          f"{len(model.memberships):,} memberships ({rows:,} rows); best of {args.repeat}; "
          f"load average {os.getloadavg()[0]:.1f}\n")
    alone = results[3][2] if args.openpyxl else None
    print("| source | size | CPU seconds | rows/s | time against CSV |"
          + (" speed against openpyxl |" if alone else ""))
    print("|---|---:|---:|---:|---:|" + ("---:|" if alone else ""))
    for label, size, seconds in results:
        print(f"| {label} | {size / 2**20:.1f} MB | {seconds:.2f} | {rows / seconds:,.0f} | "
              f"{seconds / csv_seconds:.1f} × |" + (f" {alone / seconds:.1f} × |" if alone else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
