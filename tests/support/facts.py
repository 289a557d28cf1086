"""Facts the tests compute from the sources themselves, independently of macros/.

Several test modules check the same things (clock times, the site address,
a page's text), so each is computed here once.
"""

import datetime
import functools
import re

import yaml

from support import project
from support.project import ROOT

WORKSHOP_DIR = ROOT / "exercises" / "workshops"
# The address the test build publishes at (the publishing setting, set in support/project.py).
SITE_URL = project.SITE_URL


def _nav_pages(entries):
    for entry in entries:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, str):
            yield value
        else:
            yield from _nav_pages(value)


def reading_path() -> list:
    """Guide slugs in nav order, read here from the nav block of mkdocs.yml.

    A guide is one Markdown file plus its nav line, so the tests take the
    list from the nav too; their addresses are kept by published-urls.txt.
    """
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = yaml.safe_load(re.search(r"^nav:\n(?:[ \t]+.*\n|\n)*", text, re.M).group(0))["nav"]
    return [p[len("playbook/") : -3] for p in _nav_pages(nav) if p.startswith("playbook/") and p != "playbook/index.md"]


# The playbook's guides, in reading order.
GUIDES = reading_path()


def yaml_workshops():
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(WORKSHOP_DIR.glob("*.yml"))}


def expected_times(data):
    """Clock times computed here from the YAML alone, independently of macros/."""
    now = datetime.datetime.strptime(data["start"], "%H:%M")
    times = []
    for item in data["agenda"]:
        end = now + datetime.timedelta(minutes=item["minutes"])
        times.append((now.strftime("%H:%M"), end.strftime("%H:%M")))
        now = end
    return times


def pdf_text(page) -> str:
    """Page text with whitespace folded, so wrapped lines still match.

    WeasyPrint never hyphenates on its own, so a line that ends in '-' was
    broken inside a compound such as 'customer-experience': join it back.
    """
    return " ".join(re.sub(r"(?<=\w)-[ \t]*\n\s*", "-", page.extract_text()).split())


@functools.cache
def pdf_pages(path) -> tuple:
    """Each page's text (pdf_text) of the PDF at path, read once per test worker.

    pypdf takes about a tenth of a second a page, and several test modules
    read the same packs: read apart, the packs took minutes of the suite.
    """
    from pypdf import PdfReader

    return tuple(pdf_text(page) for page in PdfReader(path).pages)


RENDERED = re.compile(r"PDFs: (\d+) files, (\d+) rendered \((\d+) pages\), (\d+) from cache")


def pdf_stats(result):
    """(files, rendered, cached) from a build's PDF summary line."""
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    found = RENDERED.findall(log)
    assert len(found) == 1, f"expected one PDF summary line in the build log:\n{log[-3000:]}"
    files, rendered, _, cached = map(int, found[0])
    return files, rendered, cached


def main_article(page_html):
    """The article body of a built page, without header, nav and footer."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page_html, re.S)
    assert match, "no article element in the built page"
    return match.group(1)
