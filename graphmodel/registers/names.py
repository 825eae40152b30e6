"""Register text made readable and safe: upper-case names in readable case, controls removed."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_NAME_LENGTH", "clean_text", "readable_name"]

#: a name longer than this is cut (the register's own limit is 175 characters)
MAX_NAME_LENGTH = 300
#: abbreviations and legal forms kept in capitals
KEEP_UPPER = frozenset({
    "IKS", "AS", "ASA", "KF", "FKF", "SA", "DA", "ANS", "BA", "SF", "HF", "RHF", "IT", "IKT",
    "PPT", "PPD", "NAV", "KS", "IUA", "GIS", "VA", "HMS", "AMK", "ROS", "TV", "NKS", "LIS",
    "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "NA", "NAF", "SMB",
})
#: small words written in lower case inside a name (never as its first word)
KEEP_LOWER = frozenset({
    "og", "i", "for", "på", "av", "til", "med", "ved", "om", "fra", "under", "kommune",
    "fylkeskommune", "kommunes", "fylkeskommunes",
})
_VOWELS = set("AEIOUYÆØÅÄÖÜÉÈ")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: bidirectional overrides and isolates, zero-width and other format characters (Cf) and
#: control characters (Cc): they can make a name show as something it is not
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn"}


def clean_text(value: object, limit: int = MAX_NAME_LENGTH) -> str:
    """Register text as one safe line: not text → ``""``; controls and format characters
    (bidi overrides) dropped, runs of white space made one space, cut at ``limit``.

    >>> clean_text("Ost\\u202eIKS\\n  AS")
    'OstIKS AS'
    >>> clean_text(None), clean_text(12)
    ('', '')
    """
    if not isinstance(value, str):
        return ""
    text = "".join(" " if ch in "\t\r\n" else ch for ch in value
                   if ch in "\t\r\n" or unicodedata.category(ch) not in _HIDDEN)
    return " ".join(text.split())[:limit]


def _word(word: str, first: bool) -> str:
    upper = word.upper()
    if upper in KEEP_UPPER:
        return upper
    if not first and word.lower() in KEEP_LOWER:
        return word.lower()
    if len(word) <= 4 and not (set(upper) & _VOWELS):  # RKR, HRS: an abbreviation
        return upper
    return word[:1].upper() + word[1:].lower()


def readable_name(name: str) -> str:
    """A register name in readable case; a name already in mixed case is kept as it is.

    The register writes names in capitals. Each word gets a capital first letter, except
    small words (``og``, ``i``, ``kommune``) inside the name; legal forms and known
    abbreviations (:data:`KEEP_UPPER`) and short words without a vowel stay in capitals.

    >>> readable_name("INTERKOMMUNALT ARKIV I TRØNDELAG IKS")
    'Interkommunalt Arkiv i Trøndelag IKS'
    >>> readable_name("MØRE OG ROMSDAL 110-SENTRAL KF")
    'Møre og Romsdal 110-Sentral KF'
    >>> readable_name("IKT AGDER IKS"), readable_name("Vestfold Vann IKS")
    ('IKT Agder IKS', 'Vestfold Vann IKS')
    >>> readable_name("STJØRDAL KOMMUNE")
    'Stjørdal kommune'
    """
    name = clean_text(name)
    if any(ch.islower() for ch in name):
        return name
    out, last, first = [], 0, True
    for match in _WORD.finditer(name):
        out.append(name[last:match.start()])
        out.append(_word(match.group(), first))
        first, last = False, match.end()
    out.append(name[last:])
    return "".join(out)
