"""One declarative record per metric table and column: name, label, format, help, tables.

The command line, the pages, the snapshots, the briefings and the narrative read a metric
column's label and format from here, so a column is added in one place (docs/metrics.md
explains each one; ``tests/test_docs.py`` checks that every column is documented).

Labels and help texts are gettext messages (``N_`` marks them for the catalogue); they are
translated when shown, with :func:`label`, :func:`long_label`, :func:`word` and
:func:`help_text`, in the language in use (:func:`graphmodel.i18n.use_language`).

Examples
--------
>>> from graphmodel.i18n import use_language
>>> with use_language("nb"):
...     label("fragmentation"), label("name", table="councils"), show(2 / 3, "ratio")
('Fragmentering', 'Regionråd', '0,67')
>>> COLUMNS["region_fragmentation"].tables
('councils',)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..errors import SpecError
from ..i18n import N_, integer, number, percent, tr

__all__ = [
    "COLUMNS", "DYAD_TABLES", "FORMATS", "METRIC_TABLES", "TABLES", "Column", "MetricTable", "cell_kind", "help_text", "label",
    "long_label", "metric_columns", "show", "table_columns", "word",
]

#: how a value is written for a person: ``count`` 1 234, ``ratio``/``share``/``number``
#: 0,67, ``percent`` 67 %, ``km`` 12, ``year`` 2024, ``text`` and ``id`` as they are
FORMATS = ("count", "ratio", "share", "number", "percent", "km", "year", "text", "id")


@dataclass(frozen=True)
class Column:
    """A metric column: its label (a table's header), the longer label of a key figure,
    the word used inside a sentence, how its values are written, and what it means."""

    name: str
    label: str
    format: str
    help: str = ""
    long: str = ""
    word: str = ""
    tables: tuple[str, ...] = ()

    def __post_init__(self):
        if self.format not in FORMATS:
            raise SpecError(f"column {self.name}: unknown format {self.format!r}")


@dataclass(frozen=True)
class MetricTable:
    """A table of ``graphmodel metrics --table NAME``: the function behind it (``module:name``
    in :mod:`graphmodel.analysis`), the columns it starts with (DESIGN.md), what one row is,
    and labels that differ in this table (``name`` is a council's name in ``councils``)."""

    name: str
    function: str
    columns: tuple[str, ...]
    row: str
    labels: dict = field(default_factory=dict)
    #: columns that follow the leading ones (and ``stated_strategy``), in this order
    more: tuple[str, ...] = ()
    #: False for a table too slow to write with every other (the dyad model's)
    bulk: bool = True


def _c(name, label, fmt, help="", long="", word=""):
    return name, {"label": label, "format": fmt, "help": help, "long": long, "word": word}


_COLUMNS = dict([
    _c("id", N_("Id"), "id", N_("The row's id as in the data.")),
    _c("name", N_("Municipality"), "text", N_("The name as in the data.")),
    _c("a", N_("First"), "id", N_("The first of the pair (ids in order).")),
    _c("b", N_("Second"), "id", N_("The second of the pair.")),
    _c("n_collaborations", N_("Agreements"), "count",
       N_("Service agreements it takes part in (after the filters)."),
       long=N_("Agreements"), word=N_("agreements")),
    _c("n_partners", N_("Partners"), "count",
       N_("Other municipalities it shares at least one agreement with."),
       long=N_("Partners (other municipalities)"), word=N_("partners")),
    _c("n_configurations", N_("Partner sets"), "count",
       N_("Different sets of partners over its agreements."),
       long=N_("Different sets of partners"), word=N_("partner sets")),
    _c("fragmentation", N_("Fragmentation"), "ratio",
       N_("0 = every agreement with the same partners, 1 = every agreement with other "
          "partners."), long=N_("Fragmentation (0–1)"), word=N_("fragmentation")),
    _c("effective_partners", N_("Effective partners"), "number",
       N_("How many equally weighted partners its ties amount to."),
       long=N_("Effective number of partners"), word=N_("effective partners")),
    _c("home_council", N_("Home council"), "text",
       N_("The regional council whose members it shares the most agreements with."),
       word=N_("home council")),
    _c("home_alignment", N_("Share within home council"), "share",
       N_("Share of its agreements whose members all sit in its home council."),
       word=N_("share within home council")),
    _c("breadth", N_("Breadth"), "share",
       N_("Share of the region's sectors it has an agreement in."),
       long=N_("Breadth (share of the region's sectors)")),
    _c("strategy", N_("Strategy"), "text",
       N_("The quadrant of breadth and alignment: self-sufficiency, specialisation, service "
          "centre or regional partner."), word=N_("strategy")),
    _c("stated_strategy", N_("Stated strategy"), "text",
       N_("The strategy the municipality says it follows, where the data records it.")),
    _c("strength", N_("Shared agreements"), "count",
       N_("Agreements shared with partners, summed over partners: how tightly it is woven "
          "in.")),
    _c("hosted", N_("Hosts"), "count", N_("Agreements it hosts: the motor."),
       long=N_("Agreements it hosts")),
    _c("hosted_members", N_("Members of the agreements it hosts"), "count",
       N_("Other members of the agreements it hosts."),
       long=N_("Members of the agreements it hosts")),
    _c("betweenness", N_("Broker"), "ratio",
       N_("Betweenness on the co-membership graph: how much it ties others together.")),
    _c("community", N_("Community"), "count",
       N_("The group of municipalities that cooperate most among themselves (Louvain).")),
    _c("n_members", N_("Members"), "count", N_("Members of the council (observers not counted)."),
       long=N_("Members"), word=N_("members")),
    _c("aligned", N_("Agreements with every member"), "count",
       N_("Service agreements with exactly the council's members."),
       long=N_("Agreements with every member")),
    _c("within", N_("Agreements inside the council"), "count",
       N_("Service agreements among some of the council's members only."),
       long=N_("Agreements inside the council")),
    _c("spanning", N_("Agreements across its border"), "count",
       N_("Service agreements with members inside and outside the council."),
       long=N_("Agreements across its border")),
    _c("region_fragmentation", N_("Fragmentation"), "ratio",
       N_("0 = every agreement with the same members, 1 = every agreement with other members."),
       long=N_("Fragmentation of the region (0–1)"), word=N_("fragmentation")),
    _c("n_dual_members", N_("Members of two councils or more"), "count",
       N_("Members that sit in another regional council as well."),
       long=N_("Members of two councils or more"), word=N_("members of two councils")),
    _c("shared", N_("Shared agreements"), "count", N_("Agreements both take part in.")),
    _c("jaccard", N_("Overlap (Jaccard index)"), "ratio",
       N_("What they share divided by what either takes part in (0–1).")),
    _c("relation", N_("Relation"), "text",
       N_("identical, nested, crossing or disjoint member sets.")),
    _c("council", N_("Council"), "text", N_("The home council of the community's members.")),
    _c("actor", N_("Municipality"), "id", N_("The municipality the row is about.")),
    _c("sector", N_("Sector"), "text", N_("The sector of the gap.")),
    _c("candidate", N_("Suggested partner"), "id", N_("A municipality to cooperate with.")),
    _c("rank", N_("Rank"), "count", N_("1 = the best suggestion for that gap.")),
    _c("reason", N_("Why"), "text", N_("The suggestion's reason in words.")),
    _c("distance_km", N_("Distance"), "km", N_("Great-circle distance in km.")),
    _c("population_ratio", N_("Size"), "ratio",
       N_("Smaller population divided by larger (1 = the same size).")),
    _c("candidate_name", N_("Suggested partner"), "text", N_("The candidate's name.")),
    _c("collaboration", N_("Agreement to join"), "id", N_("The candidate's agreement to join.")),
    _c("collaboration_name", N_("Agreement to join"), "text", N_("That agreement's name.")),
    _c("ba_region", N_("BA-region"), "text",
       N_("The functional region (BA-region) where people live and work."),
       long=N_("BA-region (commuting region)"), word=N_("BA-region")),
    _c("ba_share", N_("Share inside its BA-region"), "share",
       N_("Share of its agreements whose members all lie in its BA-region.")),
    _c("cross_county_share", N_("Crossing county lines"), "share",
       N_("Share of its agreements with a member in another county.")),
    _c("n_ba_regions", N_("BA-regions"), "count",
       N_("BA-regions its members lie in."), long=N_("BA-regions among its members")),
    _c("ba_fit", N_("In one BA-region"), "share",
       N_("Largest share of its members in one BA-region."),
       long=N_("Largest share of members in one BA-region")),
    _c("crosses_county", N_("Crosses county lines"), "text",
       N_("True when its members lie in more than one county.")),
    _c("host_concentration", N_("Busiest host"), "share",
       N_("Share of its service agreements hosted by its busiest host: the motor as a figure."),
       long=N_("Share hosted by the busiest host")),
    _c("host", N_("Host"), "id", N_("The host municipality, as in the data.")),
    _c("inside_ba", N_("Inside one BA-region"), "text",
       N_("True when all members lie in one BA-region.")),
    _c("inside_council", N_("Inside one council"), "text",
       N_("True when all members sit in one regional council.")),
    _c("inside_county", N_("Inside one county"), "text",
       N_("True when all members lie in one county.")),
    _c("n_counties", N_("Counties"), "count", N_("Counties its members lie in.")),
    _c("variable", N_("Explains"), "text", N_("The explanatory variable of the dyad model.")),
    _c("odds_ratio", N_("Odds ratio"), "number",
       N_("How many times as likely a shared agreement is, other things equal.")),
    _c("ci_low", N_("Lower bound (95 %)"), "number", N_("The 95 % confidence interval's low end.")),
    _c("ci_high", N_("Upper bound (95 %)"), "number",
       N_("The 95 % confidence interval's high end.")),
    _c("p_value", N_("p (permutation)"), "number",
       N_("Share of permutations with an effect at least as strong (MRQAP).")),
    _c("n_pairs", N_("Pairs"), "count", N_("Pairs of municipalities the model used.")),
    _c("n_ties", N_("Pairs with an agreement"), "count",
       N_("Pairs that share at least one agreement.")),
    _c("probability", N_("Fitted probability"), "share",
       N_("How likely the model finds a shared agreement for the pair.")),
    _c("same_ba_region", N_("Same commuting region (BA-region)"), "text",
       N_("True when both lie in the same BA-region.")),
    _c("same_county", N_("Same county"), "text", N_("True when both lie in the same county.")),
    _c("same_council", N_("Same council"), "text",
       N_("True when both sit in the same regional council.")),
    _c("a_name", N_("First"), "text", N_("The first one's name.")),
    _c("b_name", N_("Second"), "text", N_("The second one's name.")),
    _c("year", N_("Year"), "year", N_("The calendar year.")),
    _c("formed", N_("Formed"), "count", N_("Agreements whose start falls in the year.")),
    _c("ended", N_("Ended"), "count", N_("Agreements whose end falls in the year.")),
    _c("active", N_("In force"), "count", N_("Agreements in force on 31 December.")),
])

#: the tables of ``graphmodel metrics``, in the order the command line lists them
TABLES: dict[str, MetricTable] = {t.name: t for t in (
    MetricTable("actors", "metrics:actor_metrics", (
        "id", "name", "n_collaborations", "n_partners", "n_configurations", "fragmentation",
        "effective_partners", "home_council", "home_alignment", "breadth", "strategy",
        "strength", "hosted", "hosted_members", "betweenness", "community"),
        N_("one row per municipality"),
        more=("ba_region", "ba_share", "cross_county_share")),
    MetricTable("pairs", "overlap:actor_pairs", ("a", "b", "shared", "jaccard"),
                N_("one row per pair of municipalities that share an agreement")),
    MetricTable("collaboration-pairs", "overlap:collaboration_pairs",
                ("a", "b", "relation", "jaccard"),
                N_("one row per pair of agreements that share a member"),
                labels={"a": N_("Agreement"), "b": N_("Agreement")}),
    MetricTable("councils", "metrics:council_table", (
        "id", "name", "n_members", "n_collaborations", "aligned", "within", "spanning",
        "n_configurations", "region_fragmentation", "n_dual_members"),
        N_("one row per regional council"), labels={"name": N_("Regional council")},
        more=("n_ba_regions", "ba_fit", "crosses_county", "host_concentration")),
    MetricTable("communities", "structure:communities", ("id", "community", "council"),
                N_("one row per municipality")),
    MetricTable("suggestions", "suggest:suggestions",
                ("actor", "sector", "candidate", "rank", "reason"),
                N_("one row per gap and candidate")),
    MetricTable("timeline", "timeline:timeline", ("year", "formed", "ended", "active"),
                N_("one row per year")),
    MetricTable("collaborations", "regions:collaboration_metrics", (
        "id", "name", "sector", "host", "n_members", "inside_ba", "inside_council",
        "inside_county", "n_ba_regions", "n_counties"),
        N_("one row per service agreement"),
        labels={"name": N_("Agreement"), "sector": N_("Sector"),
                "n_members": N_("Members")}),
    MetricTable("drivers", "dyads:drivers", (
        "variable", "odds_ratio", "ci_low", "ci_high", "p_value", "n_pairs", "n_ties"),
        N_("one row per explanatory variable of the dyad model"), bulk=False),
    MetricTable("expected-pairs", "dyads:expected_pairs", (
        "a", "b", "probability", "distance_km", "same_ba_region", "same_county",
        "same_council", "a_name", "b_name"),
        N_("one row per pair sharing nothing, most likely first"), bulk=False),
)}

#: the tables ``graphmodel metrics --table`` writes, in this order
METRIC_TABLES = tuple(TABLES)
#: the tables of the dyad model (a fitted model and permutations: seconds, not milliseconds),
#: left out where every table is written at once (the metrics workbook)
DYAD_TABLES = tuple(name for name, table in TABLES.items() if not table.bulk)


def _tables_of(name: str) -> tuple[str, ...]:
    return tuple(t.name for t in TABLES.values() if name in t.columns + t.more)


#: every metric column by name, with the tables that start with it
COLUMNS: dict[str, Column] = {
    name: Column(name=name, tables=_tables_of(name), **spec) for name, spec in _COLUMNS.items()
}


def _column(name: str) -> Column:
    try:
        return COLUMNS[name]
    except KeyError:
        raise SpecError(f"unknown metric column {name!r}") from None


def label(name: str, *, table: str | None = None) -> str:
    """The column's header in the language in use (a table's own label first)."""
    own = TABLES[table].labels.get(name) if table in TABLES else None
    return tr(own or _column(name).label)


def long_label(name: str) -> str:
    """The column's label as a key figure, with its scale where it has one."""
    c = _column(name)
    return tr(c.long or c.label)


def word(name: str) -> str:
    """The column as a word inside a sentence ("fragmentation", "partners")."""
    c = _column(name)
    return tr(c.word) if c.word else tr(c.label).lower()


def help_text(name: str) -> str:
    """What the column means, in one sentence, in the language in use."""
    c = _column(name)
    return tr(c.help) if c.help else ""


def table_columns(table: str) -> list[str]:
    """The columns ``table`` starts with, in order (DESIGN.md, "Command line")."""
    try:
        return list(TABLES[table].columns)
    except KeyError:
        raise SpecError(f"unknown table {table!r}: use one of {', '.join(TABLES)}") from None


def cell_kind(name: str) -> str:
    """How a table cell of the column is set: ``text`` (left), ``int`` or ``float`` (right,
    with no or two decimals): the kinds the page templates know."""
    fmt = _column(name).format
    if fmt in ("text", "id"):
        return "text"
    return "int" if fmt in ("count", "year", "km") else "float"


def metric_columns(names, *, table: str | None = None) -> list[tuple[str, str, str]]:
    """``(column, heading, cell kind)`` for each of ``names``: a page's table spec.

    >>> metric_columns(["name", "n_members"], table="councils")
    [('name', 'Regional council', 'text'), ('n_members', 'Members', 'int')]
    """
    return [(n, label(n, table=table), cell_kind(n)) for n in names]


def show(value: Any, fmt: str) -> str:
    """A value as the language in use writes it in format ``fmt``; ``""`` when missing.

    >>> show(1234, "count"), show(0.5, "share"), show(float("nan"), "ratio"), show(12.4, "km")
    ('1,234', '0.5', '', '12')
    """
    if fmt not in FORMATS:
        raise SpecError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if fmt in ("text", "id"):
        return str(value)
    if fmt == "year":
        return str(int(value))
    if fmt == "count":
        return integer(round(float(value)))
    if fmt == "km":
        return integer(round(float(value)))
    if fmt == "percent":
        return percent(float(value))
    return number(float(value), 2)
