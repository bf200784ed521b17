"""Guidance pages are Markdown, rendered with raw HTML switched off: what an editor
types as HTML is shown as text, and links to javascript:, vbscript:, file: and
data: addresses are refused by markdown-it's link check, so a page cannot carry a
script whoever edits it."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# "js-default": CommonMark plus tables and strikethrough, with html=False.
_RENDERER = MarkdownIt(
    "js-default", {"html": False, "linkify": False, "typographer": False}
)


def render_markdown(text: str) -> SafeString:
    # Headings move down one level: the page's own title is its only <h1>.
    html: str = _RENDERER.render(text)
    for level in range(5, 0, -1):
        html = html.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return mark_safe(html)  # noqa: S308 - markdown-it escapes everything it is given
