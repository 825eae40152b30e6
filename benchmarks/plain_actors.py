"""The plain-Python reference for the actors table: sets and dicts over the CSV rows.

What one would write without pandas, scipy or networkx: read the three CSV files with the
``csv`` module, keep the rows the default filters keep (shared/DESIGN.md: collaborations of
kind ``service`` with status ``active``, actors of kind ``municipality``, every role but
``observer``; councils are the active ``council`` collaborations not organised under another
council), and compute, per actor, the columns of ``graphmodel metrics --table actors`` from
their definitions: n_collaborations, n_partners, n_configurations, fragmentation,
effective_partners, home_council, home_alignment, breadth (against the regional menu),
strategy, strength, hosted and hosted_members.

It leaves out ``betweenness`` and ``community``: their plain-Python cost (Brandes over
millions of actor pairs, a hand-written Louvain) would dominate and say nothing about the
rest. graphmodel computes them as well in the timed command, so the comparison favours this
reference. The benchmark times ``python benchmarks/plain_actors.py DATA -o OUT.csv`` against
``graphmodel metrics DATA --table actors -o OUT.csv`` as whole processes, in the same run, and
checks that the columns both have agree.

It reads plain UTF-8, comma-separated files (as ``graphmodel save`` writes them, and as the
shared French data is stored); it is a reference, not a loader.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import defaultdict
from pathlib import Path

COUNTED = {"member", "host", "lead", "owner"}
COLUMNS = ["id", "name", "n_collaborations", "n_partners", "n_configurations",
           "fragmentation", "effective_partners", "home_council", "home_alignment",
           "breadth", "strategy", "strength", "hosted", "hosted_members"]


def _rows(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader)]
        for row in reader:
            if any(cell.strip() for cell in row):
                yield dict(zip(header, (cell.strip() for cell in row)))


def _strategy(breadth: float, alignment: float, b_cut: float = 0.5, a_cut: float = 0.5) -> str:
    if math.isnan(breadth) or math.isnan(alignment):
        return ""
    high_b, high_a = breadth >= b_cut, alignment >= a_cut
    return {(False, False): "self-sufficiency", (False, True): "specialisation",
            (True, False): "service-centre", (True, True): "regional partner"}[(high_b, high_a)]


def actors_table(folder: Path) -> list[list]:
    """The actors table, one list per municipality sorted by id (see the module docstring)."""
    names, kept = {}, set()
    for r in _rows(folder / "actors.csv"):
        names[r["id"]] = r["name"]
        if r.get("kind") == "municipality":
            kept.add(r["id"])
    service, councils, sector, host = set(), set(), {}, {}
    parent, kind = {}, {}
    for r in _rows(folder / "collaborations.csv"):
        status = r.get("status") or "active"
        kind[r["id"]] = r["kind"]
        parent[r["id"]] = r.get("parent", "")
        if status != "active":
            continue
        if r["kind"] == "service":
            service.add(r["id"])
            sector[r["id"]] = r.get("sector", "")
            host[r["id"]] = r.get("host", "")
        elif r["kind"] == "council":
            councils.add(r["id"])
    councils = {c for c in councils if kind.get(parent[c]) != "council"}

    members: dict[str, set] = defaultdict(set)   # m(c), services and councils
    for r in _rows(folder / "memberships.csv"):
        a, c = r["actor"], r["collaboration"]
        if a in kept and (r.get("role") or "member") in COUNTED and (c in service or c in councils):
            members[c].add(a)
    S: dict[str, set] = defaultdict(set)          # S(a): services only
    council_of: dict[str, set] = defaultdict(set)
    for c, ms in members.items():
        for a in ms:
            (S if c in service else council_of)[a].add(c)

    every_sector = {sector[c] for c in service if sector[c]}
    menu = {}
    for r_id in councils:
        menu[r_id] = {sector[c] for c in service if sector[c] and members[c] & members[r_id]}

    hosted: dict[str, list] = defaultdict(list)
    for c in service:
        if host[c]:
            hosted[host[c]].append(c)

    table = []
    for a in sorted(kept):
        mine = S.get(a, set())
        shared: dict[str, int] = defaultdict(int)
        for c in mine:
            for b in members[c]:
                if b != a:
                    shared[b] += 1
        n_col = len(mine)
        configurations = {frozenset(members[c] - {a}) for c in mine}
        fragmentation = (len(configurations) - 1) / (n_col - 1) if n_col >= 2 else 0.0
        total = sum(shared.values())
        if total:
            entropy = -sum(w / total * math.log(w / total) for w in shared.values())
            effective = math.exp(entropy)
        else:
            effective = 0.0
        home, best = "", None
        for r_id in sorted(council_of.get(a, ())):
            score = sum(shared.get(b, 0) for b in members[r_id] if b != a)
            if best is None or score > best:
                home, best = r_id, score
        if home and n_col:
            inside = sum(1 for c in mine if members[c] <= members[home])
            alignment = inside / n_col
        else:
            alignment = math.nan
        own = {sector[c] for c in mine if sector[c]}
        reference = menu[home] if home else every_sector
        breadth = len(own) / len(reference) if reference else math.nan
        mine_hosted = hosted.get(a, [])
        partners_hosted = set().union(*(members[c] for c in mine_hosted)) - {a} \
            if mine_hosted else set()
        table.append([a, names.get(a, ""), n_col, len(set(shared)), len(configurations),
                      fragmentation, effective, home, alignment, breadth,
                      _strategy(breadth, alignment), total, len(mine_hosted),
                      len(partners_hosted)])
    return table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="folder with the three CSV files")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    rows = actors_table(args.data)
    with args.output.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(["" if isinstance(v, float) and math.isnan(v) else v for v in row])
    print(f"wrote {len(rows)} rows to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
