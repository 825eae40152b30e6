"""Text from data, a link or a view file as literal text inside Streamlit's Markdown.

Its own module so that every part of the explorer (the link parameters, the display
helpers, the pages) can escape without importing the others.
"""

from __future__ import annotations

import html
import math
import re

__all__ = ["md_escape"]

#: Characters Markdown (or Streamlit's extensions) could read as syntax.
MD_SPECIAL = frozenset("\\`*_[](){}#+-.!|~:$^=")
#: Where Streamlit's Markdown would turn plain text into a link: it finds ``http://``,
#: ``https://``, ``www.`` and ``name@host`` in the text *after* escapes and entities are
#: read (a backslash does not stop it), so an invisible WORD JOINER (U+2060) goes there.
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=www)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def md_escape(text) -> str:
    """``text`` (from data, a link or a view file) as literal text inside Markdown.

    HTML-escapes ``& < >`` and puts a backslash before every character Markdown (or
    Streamlit's extensions: ``:red[…]``, ``:material/…:``, ``$…$``) could read as syntax;
    line breaks become spaces; an invisible word joiner breaks what Streamlit would otherwise
    turn into a link by itself (``http://``, ``www.``, ``a@b.no``). Use it for every data
    value put into ``st.markdown``, ``st.caption``, ``st.info``/``warning``/``error``/
    ``success``, ``st.table`` cells, titles and help texts.

    Examples
    --------
    >>> print(md_escape("![x](h/x.png) <img src=x> **b**"))
    \\!\\[x\\]\\(h/x\\.png\\) &lt;img src\\=x&gt; \\*\\*b\\*\\*
    >>> md_escape("http://h") == "http" + WORD_JOINER + "\\\\://h"
    True
    >>> md_escape(None)
    ''
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    out = []
    text = _AUTOLINK.sub(WORD_JOINER, str(text))
    for ch in html.escape(text, quote=False).replace("\r", " ").replace("\n", " "):
        out.append("\\" + ch if ch in MD_SPECIAL else ch)
    return "".join(out)
