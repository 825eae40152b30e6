"""Every municipality of Norway or Sweden as actors, from the tables shipped in the package.

DESIGN.md "Registers". The tables are :func:`graphmodel.reference.municipality_table`
(sources and licences in ``graphmodel/assets/reference/README.md``). An actor's id is the
country in lower case and the code (``no-5035``, ``se-0163``).
"""

from __future__ import annotations

import pandas as pd

from graphmodel.data.model import Model

__all__ = ["FILLED_COLUMNS", "SOURCES", "actor_id", "municipality_actors", "municipality_model",
           "reference_table"]

#: the actor columns :func:`graphmodel.registers.merge.fill_actors` may fill in
FILLED_COLUMNS = ("name", "code", "country", "region", "population", "lat", "lon", "ba_region")
#: the ``source`` of each country's rows
SOURCES = {
    "NO": "Municipality table (aprestmo/norway-geodata, SSB/Kartverket 2024; "
          "BA-regions TØI 1713/2019)",
    "SE": "Municipality table (okfse/sweden-geojson, Valmyndigheten; population SCB 2016)",
}


def reference_table(country: str) -> pd.DataFrame:
    """:func:`graphmodel.reference.municipality_table` with its text trimmed as the loader
    trims it (a cell of the table ends in a no-break space), so an import round-trips."""
    from graphmodel.reference import municipality_table

    table = municipality_table(country)
    for column in ("code", "name", "region", "ba_region"):
        table[column] = table[column].astype(str).str.strip()
    return table


def actor_id(country: str, code: str) -> str:
    """The id of a municipality actor: ``actor_id("NO", "5035") == "no-5035"``."""
    return f"{country.strip().lower()}-{code.strip()}"


def municipality_actors(country: str) -> pd.DataFrame:
    """Every municipality of ``country`` (``"NO"`` or ``"SE"``) as rows of actors.csv.

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, country, region, code, population, lat, lon, source, ba_region``
        (``ba_region`` empty for Sweden), sorted by code.

    Examples
    --------
    >>> actors = municipality_actors("NO")
    >>> len(actors), actors.loc[actors["code"] == "5035", ["id", "name", "ba_region"]].values.tolist()
    (357, [['no-5035', 'Stjørdal', 'Trondheim']])
    """
    table = reference_table(country)
    key = country.strip().upper()
    out = pd.DataFrame({
        "id": [actor_id(key, c) for c in table["code"]],
        "name": table["name"], "kind": "municipality", "country": key,
        "region": table["region"], "code": table["code"], "population": table["population"],
        "lat": table["lat"], "lon": table["lon"], "source": SOURCES[key],
        "ba_region": table["ba_region"],
    })
    return out.reset_index(drop=True)


def municipality_model(country: str) -> Model:
    """A dataset of every municipality of ``country`` and no collaboration.

    >>> municipality_model("SE")
    <Model 'municipalities SE': 290 actors, 0 collaborations, 0 memberships>
    """
    empty = pd.DataFrame({"id": [], "name": [], "kind": []}, dtype=object)
    members = pd.DataFrame({"actor": [], "collaboration": []}, dtype=object)
    key = country.strip().upper()
    return Model.from_frames(municipality_actors(key), empty, members,
                             name=f"municipalities {key}")
