"""The floor: the actors table's non-graph columns as fast as this machine does them.

What is left when nothing is general: one script that reads the three CSV files with a
columnar reader (pyarrow's, in C), turns ids into integer codes once, builds the membership
matrices on the codes (scipy.sparse), merges actors with identical memberships (twin
classes) and computes, with numpy, the twelve columns of ``graphmodel metrics --table
actors`` that are not graph columns: n_collaborations, n_partners, n_configurations,
fragmentation, effective_partners, home_council, home_alignment, breadth, strategy,
strength, hosted and hosted_members (the issue counts eleven: strategy is read off
breadth and alignment). It leaves out betweenness, community and the functional-region
columns (ba_region, ba_share, cross_county_share), which graphmodel computes as well in the
timed command: the ratio favours the floor.

The definitions are those of shared/DESIGN.md with the default filters, as in the
plain-Python reference (``plain_actors.py``): collaborations of kind ``service`` with
status ``active`` (empty: active), actors of kind ``municipality``, every role but
``observer``; councils are the active ``council`` collaborations not organised under
another council. Like that reference it reads plain UTF-8, comma-separated files as
``graphmodel save`` writes them and the shared French data is stored, with no dates (it
checks nothing: it is a floor, not a loader).

    python benchmarks/floor.py DATA -o OUT.csv          # what is timed
    python benchmarks/floor.py DATA --check GM.csv      # same values as graphmodel's table?
    python benchmarks/floor.py DATA --phases            # where the time goes (CPU seconds)

``--check`` compares every column the two tables share: integers and text exactly, floats
to a relative 1e-12 (the same formulas in the same order give the same bits; the check
says how many differ at all), empty cells in the same places.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp


class _WithoutPandas:
    """An import hook under which pandas cannot be found. pyarrow imports pandas (0.4-0.7 s)
    on its first conversion where pandas is installed, only to recognise pandas objects;
    the floor has none, so pandas is hidden while pyarrow looks for it, once."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("pandas is hidden from pyarrow here", name=name)


_hook = _WithoutPandas()
sys.meta_path.insert(0, _hook)
try:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    pa.array([0])  # pyarrow looks for pandas now, and remembers that it found none
finally:
    sys.meta_path.remove(_hook)  # --check imports pandas afterwards

COUNTED = ("member", "host", "lead", "owner")
COLUMNS = ["id", "name", "n_collaborations", "n_partners", "n_configurations",
           "fragmentation", "effective_partners", "home_council", "home_alignment",
           "breadth", "strategy", "strength", "hosted", "hosted_members"]
STRATEGIES = np.array(["self-sufficiency", "specialisation", "service-centre",
                       "regional partner", ""], dtype=object)


