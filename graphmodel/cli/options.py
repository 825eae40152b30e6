"""The options every command shares, defined once: DATA, the eight filters and ``--lang``.

A command that reads DATA is made with :func:`add_command` (``reads_data=True``), which
gives it the positional DATA, the filters of :data:`graphmodel.data.select.FILTER_NAMES` and
``--lang``; :func:`filters_from` turns the parsed options back into a
:class:`graphmodel.data.select.Filters` bundle holding only what was given, so that the library's
defaults (:data:`graphmodel.data.select.DEFAULT_FILTERS`) apply to the rest.
"""

from __future__ import annotations

import argparse
import inspect
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import graphmodel as gm
from graphmodel.data import DEFAULT_FILTERS, FILTER_NAMES, Filters

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "FILTER_OPTIONS",
    "LANGUAGES",
    "add_command",
    "add_data",
    "add_filters",
    "date_argument",
    "filters_from",
    "load_data",
    "print_problems",
    "supported_filters",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
#: The languages of what a person reads (DESIGN.md "Languages"); accepted now, used later.
LANGUAGES = ("nb", "sv", "en")
#: A value of --kind, --actor-kind or --status that means "every one" (no filter).
ALL = "all"


def _as_shown(value) -> str:
    if value is None:
        return "no filter"
    return ",".join(value) if isinstance(value, (tuple, list)) else str(value)


def _allowed(name: str) -> tuple[str, ...] | None:
    return {"kinds": gm.COLLABORATION_KINDS, "actor_kinds": gm.ACTOR_KINDS,
            "status": gm.STATUSES}.get(name)


#: filter name -> (flag, metavar, help). The order is FILTER_NAMES'.
FILTER_OPTIONS: dict[str, tuple[str, str, str]] = {
    "as_of": ("--as-of", "DATE", (
        "only what was in force on DATE (YYYY-MM-DD, DD.MM.YYYY or a year: 2010 means "
        "2010-01-01)")),
    "sectors": ("--sector", "S", "keep these collaboration sectors (default: all)"),
    "kinds": ("--kind", "K", (
        "collaboration kinds to count: service, network, council or all "
        f"(default: {_as_shown(DEFAULT_FILTERS['kinds'])})")),
    "actor_kinds": ("--actor-kind", "K", (
        "actor kinds to count: municipality, county, state, health_trust, other or all "
        f"(default: {_as_shown(DEFAULT_FILTERS['actor_kinds'])})")),
    "status": ("--status", "S", (
        "collaboration statuses: active, planned, ended or all "
        f"(default: {_as_shown(DEFAULT_FILTERS['status'])})")),
    "countries": ("--country", "CC", "keep actors in these countries (NO, SE, ...)"),
    "regions": ("--region", "R", "keep actors in these regions (county, fylke, län)"),
    "members_of": ("--members-of", "ID", (
        "keep the members of these councils or networks (their ids) on the date; "
        "observers do not count")),
}
assert tuple(FILTER_OPTIONS) == FILTER_NAMES, "one CLI option per filter of graphmodel.data.select"


def _date(text: str) -> str:
    """``--as-of``: a date as typed, as YYYY-MM-DD; empty means no date filter."""
    return date_argument(text) if text.strip() else ""


def date_argument(text: str) -> str:
    """An argparse ``type`` for a date option: YYYY-MM-DD, DD.MM.YYYY or a bare year, given
    back as YYYY-MM-DD; anything else is a usage error with the library's message."""
    try:
        day = gm.parse_date(text)
    except gm.GraphModelError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    if day is None:
        raise argparse.ArgumentTypeError("give a date such as 2016, 2016-01-01 or 01.01.2016")
    return day.date().isoformat()


def _items(name: str) -> Callable[[str], list[str]]:
    allowed = _allowed(name)

    def parse(text: str) -> list[str]:
        items = [t.strip() for t in text.split(",") if t.strip()]
        if allowed is not None:
            bad = [t for t in items if t != ALL and t not in allowed]
            if bad:
                raise argparse.ArgumentTypeError(
                    f"unknown value {bad[0]!r}: use {', '.join(allowed)} or {ALL}")
        return items

    parse.__name__ = name  # argparse names the option's type in its messages
    return parse


