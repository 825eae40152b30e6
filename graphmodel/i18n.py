"""Languages: gettext catalogues for nb, sv and en, and numbers and dates as each writes them.

Everything a person reads goes through :func:`tr` (one message) or :func:`ntr` (a message with
a plural), looked up in the standard gettext catalogues under ``graphmodel/locale/``
(``.po`` for translators, compiled to ``.mo``; ``python scripts/i18n.py`` extracts, updates
and compiles them). The language in use is a context variable: the CLI sets it once, the
app at the start of every run (each Streamlit session runs in its own thread, so one
session's language never leaks into another's), a snapshot while it is written.

Ids, CSV column names and the CLI's machine-readable output stay as they are (DESIGN.md,
"Languages").

Examples
--------
>>> with use_language("nb"):
...     tr("Regional councils"), number(0.6666), number(1234), date("2026-11-29")
('Regionråd', '0,67', '1\\xa0234', '29.11.2026')
>>> with use_language("sv"):
...     date("2026-11-29"), sector_label("child_welfare")
('2026-11-29', 'Barn och familj')
>>> tr("Regional councils")
'Regional councils'
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import gettext as _gettext
import math
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "N_",
    "UNDEFINED",
    "country_name",
    "csv_dialect",
    "current_language",
    "dataset_label",
    "date",
    "integer",
    "kind_label",
    "language_from_header",
    "normalise_language",
    "ntr",
    "number",
    "percent",
    "provenance_label",
    "role_label",
    "sector_label",
    "set_language",
    "status_label",
    "tr",
    "use_language",
]

#: The languages of the interface, in the order a switch lists them.
LANGUAGES: tuple[str, ...] = ("nb", "sv", "en")
DEFAULT_LANGUAGE = "en"
#: Each language named in itself (a switch shows these).
LANGUAGE_NAMES = {"nb": "Norsk (bokmål)", "sv": "Svenska", "en": "English"}
DOMAIN = "graphmodel"

_current: contextvars.ContextVar[str] = contextvars.ContextVar(
    "graphmodel_language", default=DEFAULT_LANGUAGE)


def normalise_language(value: Any, default: str = DEFAULT_LANGUAGE) -> str:
    """One of :data:`LANGUAGES` from what a person or a browser gives.

    ``no``, ``nn`` and ``nb-NO`` read as ``nb``; ``sv-FI`` as ``sv``; anything else (or
    nothing) as ``default``.

    >>> normalise_language("nb-NO"), normalise_language("NO"), normalise_language("xx")
    ('nb', 'nb', 'en')
    """
    if not isinstance(value, str):
        return default
    code = value.strip().lower().replace("_", "-").split("-")[0][:8]
    if code in ("no", "nn", "nb"):
        return "nb"
    return code if code in LANGUAGES else default


def language_from_header(accept_language: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """The first of our languages in a browser's ``Accept-Language`` header.

    >>> language_from_header("da, sv;q=0.9, en;q=0.8")
    'sv'
    >>> language_from_header(None)
    'en'
    """
    if not accept_language or not isinstance(accept_language, str):
        return default
    ranked = []
    for i, part in enumerate(accept_language[:500].split(",")):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        lang = normalise_language(tag, default="")
        if lang and weight > 0:
            ranked.append((-weight, i, lang))
    return min(ranked)[2] if ranked else default


def current_language() -> str:
    """The language in use in this context (thread, session, command)."""
    return _current.get()


def set_language(lang: Any) -> str:
    """Use ``lang`` from now on in this context; returns the language set."""
    code = normalise_language(lang)
    _current.set(code)
    return code


@contextlib.contextmanager
def use_language(lang: Any) -> Iterator[str]:
    """Use ``lang`` inside a ``with`` block, then go back to the language before."""
    token = _current.set(normalise_language(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    folder = resources.files("graphmodel") / "locale"
    with resources.as_file(folder) as path:
        return _gettext.translation(DOMAIN, localedir=str(path), languages=[lang],
                                    fallback=True)


def N_(message: str, /) -> str:
    """Mark ``message`` for the catalogue and hand it back untranslated (translate it with
    :func:`tr` where it is shown): for labels kept in tables, such as the metric columns.

    >>> N_("Fragmentation")
    'Fragmentation'
    """
    return message


def tr(message: str, /, **values: Any) -> str:
    """``message`` in the language in use, with ``{name}`` fields filled from ``values``.

    Values are formatted by the caller (:func:`number`, :func:`date`) and inserted as text:
    a value is never read as a format string itself.

    >>> tr("{n} actors", n="3")
    '3 actors'
    """
    text = _translations(current_language()).gettext(message)
    return text.format_map(values) if values else text


def ntr(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """A message with a plural form chosen by ``n`` (``n`` is also a field, formatted).

    >>> ntr("{n} agreement", "{n} agreements", 1), ntr("{n} agreement", "{n} agreements", 1234)
    ('1 agreement', '1,234 agreements')
    """
    text = _translations(current_language()).ngettext(singular, plural, int(n))
    return text.format_map({"n": integer(n), **values})


# --------------------------------------------------------------------------- numbers, dates

def _locale(lang: str | None) -> str:
    return {"nb": "nb_NO", "sv": "sv_SE", "en": "en_GB"}[normalise_language(lang or
                                                                            current_language())]


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or str(value) in (
            "", "nan", "NaT", "<NA>", "None")
    except (TypeError, ValueError):
        return False


def number(value: Any, digits: int = 2, *, lang: str | None = None) -> str:
    """A number as the language writes it, with at most ``digits`` decimals; ``""`` for none.

    >>> number(0.6666, lang="nb"), number(1234.5, lang="en"), number(None), number(2.0)
    ('0,67', '1,234.5', '', '2')
    """
    if _missing(value):
        return ""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    try:
        value = float(value)
        return _format_decimal(value, math.copysign(1.0, value), pattern, _locale(lang))
    except (TypeError, ValueError, OverflowError):
        return str(value)


@lru_cache(maxsize=65536)
def _format_decimal(value: float, sign: float, pattern: str, locale: str) -> str:
    # Babel's formatting, remembered: a map's 30,000 tooltips repeat few distinct numbers.
    # ``sign`` keeps 0.0 and -0.0 (equal as keys) apart: Babel writes the latter "-0".
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=locale)


#: What a table shows for a figure that is not defined (fragmentation with one agreement);
#: a download leaves such a cell empty.
UNDEFINED = "–"

#: The CSV dialect (:data:`graphmodel.data.export.CSV_DIALECTS`) a spreadsheet in each
#: language opens by double-click: ``,`` and ``.`` in English, ``;`` and decimal comma in
#: Norwegian and Swedish. The one rule for every table a person downloads.
CSV_DIALECT = {"nb": "excel-nordic", "sv": "excel-nordic", "en": "excel"}


def csv_dialect(lang: str | None = None) -> str:
    """The CSV dialect of a download in ``lang`` (the language in use by default).

    >>> csv_dialect("nb"), csv_dialect("sv"), csv_dialect("en")
    ('excel-nordic', 'excel-nordic', 'excel')
    """
    return CSV_DIALECT[normalise_language(lang or current_language())]


def integer(value: Any, *, lang: str | None = None) -> str:
    """A whole number with the language's thousands separator.

    >>> integer(1234, lang="nb"), integer(1234, lang="sv"), integer(1234, lang="en")
    ('1\\xa0234', '1\\xa0234', '1,234')
    """
    return number(value, 0, lang=lang)


def percent(value: Any, digits: int = 0, *, lang: str | None = None) -> str:
    """A share 0–1 as a percentage.

    >>> percent(0.5, lang="nb"), percent(0.125, 1, lang="en")
    ('50\\xa0%', '12.5%')
    """
    if _missing(value):
        return ""
    text = number(float(value) * 100, digits, lang=lang)
    # Norwegian and Swedish set a (non-breaking) space before the sign; English does not.
    return text + ("%" if normalise_language(lang or current_language()) == "en" else "\xa0%")


def date(value: Any, *, lang: str | None = None) -> str:
    """A date as the language writes it: 29.11.2026 (nb), 2026-11-29 (sv, en); ``""`` for none.

    >>> date("2026-11-29", lang="nb"), date("2026-11-29", lang="en"), date(None)
    ('29.11.2026', '2026-11-29', '')
    """
    if _missing(value):
        return ""
    try:
        if isinstance(value, str):
            day = _dt.date.fromisoformat(value.strip()[:10])
        elif isinstance(value, _dt.datetime):
            day = value.date()
        elif isinstance(value, _dt.date):
            day = value
        else:
            day = value.date()  # a pandas Timestamp
    except (AttributeError, TypeError, ValueError):
        return str(value)
    if normalise_language(lang or current_language()) == "nb":
        return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"
    return day.isoformat()


# --------------------------------------------------------------------------- vocabularies

# The words of the data's vocabularies. Each is written out so that the extraction finds it.
_SECTORS = {
    "general": lambda: tr("General / political"),
    "health": lambda: tr("Health"),
    "emergency": lambda: tr("Emergency (out-of-hours)"),
    "child_welfare": lambda: tr("Child welfare"),
    "education": lambda: tr("Education"),
    "ppt": lambda: tr("PPT (pupil support)"),
    "culture": lambda: tr("Culture"),
    "outdoor_recreation": lambda: tr("Outdoor recreation"),
    "planning_business": lambda: tr("Planning and business"),
    "environment": lambda: tr("Environment"),
    "waste": lambda: tr("Waste"),
    "water": lambda: tr("Water and sewage"),
    "roads_transport": lambda: tr("Roads and transport"),
    "ict": lambda: tr("ICT"),
    "archive": lambda: tr("Archive"),
    "finance": lambda: tr("Finance and accounting"),
    "tax": lambda: tr("Tax collection"),
    "hr": lambda: tr("HR and payroll"),
    "legal": lambda: tr("Legal services"),
    "procurement": lambda: tr("Procurement"),
    "fire": lambda: tr("Fire and rescue"),
    "traffic_safety": lambda: tr("Traffic safety"),
}
_KINDS = {
    "service": lambda: tr("Service agreements"),
    "network": lambda: tr("Professional networks"),
    "council": lambda: tr("Regional councils"),
    "municipality": lambda: tr("Municipalities"),
    "county": lambda: tr("Counties"),
    "state": lambda: tr("State bodies"),
    "health_trust": lambda: tr("Health trusts"),
    "other": lambda: tr("Other actors"),
}
_STATUSES = {
    "active": lambda: tr("In force"),
    "planned": lambda: tr("Planned"),
    "ended": lambda: tr("Ended"),
}
_ROLES = {
    "member": lambda: tr("member"),
    "host": lambda: tr("host"),
    "lead": lambda: tr("lead"),
    "observer": lambda: tr("observer"),
    "owner": lambda: tr("owner"),
}


#: The names the bundled example goes by: its folder (``data/nordic``) and its name in a
#: workspace. Shown as "Nordic example" in the language in use.
_EXAMPLE_NAMES = frozenset({"nordic", "Nordic example"})

#: Categories of a row's ``source`` (docs/data-format.md): the words a dataset uses where no
#: document stands behind a value. Written out so that the extraction finds them.
_PROVENANCE = {
    "illustrative": lambda: tr("illustrative"),
    "general knowledge": lambda: tr("general knowledge"),
}
_PROVENANCE_WORDS = None


def country_name(code: str | None, *, lang: str | None = None) -> str:
    """A country's name in the language (from its ISO 3166 code); an unknown code as it is.

    >>> country_name("SE", lang="nb"), country_name("no", lang="sv"), country_name("SE")
    ('Sverige', 'Norge', 'Sweden')
    >>> country_name("XX"), country_name(None)
    ('XX', '')
    """
    text = str(code or "").strip()
    names = _territories(normalise_language(lang or current_language()))
    return names.get(text.upper(), text)


@cache
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    # Babel's (CLDR's) names for the two-letter codes: every country, in each language
    return {k: v for k, v in Locale.parse(_locale(lang)).territories.items()
            if len(k) == 2 and k.isalpha() and k != "ZZ"}  # ZZ: "Unknown Region"


def dataset_label(name: str | None) -> str:
    """A dataset's name as shown: the bundled example's in the language in use, any other as
    it is (ids and View files keep the stored name).

    >>> with use_language("nb"):
    ...     dataset_label("nordic"), dataset_label("Nordic example"), dataset_label("Lister")
    ('Nordisk eksempel', 'Nordisk eksempel', 'Lister')
    """
    text = str(name or "")
    return tr("Nordic example") if text in _EXAMPLE_NAMES else text


def provenance_label(source: str | None) -> str:
    """A row's ``source`` as shown: the provenance categories ("illustrative", "general
    knowledge") in the language in use, wherever they stand in it; the rest (titles of
    documents, slide numbers) as it is.

    >>> with use_language("nb"):
    ...     provenance_label("general knowledge; share illustrative")
    'allmennkunnskap; share illustrativt'
    >>> provenance_label("Lister web page 2018; host: illustrative")
    'Lister web page 2018; host: illustrative'
    """
    global _PROVENANCE_WORDS
    text = str(source or "")
    if _PROVENANCE_WORDS is None:
        import re

        _PROVENANCE_WORDS = re.compile(
            r"\b(" + "|".join(sorted(map(re.escape, _PROVENANCE), key=len, reverse=True))
            + r")\b")
    return _PROVENANCE_WORDS.sub(lambda m: _PROVENANCE[m.group(1)](), text)


def sector_label(sector: str | None) -> str:
    """Plain words for a sector code; an unknown code is shown as it is (it is data).

    >>> sector_label("ict"), sector_label(""), sector_label("space_travel")
    ('ICT', '(no sector)', 'space travel')
    """
    if not sector:
        return tr("(no sector)")
    label = _SECTORS.get(sector)
    return label() if label else str(sector).replace("_", " ")


def kind_label(kind: str | None) -> str:
    """Plain words for a collaboration or actor kind (plural, as a legend shows them)."""
    label = _KINDS.get(kind or "")
    return label() if label else str(kind or "")


def status_label(status: str | None) -> str:
    """Plain words for a status."""
    label = _STATUSES.get(status or "")
    return label() if label else str(status or "")


def role_label(role: str | None) -> str:
    """Plain words for a membership role."""
    label = _ROLES.get(role or "")
    return label() if label else str(role or "")
