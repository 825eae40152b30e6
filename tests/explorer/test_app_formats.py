"""Numbers and words in the language in use (issue 23): the tables' numbers, "–" for an
undefined figure, the downloads' CSV dialect and rounding, country names in the picker."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("streamlit")
import streamlit as st
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from graphmodel.explorer import ui
from graphmodel.i18n import use_language

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
DATA = ROOT / "data" / "nordic"
FRAGMENTATION = "graphmodel/explorer/pages/fragmentation.py"

needs_data = pytest.mark.skipif(not (DATA / "actors.csv").exists(),
                                reason="the bundled data/nordic is not there yet")


@pytest.fixture
def stored(monkeypatch) -> dict:
    """Every file Streamlit stores for a download, by file name: bytes."""
    got = {}
    real = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if filename:
            got[filename] = path_or_data
        return real(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return got


@pytest.fixture(autouse=True)
def _fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHMODEL_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.delenv("GRAPHMODEL_DATA", raising=False)
    monkeypatch.delenv("GRAPHMODEL_LANG", raising=False)


def open_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=240)
    at.query_params.update(query or {})
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def shown(styler) -> list[list[str]]:
    """The text each cell shows (what Streamlit sends the browser as display values)."""
    text = styler.to_string(delimiter="|").splitlines()
    return [row.split("|")[1:] for row in text[1:]]


TINY = pd.DataFrame({"name": ["Ås", "Berg"], "n_collaborations": [1, 1234],
                     "fragmentation": [0.0, 1 / 3], "effective_partners": [11.4, 3.0],
                     "distance_km": [12.345, 3.0], "home_alignment": [0.5, 0.125]})


def tiny_config():
    return ui.metric_column_config(
        ["name", "n_collaborations", "effective_partners"], table="actors",
        fragmentation=st.column_config.ProgressColumn(
            "F", format="%.2f", min_value=0, max_value=1),
        distance_km=st.column_config.NumberColumn("km", format="%.0f"),
        home_alignment=st.column_config.ProgressColumn(
            "H", format="percent", min_value=0, max_value=1))


@pytest.mark.parametrize("lang, rows, sign", [
    ("nb", [["Ås", "1", "–", "11,4", "12", "50.000000"],
            ["Berg", "1\xa0234", "0,33", "3", "3", "12.000000"]], "%d\xa0%%"),
    ("en", [["Ås", "1", "–", "11.4", "12", "50.000000"],
            ["Berg", "1,234", "0.33", "3", "3", "12.000000"]], "%d%%"),
])
def test_table_numbers_in_the_language(lang, rows, sign):
    with use_language(lang):
        data, config = ui.localized(TINY, tiny_config(),
                                    undefined={"fragmentation": TINY["n_collaborations"] < 2})
    assert shown(data) == rows
    # the numbers themselves stay numbers (a header click sorts by value)
    assert data.data["fragmentation"].tolist() == [0.0, 1 / 3]
    # a bar with decimals becomes a number column (a bar's label has a decimal point in
    # every language); a bar in percent is labelled with whole percent, as the language
    # writes them (0.125 → 12 % in the bar's label, from 12.0)
    assert config["fragmentation"]["type_config"] == {
        "type": "number", "min_value": None, "max_value": None, "format": None, "step": None}
    assert config["home_alignment"]["type_config"]["format"] == sign
    assert config["home_alignment"]["type_config"]["max_value"] == 100
    assert config["distance_km"]["type_config"]["format"] is None


def test_a_national_table_is_left_to_streamlit(monkeypatch):
    """Beyond MAX_STYLED_CELLS no Styler (seconds per run): Streamlit's own two decimals,
    an undefined figure an empty cell, the numbers still numbers."""
    monkeypatch.setattr(ui, "MAX_STYLED_CELLS", 4)
    with use_language("nb"):
        data, config = ui.localized(TINY, tiny_config(),
                                    undefined={"fragmentation": TINY["n_collaborations"] < 2})
    assert isinstance(data, pd.DataFrame)
    assert data["fragmentation"].isna().tolist() == [True, False]
    assert config["effective_partners"]["type_config"]["format"] == "%.2f"
    assert config["distance_km"]["type_config"]["format"] == "%.0f"
    assert config["fragmentation"]["type_config"]["format"] == "%.2f"
    assert config["home_alignment"]["type_config"]["format"] == "%d\xa0%%"


@pytest.mark.parametrize("lang, text", [
    ("en", "\ufeffname,n_collaborations,fragmentation\r\nÅs,1,0.333333\r\nB,2,3.0\r\n"),
    ("nb", "\ufeffname;n_collaborations;fragmentation\r\nÅs;1;0,333333\r\nB;2;3,0\r\n"),
    ("sv", "\ufeffname;n_collaborations;fragmentation\r\nÅs;1;0,333333\r\nB;2;3,0\r\n"),
])
def test_download_rounded_in_the_language_dialect(lang, text):
    frame = pd.DataFrame({"name": ["Ås", "B"], "n_collaborations": [1, 2],
                          "fragmentation": [1 / 3, 0.1 * 3 * 10]})  # 3.0000000000000004
    with use_language(lang):
        assert ui.download_csv(frame).decode("utf-8") == text


@needs_data
@pytest.mark.parametrize("lang, sep, decimal", [("en", ",", "."), ("nb", ";", ",")])
def test_fragmentation_download_and_table(stored, lang, sep, decimal):
    at = open_page(FRAGMENTATION, {"lang": lang})
    data = stored["fragmentation-municipalities.csv"]
    frame = pd.read_csv(io.BytesIO(data), sep=sep, decimal=decimal, encoding="utf-8-sig")
    assert frame["n_collaborations"].dtype.kind == "i"
    assert frame["effective_partners"].dtype.kind == "f"
    # six decimals at most, never 15-digit noise
    body = data.decode("utf-8-sig")
    assert "0000000000" not in body and "9999999999" not in body
    numbers = body.splitlines()[1].split(sep)
    assert all(len(cell.split(decimal)[-1]) <= 6 for cell in numbers if decimal in cell)
    # the table the browser gets: the numbers' text in the language, "–" with one agreement
    table = next(d for d in at.dataframe if "effective_partners" in d.value.columns)
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    texts = convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
    values = table.value
    single = (values["n_collaborations"] == 1).to_numpy()
    frag = texts.iloc[:, list(values.columns).index("fragmentation")]
    if lang == "en":  # the default filters (service agreements in force) leave five alone
        assert single.sum() == 5
    assert (frag[single] == "–").all() and not (frag[~single] == "–").any()
    assert frag[~single].str.contains(decimal, regex=False).any()
    shown_partners = texts.iloc[:, list(values.columns).index("effective_partners")]
    wrong = "." if lang == "nb" else ","
    assert not shown_partners.str.contains(wrong, regex=False).any()
    assert shown_partners.str.contains(decimal, regex=False).any()


@needs_data
@pytest.mark.parametrize("lang, names", [("nb", ["Norge", "Sverige"]),
                                         ("sv", ["Norge", "Sverige"]),
                                         ("en", ["Norway", "Sweden"])])
def test_country_picker_shows_names(lang, names):
    at = open_page(FRAGMENTATION, {"lang": lang})
    picker = at.multiselect(key="country")
    # Streamlit filters on the label shown: typing "Swe" (or "Sve") finds Sweden
    assert sorted(picker.options) == sorted(names)
    # no "Select all" / "Select 2 matches" first in the Country and Members of pickers
    assert picker.proto.select_all == 0
    assert at.multiselect(key="council").proto.select_all == 0
    # the captions and snapshots name the countries in the language too
    from graphmodel.explorer.sidebar import Filters

    with use_language(lang):
        assert f"{names[1]}, {names[0]}" in Filters(countries=("SE", "NO")).describe()
