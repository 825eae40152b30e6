"""Text from the data as plain text for the office formats: the same characters, XML-safe.

Word, PowerPoint and GeoPackage files store text; a name from the data is written as that
text and nothing else (no field code, hyperlink, formula or markup is ever made from it).
The only change: characters that an XML document cannot hold (C0 control characters other
than tab, line feed and carriage return; lone surrogates; U+FFFE and U+FFFF) become U+FFFD
(the visible replacement character ``�``), so any Unicode gives a valid file. Direction
marks and everything else round-trip unchanged.
"""

from __future__ import annotations

import math
import re

__all__ = ["LANGUAGE_TAGS", "plain_text"]

#: The language tag a document gets for each language (spelling and hyphenation).
LANGUAGE_TAGS = {"nb": "nb-NO", "sv": "sv-SE", "en": "en-GB"}

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def plain_text(value) -> str:
    """``value`` as text an XML document can hold; missing values (None, NaN) are ``""``.

    >>> plain_text('=HYPERLINK("x")'), plain_text("a\\x00b"), plain_text(None)
    ('=HYPERLINK("x")', 'a\\ufffdb', '')
    >>> plain_text("\\u202eabc") == "\\u202eabc"
    True
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _NOT_XML.sub("\ufffd", str(value))
