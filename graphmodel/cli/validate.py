"""``graphmodel validate DATA``: check a dataset, one line per problem.

The problem lines (``FILE:LINE: COLUMN: message``) and the closing line are written in the
language of ``--lang``; file and column names are the data's own and stay as they are.
"""

from __future__ import annotations

import sys

import graphmodel as gm
from graphmodel.i18n import ntr

from .options import EXIT_OK, EXIT_PROBLEMS, add_command, load_data, print_problems

__all__ = ["register", "run"]


def run(args) -> int:
    try:
        model = load_data(args.data)
    except gm.ValidationError as err:
        print_problems(err.errors, sys.stdout)
        n = len(err.errors)
        print(ntr("{data}: refused, {n} problem.", "{data}: refused, {n} problems.", n,
                  data=args.data), file=sys.stderr)
        return EXIT_PROBLEMS
    print_problems(model.warnings, sys.stdout)
    w = len(model.warnings)
    text = ntr("{data}: OK, {n} actor", "{data}: OK, {n} actors", len(model.actors),
               data=args.data)
    text += ", " + ntr("{n} collaboration", "{n} collaborations", len(model.collaborations))
    text += ", " + ntr("{n} membership", "{n} memberships", len(model.memberships))
    if w:
        text += "; " + ntr("{n} warning", "{n} warnings", w)
    print(text, file=sys.stderr)
    return EXIT_OK


def register(subparsers) -> None:
    add_command(
        subparsers, "validate", run,
        help="check a dataset; one line per problem",
        description="Check a dataset. Exit 0: it loads (warnings are printed); exit 1: it is "
                    "refused, one line per problem as FILE:LINE: COLUMN: message. The whole "
                    "dataset is always checked: the filters are accepted, like on every "
                    "command that reads DATA, and checked, but do not narrow the check. "
                    "--lang sets the language of the messages.",
        example="""
            graphmodel validate data/nordic
            graphmodel validate data/nordic --lang nb
        """,
    )
