"""Keep the gettext catalogues in step with the code: extract, update, compile.

Run from the project's root after changing a message in the code::

    python scripts/i18n.py            # extract -> graphmodel/locale/graphmodel.pot,
                                      # update nb and sv .po (keeps translations), compile .mo
    python scripts/i18n.py --check    # exit 1 if a catalogue is stale or a message lacks a
                                      # translation (the test suite runs the same check)

Messages are the first argument of ``tr(...)`` and ``N_(...)`` and the first two of ``ntr(...)`` in
``graphmodel/`` (see ``graphmodel/i18n.py``). Translators work on the ``.po`` files with any
gettext tool (Poedit, Weblate, Lokalize); this script only keeps them in step.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "graphmodel"
LOCALE = PACKAGE / "locale"
DOMAIN = "graphmodel"
LANGUAGES = ("nb", "sv")
KEYWORDS = {"tr": (1,), "ntr": (1, 2), "N_": (1,)}


def extract() -> Catalog:
    """Every message of the package's code, with where it stands."""
    catalog = Catalog(project="graphmodel", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",), strip_comment_tags=True,
    ):
        catalog.add(message, None, [(f"graphmodel/{filename}", lineno)],
                    auto_comments=comments, context=context)
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN, project="graphmodel")
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def _po_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=100, omit_header=False, sort_output=True,
             include_lineno=False)
    return buf.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def missing(catalog: Catalog) -> list[str]:
    """Messages with no (or a fuzzy) translation."""
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def update(template: Catalog, lang: str) -> Catalog:
    catalog = read(lang)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.revision_date = catalog.creation_date = template.creation_date
    return catalog


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check: exit 1 if a catalogue is stale or incomplete")
    args = parser.parse_args(argv)

    template = extract()
    # Fixed dates keep the files byte-stable from run to run.
    import datetime as dt
    template.creation_date = template.revision_date = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    problems = []
    pot = LOCALE / f"{DOMAIN}.pot"
    if args.check:
        for lang in LANGUAGES:
            catalog = update(template, lang)
            gaps = missing(catalog)
            if gaps:
                problems.append(f"{lang}: {len(gaps)} message(s) without a translation, "
                                f"e.g. {gaps[:3]}")
            mo = po_path(lang).with_suffix(".mo")
            if not mo.exists() or mo.read_bytes() != _mo_bytes(catalog):
                problems.append(f"{lang}: {mo.relative_to(ROOT)} is stale: run "
                                "python scripts/i18n.py")
        for line in problems:
            print(line, file=sys.stderr)
        return 1 if problems else 0

    pot.parent.mkdir(parents=True, exist_ok=True)
    pot.write_bytes(_po_bytes(template))
    for lang in LANGUAGES:
        catalog = update(template, lang)
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_po_bytes(catalog))
        path.with_suffix(".mo").write_bytes(_mo_bytes(catalog))
        gaps = missing(catalog)
        print(f"{lang}: {len(catalog)} messages, {len(gaps)} to translate")
    return 0


if __name__ == "__main__":
    sys.exit(main())
