"""Languages: catalogues complete and fresh, formats per language, no leaking between threads."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from graphmodel import i18n
from graphmodel.i18n import date, integer, ntr, number, sector_label, tr, use_language

ROOT = Path(__file__).resolve().parents[1]


def test_every_message_is_translated_and_compiled():
    """The catalogue check: every message of the code has an nb and an sv translation, and the
    compiled .mo files match the .po files (``python scripts/i18n.py`` fixes a stale one)."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "--check"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr


def test_the_catalogue_check_can_fail(tmp_path, monkeypatch):
    """A message the catalogues lack is reported (the check above is not vacuous)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import i18n as script  # the catalogue script, not graphmodel.i18n
    finally:
        sys.path.pop(0)
    template = script.extract()
    template.add("A message nobody translated yet")
    catalog = script.update(template, "nb")
    assert "A message nobody translated yet" in script.missing(catalog)


@pytest.mark.parametrize("lang, expected", [
    ("nb", ("0,67", "1\xa0234", "29.11.2026")),
    ("sv", ("0,67", "1\xa0234", "2026-11-29")),
    ("en", ("0.67", "1,234", "2026-11-29")),
])
def test_numbers_and_dates_as_each_language_writes_them(lang, expected):
    with use_language(lang):
        assert (number(2 / 3), integer(1234), date("2026-11-29")) == expected


@pytest.mark.parametrize("lang, word", [("nb", "Barnevern"), ("sv", "Barn och familj"),
                                        ("en", "Child welfare")])
def test_sector_names_translate(lang, word):
    with use_language(lang):
        assert sector_label("child_welfare") == word


def test_plural_forms():
    with use_language("en"):
        assert ntr("{n} agreement", "{n} agreements", 1) == "1 agreement"
        assert ntr("{n} agreement", "{n} agreements", 2) == "2 agreements"


def test_values_are_never_format_strings():
    """A value holding braces is inserted as text, not expanded."""
    assert tr("{n} actors", n="{__class__}") == "{__class__} actors"


def test_language_does_not_leak_between_threads():
    seen = {}

    def worker(lang):
        i18n.set_language(lang)
        seen[lang] = tr("Regional councils")

    threads = [threading.Thread(target=worker, args=(x,)) for x in ("nb", "sv", "en")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert seen == {"nb": "Regionråd", "sv": "Kommunalförbund och regionråd",
                    "en": "Regional councils"}
    assert i18n.current_language() == "en"


@pytest.mark.parametrize("header, lang", [
    ("nb-NO,nb;q=0.9,en;q=0.8", "nb"), ("sv-SE", "sv"), ("de-DE, en;q=0.5", "en"),
    ("", "en"), ("no", "nb"), ("fr;q=0.9, sv;q=0.8, nb;q=0.85", "nb"),
])
def test_language_from_browser_header(header, lang):
    assert i18n.language_from_header(header) == lang


@pytest.mark.parametrize("lang, names", [
    ("nb", ["Norge", "Sverige", "Frankrike"]), ("sv", ["Norge", "Sverige", "Frankrike"]),
    ("en", ["Norway", "Sweden", "France"]),
])
def test_country_names_in_the_language(lang, names):
    with use_language(lang):
        assert [i18n.country_name(c) for c in ("NO", "se", "FR")] == names
    # an unknown code is data: shown as it is, never guessed
    assert i18n.country_name("ZZ") == "ZZ" and i18n.country_name("") == ""


def test_dataset_label_translates_only_the_bundled_example():
    with use_language("nb"):
        assert i18n.dataset_label("nordic") == "Nordisk eksempel"
        assert i18n.dataset_label("Nordic example") == "Nordisk eksempel"
        assert i18n.dataset_label("nordic-2") == "nordic-2"
    with use_language("sv"):
        assert i18n.dataset_label("nordic") == "Nordiskt exempel"
    assert i18n.dataset_label("nordic") == "Nordic example"


def test_provenance_categories_in_the_language():
    source = "Lister web page 2018; host: illustrative; general knowledge"
    with use_language("nb"):
        assert i18n.provenance_label(source) == (
            "Lister web page 2018; host: illustrativt; allmennkunnskap")
    with use_language("sv"):
        assert i18n.provenance_label("illustrative") == "illustrativt"
        assert i18n.provenance_label("general knowledge") == "allmän kunskap"
        # a word that only contains a category is not touched
        assert i18n.provenance_label("nonillustrative") == "nonillustrative"
    assert i18n.provenance_label(source) == source


def test_one_csv_dialect_per_language():
    import pandas as pd

    import graphmodel as gm

    frame = pd.DataFrame({"name": ["Ås"], "v": [0.5]})
    with use_language("en"):
        assert gm.safe_csv(frame, dialect=i18n.csv_dialect()) == "\ufeffname,v\r\nÅs,0.5\r\n"
    for lang in ("nb", "sv"):
        with use_language(lang):
            assert gm.safe_csv(frame, dialect=i18n.csv_dialect()) == (
                "\ufeffname;v\r\nÅs;0,5\r\n")
