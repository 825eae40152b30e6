"""Text from data, a link or a view file as literal text inside Streamlit's Markdown.

Its own module so that every part of the explorer (the link parameters, the display
helpers, the pages) can escape without importing the others.
"""

from __future__ import annotations

import html
import math

__all__ = ["md_escape"]

#: Characters Markdown (or Streamlit's extensions) could read as syntax.
MD_SPECIAL = frozenset("\\`*_[](){}#+-.!|~:$^=")


def md_escape(text) -> str:
    """``text`` (from data, a link or a view file) as literal text inside Markdown.

    HTML-escapes ``& < >`` and puts a backslash before every character Markdown (or
    Streamlit's extensions: ``:red[…]``, ``:material/…:``, ``$…$``) could read as syntax;
    line breaks become spaces. Use it for every data value put into ``st.markdown``,
    ``st.caption``, ``st.info``/``warning``/``error``/``success``, titles and help texts.

    Examples
    --------
    >>> print(md_escape("![x](http://h/x.png) <img src=x> **b**"))
    \\!\\[x\\]\\(http\\://h/x\\.png\\) &lt;img src\\=x&gt; \\*\\*b\\*\\*
    >>> md_escape(None)
    ''
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    out = []
    for ch in html.escape(str(text), quote=False).replace("\r", " ").replace("\n", " "):
        out.append("\\" + ch if ch in MD_SPECIAL else ch)
    return "".join(out)
