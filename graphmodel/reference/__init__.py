"""Reference tables shipped with graphmodel: municipalities of Norway and Sweden, BA-regions.

The tables are package assets made by ``scripts/make_reference_tables.py`` from the shared
reference files; ``graphmodel/assets/reference/README.md`` gives their sources and licences.
Norway's functional regions are the *bo- og arbeidsmarkedsregioner* (BA-regions, TØI
1713/2019); Sweden's are not in the reference, so a Swedish municipality has no BA-region
unless the user's own data gives one (an actor's ``ba_region`` column always wins).
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources

import pandas as pd

from ..errors import SpecError

__all__ = ["COLUMNS", "COUNTRIES", "ba_region_of", "ba_regions", "municipality_table"]

#: The columns of :func:`municipality_table`, in order.
COLUMNS = ["code", "name", "region", "population", "lat", "lon", "ba_region"]
#: The countries with a shipped table, and the asset file of each.
COUNTRIES = {"NO": "municipalities_no.csv", "SE": "municipalities_se.csv"}


def _country(country: str) -> str:
    key = str(country).strip().upper()
    if key not in COUNTRIES:
        raise SpecError(f"no municipality table for country {country!r}: "
                        f"known countries are {', '.join(COUNTRIES)}")
    return key


@cache
def _table(country: str) -> pd.DataFrame:
    raw = resources.files("graphmodel").joinpath("assets", "reference",
                                                 COUNTRIES[country]).read_bytes()
    frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, encoding="utf-8")
    frame["population"] = pd.array(pd.to_numeric(frame["population"]), dtype="Int64")
    frame["lat"] = pd.to_numeric(frame["lat"]).astype("float64")
    frame["lon"] = pd.to_numeric(frame["lon"]).astype("float64")
    return frame[COLUMNS].sort_values("code", kind="stable").reset_index(drop=True)


@cache
def _ba_lookup(country: str) -> dict[str, str]:
    table = _table(country)
    return dict(zip(table["code"], table["ba_region"], strict=True))


def municipality_table(country: str) -> pd.DataFrame:
    """Every municipality of a country: code, name, region, population, lat, lon, ba_region.

    Parameters
    ----------
    country : str
        ``"NO"`` or ``"SE"`` (any case).

    Returns
    -------
    pandas.DataFrame
        A fresh copy, sorted by code. ``code`` is four-digit text, ``region`` the county
        (fylke, län), ``population`` ``Int64``, ``lat``/``lon`` WGS84 centroids, and
        ``ba_region`` the BA-region name for Norway, ``""`` for Sweden.

    Raises
    ------
    SpecError
        For a country without a table.

    Examples
    --------
    >>> table = municipality_table("no")
    >>> len(table), list(table.columns) == COLUMNS
    (357, True)
    >>> table.loc[table["code"] == "5032", ["name", "ba_region"]].values.tolist()
    [['Selbu', 'Trondheim']]
    """
    return _table(_country(country)).copy()


def ba_region_of(country: str, code: str) -> str | None:
    """The BA-region of one municipality, or ``None`` when none is known.

    ``None`` for an unknown code and for every Swedish municipality (Sweden's functional
    regions are not shipped). An unknown country raises :class:`~graphmodel.errors.SpecError`.

    Examples
    --------
    >>> ba_region_of("NO", "5035")
    'Trondheim'
    >>> ba_region_of("SE", "0114") is None
    True
    """
    value = _ba_lookup(_country(country)).get(str(code).strip(), "")
    return value or None


def ba_regions(actors: pd.DataFrame) -> pd.Series:
    """Each actor's BA-region: its own ``ba_region`` when given, else looked up.

    The lookup uses the actor's ``country`` and ``code``; an actor of another country, or
    without a code or with an unknown one, gets ``""``.

    Parameters
    ----------
    actors : pandas.DataFrame
        An actors table (``model.actors``); ``ba_region``, ``country`` and ``code`` are used
        where present.

    Returns
    -------
    pandas.Series
        Text (``""`` when unknown), with the index of ``actors``, named ``ba_region``.

    Examples
    --------
    >>> frame = pd.DataFrame({"country": ["NO", "NO", "SE"], "code": ["5032", "5035", "0114"],
    ...                       "ba_region": ["", "Værnes", ""]})
    >>> ba_regions(frame).tolist()
    ['Trondheim', 'Værnes', '']
    """
    n = len(actors)

    def column(name: str) -> pd.Series:
        if name not in actors.columns:
            return pd.Series([""] * n, index=actors.index, dtype=object)
        return actors[name].astype(object).where(actors[name].notna(), "").astype(str).str.strip()

    own, country, code = column("ba_region"), column("country").str.upper(), column("code")
    looked = pd.Series([""] * n, index=actors.index, dtype=object)
    for key in COUNTRIES:
        mask = (country == key).to_numpy()
        if mask.any():
            looked[mask] = code[mask].map(_ba_lookup(key)).fillna("").to_numpy()
    return own.where(own != "", looked).astype(object).rename("ba_region")
