"""The command line ``graphmodel``: a thin front on the library, one module per command.

Each command is a module of this package with ``register(subparsers)`` (its options, its
help with an ``Example:``) and ``run(args) -> exit code``; the options shared by every
command that reads DATA are defined once in :mod:`graphmodel.cli.options`. To add a
command, write its module and add its name to :data:`COMMANDS`.

Exit codes: 0 done; 1 the data or a value was refused (one line per problem on stderr);
2 the command line itself is wrong (argparse's usage message). Never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from .options import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_problems

__all__ = ["COMMANDS", "MODULES", "build_parser", "main"]

#: The sub-commands, in the order ``graphmodel --help`` lists them (one module each).
COMMANDS = ("validate", "summary", "metrics", "diff", "snapshot", "report", "synth", "export",
            "workspace", "app", "import")
#: commands whose module has another name (``import`` is a Python keyword)
MODULES = {"import": "importer"}


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``graphmodel`` with every command of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="graphmodel",
        description="Map, measure and share inter-municipal collaboration. "
        "DATA is a folder holding actors.csv, collaborations.csv and memberships.csv, or a zip.",
        epilog="Run `graphmodel COMMAND --help` for a command's options and an example.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{MODULES.get(name, name)}").register(sub)
    return parser


def _text_arguments(argv: Sequence[str | bytes]) -> list[str]:
    """Arguments as text: bytes are decoded as the OS does (UTF-8, surrogateescape); an
    argument that is not valid UTF-8 is refused with a usage error naming it."""
    out = []
    for i, arg in enumerate(argv, start=1):
        if isinstance(arg, bytes):
            arg = arg.decode("utf-8", "surrogateescape")
        arg = str(arg)
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            shown = arg.encode("utf-8", "surrogateescape").decode("ascii", "backslashreplace")
            raise ValueError(f"argument {i} ({shown[:80]}) is not valid UTF-8 text; "
                             "rename the file or retype the value") from None
        out.append(arg)
    return out


def main(argv: Sequence[str | bytes] | None = None) -> int:
    """Run ``graphmodel`` with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    from graphmodel.errors import GraphModelError, ValidationError
    from graphmodel.i18n import use_language

    try:
        args_text = _text_arguments(sys.argv[1:] if argv is None else argv)
    except ValueError as err:
        print(f"graphmodel: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser()
    try:
        args = parser.parse_args(args_text)
    except SystemExit as exit_:  # --help (0) or a usage error (2), already printed
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    command = f"graphmodel {args.command}"
    try:
        # --lang: what a person reads (problem lines too) is written in it (DESIGN.md)
        with use_language(getattr(args, "lang", None)):
            return args.func(args)
    except ValidationError as err:
        print_problems(err.errors, sys.stderr)
        return EXIT_PROBLEMS
    except GraphModelError as err:
        print(f"{command}: {_one_line(err)}", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenPipeError:  # e.g. `graphmodel metrics … | head`
        _quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print(f"{command}: stopped", file=sys.stderr)
        return 130
    except OSError as err:  # a file that cannot be written or read
        print(f"{command}: {_one_line(err)}", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as err:  # the promise is "no traceback ever"
        if os.environ.get("GRAPHMODEL_DEBUG"):
            raise
        print(f"{command}: unexpected error ({type(err).__name__}: {_one_line(err)}); "
              "please report it, with GRAPHMODEL_DEBUG=1 set for the details", file=sys.stderr)
        return EXIT_PROBLEMS


def _one_line(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return " ".join(text.split())


def _quiet_stdout() -> None:
    """After a closed pipe, point stdout at devnull so Python's exit flush stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pytest's captured stdout has no file number
        pass
