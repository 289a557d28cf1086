"""The one inert path for text that comes from data, without a build.

templating.literal_markdown keeps text put into Markdown to itself, line
breaks included.
"""

from __future__ import annotations

import markdown

from macros import templating

SECRET = "SECRET-41c7-read-by-an-include"
SNIPPET = "includes/secret-snippet.md"


def test_text_put_into_markdown_keeps_its_lines_to_itself():
    title = "A title\n\n{!x!}\n*[HX]: pwned\n<b>x</b>"
    rendered = markdown.markdown(f"1. **[{templating.literal_markdown(title)}](x.md)** · 4 min\n2. next")
    assert rendered.count("<li>") == 2 and "<abbr" not in rendered and "<b>" not in rendered
    assert '<a href="x.md">' in rendered
