"""``graphmodel workspace add | list | show | backup | roles | grant | revoke``: the team's
datasets and their versions, a backup of the file, and who may do what in it."""

from __future__ import annotations

import sys

from graphmodel.errors import GraphModelError
from graphmodel.team import ROLES, local_actor
from graphmodel.workspace import ENV_VAR

from .options import EXIT_OK, add_command, add_data, load_data

__all__ = ["register", "run_add", "run_backup", "run_grant", "run_list", "run_revoke",
           "run_roles", "run_show"]


def run_add(args) -> int:
    from graphmodel.workspace import open_workspace

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
    from graphmodel.workspace import format_list, open_workspace

    sys.stdout.write(format_list(open_workspace(args.workspace)))
    return EXIT_OK


def run_show(args) -> int:
    from graphmodel.workspace import format_show, open_workspace

    sys.stdout.write(format_show(open_workspace(args.workspace), args.id))
    return EXIT_OK


def run_backup(args) -> int:
    from graphmodel.workspace import open_workspace

    ws = open_workspace(args.workspace)
    target = ws.backup(args.file)
    print(f"{ws.path}: copied to {target} (SQLite online backup)", file=sys.stderr)
    return EXIT_OK


def run_roles(args) -> int:
    from graphmodel.workspace import open_workspace

    roles = open_workspace(args.workspace).roles()
    if not roles:
        print("No roles are set: the workspace is its owner's (every right on the command line).")
        return EXIT_OK
    for principal, role in roles.items():
        print(f"{role:<7}  {principal}")
    return EXIT_OK


def _value_error(action, *values):
    try:
        return action(*values)
    except ValueError as exc:  # a bad role or principal: one line, as any other refusal
        raise GraphModelError(str(exc)) from None


def run_grant(args) -> int:
    from graphmodel.workspace import open_workspace

    ws = open_workspace(args.workspace)
    _value_error(ws.grant, args.principal, args.role)
    print(f"{args.principal}: {args.role} in {ws.folder}", file=sys.stderr)
    me = local_actor(ws.roles())
    if not me.may("manage_roles"):
        print(f"note: with roles set, the command line acts as user:{me.name}, who has "
              f"{me.role or 'no role'} now; an admin can give it one (graphmodel workspace "
              f"grant user:{me.name} admin)", file=sys.stderr)
    return EXIT_OK


def run_revoke(args) -> int:
    from graphmodel.workspace import open_workspace

    ws = open_workspace(args.workspace)
    done = _value_error(ws.revoke, args.principal)
    print(f"{args.principal}: {'no longer has a role' if done else 'had no role'}",
          file=sys.stderr)
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

    backup = add_command(
        actions, "backup", run_backup, reads_data=False,
        help="copy the workspace file with SQLite's online backup (safe while serving)",
        description="Copy the workspace's SQLite file to FILE with SQLite's online backup: "
                    "a consistent copy even while the explorer serves and saves. FILE must not "
                    "exist yet.",
        example="graphmodel workspace backup /backup/graphmodel-$(date +%F).sqlite "
                "--workspace /srv/graphmodel",
    )
    backup.add_argument("file", metavar="FILE", help="the copy to write (a new file)")
    _workspace_option(backup)
    backup.set_defaults(command="workspace backup")

    roles = add_command(
        actions, "roles", run_roles, reads_data=False,
        help="list the roles set in the workspace (besides those of the server's AUTH.toml)",
        example="graphmodel workspace roles --workspace /srv/graphmodel",
    )
    _workspace_option(roles)
    roles.set_defaults(command="workspace roles")

    grant = add_command(
        actions, "grant", run_grant, reads_data=False,
        help="give an e-mail address, a domain, a group or a local user a role (admin only)",
        description="PRINCIPAL is an e-mail address (kari@kommune.no), every address of a "
                    "domain (*@kommune.no), a group of the identity provider (group:ID) or a "
                    "local account (user:LOGIN). Once any role is set, the command line acts "
                    "as user:LOGIN with the role given to it.",
        example="graphmodel workspace grant kari@kommune.no editor --workspace /srv/graphmodel",
    )
    grant.add_argument("principal", metavar="PRINCIPAL")
    grant.add_argument("role", metavar="ROLE", choices=ROLES, help=" | ".join(ROLES))
    _workspace_option(grant)
    grant.set_defaults(command="workspace grant")

    revoke = add_command(
        actions, "revoke", run_revoke, reads_data=False,
        help="take a principal's role away (admin only)",
        example="graphmodel workspace revoke kari@kommune.no --workspace /srv/graphmodel",
    )
    revoke.add_argument("principal", metavar="PRINCIPAL")
    _workspace_option(revoke)
    revoke.set_defaults(command="workspace revoke")
