"""``graphmodel import municipalities | brreg``: start from the public registers."""

from __future__ import annotations

import sys
from pathlib import Path

import graphmodel as gm
from graphmodel.i18n import tr
from graphmodel.registers import API_URL, cannot_say, default_cache_folder
from graphmodel.workspace import ENV_VAR

from .options import EXIT_OK, LANGUAGES, add_command, load_data

__all__ = ["register", "run_brreg", "run_municipalities"]


class _Progress:
    """A text progress bar on stderr (``fetched 140/700 units' owners``): redrawn in place
    on a terminal, one line per tenth of each phase otherwise (a log file stays short)."""

    def __init__(self, out=None):
        self.out = out if out is not None else sys.stderr
        self.tty = bool(getattr(self.out, "isatty", lambda: False)())
        self.what = None
        self.shown = -1

    def __call__(self, done: int, total: int, what: str) -> None:
        if what != self.what:
            self.close()
            self.what, self.shown = what, -1
        from graphmodel.registers import progress_text

        text = progress_text(done, total, what)
        if self.tty:
            self.out.write("\r" + text)
            self.out.flush()
            return
        tenth = 10 * done // max(total, 1)
        if tenth != self.shown:
            self.shown = tenth
            self.out.write(text + "\n")

    def close(self) -> None:
        if self.what is not None and self.tty:
            self.out.write("\n")
        self.what = None


def _checked(model: gm.Model) -> gm.Model:
    """The model as it will be saved and loaded back (a ValidationError lists problems)."""
    from graphmodel.data import to_csv_bytes

    return gm.load(dict(to_csv_bytes(model)), name=model.name)


def _base(args) -> tuple[gm.Model | None, object]:
    """The dataset merged into: ``--into DATA`` or a workspace dataset; and its version."""
    if args.into and args.workspace:
        raise gm.SpecError("give --into DATA or --workspace W, not both")
    if args.into:
        return load_data(args.into), None
    if not args.workspace:
        if not args.output:
            raise gm.SpecError("give -o DIR (a folder for the three CSV files) or "
                               "--workspace W")
        return None, None
    from graphmodel.workspace import open_workspace

    ws = open_workspace(args.workspace)
    if args.dataset:
        version = ws.resolve(args.dataset)
        dataset = ws.dataset(version.dataset_id)
        if version.id != dataset.latest and args.dataset == version.dataset_id:
            version = ws.version(dataset.latest)
        return ws.load_version(version.id), version
    named = [d for d in ws.datasets() if d.name == args.name and d.latest]
    if not named:
        return None, None
    version = ws.version(named[-1].latest)
    return ws.load_version(version.id), version


def _write(args, model: gm.Model, base_version, note: str) -> None:
    model = _checked(model)
    if args.output:
        gm.save(model, args.output)
        print(f"wrote {model!r} to {args.output}", file=sys.stderr)
    if args.workspace:
        from graphmodel.workspace import open_workspace

        ws = open_workspace(args.workspace)
        if base_version is not None:
            version = ws.add_version(base_version.dataset_id, model, note,
                                     parent=base_version.id)
        else:
            version = ws.add_dataset(model, args.name, note)
        print(f"workspace: version {version.number} of dataset {version.dataset_id} "
              f"({version.dataset_name}): {version.summary}", file=sys.stderr)
        print(version.id)


def _write_changes(args, table) -> None:
    if args.changes:
        Path(args.changes).write_text(gm.safe_csv(table), encoding="utf-8", newline="")
        print(f"wrote {len(table)} changes to {args.changes}", file=sys.stderr)
    for row in table.itertuples(index=False):
        who = f" {row.actor_name or row.actor}" if row.actor else ""
        detail = f" ({row.detail})" if row.detail else ""
        print(f"  {row.change}: {row.collaboration_name or row.collaboration}{who}{detail}",
              file=sys.stderr)


def _report(result) -> None:
    for line in result.lines:
        print(line, file=sys.stderr)
    if result.additions is not None:
        for row in result.additions.itertuples(index=False):
            extra = f" {row.column} = {row.value}" if row.column else ""
            print(f"  {row.what}: {row.actor} ({row.name}){extra}", file=sys.stderr)


def run_municipalities(args) -> int:
    from graphmodel.registers import run_import

    base, version = _base(args)
    result = run_import(args.country, base)
    _report(result)
    _write(args, result.model, version, result.note)
    return EXIT_OK


