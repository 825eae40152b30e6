"""The filters' names, their defaults and their bundle: what a parser needs, without pandas."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ACTOR_FILTERS",
    "DEFAULT_ACTOR_KINDS",
    "DEFAULT_FILTERS",
    "DEFAULT_KINDS",
    "DEFAULT_STATUS",
    "FILTER_NAMES",
    "Filters",
]

DEFAULT_STATUS = ("active",)
#: the collaboration and actor kinds the metrics count by default (DESIGN.md, "Metrics")
DEFAULT_KINDS = ("service",)
DEFAULT_ACTOR_KINDS = ("municipality",)


class Filters(TypedDict, total=False):
    """The filters every analysis function, the drawing and the CLI take (DESIGN.md, "The graph").

    Pass them as keywords (``gm.actor_pairs(model, sectors=["ict"], as_of="2020")``) or as
    one bundle (``gm.actor_pairs(model, **filters)``). Each is optional; an absent key takes
    the default of :data:`DEFAULT_FILTERS`, ``None`` means "no filter".

    as_of : date-like
        Keep what was in force on that day (``YYYY-MM-DD``, ``DD.MM.YYYY`` or a bare year,
        meaning 1 January); see :func:`graphmodel.data.select.in_force`.
    sectors : str or iterable of str
        Collaboration sectors (``None``: all, including no sector).
    kinds : str or iterable of str
        Collaboration kinds (default ``("service",)``, as the metrics are defined).
    actor_kinds : str or iterable of str
        Actor kinds (default ``("municipality",)``).
    status : str or iterable of str
        Collaboration statuses (default ``("active",)``).
    countries, regions : str or iterable of str
        Actor country codes and region names.
    members_of : str or iterable of str
        Council or network ids: keep only their members on the date (the "Members of"
        filter; by :func:`graphmodel.data.select.council_members`, observers never count).

    >>> FILTER_NAMES
    ('as_of', 'sectors', 'kinds', 'actor_kinds', 'status', 'countries', 'regions', 'members_of')
    """

    as_of: str | _dt.date | pd.Timestamp | None
    sectors: str | Iterable[str] | None
    kinds: str | Iterable[str] | None
    actor_kinds: str | Iterable[str] | None
    status: str | Iterable[str] | None
    countries: str | Iterable[str] | None
    regions: str | Iterable[str] | None
    members_of: str | Iterable[str] | None


#: The defaults of the metrics (DESIGN.md, "Metrics"): service agreements among municipalities,
#: active ones, at any date.
DEFAULT_FILTERS: Filters = {
    "as_of": None, "sectors": None, "kinds": DEFAULT_KINDS, "actor_kinds": DEFAULT_ACTOR_KINDS,
    "status": DEFAULT_STATUS, "countries": None, "regions": None, "members_of": None,
}
#: The filters that keep actors (the sidebar's "Where"): under any of them a collaboration
#: counts only with at least one kept member (:meth:`graphmodel.data.select.Selection.with_members`).
ACTOR_FILTERS: tuple[str, ...] = ("actor_kinds", "countries", "regions", "members_of")
#: The filter names, in the order the CLI and the docs list them.
FILTER_NAMES: tuple[str, ...] = tuple(DEFAULT_FILTERS)
