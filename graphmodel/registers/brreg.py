"""Enhetsregisteret: every IKS, its municipal and county owners, as a graphmodel dataset.

DESIGN.md "Registers". :func:`fetch_iks` reads the register's open API (through
:class:`graphmodel.registers.client.JsonClient`: one host, one request at a time, retries,
a cache) and keeps only the fields used, with **no person ever**: a role that has a
``person`` is dropped before anything is stored. :func:`iks_model` turns what was fetched
into the three tables:

- every unit of organisasjonsform ``IKS`` → a collaboration ``brreg-<orgnr>`` of kind
  ``service``, legal form ``IKS``, its name in readable case, ``orgnr``, ``start`` =
  ``stiftelsesdato``, ``status`` ``ended`` with ``end`` = ``slettedato`` when deleted
  (a liquidation or a bankruptcy is said in ``notes``), ``sector`` from
  :mod:`graphmodel.registers.sectors` (empty where unsure);
- its ``DELT`` roles (``DTPR``, ``DTSO``) whose unit is a ``KOMM`` or ``FYLK`` → memberships
  with role ``owner`` and ``share`` = ``ansvarsandel``; a role with ``fratraadt`` (withdrawn)
  is a membership that ended: on the date the participant list was last changed
  (``sistEndret``, the latest it can have happened), else on the date it was fetched;
- a ``KOMM`` unit's organisation number → its municipality number through the unit's
  ``forretningsadresse.kommunenummer`` (actor ``no-<kommunenummer>``, filled from the
  shipped municipality table); a ``FYLK`` → actor ``no-fylke-<first two digits>``.

What the register cannot say, and every participant that could not be resolved, is in the
:class:`ImportReport`.

Licence of the register's data: NLOD 2.0 (Norsk lisens for offentlige data).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from graphmodel.data.model import Model
from graphmodel.i18n import integer, ntr, tr

from .about import API_URL, cannot_say
from .client import JsonClient, RegisterError
from .municipalities import actor_id, reference_table
from .names import clean_text, readable_name
from .sectors import guess_sector

__all__ = [
    "API_URL",
    "MAX_PAGES",
    "MAX_UNITS",
    "PAGE_SIZE",
    "REASON_NOT_MEMBER",
    "REASON_NO_CODE",
    "REASON_UNKNOWN",
    "ImportReport",
    "Register",
    "cannot_say",
    "fetch_iks",
    "iks_model",
    "import_iks",
    "keep_roles",
    "keep_search_page",
    "keep_unit",
    "progress_text",
    "reason_label",
]

#: units per page of the search (the API's largest is 100... and page*size must stay < 10 000)
PAGE_SIZE = 100
#: pages read at most
MAX_PAGES = 100
#: IKS read at most (a larger total is refused: something is wrong with the answers)
MAX_UNITS = 5_000
#: the role types that make a participant an owner
OWNER_ROLES = ("DTPR", "DTSO")
#: unit forms that are members: municipality, county
MEMBER_FORMS = ("KOMM", "FYLK")


_ORGNR = re.compile(r"^\d{9}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^\d{4}$")
_UNIT_FIELDS = ("organisasjonsnummer", "navn", "stiftelsesdato", "slettedato",
                "underAvvikling", "konkurs", "underTvangsavviklingEllerTvangsopplosning")


# --------------------------------------------------------------------------- reducing
def _text(value) -> str:
    return clean_text(value) if isinstance(value, str) else ""


def _code_of(value) -> str:
    return _text(value.get("kode")) if isinstance(value, dict) else ""


def _keep_unit_fields(unit) -> dict | None:
    """The fields of a unit that are used; ``None`` for one without a readable orgnr."""
    if not isinstance(unit, dict):
        return None
    orgnr = _text(unit.get("organisasjonsnummer"))
    if not _ORGNR.match(orgnr):
        return None
    out = {k: _text(unit.get(k)) for k in ("organisasjonsnummer", "navn", "stiftelsesdato",
                                            "slettedato")}
    out.update({k: unit.get(k) is True for k in _UNIT_FIELDS[4:]})
    out["form"] = _code_of(unit.get("organisasjonsform"))
    out["nace"] = _code_of(unit.get("naeringskode1"))
    address = unit.get("forretningsadresse")
    out["kommunenummer"] = _text(address.get("kommunenummer")) if isinstance(address, dict) else ""
    return out


def keep_search_page(status: int, data) -> dict:
    """A search page reduced to its units (used fields only) and its page numbers."""
    embedded = data.get("_embedded") if isinstance(data, dict) else None
    units = embedded.get("enheter") if isinstance(embedded, dict) else None
    kept = [u for u in map(_keep_unit_fields, units if isinstance(units, list) else []) if u]
    page = data.get("page") if isinstance(data, dict) else None
    page = page if isinstance(page, dict) else {}

    def number(key):
        value = page.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return {"units": kept, "skipped": (len(units) if isinstance(units, list) else 0) - len(kept),
            "totalPages": number("totalPages"), "totalElements": number("totalElements")}


def keep_unit(status: int, data) -> dict | None:
    """One unit (used fields only), or ``None`` (unknown); a 410 answer is a deleted unit."""
    unit = _keep_unit_fields(data)
    if unit is not None and status == 410 and not unit["slettedato"]:
        unit["slettedato"] = ""  # deleted, date unknown
    if unit is not None:
        unit["deleted"] = status == 410 or bool(unit["slettedato"])
    return unit


def keep_roles(status: int, data) -> list[dict]:
    """The ``DELT`` roles of a unit whose participant is a unit — **never a person**.

    Each kept role: ``type``, ``orgnr``, ``form``, ``name``, ``deleted``, ``share``
    (``ansvarsandel`` as written), ``withdrawn`` (``fratraadt``) and ``changed`` (the
    group's ``sistEndret``). A role with a ``person`` key, or without a unit, is dropped
    here, before the answer reaches the cache.
    """
    out = []
    groups = data.get("rollegrupper") if isinstance(data, dict) else None
    for group in groups if isinstance(groups, list) else []:
        if not isinstance(group, dict) or _code_of(group.get("type")) != "DELT":
            continue
        changed = _text(group.get("sistEndret"))
        roles = group.get("roller")
        for role in roles if isinstance(roles, list) else []:
            if not isinstance(role, dict) or "person" in role:
                continue
            unit = role.get("enhet")
            if not isinstance(unit, dict):
                continue
            names = unit.get("navn")
            name = " ".join(_text(n) for n in names) if isinstance(names, list) else \
                _text(names)
            share = role.get("ansvarsandel")
            out.append({
                "type": _code_of(role.get("type")),
                "orgnr": _text(unit.get("organisasjonsnummer")),
                "form": _code_of(unit.get("organisasjonsform")),
                "name": clean_text(name),
                "deleted": unit.get("erSlettet") is True,
                "share": _text(share) if isinstance(share, str) else (
                    str(share) if isinstance(share, (int, float)) and
                    not isinstance(share, bool) else ""),
                "withdrawn": role.get("fratraadt") is True,
                "changed": changed if _DATE.match(changed) else "",
            })
    return out


# --------------------------------------------------------------------------- fetching
@dataclass
class Register:
    """What :func:`fetch_iks` read: the IKS units, their roles, the participant units.

    ``units`` maps orgnr -> unit fields (with ``fetched``), ``roles`` orgnr -> (roles,
    fetched date), ``participants`` orgnr -> unit fields or ``None`` (not in the register).
    """

    units: dict[str, dict] = field(default_factory=dict)
    roles: dict[str, tuple[list, str]] = field(default_factory=dict)
    participants: dict[str, dict | None] = field(default_factory=dict)
    skipped_units: int = 0


def progress_text(done: int, total: int, what: str) -> str:
    """A progress line (``fetched 140/700 units``) in the language in use."""
    values = {"done": integer(done), "total": integer(total)}
    return {
        "pages": tr("fetched {done}/{total} pages of the list of IKS", **values),
        "earlier units": tr("fetched {done}/{total} units of the previous import", **values),
        "units": tr("fetched {done}/{total} units' owners", **values),
        "participants": tr("fetched {done}/{total} municipalities and counties", **values),
    }.get(what, f"{done}/{total} {what}")


def _say(progress, done, total, what) -> None:
    if progress is not None:
        progress(done, total, what)


def fetch_iks(client: JsonClient, *, known: Iterable[str] = (),
              progress: Callable[[int, int, str], None] | None = None) -> Register:
    """Read every IKS, its ``DELT`` roles and the KOMM/FYLK units among them.

    Parameters
    ----------
    client : JsonClient
        Bound to the register's API (or a mirror, or the cache only).
    known : iterable of str
        Organisation numbers of a previous import that the search may no longer list (a
        deleted unit drops out of it): each is asked for by number, so that its deletion
        is seen.
    progress : callable, optional
        ``progress(done, total, what)`` after each request (``what``: "pages", "units",
        "participants").

    Raises
    ------
    RegisterError
        When the register cannot be read, or its answers break the bounds.
    """
    register = Register()
    page, total_pages = 0, 1
    while page < total_pages:
        if page >= MAX_PAGES:
            raise RegisterError(f"the search has more than {MAX_PAGES} pages; refused")
        answer = client.get("/enheter", {"organisasjonsform": "IKS", "size": PAGE_SIZE,
                                         "page": page}, keep=keep_search_page)
        data = answer.data if isinstance(answer.data, dict) else {}
        total = data.get("totalElements")
        if isinstance(total, int) and total > MAX_UNITS:
            raise RegisterError(f"the register lists {total} IKS, more than the {MAX_UNITS} "
                                "this import reads; refused")
        total_pages = min(data.get("totalPages") or 0, MAX_PAGES + 1)
        units = data.get("units") or []
        register.skipped_units += int(data.get("skipped") or 0)
        for unit in units:
            if unit.get("form") in ("", "IKS"):
                register.units.setdefault(unit["organisasjonsnummer"],
                                          {**unit, "fetched": answer.fetched})
        page += 1
        _say(progress, page, max(total_pages, page), "pages")
        if not units:
            break
    missing = sorted({str(o) for o in known if _ORGNR.match(str(o))} - set(register.units))
    for i, orgnr in enumerate(missing, start=1):
        answer = client.get(f"/enheter/{orgnr}", keep=keep_unit)
        if isinstance(answer.data, dict):
            register.units[orgnr] = {**answer.data, "fetched": answer.fetched}
        _say(progress, i, len(missing), "earlier units")
    orgnrs = sorted(register.units)
    for i, orgnr in enumerate(orgnrs, start=1):
        answer = client.get(f"/enheter/{orgnr}/roller", keep=keep_roles)
        roles = answer.data if answer.status == 200 and isinstance(answer.data, list) else []
        register.roles[orgnr] = (roles, answer.fetched)
        _say(progress, i, len(orgnrs), "units")
    wanted = sorted({r["orgnr"] for roles, _ in register.roles.values() for r in roles
                     if r["form"] in MEMBER_FORMS and r["type"] in OWNER_ROLES
                     and _ORGNR.match(r["orgnr"])})
    for i, orgnr in enumerate(wanted, start=1):
        answer = client.get(f"/enheter/{orgnr}", keep=keep_unit)
        unit = answer.data if isinstance(answer.data, dict) else None
        register.participants[orgnr] = {**unit, "fetched": answer.fetched} if unit else None
        _say(progress, i, len(wanted), "participants")
    return register


# --------------------------------------------------------------------------- the dataset
@dataclass
class ImportReport:
    """What an import found and what it could not resolve.

    ``unresolved`` is a frame ``collaboration, orgnr, participant, participant_orgnr,
    reason``, one row per participant that is not a member of the dataset.
    """

    collaborations: int = 0
    memberships: int = 0
    ended: int = 0
    left: int = 0
    notes: int = 0
    no_sector: int = 0
    no_members: int = 0
    skipped_units: int = 0
    requests: int = 0
    unresolved: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["collaboration", "orgnr", "participant", "participant_orgnr", "reason"]))

    def lines(self) -> list[str]:
        """The report as lines of text, in the language in use."""
        out = [
            ntr("{n} IKS as a collaboration", "{n} IKS as collaborations", self.collaborations)
            + " " + tr("({ended} ended, {notes} with a note on liquidation or bankruptcy, "
                       "{no_sector} without a sector)", ended=integer(self.ended),
                       notes=integer(self.notes), no_sector=integer(self.no_sector)),
            ntr("{n} membership of municipalities and counties",
                "{n} memberships of municipalities and counties", self.memberships)
            + " " + ntr("({n} withdrawn owner, as a left membership)",
                        "({n} withdrawn owners, as left memberships)", self.left),
        ]
        if len(self.unresolved):
            out.append(ntr("{n} participant could not be resolved, in {collaborations}:",
                           "{n} participants could not be resolved, in {collaborations}:",
                           len(self.unresolved), collaborations=ntr(
                               "{n} collaboration", "{n} collaborations",
                               self.unresolved["orgnr"].nunique())))
            reasons = self.unresolved["reason"].value_counts()
            out += [f"  {integer(reasons[code])} {reason_label(code)}"
                    for code in REASONS if code in reasons.index]
        else:
            out.append(tr("Every participant was resolved."))
        if self.no_members:
            out.append(ntr("{n} collaboration has no municipal or county owner in the "
                           "register.", "{n} collaborations have no municipal or county "
                           "owner in the register.", self.no_members))
        if self.skipped_units:
            out.append(ntr("{n} unit without a readable organisation number was skipped.",
                           "{n} units without a readable organisation number were skipped.",
                           self.skipped_units))
        out.append(cannot_say())
        return out


#: why a participant is not a member (the ``reason`` of :attr:`ImportReport.unresolved`)
REASON_NOT_MEMBER = "not_member"
REASON_UNKNOWN = "unknown_orgnr"
REASON_NO_CODE = "no_code"
REASONS = (REASON_NOT_MEMBER, REASON_UNKNOWN, REASON_NO_CODE)


def reason_label(code: str) -> str:
    """A reason of :data:`REASONS` in words, in the language in use."""
    return {
        REASON_NOT_MEMBER: tr("participant neither a municipality nor a county"),
        REASON_UNKNOWN: tr("organisation number unknown to the register"),
        REASON_NO_CODE: tr("municipality without a municipality number in the register"),
    }.get(code, code)


def _share(text: str) -> float | None:
    """``ansvarsandel`` ("50%", "33,33 %", "1/3", "0.5") as 0–1, else ``None``."""
    t = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        if "/" in t:
            a, b = t.split("/", 1)
            value = float(a) / float(b)
        elif t.endswith("%"):
            value = float(t[:-1]) / 100
        else:
            value = float(t)
            value = value / 100 if value > 1 else value
    except (ValueError, ZeroDivisionError):
        return None
    return round(value, 6) if 0 <= value <= 1 else None


def _date(text: str) -> str:
    return text if _DATE.match(text or "") and "0000" not in text[:4] else ""


def _source(orgnr: str, fetched: str) -> str:
    return f"Enhetsregisteret, orgnr {orgnr}, fetched {fetched}"


def _collaboration(unit: dict, rules) -> dict:
    orgnr = unit["organisasjonsnummer"]
    name = readable_name(unit.get("navn", "")) or f"IKS {orgnr}"
    deleted = unit.get("deleted") or bool(unit.get("slettedato"))
    start, end = _date(unit.get("stiftelsesdato", "")), _date(unit.get("slettedato", ""))
    if start and end and end < start:
        end = start
    notes = []
    if unit.get("konkurs"):
        notes.append("bankrupt (konkurs) according to the register")
    if unit.get("underAvvikling"):
        notes.append("under liquidation (underAvvikling) according to the register")
    if unit.get("underTvangsavviklingEllerTvangsopplosning"):
        notes.append("under compulsory liquidation according to the register")
    if deleted and not end:
        notes.append("deleted from the register, date not given")
    return {"id": f"brreg-{orgnr}", "name": name, "kind": "service",
            "sector": guess_sector(name, unit.get("nace", ""), rules),
            "legal_form": "IKS", "status": "ended" if deleted else "active",
            "start": start, "end": end, "source": _source(orgnr, unit["fetched"]),
            "notes": "; ".join(notes), "orgnr": orgnr}


def _actor(unit: dict, form: str) -> tuple[dict | None, str]:
    """The actor row of a KOMM or FYLK unit, or ``(None, reason)``."""
    code = unit.get("kommunenummer", "")
    if not _CODE.match(code):
        return None, REASON_NO_CODE
    name = readable_name(unit.get("navn", ""))
    base = {"country": "NO", "source": _source(unit["organisasjonsnummer"], unit["fetched"]),
            "orgnr": unit["organisasjonsnummer"]}
    if form == "FYLK":
        return {"id": f"no-fylke-{code[:2]}", "name": name or f"Fylke {code[:2]}",
                "kind": "county", "code": code[:2], **base}, ""
    return {"id": actor_id("NO", code), "name": name or f"Kommune {code}",
            "kind": "municipality", "code": code, **base}, ""


def _with_reference(actors: pd.DataFrame) -> pd.DataFrame:
    """Municipality rows filled from the shipped table (name, region, population, ...)."""
    table = reference_table("NO").set_index("code")
    out = actors.copy()
    for column in ("region", "population", "lat", "lon", "ba_region"):
        out[column] = pd.Series([None] * len(out), dtype=object)
    is_muni = (out["kind"] == "municipality") & out["code"].isin(table.index)
    codes = out.loc[is_muni, "code"]
    out.loc[is_muni, "name"] = table.loc[codes, "name"].to_numpy()
    for column in ("region", "population", "lat", "lon", "ba_region"):
        out.loc[is_muni, column] = table.loc[codes, column].to_numpy(dtype=object)
    regions = dict(zip(table.index.str[:2], table["region"]))
    is_county = out["kind"] == "county"
    out.loc[is_county, "region"] = out.loc[is_county, "code"].map(regions)
    return out


def iks_model(register: Register, *, rules=None, name: str = "Enhetsregisteret IKS"
              ) -> tuple[Model, ImportReport]:
    """The dataset of the IKS in ``register`` and the report of what it holds.

    Members are the ``DELT`` roles of type ``DTPR``/``DTSO`` whose unit is a ``KOMM`` or
    ``FYLK`` resolved to a municipality or county number; the rest is counted in
    ``report.unresolved``. An actor or collaboration appears once; the same owner listed
    twice in one IKS gives one membership (the first in the register's order).
    """
    report = ImportReport(skipped_units=register.skipped_units)
    collaborations = [_collaboration(register.units[o], rules) for o in sorted(register.units)]
    coll_of = {c["orgnr"]: c for c in collaborations}
    actors: dict[str, dict] = {}
    members: dict[tuple[str, str], dict] = {}
    unresolved = []
    for orgnr in sorted(register.roles):
        roles, fetched = register.roles[orgnr]
        coll = coll_of[orgnr]
        for role in roles:
            if role["type"] not in OWNER_ROLES:
                continue
            actor, reason = None, REASON_NOT_MEMBER
            if role["form"] in MEMBER_FORMS:
                unit = register.participants.get(role["orgnr"])
                if unit is None:
                    reason = REASON_UNKNOWN
                elif (unit.get("form") or role["form"]) in MEMBER_FORMS:
                    # the unit's own form decides (the role repeats it, and may be stale)
                    actor, reason = _actor(unit, unit.get("form") or role["form"])
            if actor is None:
                unresolved.append({"collaboration": coll["id"], "orgnr": orgnr,
                                   "participant": readable_name(role["name"]),
                                   "participant_orgnr": role["orgnr"], "reason": reason})
                continue
            actors.setdefault(actor["id"], actor)
            key = (actor["id"], coll["id"])
            if key in members:
                continue
            share = _share(role["share"]) if role["share"] else None
            end = ""
            if role["withdrawn"]:
                end = _date(role["changed"]) or _date(fetched)
                end = max(end, coll["start"]) if coll["start"] else end
            members[key] = {"actor": actor["id"], "collaboration": coll["id"],
                            "role": "owner", "share": share, "end": end,
                            "source": _source(orgnr, fetched)
                            + ("; withdrawn (fratraadt)" if role["withdrawn"] else "")}
    actor_frame = pd.DataFrame(list(actors.values()),
                               columns=["id", "name", "kind", "country", "code", "source",
                                        "orgnr"]).sort_values("id", kind="stable")
    actor_frame = _with_reference(actor_frame.reset_index(drop=True))
    coll_frame = pd.DataFrame(collaborations, columns=[
        "id", "name", "kind", "sector", "legal_form", "status", "start", "end", "source",
        "notes", "orgnr"])
    member_frame = pd.DataFrame(list(members.values()), columns=[
        "actor", "collaboration", "role", "share", "end", "source"])
    member_frame = member_frame.sort_values(["collaboration", "actor"], kind="stable")
    model = Model.from_frames(actor_frame, coll_frame, member_frame.reset_index(drop=True),
                              name=name)
    report.collaborations = len(coll_frame)
    report.memberships = len(member_frame)
    report.ended = int((coll_frame["status"] == "ended").sum())
    report.notes = sum(any(u.get(k) for k in _UNIT_FIELDS[4:]) for u in register.units.values())
    report.no_sector = int((coll_frame["sector"] == "").sum())
    report.left = int((member_frame["end"] != "").sum())
    report.no_members = len(set(coll_frame["id"]) - set(member_frame["collaboration"]))
    report.unresolved = pd.DataFrame(unresolved, columns=report.unresolved.columns)
    return model, report


def import_iks(client: JsonClient, *, known: Iterable[str] = (), rules=None,
               progress=None) -> tuple[Model, ImportReport]:
    """:func:`fetch_iks` then :func:`iks_model`; ``report.requests`` counts network requests."""
    before = client.requests
    model, report = iks_model(fetch_iks(client, known=known, progress=progress), rules=rules)
    report.requests = client.requests - before
    return model, report

