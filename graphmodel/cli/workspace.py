"""``graphmodel workspace add | list | show``: the team's datasets and their versions."""

from __future__ import annotations

import sys

from graphmodel.workspace import ENV_VAR, format_list, format_show, open_workspace

from .options import EXIT_OK, add_command, add_data, load_data

__all__ = ["register", "run_add", "run_list", "run_show"]


def run_add(args) -> int:
    ws = open_workspace(args.workspace)
    model = load_data(args.data)  # a clear message when DATA is not there
    held = sum(d.n_versions for d in ws.datasets())
    version = ws.add_dataset(model, args.name, args.note)
    added = sum(d.n_versions for d in ws.datasets()) > held
    what = f"added as version {version.number} of" if added else "already held as"
    print(f"{args.data}: {what} dataset {version.dataset_id} ({version.dataset_name}): "
          f"{version.summary}", file=sys.stderr)
    print(version.id)
    return EXIT_OK


def run_list(args) -> int:
    sys.stdout.write(format_list(open_workspace(args.workspace)))
    return EXIT_OK


def run_show(args) -> int:
    sys.stdout.write(format_show(open_workspace(args.workspace), args.id))
    return EXIT_OK


def _workspace_option(parser) -> None:
    parser.add_argument("--workspace", metavar="DIR",
                        help=f"the workspace folder (default: ${ENV_VAR}, else a folder of "
                             "your user's application data)")


def register(subparsers) -> None:
    p = add_command(
        subparsers, "workspace", None, reads_data=False,
        help="the team's datasets and their versions (add, list, show)",
        description="The workspace keeps datasets and their versions, saved views and "
                    "scenarios in one SQLite file in a folder: --workspace DIR, else "
                    f"${ENV_VAR}, else a folder of your user's application data. Each "
                    "version has an id that links carry (?data=ID).",
        example="""
            graphmodel workspace add data/nordic --name Nordic --workspace team-ws
            graphmodel workspace list --workspace team-ws
            graphmodel workspace show ID --workspace team-ws
        """,
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = add_command(
        actions, "add", run_add, reads_data=False,
        help="store DATA as a dataset; prints the new version's id",
        description="Store DATA (a folder of the three CSV files, a .zip of them or an .xlsx "
                    "workbook) as a dataset called NAME, after the same checks as "
                    "`graphmodel validate`. Prints the version's id (one line) on stdout. "
                    "Adding content a dataset of that name already holds prints its id "
                    "again and stores nothing.",
        example="graphmodel workspace add data/nordic --name Nordic --note 'From the 2024 "
                "register' --workspace team-ws",
    )
    add_data(add)
    add.add_argument("--name", required=True, help="the dataset's name (any text)")
    add.add_argument("--note", default="", help="a short note kept with the version")
    _workspace_option(add)
    add.set_defaults(command="workspace add")

    listing = add_command(
        actions, "list", run_list, reads_data=False,
        help="list the datasets: id, name, versions, newest version and its counts",
        example="graphmodel workspace list --workspace team-ws",
    )
    _workspace_option(listing)
    listing.set_defaults(command="workspace list")

    show = add_command(
        actions, "show", run_show, reads_data=False,
        help="show a dataset (its versions, views, scenarios) or a version",
        description="Show a dataset (its versions with their counts and notes, the views and "
                    "scenarios saved on them) or one version (its details, link, views and "
                    "scenarios). ID is a dataset's or a version's id, as `list` shows.",
        example="graphmodel workspace show ID --workspace team-ws",
    )
    show.add_argument("id", metavar="ID", help="a dataset's or a version's id")
    _workspace_option(show)
    show.set_defaults(command="workspace show")