def add_filters(parser: argparse.ArgumentParser) -> None:
    """Add the eight filter options (each repeatable or comma-separated) to ``parser``."""
    group = parser.add_argument_group("filters (repeat an option or separate values by commas)")
    for name, (flag, metavar, help_) in FILTER_OPTIONS.items():
        if name == "as_of":
            group.add_argument(flag, dest="f_as_of", metavar=metavar, type=_date, help=help_)
        else:
            group.add_argument(flag, dest=f"f_{name}", metavar=metavar, type=_items(name),
                               action="append", help=help_)


def add_data(parser: argparse.ArgumentParser, *, optional: bool = False) -> None:
    """The positional DATA (a folder of the three CSV files, or a zip of them) and ``--lang``."""
    parser.add_argument("data", metavar="DATA", nargs="?" if optional else None,
                        help="a folder holding actors.csv, collaborations.csv and "
                             "memberships.csv, or a .zip of them")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of what a person reads (default: en)")


def filters_from(args: argparse.Namespace) -> Filters:
    """The filters given on the command line, as a bundle (absent ones are left out).

    >>> p = argparse.ArgumentParser(); add_filters(p)
    >>> filters_from(p.parse_args(["--sector", "ict,ppt", "--sector", "fire", "--as-of", "2010"]))
    {'as_of': '2010-01-01', 'sectors': ('fire', 'ict', 'ppt')}
    >>> filters_from(p.parse_args(["--status", "all", "--kind", "service,network"]))
    {'kinds': ('network', 'service'), 'status': None}
    """
    out: Filters = {}
    for name in FILTER_NAMES:
        value = getattr(args, f"f_{name}", None)
        if value is None or value == "":
            continue
        if name == "as_of":
            out["as_of"] = value
            continue
        items = sorted({item for chunk in value for item in chunk})
        if not items:
            continue
        out[name] = None if ALL in items else tuple(items)
    return out


def supported_filters(function: Callable, filters: Filters, command: str) -> dict:
    """``filters`` that ``function`` takes; a given filter it cannot apply is an error."""
    params = inspect.signature(function).parameters
    takes_all = any(p.kind is p.VAR_KEYWORD for p in params.values())
    missing = [k for k in filters if not takes_all and k not in params]
    if missing:
        flags = ", ".join(FILTER_OPTIONS[k][0] for k in missing)
        raise gm.SpecError(f"{command} does not apply {flags} yet; leave it out")
    return dict(filters)


def load_data(data: str) -> gm.Model:
    """Load DATA, with a clear message when it is not there."""
    path = Path(data)
    if not path.exists():
        raise gm.GraphModelError(
            f"{data}: no such folder or file. Give a folder holding actors.csv, "
            "collaborations.csv and memberships.csv, or a .zip of them."
        )
    return gm.load(path)


def print_problems(problems, out=None) -> None:
    """One line per problem: ``FILE:LINE: COLUMN: message`` (DESIGN.md "Command line")."""
    from graphmodel.i18n import tr

    out = sys.stdout if out is None else out
    for p in problems:
        where = p.file if p.line is None else f"{p.file}:{p.line}"
        col = f" {p.column}:" if p.column else ""
        tag = " " + tr("warning:") if p.severity == "warning" else ""
        print(f"{where}:{col}{tag} {p.message}", file=out)


def add_command(
    subparsers,
    name: str,
    run: Callable[[argparse.Namespace], int],
    *,
    help: str,
    example: str,
    description: str = "",
    reads_data: bool = True,
) -> argparse.ArgumentParser:
    """A sub-command with its help and ``Example:``; one that reads DATA gets the shared options.

    Parameters
    ----------
    subparsers
        The object ``ArgumentParser.add_subparsers`` returned.
    name, help : str
        The command's name and its one-line help (shown by ``graphmodel --help``).
    run : callable
        ``run(args) -> exit code``.
    example : str
        One or more command lines, shown under ``Example:`` in ``graphmodel NAME --help``.
    reads_data : bool
        Add DATA, the eight filters and ``--lang`` (see :func:`add_data`, :func:`add_filters`).
    """
    text = (description or help[:1].upper() + help[1:] + ".") + "\n\nExample:\n\n" + \
        textwrap.indent(textwrap.dedent(example).strip(), "    ")
    parser = subparsers.add_parser(name, help=help, description=text,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    if reads_data:
        add_data(parser)
        add_filters(parser)
    parser.set_defaults(func=run, command=name)
    return parser
