"""``graphmodel report DATA --per municipality|council -o DIR``: briefing pages and an index
(``--format docx``: one Word document per page)."""

from __future__ import annotations

import re
import sys

from .options import EXIT_OK, add_command, date_argument, filters_from, load_data

__all__ = ["REPORT_FORMATS", "register", "run"]

#: what ``--format`` may be: offline HTML pages, or Word documents
REPORT_FORMATS = ("html", "docx")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(name: str) -> str:
    """A name from the data, safe on a terminal: control and direction characters dropped."""
    return _CONTROL.sub("", str(name))[:80]


def run(args) -> int:
    from graphmodel.briefing import write_report

    model = load_data(args.data)
    filters = dict(filters_from(args))
    err = sys.stderr

    def progress(i: int, n: int, name: str) -> None:
        print(f"{i}/{n} {_shown(name)}", file=err, flush=True)

    if args.format == "docx":
        from graphmodel.office import write_docx_report

        report = write_docx_report(model, args.output, per=args.per, lang=args.lang,
                                   since=args.since, max_km=args.max_km, progress=progress,
                                   **filters)
        print(f"wrote {len(report.pages)} Word files to {report.folder}", file=err)
        return EXIT_OK
    report = write_report(model, args.output, per=args.per, lang=args.lang, since=args.since,
                          max_km=args.max_km, progress=progress, **filters)
    print(f"wrote {len(report.pages)} pages and {report.index}", file=err)
    return EXIT_OK



def _km(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a distance in km") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a distance of 0 km or more")
    return value


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "report", run,
        help="write a briefing page per municipality or council, and an index",
        example="""
            graphmodel report data/nordic --per municipality --lang nb -o out/
            graphmodel report data/nordic --per council --since 2015 -o councils/
            graphmodel report data/nordic --per municipality --lang nb --format docx -o word/
        """,
    )
    parser.add_argument("--format", choices=REPORT_FORMATS, default="html",
                        help="html: offline pages and an index (default); docx: one Word "
                             "document per page, with real tables and print-quality pictures")
    parser.add_argument("--per", choices=("municipality", "council"), default="municipality",
                        help="one page per municipality (default) or per regional council")
    parser.add_argument("--since", metavar="DATE", type=date_argument, default=None,
                        help="show what changed since DATE (a year or a date)")
    parser.add_argument("--max-km", type=_km, default=None, metavar="KM",
                        help="how far a suggested partner may be (default 150)")
    parser.add_argument("-o", "--output", required=True, metavar="DIR",
                        help="the folder to write the pages (and, as html, index.html) to")
