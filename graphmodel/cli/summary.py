"""``graphmodel summary DATA``: counts by kind, sector and status."""

from __future__ import annotations

import sys

import graphmodel as gm

from .options import EXIT_OK, add_command, filters_from, load_data, supported_filters

__all__ = ["register", "run"]


def run(args) -> int:
    model = load_data(args.data)
    filters = supported_filters(gm.summary, filters_from(args), "summary")
    text = gm.summary(model, **filters)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def register(subparsers) -> None:
    add_command(
        subparsers, "summary", run,
        help="counts by kind, sector and status",
        example="""
            graphmodel summary data/nordic
            graphmodel summary data/nordic --as-of 2010
        """,
    )
