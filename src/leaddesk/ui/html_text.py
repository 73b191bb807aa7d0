"""HTML escaping for the rich text the UI builds (details panes, search hits, the brief).

The standard library's ``html.escape`` is this same function, but ``import html`` also loads
``html.entities`` (its tables of every named character reference, ~0.7 MB of dictionaries
kept for the whole session: issue 18, peak memory) which escaping never uses.
"""

from __future__ import annotations


def escape(text: str, quote: bool = True) -> str:
    """``&``, ``<`` and ``>`` (and with ``quote`` both quote marks) as HTML references:
    the same output as ``html.escape``."""
    text = text.replace("&", "&amp;")  # first: the references below must stay as written
    text = text.replace("<", "&lt;")
    text = text.replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;")
        text = text.replace("'", "&#x27;")
    return text
