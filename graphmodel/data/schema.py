"""The CSV schema: tables, columns, vocabularies (the contract of shared/DESIGN.md)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACTOR_KINDS",
    "COLLABORATION_KINDS",
    "COUNTED_ROLES",
    "FILES",
    "OPTIONAL_FILES",
    "OPTIONAL_TABLES",
    "ROLES",
    "SECTORS",
    "STATUSES",
    "STRATEGIES",
    "TABLES",
    "Column",
]

ACTOR_KINDS = ("municipality", "county", "state", "health_trust", "other")
COLLABORATION_KINDS = ("council", "network", "service")
ROLES = ("member", "host", "lead", "observer", "owner")
COUNTED_ROLES = ("member", "host", "lead", "owner")  # an observer is drawn, never counted
STATUSES = ("active", "planned", "ended")
#: the four strategy alternatives of the Værnesregionen slides, as (low, low), (low, high),
#: (high, low), (high, high) of (breadth, home_alignment)
STRATEGIES = ("self-sufficiency", "specialisation", "service-centre", "regional partner")
SECTORS = (
    "general", "health", "emergency", "child_welfare", "education", "ppt", "culture",
    "outdoor_recreation", "planning_business", "environment", "waste", "water",
    "roads_transport", "ict", "archive", "finance", "tax", "hr", "legal", "procurement",
    "fire", "traffic_safety",
)


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, whether it is required, its type and meaning.

    ``type`` is one of ``id``, ``text``, ``enum``, ``int``, ``float``, ``date``, ``share``.
    """

    name: str
    required: bool
    type: str
    meaning: str
    choices: tuple[str, ...] = ()
    default: str = ""


ACTOR_COLUMNS = (
    Column("id", True, "id", "stable unique key, case-sensitive, trimmed"),
    Column("name", True, "text", "display name"),
    Column("kind", True, "enum", "what sort of actor", ACTOR_KINDS),
    Column("country", False, "text", "ISO 3166-1 alpha-2 (NO, SE, …)"),
    Column("region", False, "text", "county / fylke / län"),
    Column("code", False, "text", "official municipality number, kept as text"),
    Column("population", False, "int", "inhabitants, integer ≥ 0"),
    Column("lat", False, "float", "latitude, WGS84 degrees (−90…90)"),
    Column("lon", False, "float", "longitude, WGS84 degrees (−180…180)"),
    Column("source", False, "text", "where the row comes from"),
)

COLLABORATION_COLUMNS = (
    Column("id", True, "id", "unique key, distinct from every actor id"),
    Column("name", True, "text", "display name"),
    Column("kind", True, "enum", "council, network or service", COLLABORATION_KINDS),
    Column("sector", False, "text", "from the sector vocabulary"),
    Column("legal_form", False, "text", "IKS, vertskommune, kommunalförbund, avtale, …"),
    Column("parent", False, "text", "id of the collaboration it is organised under"),
    Column("host", False, "text", "actor id of the host municipality"),
    Column("status", False, "enum", "active, planned or ended", STATUSES, "active"),
    Column("start", False, "date", "first day (YYYY-MM-DD, DD.MM.YYYY or a year)"),
    Column("end", False, "date", "last day (YYYY-MM-DD, DD.MM.YYYY or a year)"),
    Column("source", False, "text", "provenance"),
    Column("notes", False, "text", "free text"),
)

MEMBERSHIP_COLUMNS = (
    Column("actor", True, "text", "actor id"),
    Column("collaboration", True, "text", "collaboration id"),
    Column("role", False, "enum", "member, host, lead, observer or owner", ROLES, "member"),
    Column("start", False, "date", "first day; empty: as long as the collaboration"),
    Column("end", False, "date", "last day; empty: as long as the collaboration"),
    Column("share", False, "share", "cost or ownership share, 0–1 or percent"),
    Column("source", False, "text", "provenance"),
)

#: table name -> its columns, in canonical order
TABLES: dict[str, tuple[Column, ...]] = {
    "actors": ACTOR_COLUMNS,
    "collaborations": COLLABORATION_COLUMNS,
    "memberships": MEMBERSHIP_COLUMNS,
}

#: table name -> file name
FILES = {name: f"{name}.csv" for name in TABLES}

#: an optional fourth table: positions an actor *states* at dates (extends DESIGN.md's one
#: ``stated_strategy`` actor column, which stays as an undated position)
STATED_COLUMNS = (
    Column("actor", True, "text", "actor id"),
    Column("strategy", True, "enum", "the strategy the actor states", STRATEGIES),
    Column("date", False, "date", "when it stated it; empty: undated"),
    Column("source", False, "text", "provenance"),
)

#: optional tables: read when their file is there, never missing
OPTIONAL_TABLES: dict[str, tuple[Column, ...]] = {"stated": STATED_COLUMNS}

#: optional table name -> its file name
OPTIONAL_FILES = {name: f"{name}.csv" for name in OPTIONAL_TABLES}
