"""Facts the tests compute from the sources themselves, independently of macros/.

Several test modules check the same things (clock times, the site address,
a page's text), so each is computed here once.
"""
import datetime
import re

import yaml

from support.project import ROOT

WORKSHOP_DIR = ROOT / "exercises" / "workshops"
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M).group(1).rstrip("/") + "/"

# The playbook's guides, in reading order.
GUIDES = [
    "diagnose-conflict", "missed-meeting", "hidden-issue", "co-lead-relationship",
    "exceptions-and-vision", "strengths", "leadership-and-roles", "learning-on-the-job",
    "performance-by-outputs", "rewards", "measure-promises",
]


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
