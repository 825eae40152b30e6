"""Problem messages and the CLI's text in Norwegian and Swedish (issue 14, DESIGN.md "Languages").

The loader writes every problem in the language in use when it loads; ``--lang`` sets that
language for one command. File names, column names and values are the data's own and stay
as they are; everything else a person reads is translated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from graphmodel import cli, i18n
from graphmodel.data.load import load
from graphmodel.data.read import MAX_PROBLEMS
from graphmodel.errors import ValidationError
from graphmodel.i18n import current_language, use_language

ROOT = Path(__file__).resolve().parents[1]
EIGHT = ROOT / "tests" / "fixtures" / "eight_mistakes"
LOCALE = ROOT / "graphmodel" / "locale"
#: the modules whose messages this file checks
MODULES = ("graphmodel/data/load.py", "graphmodel/data/checks.py", "graphmodel/data/read.py",
           "graphmodel/data/sources.py", "graphmodel/errors.py",
           "graphmodel/data/summary.py", "graphmodel/cli/validate.py")

#: English words of the interface that must not appear in a Norwegian or Swedish message.
#: Words that are data (column names such as ``name`` or ``kind``, codes such as ``active``
#: or ``municipality``) are deliberately absent: they stay as the CSV files spell them.
ENGLISH = (
    "cannot", "can't", "write", "missing", "unknown", "column", "columns", "line", "must",
    "use", "give", "empty", "negative", "range", "correct", "needs", "every", "the", "is",
    "not", "add", "leave", "between", "such", "day", "organised", "number", "more", "or",
    "and", "of", "one", "it", "there", "an", "id from", "lie", "problem in", "problems",
    "refused", "warning", "date", "value", "collaboration id", "header", "remove", "keep",
)
_WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b", re.IGNORECASE)


def english_words(text: str) -> list[str]:
    return _WORDS.findall(text)


def problems(source, lang: str) -> list:
    with use_language(lang), pytest.raises(ValidationError) as info:
        load(source)
    return info.value.problems


def test_the_word_check_can_fail():
    english = problems(EIGHT, "en")
    assert all(english_words(p.message) for p in english)
    assert english_words("feltet name er tomt: hver aktør må ha en verdi her") == []


@pytest.mark.parametrize("lang", ["nb", "sv"])
def test_eight_mistakes_are_told_in_the_language(lang):
    english = problems(EIGHT, "en")
    local = problems(EIGHT, lang)
    assert len(local) == len(english) == 8
    for en, p in zip(english, local):
        # where and what stay the data's own; only the sentence changes
        assert (p.file, p.line, p.column, p.value, p.severity) == (
            en.file, en.line, en.column, en.value, en.severity)
        assert p.message != en.message
        assert english_words(p.message) == [], (p.message, english_words(p.message))
        assert ": " in p.message and p.message[-1] != ":"  # the problem, then what to do
        if p.value and p.column != "name":
            assert p.value in p.message  # the value is quoted, untouched
    # the message is made at load time: leaving the language does not change it
    assert current_language() == "en"
    assert local[0].message == problems(EIGHT, lang)[0].message


def test_eight_mistakes_in_norwegian_word_for_word():
    got = {(p.file, p.line): p.message for p in problems(EIGHT, "nb")}
    assert got[("actors.csv", 3)] == ("«kommune» er ikke en gyldig verdi i kolonnen kind: bruk "
                                      "en av disse: municipality, county, state, health_trust, "
                                      "other")
    assert got[("actors.csv", 6)] == ("«95.0» i lat er utenfor tillatt område: verdien må "
                                      "ligge mellom -90 og 90")
    assert got[("collaborations.csv", 5)] == "datoen «31.02.2007» finnes ikke: rett den opp"
    assert got[("memberships.csv", 4)] == ("aktøren «x» finnes ikke i actors.csv: bruk en id "
                                           "fra actors.csv, eller legg aktøren inn der")


def test_the_error_text_is_in_the_language():
    with use_language("nb"), pytest.raises(ValidationError) as info:
        load(EIGHT)
    assert str(info.value).startswith("8 problemer i dataene:\nactors.csv:3: kind: «kommune»")
    with use_language("sv"), pytest.raises(ValidationError) as info:
        load(EIGHT)
    assert str(info.value).startswith("8 problem i datamängden:\n")


def test_a_value_is_never_read_as_a_format_string():
    files = {"actors.csv": "id,name,kind\na,A,{value}\nb,B,{0}",
             "collaborations.csv": "id,name,kind\nc,C,service",
             "memberships.csv": "actor,collaboration\na,c\nb,c"}
    got = [p.message for p in problems(files, "nb")]
    assert got[0].startswith("«{value}» er ikke en gyldig verdi")
    assert got[1].startswith("«{0}» er ikke en gyldig verdi")


@pytest.mark.parametrize("lang, start", [("nb", "… og 5 rader til"),
                                         ("sv", "… och 5 rader till")])
def test_the_count_of_unlisted_rows_is_translated_and_sorts_last(lang, start):
    n = MAX_PROBLEMS + 5
    actors = "id,name,kind\n" + "".join(f"a{i},A,town\n" for i in range(n))
    files = {"actors.csv": actors, "collaborations.csv": "id,name,kind\nc,C,service",
             "memberships.csv": "actor,collaboration\na0,c\na1,c"}
    every = problems(files, lang)
    got = [p for p in every if p.file == "actors.csv" and p.severity == "error"]
    assert len(got) == MAX_PROBLEMS + 1
    assert every[-1].line is None and every[-1].message.startswith("…")  # after the rows
    assert got[-1].line is None and got[-1].message.startswith(start)
    assert english_words(got[-1].message) == []


def test_a_missing_file_and_a_bad_workbook_are_told_in_swedish():
    got = problems({"actors.csv": "id,name,kind\na,A,municipality",
                    "memberships.csv": "actor,collaboration"}, "sv")
    assert [p.message for p in got] == [(
        "collaborations.csv saknas: datamängden behöver actors.csv, collaborations.csv och "
        "memberships.csv")]
    with use_language("sv"), pytest.raises(ValidationError) as info:
        load(ROOT / "no-such-folder")
    assert info.value.problems[0].message.startswith("det finns ingen sådan mapp")


def _catalogue(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "graphmodel.po").open("rb") as f:
        return read_po(f, locale=lang, domain="graphmodel")


@pytest.mark.parametrize("lang", ["nb", "sv"])
def test_translations_keep_every_field(lang):
    """A translation with a field the code does not fill would fail at load time: each
    translation of these modules' messages uses exactly the fields of its English text."""
    field = re.compile(r"\{(\w*)\}")
    checked = 0
    for message in _catalogue(lang):
        if not message.id or not any(loc[0] in MODULES for loc in message.locations):
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(field.findall(ids[-1]))
        for text in strings:
            assert text, f"{lang}: no translation of {ids[0]!r}"
            assert set(field.findall(text)) == wanted, (ids[0], text)
            assert text.startswith("…") == ids[0].startswith("…"), text
        checked += 1
    assert checked > 50


