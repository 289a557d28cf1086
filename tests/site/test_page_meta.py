"""Every page describes itself: search engines and link previews in chat show
the meta description, so each page needs its own (Lighthouse SEO asks for it)."""

import collections
import re

from support.published import is_redirect
from support.sitehtml import html_files, url_of

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')


def test_every_page_has_its_own_meta_description_and_language(built_site):
    seen, problems = collections.defaultdict(list), []
    for html in html_files(built_site):
        url = url_of(built_site, html) or "/"
        if is_redirect(html):
            continue
        text = html.read_text(encoding="utf-8")
        if not re.search(r'<html lang="[a-z]{2}', text):
            problems.append(f"{url}: no lang attribute on <html>")
        found = DESCRIPTION.search(text)
        if not found or len(found.group(1).strip()) < 30:
            problems.append(f"{url}: no meta description of at least 30 characters (front matter 'description:')")
        elif url != "404.html":
            seen[found.group(1)].append(url)
    assert sum(len(urls) for urls in seen.values()) > 1, "found no pages to check"
    problems += [f"pages share one description: {', '.join(urls)}" for urls in seen.values() if len(urls) > 1]
    assert not problems, "\n".join(problems)
