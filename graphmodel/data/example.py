"""The example: one tiny dataset you can check on paper, for doctests, tests and trying things.

Five actors and five collaborations (the doctests receive it as ``example``, with ``gm`` for
:mod:`graphmodel`, as networkx's receive ``nx`` and build on ``nx.path_graph(4)``)::

    actors        a, b, c (municipalities, region East), d (municipality, West),
                  f (county, East)
    collaborations
      R   council  general  host a, start 2010-01-01         members a(host) b c, f observer
      s1  service  health   parent R, host a                  members a(host, .5) b(.5)
      s2  service  fire     parent R, host b, start 2015      members a b(host) c
      s3  service  water    host d                            members c d(host)
      s4  service  archive  ended, 2000–2009                  members a b

With the default filters (active services, municipalities): S(a) = {s1, s2},
S(b) = {s1, s2}, S(c) = {s2, s3}, S(d) = {s3}. It loads with no warnings.

Examples
--------
>>> m = example_model()
>>> m
<Model 'example': 5 actors, 5 collaborations, 13 memberships>
>>> sorted(m.actors["id"])
['a', 'b', 'c', 'd', 'f']

Doctests across the package receive it ready made, as ``example``:

>>> gm.actor_pairs(example)[["a", "b", "shared"]].to_dict("records")[:2]
[{'a': 'a', 'b': 'b', 'shared': 2}, {'a': 'a', 'b': 'c', 'shared': 1}]
"""

from __future__ import annotations

import textwrap

__all__ = ["EXAMPLE_FILES", "example_model"]

#: the example as {file name: CSV text}, as a planner would keep it
EXAMPLE_FILES = {name: textwrap.dedent(text) for name, text in {
    "actors.csv": """\
        id,name,kind,country,region,code,population,lat,lon
        a,Aby,municipality,NO,East,0101,1000,59.1,10.1
        b,Bes,municipality,NO,East,0102,2000,59.2,10.2
        c,Cel,municipality,NO,East,0103,3000,59.3,10.3
        d,Dal,municipality,NO,West,0104,4000,60.0,5.0
        f,Fylke,county,NO,East,,,,
        """,
    "collaborations.csv": """\
        id,name,kind,sector,legal_form,parent,host,status,start,end
        R,Region East,council,general,politisk råd,,a,active,2010-01-01,
        s1,Health,service,health,IKS,R,a,active,,
        s2,Fire,service,fire,vertskommune,R,b,active,2015-01-01,
        s3,Water,service,water,,,d,active,,
        s4,Old archive,service,archive,,,,ended,2000-01-01,2009-12-31
        """,
    "memberships.csv": """\
        actor,collaboration,role,start,end,share
        a,R,host,,,
        b,R,member,,,
        c,R,member,,,
        f,R,observer,,,
        a,s1,host,,,0.5
        b,s1,member,,,0.5
        a,s2,member,,,
        b,s2,host,,,
        c,s2,member,,,
        c,s3,member,,,
        d,s3,host,,,
        a,s4,member,,,
        b,s4,member,,,
        """,
}.items()}


def example_model(name: str = "example"):
    """The example dataset (see the module docstring) loaded as a Model."""
    from .load import load

    return load({k: v.encode("utf-8") for k, v in EXAMPLE_FILES.items()}, name=name)