# --------------------------------------------------------------------------- the CLI


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_speaks_norwegian(capsys):
    code, out, err = run(capsys, "validate", EIGHT, "--lang", "nb")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 8
    assert lines[0] == ("actors.csv:3: kind: «kommune» er ikke en gyldig verdi i kolonnen kind: "
                        "bruk en av disse: municipality, county, state, health_trust, other")
    assert lines[1] == "actors.csv:4: name: feltet name er tomt: hver aktør må ha en verdi her"
    for line in lines:  # FILE:LINE: COLUMN: message, the message Norwegian
        message = re.fullmatch(r"(\S+:\d+): (\w+): (.*)", line).group(3)
        assert english_words(message) == [], line
    assert err.strip() == f"{EIGHT}: avvist, 8 problemer."
    assert current_language() == "en"  # --lang holds for that command only
    code, out, _ = run(capsys, "validate", EIGHT)
    assert "unknown kind 'kommune'" in out


def test_validate_warnings_and_counts_in_swedish(capsys, tmp_path):
    (tmp_path / "actors.csv").write_text("id,name,kind\na,A,municipality\nb,B,municipality\n")
    (tmp_path / "collaborations.csv").write_text("id,name,kind,sector\nc,C,service,space\n")
    (tmp_path / "memberships.csv").write_text("actor,collaboration\na,c\nb,c\n")
    code, out, err = run(capsys, "validate", tmp_path, "--lang", "sv")
    assert code == 0
    assert out.startswith("collaborations.csv:2: sector: varning: okänd sektor ”space”")
    assert err.strip() == f"{tmp_path}: OK, 2 aktörer, 1 samarbete, 2 medlemskap; 1 varning"


def _tiny_folder(folder: Path, actors: int = 3) -> Path:
    """``actors`` actors (one a county), one service agreement in health all are members of."""
    folder.mkdir()
    kinds = ["county"] + ["municipality"] * (actors - 1)
    (folder / "actors.csv").write_text(
        "id,name,kind\n" + "".join(f"a{i},A{i},{k}\n" for i, k in enumerate(kinds)))
    (folder / "collaborations.csv").write_text(
        "id,name,kind,sector,start\nc,C,service,health,2005\n")
    (folder / "memberships.csv").write_text(
        "actor,collaboration,role\n" + "".join(
            f"a{i},c,{'host' if i == 1 else 'member'}\n" for i in range(actors)))
    return folder


def test_summary_speaks_swedish(capsys, tmp_path):
    folder = _tiny_folder(tmp_path / "tiny")
    code, out, err = run(capsys, "summary", folder, "--lang", "sv")
    assert code == 0, err
    assert out.splitlines() == [
        "Datamängd: tiny",
        "Aktörer: 3",
        "  typ: Kommuner 2, Regioner 1",
        "Samarbeten: 1",
        "  typ: Avtalssamverkan 1",
        "  sektor: Hälsa och sjukvård 1",
        "  status: Gällande 1",
        "Medlemskap: 3",
        "  roll: medlem 2, värdkommun 1",
        "Varningar: 0",
    ]


def test_summary_in_norwegian_writes_dates_and_numbers_the_norwegian_way(capsys, tmp_path):
    folder = _tiny_folder(tmp_path / "big", actors=1200)
    code, out, err = run(capsys, "summary", folder, "--lang", "nb", "--as-of", "2010")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:3] == ["Datasett: big", "Per dato: 01.01.2010", "Aktører: 1\xa0200"]
    assert "  type: Fylkeskommuner 1, Kommuner 1\xa0199" in lines
    assert "Medlemskap: 1\xa0200" in lines
    code, out, _ = run(capsys, "summary", folder, "--as-of", "2010")  # English: as before
    assert out.splitlines()[:3] == ["Dataset: big", "As of: 2010-01-01", "Actors: 1,200"]
    assert "  kind: county 1, municipality 1,199" in out.splitlines()


def test_the_language_does_not_outlive_a_command(capsys):
    run(capsys, "validate", EIGHT, "--lang", "sv")
    assert i18n.tr("Regional councils") == "Regional councils"
