"""One home for every file name the project derives from data (ids, titles).

A name made from an id must stay inside its folder, be valid on every system and never
replace another file of the same set, also where the disk ignores case (macOS, Windows)
or normalises Unicode (macOS stores NFD), or after the folder is zipped and unpacked there.
Names are therefore compared by :func:`fold` (NFKC, case folding, NFKC again: Unicode's
``NFKC_Casefold`` in spirit), and checked again after every suffix or digest is added.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata

__all__ = ["fold", "safe_file_name", "safe_stem"]

#: names Windows refuses whatever the extension, and the report's own index page
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                      *(f"lpt{i}" for i in range(1, 10)), "index"})
#: the longest stem kept from the data (the digests come on top)
MAX_STEM = 80


def fold(name: str) -> str:
    """The form under which two file names are the same file somewhere.

    Examples
    --------
    >>> fold("Å.html") == fold("a\\u030a.HTML"), fold("ﬁle") == fold("FILE"), fold("Straße")
    (True, True, 'strasse')
    """
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    return unicodedata.normalize("NFKC", text)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def safe_stem(text: str, default: str = "file", *, width: int = 60) -> str:
    """A readable file-name stem from a title: letters and digits, the rest one ``-``.

    For a single download whose name the user sees (a title may hold any character); no
    path separator, never starting with a dot or a dash, at most ``width`` characters.

    Examples
    --------
    >>> safe_stem("Malvik leaves <Trondheimsregionen>"), safe_stem("../..", "snapshot")
    ('Malvik-leaves-Trondheimsregionen', 'snapshot')
    """
    stem = "".join(ch if ch.isalnum() else "-" for ch in unicodedata.normalize(
        "NFC", str(text or "")).strip())
    stem = "-".join(part for part in stem.split("-") if part)[:width].strip("-")
    return stem or default


def safe_file_name(item_id: str, used: set | None = None, *, suffix: str = ".html",
                   prefix: str = "") -> str:
    """A file name made from an id (never from a name), safe on every system.

    Letters, digits, ``-`` and ``_`` are kept, anything else becomes ``_``; when that
    changed the id, or the stem is reserved (``CON``, ``index``), a short hash of the id
    is added. The result never holds a path separator or starts with a dot, so ``../x``
    cannot leave the folder.

    ``used`` holds the :func:`fold` of the names already given in the folder and is
    updated. A name whose fold is taken gets the id's digest, then a counter, and each
    candidate is checked again, so a set of ids never gives two names that one disk
    could take for the same file (``a``, ``A`` and ``A-<digest of A>`` included).

    Parameters
    ----------
    item_id : str
        The id the file stands for.
    used : set, optional
        Folded names already taken (updated).
    suffix, prefix : str
        Added around the stem (plain ASCII, chosen by the program).

    Examples
    --------
    >>> safe_file_name("no-5033"), safe_file_name("../x")
    ('no-5033.html', '___x-72e4d01d.html')
    >>> used = set(); safe_file_name("A", used), safe_file_name("a", used)
    ('A.html', 'a-86f7e437.html')
    >>> safe_file_name("a-86f7e437", used)
    'a-86f7e437-763184b2.html'
    """
    text = str(item_id)
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", text)[:MAX_STEM] or "_"
    digest = _digest(text)
    if stem != text or fold(stem) in RESERVED:
        stem = f"{stem}-{digest}"
    name = f"{prefix}{stem}{suffix}"
    if used is None:
        return name
    tails = itertools.chain(("", f"-{digest}"), (f"-{digest}-{k}" for k in itertools.count(2)))
    for tail in tails:  # ends: ``used`` is finite
        name = f"{prefix}{stem}{tail}{suffix}"
        if fold(name) not in used:
            break
    used.add(fold(name))
    return name
