"""Errors as data: one base class, and a validation error that carries every problem as a row."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from .i18n import integer, ntr, tr

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FilterError", "GraphModelError", "NotFoundError", "PermissionDenied", "Problem",
    "SpecError", "UnknownIdError", "ValidationError", "WorkspaceError",
]


class GraphModelError(Exception):
    """Base class of every error graphmodel raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in the input.

    ``line`` is the line number as a spreadsheet shows it: the header is line 1,
    the first record line 2. ``line`` is ``None`` for a problem with a whole file
    and ``column`` is ``""`` for a problem with a whole row.
    """

    file: str
    line: int | None
    column: str
    value: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        col = f" {self.column}:" if self.column else ""
        return f"{where}:{col} {self.message}"


PROBLEM_COLUMNS = ["severity", "file", "line", "column", "value", "message"]


def problems_frame(problems) -> pd.DataFrame:
    """The problems as a table with columns severity, file, line, column, value, message."""
    import pandas as pd  # here: the errors themselves stay light (a parser imports them)

    rows = [asdict(p) for p in problems]
    frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    frame["line"] = frame["line"].astype("Int64")
    return frame


class ValidationError(GraphModelError):
    """The input was refused. ``problems`` lists every error found (and the warnings).

    The text (``str(err)``) is written in the language in use when the error is made
    (:mod:`graphmodel.i18n`), as are the problems' messages, which the loader writes.

    Examples
    --------
    >>> err = ValidationError([Problem("actors.csv", 3, "kind", "x", "a message")])
    >>> print(err)
    1 problem in the data:
    actors.csv:3: kind: a message
    >>> from graphmodel.i18n import use_language
    >>> with use_language("nb"):
    ...     print(str(ValidationError([])).splitlines()[0])
    0 problemer i dataene:
    """

    def __init__(self, problems):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        n = len(errors)
        head = ntr("{n} problem in the data", "{n} problems in the data", n)
        lines = "\n".join(str(p) for p in errors[:20])
        more = "\n" + tr("… and {n} more", n=integer(n - 20)) if n > 20 else ""
        super().__init__(f"{head}:\n{lines}{more}")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def to_frame(self) -> pd.DataFrame:
        """Every problem as a table (severity, file, line, column, value, message)."""
        return problems_frame(self.problems)


class UnknownIdError(GraphModelError, KeyError):
    """An id asked for (focus, actor, collaboration) is not in the data."""

    def __str__(self) -> str:  # KeyError quotes its message; we want plain text
        return str(self.args[0]) if self.args else ""


class SpecError(GraphModelError, ValueError):
    """A view file or a parameter is malformed (unknown version or field, bad value)."""


class FilterError(SpecError, TypeError):
    """A filter name that is not one of the filters (the one check: ``select.check_filters``).

    A :class:`SpecError` for the command line and the app, and a :class:`TypeError` as Python
    raises for an unknown keyword argument."""


class WorkspaceError(GraphModelError):
    """The workspace refused a request (too large, a bad name, an unreadable or newer file)."""


class NotFoundError(WorkspaceError, LookupError):
    """No dataset, version, view or scenario has this id (or the id is malformed)."""


class PermissionDenied(WorkspaceError, PermissionError):
    """The acting user's role in the workspace does not allow this (nothing was changed).

    ``action`` names what was asked (``"save_version"``, ``"manage_roles"``…), ``role`` the
    role the user has (``None``: no role at all) and ``needed`` the least role that may.
    """

    def __init__(self, message: str, *, action: str = "", role: str | None = None,
                 needed: str = ""):
        super().__init__(message)
        self.action, self.role, self.needed = action, role, needed
