"""File names made from ids never collide on a disk that folds case or normalises Unicode."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from graphmodel.briefing.pages import write_report
from graphmodel.data.model import Model
from graphmodel.files import fold, safe_file_name, safe_stem

SAFE = re.compile(r"[A-Za-z0-9_-]+\.html")


def names_of(ids, *, taken=("index.html",)):
    used = {fold(t) for t in taken}
    return [safe_file_name(i, used) for i in ids]


def assert_distinct(ids, names):
    folded = [fold(unicodedata.normalize("NFD", n)) for n in names]
    assert len(set(folded)) == len(ids), list(zip(ids, names, strict=True))
    assert "index.html" not in folded
    assert all(SAFE.fullmatch(n) and not n.startswith(".") for n in names), names


def test_the_reported_case():
    # issue 22: ``A`` got its digest and was never checked again; ``A-<digest of A>``
    # then took the same name on a case-insensitive disk
    digest_a = safe_file_name("a", {fold("a.html")})[2:-5]
    ids = ["A", f"A-{digest_a}", "a", f"a-{digest_a}", "INDEX", "index"]
    names = names_of(ids)
    assert_distinct(ids, names)
    assert names[:3] == ["A.html", f"A-{digest_a}.html", f"a-{digest_a}-2.html"]


def test_normalisation_and_compatibility_forms():
    # NFC and NFD of one name, a ligature and its letters: each keeps its own file
    ids = ["Å", "A\u030a", "ﬁ", "fi", "FI", "Straße", "STRASSE"]
    assert_distinct(ids, names_of(ids))


def test_fold():
    assert fold("Å") == fold("a\u030a") == "å"
    assert fold("ﬁ") == fold("FI") and fold("ß") == fold("SS")


@pytest.mark.parametrize("text, expected", [("Malvik <x>", "Malvik-x"), ("../..", "d"),
                                            ("-a-", "a"), ("A\u030a", "Å")])
def test_safe_stem(text, expected):
    assert safe_stem(text, "d") == expected


def _ids():
    base = st.text(st.sampled_from("aAbBßsSﬁfiIİı_-./ \u030aÅé"), min_size=0, max_size=6)
    return st.lists(base, min_size=1, max_size=25, unique=True)


@settings(max_examples=300, deadline=None)
@given(_ids(), st.data())
def test_any_id_set_gives_distinct_names(ids, data):
    # add ids that collide after folding and ids equal to another id plus its digest
    extra = []
    for i in ids[:5]:
        extra += [i.upper(), i.swapcase(), unicodedata.normalize("NFD", i)]
        name = safe_file_name(i, {fold("x")})[:-5]
        extra += [name, name.upper(), f"{name}-{safe_file_name(name)[-13:-5]}"]
    ids = list(dict.fromkeys(ids + extra))
    ids = data.draw(st.permutations(ids))
    assert_distinct(ids, names_of(ids))


def test_report_pages_do_not_replace_each_other(tmp_path):
    digest_a = "86f7e437"  # of "a"
    ids = ["A", f"A-{digest_a}", "a", "Index"]
    actors = pd.DataFrame({"id": ids, "name": [f"Place {k}" for k in range(4)],
                           "kind": "municipality"})
    collabs = pd.DataFrame({"id": ["r"], "name": ["Region"], "kind": ["council"]})
    members = pd.DataFrame({"actor_id": ids, "collaboration_id": "r"})
    report = write_report(Model.from_frames(actors, collabs, members), tmp_path)
    files = [path.name for _, path in report.pages] + [report.index.name]
    assert len({fold(f) for f in files}) == 5
    assert len(list(tmp_path.iterdir())) == 5