def read(path: Path, wanted: tuple[str, ...]) -> dict[str, pa.Array]:
    """The ``wanted`` columns of a CSV file as pyarrow strings (a missing one: all empty)."""
    with path.open(encoding="utf-8-sig") as f:
        header = [h.strip().lower() for h in f.readline().rstrip("\r\n").split(",")]
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
        convert_options=pacsv.ConvertOptions(
            include_columns=[c for c in wanted if c in header],
            column_types={c: pa.string() for c in header},
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    n = table.num_rows
    return {c: table[c].combine_chunks() if c in header else pa.array([""] * n)
            for c in wanted}


def _codes(values: pa.Array, universe: pa.Array) -> np.ndarray:
    """Position of each value in ``universe``, -1 where absent (hashing in C)."""
    return pc.index_in(values, value_set=universe).fill_null(-1).to_numpy(
        zero_copy_only=False).astype(np.int64)


def _incidence(rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """A 0/1 CSR matrix with a 1 at each (row, col) pair given (duplicates once)."""
    m = sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=shape)
    m.sum_duplicates()
    m.data[:] = 1
    m.sort_indices()
    return m


def _row_groups(m: sp.csr_matrix) -> np.ndarray:
    """One integer per row: equal exactly when the rows hold the same column set (two
    independent 64-bit hashes of the set; collisions are checked away by ``--check``)."""
    rng = np.random.default_rng(20240601)
    keys = []
    for _ in range(2):
        r = rng.integers(1, 2**63, size=m.shape[1], dtype=np.uint64)
        # segment sums that wrap around: a cumulative sum, differences at the row ends
        cum = np.concatenate([np.zeros(1, dtype=np.uint64),
                              np.cumsum(r[m.indices], dtype=np.uint64)])
        keys.append(cum[m.indptr[1:]] - cum[m.indptr[:-1]])
    pairs = np.stack(keys, axis=1)
    _, labels = np.unique(pairs, axis=0, return_inverse=True)
    return labels.ravel().astype(np.int64)


def actors_table(folder: Path, phases: dict[str, float] | None = None) -> dict[str, np.ndarray]:
    """The columns of :data:`COLUMNS`, one entry per kept actor sorted by id."""
    clock = time.process_time
    t = clock()
    actors = read(folder / "actors.csv", ("id", "name", "kind"))
    collabs = read(folder / "collaborations.csv",
                   ("id", "kind", "sector", "parent", "host", "status"))
    members = read(folder / "memberships.csv", ("actor", "collaboration", "role"))
    if phases is not None:
        phases["read"] = clock() - t
        t = clock()

    # actors kept, sorted by id; collaborations measured and councils
    kept = pc.equal(actors["kind"], "municipality")
    order = pc.sort_indices(pc.filter(actors["id"], kept))
    ids = pc.take(pc.filter(actors["id"], kept), order)
    names = pc.take(pc.filter(actors["name"], kept), order)
    n = len(ids)
    status = pc.if_else(pc.equal(collabs["status"], ""), "active", collabs["status"])
    active = pc.equal(status, "active")
    service = pc.and_(active, pc.equal(collabs["kind"], "service"))
    council_kind = pc.equal(collabs["kind"], "council")
    parent_kind = pc.take(collabs["kind"], pc.index_in(collabs["parent"], collabs["id"]))
    under_council = pc.fill_null(pc.equal(parent_kind, "council"), False)
    council = pc.and_(pc.and_(active, council_kind), pc.invert(under_council))
    s_order = pc.sort_indices(pc.filter(collabs["id"], service))  # by id, as graphmodel
    s_ids = pc.take(pc.filter(collabs["id"], service), s_order)
    r_ids = pc.sort_indices(pc.filter(collabs["id"], council))
    r_ids = pc.take(pc.filter(collabs["id"], council), r_ids)
    sector = pc.take(pc.filter(collabs["sector"], service), s_order).to_numpy(
        zero_copy_only=False)
    host = _codes(pc.take(pc.filter(collabs["host"], service), s_order), ids)

    role = pc.if_else(pc.equal(members["role"], ""), "member", members["role"])
    counted = pc.is_in(role, value_set=pa.array(COUNTED)).to_numpy(zero_copy_only=False)
    a = _codes(members["actor"], ids)
    cs = _codes(members["collaboration"], s_ids)
    cr = _codes(members["collaboration"], r_ids)
    ok = counted & (a >= 0)
    B = _incidence(a[ok & (cs >= 0)], cs[ok & (cs >= 0)], (n, len(s_ids)))
    Bc = _incidence(a[ok & (cr >= 0)], cr[ok & (cr >= 0)], (n, len(r_ids)))

    # twin classes: actors with the same memberships; the class graph instead of all pairs
    n_col = np.diff(B.indptr).astype(np.int64)
    size = np.bincount(B.indices, minlength=B.shape[1]).astype(np.int64)
    in_some = np.flatnonzero(n_col > 0)
    codes = np.full(n, -1, dtype=np.int64)
    codes[in_some] = _row_groups(B[in_some])
    first = np.full(int(codes.max(initial=-1)) + 1, -1, dtype=np.int64)
    first[codes[in_some][::-1]] = in_some[::-1]
    # classes numbered by their first actor (as graphmodel does: the same sums in the same
    # order, so the same bits)
    renumber = np.empty(len(first), dtype=np.int64)
    renumber[np.argsort(first)] = np.arange(len(first))
    codes[in_some] = renumber[codes[in_some]]
    first = np.sort(first)
    class_size = np.bincount(codes[in_some], minlength=len(first)).astype(np.int64)
    Bq = B[first]
    gram = (Bq @ Bq.T).tocsr()
    if phases is not None:
        phases["select and matrices"] = clock() - t
        t = clock()

    # partners and effective partners (Σ w log w over the class graph)
    w = gram.data
    k = np.arange(int(w.max(initial=0)) + 1, dtype=np.float64)
    klogk = k * np.log(np.maximum(k, 1.0))
    n_members_w = class_size[gram.indices].astype(np.float64)
    reach_q = np.asarray(sp.csr_matrix((n_members_w, gram.indices, gram.indptr),
                                       shape=gram.shape).sum(axis=1), dtype=np.float64).ravel()
    wlogw_q = np.asarray(sp.csr_matrix((n_members_w * klogk[w], gram.indices, gram.indptr),
                                       shape=gram.shape).sum(axis=1), dtype=np.float64).ravel()
    has_class = codes >= 0
    n_partners = np.zeros(n, dtype=np.int64)
    n_partners[has_class] = np.rint(reach_q[codes[has_class]]).astype(np.int64) - 1
    sum_wlogw = np.zeros(n)
    sum_wlogw[has_class] = wlogw_q[codes[has_class]] - klogk[n_col[has_class]]
    strength = np.asarray(B @ (size - 1), dtype=np.int64).ravel()
    total = strength.astype(np.float64)
    entropy = np.zeros(n)
    has = n_partners > 0
    entropy[has] = np.log(total[has]) - sum_wlogw[has] / total[has]
    effective = np.where(has, np.exp(entropy), 0.0)

    # configurations: distinct member sets among an actor's collaborations
    labels = _row_groups(B.T.tocsr())
    rows = np.repeat(np.arange(n), n_col)
    width = int(labels.max(initial=0)) + 1
    n_config = np.bincount(np.unique(rows * width + labels[B.indices]) // width,
                           minlength=n).astype(np.int64)
    fragmentation = np.zeros(n)
    many = n_col >= 2
    fragmentation[many] = (n_config[many] - 1) / (n_col[many] - 1)

    # home council (highest Σ shared with its members, ties to the smaller id), alignment
    home = np.full(n, -1, dtype=np.int64)
    mem = Bc.tocoo()
    if mem.nnz:
        reach = (B @ (B.T @ Bc)).tocsr()
        score = np.asarray(reach[mem.row, mem.col], dtype=np.int64).ravel()
        order = np.lexsort((mem.col, -score, mem.row))
        rows_sorted = mem.row[order]
        firsts = np.unique(rows_sorted, return_index=True)[1]
        home[rows_sorted[firsts]] = mem.col[order][firsts]
    inter = (Bc.T @ B).tocoo()
    inside = (inter.data == size[inter.col]) & (inter.data > 0)
    subset = sp.csr_matrix((np.ones(int(inside.sum()), dtype=np.int64),
                            (inter.row[inside], inter.col[inside])), shape=(len(r_ids), B.shape[1]))
    with_home = np.flatnonzero(home >= 0)
    H = sp.csr_matrix((np.ones(len(with_home), dtype=np.int64), (with_home, home[with_home])),
                      shape=(n, len(r_ids)))
    n_inside = np.asarray(B.multiply(H @ subset).sum(axis=1), dtype=np.int64).ravel()
    alignment = np.full(n, np.nan)
    aligned = (home >= 0) & (n_col > 0)
    alignment[aligned] = n_inside[aligned] / n_col[aligned]

    # breadth against the regional menu, strategy
    recorded = sector != ""
    present, sector_code = np.unique(sector[recorded], return_inverse=True)
    breadth = np.full(n, np.nan)
    if len(present):
        S = sp.csr_matrix((np.ones(len(sector_code), dtype=np.int64),
                           (np.flatnonzero(recorded), sector_code)),
                          shape=(len(sector), len(present)))
        reached = (B @ S).tocsr()
        reached.eliminate_zeros()
        menu = ((Bc.T @ B) @ S).tocsr()
        menu.eliminate_zeros()
        menu_size = np.append(menu.getnnz(axis=1), len(present))
        denominator = menu_size[home]
        fine = denominator > 0
        breadth[fine] = reached.getnnz(axis=1)[fine] / denominator[fine]
    quadrant = (breadth >= 0.5) * 2 + (alignment >= 0.5)
    quadrant[np.isnan(breadth) | np.isnan(alignment)] = 4
    strategy = STRATEGIES[quadrant]

    # hosting: what an actor hosts, and the other members of it
    hosting = np.flatnonzero(host >= 0)
    Hs = sp.csr_matrix((np.ones(len(hosting), dtype=np.int64), (host[hosting], hosting)),
                       shape=(n, len(s_ids)))
    hosted = np.diff(Hs.indptr).astype(np.int64)
    hreach = (Hs @ B.T).tocsr()
    hreach.eliminate_zeros()
    itself = np.asarray(hreach.diagonal() > 0, dtype=np.int64)
    hosted_members = (hreach.getnnz(axis=1) - itself).astype(np.int64)
    if phases is not None:
        phases["actor columns"] = clock() - t

    council_ids = np.append(r_ids.to_numpy(zero_copy_only=False), "").astype(object)
    return {
        "id": ids, "name": names, "n_collaborations": n_col, "n_partners": n_partners,
        "n_configurations": n_config, "fragmentation": fragmentation,
        "effective_partners": effective, "home_council": council_ids[home],
        "home_alignment": alignment, "breadth": breadth, "strategy": strategy,
        "strength": strength, "hosted": hosted, "hosted_members": hosted_members,
    }


def write(columns: dict[str, np.ndarray], path: Path) -> None:
    """The table as CSV (pyarrow's writer: floats as it prints them, NaN as an empty cell)."""
    arrays = []
    for name in COLUMNS:
        v = columns[name]
        if isinstance(v, np.ndarray) and v.dtype.kind == "f":
            arrays.append(pa.array(v, from_pandas=True))  # NaN -> null -> empty
        elif isinstance(v, np.ndarray) and v.dtype == object:
            arrays.append(pa.array(v, type=pa.string()))
        else:
            arrays.append(pa.array(v))
    pacsv.write_csv(pa.table(arrays, names=COLUMNS), path,
                    pacsv.WriteOptions(quoting_style="needed"))


def check(columns: dict[str, np.ndarray], graphmodel_csv: Path) -> list[str]:
    """The columns that differ from graphmodel's table (empty: the same values)."""
    import pandas as pd

    theirs = pd.read_csv(graphmodel_csv, dtype=str, keep_default_na=False)
    problems = []
    if list(theirs["id"]) != columns["id"].to_pylist():
        return ["id: not the same actors in the same order"]
    for name in COLUMNS[1:]:
        mine = columns[name]
        mine = mine.to_pylist() if isinstance(mine, pa.Array) else mine
        other = theirs[name].to_numpy()
        if isinstance(mine, np.ndarray) and mine.dtype.kind == "f":
            empty = other == ""
            values = np.where(empty, "nan", other).astype(np.float64)
            if not np.array_equal(np.isnan(mine), empty):
                problems.append(f"{name}: empty cells differ")
                continue
            same = ~empty
            close = np.allclose(mine[same], values[same], rtol=1e-12, atol=0)
            n_bits = int((mine[same] != values[same]).sum())
            if not close:
                problems.append(f"{name}: values differ beyond 1e-12")
            elif n_bits:
                print(f"note: {name}: {n_bits} values differ in the last bits", file=sys.stderr)
        elif isinstance(mine, np.ndarray) and mine.dtype.kind in "iu":
            if not np.array_equal(mine, other.astype(np.int64)):
                problems.append(f"{name}: {int((mine != other.astype(np.int64)).sum())} differ")
        elif list(mine) != list(other):
            problems.append(f"{name}: text differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="folder with the three CSV files")
    parser.add_argument("-o", "--output", type=Path, help="write the table here")
    parser.add_argument("--check", type=Path, metavar="GRAPHMODEL.csv",
                        help="compare with graphmodel's actors table")
    parser.add_argument("--phases", action="store_true", help="print CPU seconds per phase")
    args = parser.parse_args(argv)
    phases: dict[str, float] = {}
    columns = actors_table(args.data, phases)
    if args.output:
        t = time.process_time()
        write(columns, args.output)
        phases["write"] = time.process_time() - t
        print(f"wrote {len(columns['id'])} rows to {args.output}", file=sys.stderr)
    if args.phases:
        for name, seconds in phases.items():
            print(f"{name:20} {seconds:.3f} s CPU")
    if args.check:
        problems = check(columns, args.check)
        print("same values as graphmodel" if not problems else "differ: " + "; ".join(problems))
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