def run_brreg(args) -> int:
    from graphmodel.registers import JsonClient, read_sector_rules, run_import

    base, version = _base(args)
    client = JsonClient(args.api_url, cache=args.cache, offline=args.offline,
                        refresh=args.refresh, timeout=args.timeout)
    rules = read_sector_rules(args.sectors) if args.sectors else None
    progress = _Progress()
    try:
        result = run_import("brreg", base, client=client, rules=rules, progress=progress)
    finally:
        progress.close()
    _report(result)
    print(tr("Cache: {folder}", folder=str(client.cache)), file=sys.stderr)
    if result.changes is not None:
        _write_changes(args, result.changes)
    _write(args, result.model, version, result.note)
    return EXIT_OK


def _targets(parser, default_name: str) -> None:
    parser.add_argument("-o", "--output", metavar="DIR",
                        help="write the dataset (actors.csv, collaborations.csv, "
                             "memberships.csv) into this folder")
    parser.add_argument("--into", metavar="DATA",
                        help="merge into this dataset (a folder, .zip or .xlsx); the result "
                             "goes to -o DIR")
    parser.add_argument("--workspace", metavar="W",
                        help=f"merge into a workspace dataset as a new version (default "
                             f"folder: ${ENV_VAR})")
    parser.add_argument("--dataset", metavar="ID",
                        help="with --workspace: the dataset (or version) to merge into")
    parser.add_argument("--name", default=default_name,
                        help=f"with --workspace and no --dataset: the dataset's name "
                             f"(default: {default_name!r}; made when there is none)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the report (default: en)")


def register(subparsers) -> None:
    p = add_command(
        subparsers, "import", None, reads_data=False,
        help="start from the public registers: municipalities, Enhetsregisteret's IKS",
        description="Write an ordinary dataset from what the state already keeps: every "
                    "municipality of Norway or Sweden (from tables shipped with graphmodel), "
                    "or every IKS in Norway's Enhetsregisteret with its municipal and county "
                    "owners. " + cannot_say(),
        example="""
            graphmodel import municipalities NO -o municipalities-no/
            graphmodel import brreg -o iks/
            graphmodel import brreg --into team-data/ -o team-data-2/
        """,
    )
    sources = p.add_subparsers(dest="source", required=True, metavar="SOURCE")

    m = add_command(
        sources, "municipalities", run_municipalities, reads_data=False,
        help="every municipality of a country as actors (codes, regions, population, "
             "coordinates, BA-regions)",
        description="Every municipality of NO (357) or SE (290) as an actor (id no-5035, "
                    "se-0163). With --into DATA, fill in what DATA's actors lack (matched by "
                    "code, else by exact name) and add the missing municipalities; a value "
                    "DATA gives is never changed. Sources: graphmodel/assets/reference/"
                    "README.md.",
        example="""
            graphmodel import municipalities NO -o municipalities-no/
            graphmodel import municipalities SE --into my-data/ -o my-data-filled/
        """,
    )
    m.add_argument("country", metavar="NO|SE", type=str.upper, choices=("NO", "SE"))
    _targets(m, "Municipalities")
    m.set_defaults(command="import municipalities")

    b = add_command(
        sources, "brreg", run_brreg, reads_data=False,
        help="every IKS in Enhetsregisteret with its municipal and county owners",
        description="Every interkommunalt selskap (IKS) in Norway's Enhetsregisteret as a "
                    "service collaboration, its participants that are municipalities or "
                    "counties as owner memberships with their share, withdrawn owners as "
                    "left memberships. One request at a time, with retries; every answer is "
                    "kept (persons never) in the cache folder, so a second run or --offline "
                    "uses no network (--refresh asks the register again). Data: "
                    "Enhetsregisteret, Brønnøysundregistrene, NLOD 2.0. " + cannot_say(),
        example="""
            graphmodel import brreg -o iks/
            graphmodel import brreg --offline -o iks/
            graphmodel import brreg --workspace team-ws --dataset ID --changes changes.csv
        """,
    )
    b.add_argument("--api-url", default=API_URL, metavar="URL",
                   help=f"the register's API base (default {API_URL}); for a mirror or a test "
                        "server")
    b.add_argument("--cache", metavar="DIR", default=None,
                   help=f"the cache folder (default {default_cache_folder()})")
    b.add_argument("--offline", action="store_true",
                   help="use the cache only: no network at all")
    b.add_argument("--refresh", action="store_true",
                   help="ask the register again for what the cache holds")
    b.add_argument("--timeout", type=float, default=30.0, metavar="S",
                   help="seconds to wait for one answer (default 30)")
    b.add_argument("--sectors", metavar="FILE.csv",
                   help="your own sector table (columns match,pattern,sector,why; see "
                        "docs/registers.md)")
    b.add_argument("--changes", metavar="FILE.csv",
                   help="with --into or --workspace: write the change table to this file")
    _targets(b, "Enhetsregisteret")
    b.set_defaults(command="import brreg")
