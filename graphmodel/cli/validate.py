"""``graphmodel validate DATA``: check a dataset, one line per problem."""

from __future__ import annotations

import sys

import graphmodel as gm

from .options import EXIT_OK, EXIT_PROBLEMS, add_command, load_data, print_problems

__all__ = ["register", "run"]


def run(args) -> int:
    try:
        model = load_data(args.data)
    except gm.ValidationError as err:
        print_problems(err.errors, sys.stdout)
        n = len(err.errors)
        print(f"{args.data}: refused, {n} problem{'s' if n != 1 else ''}.", file=sys.stderr)
        return EXIT_PROBLEMS
    print_problems(model.warnings, sys.stdout)
    w = len(model.warnings)
    print(
        f"{args.data}: OK, {len(model.actors)} actors, {len(model.collaborations)} "
        f"collaborations, {len(model.memberships)} memberships"
        + (f"; {w} warning{'s' if w != 1 else ''}" if w else ""),
        file=sys.stderr,
    )
    return EXIT_OK


def register(subparsers) -> None:
    add_command(
        subparsers, "validate", run,
        help="check a dataset; one line per problem",
        description="Check a dataset. Exit 0: it loads (warnings are printed); exit 1: it is "
                    "refused, one line per problem as FILE:LINE: COLUMN: message. The whole "
                    "dataset is always checked: the filters are accepted, like on every "
                    "command that reads DATA, and checked, but do not narrow the check.",
        example="graphmodel validate data/nordic",
    )
