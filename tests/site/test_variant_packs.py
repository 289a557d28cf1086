"""Every length variant of a ready-made workshop has packs of its own, as built.

For each version other than the full one (the 3-hour and 90-minute ones):
the facilitator pack and the participant pack, on A4 and on Letter, exist
at pdf/workshops/<workshop>-<version>-<edition>-<paper>.pdf, on their paper,
say which version they are on the cover, and carry that version's clock
times (the one table of cases, tests/clock-cases.yml) and its worksheets;
the workshop page links each of them. Expected values come from the YAML
and the table, not from macros/.
"""

import re

import yaml
from pypdf import PdfReader

from support.facts import pdf_pages
from support.project import ROOT

PAPERS = {"a4": (595, 842), "letter": (612, 792)}
EDITIONS = ("facilitator", "participant")
WORKSHOPS = {
    p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
    for p in sorted((ROOT / "exercises" / "workshops").glob("*.yml"))
}
TABLE = yaml.safe_load((ROOT / "tests" / "clock-cases.yml").read_text(encoding="utf-8"))["workshops"]
VERSIONS = [(w, v) for w, data in WORKSHOPS.items() for v in data.get("variants", [])]
WALL_CHART = re.compile(r"WALL CHART · .+ · ENLARGE TO A3")  # a wall chart's kicker: a landscape page


def sheet_pages(exercise_id):
    """Pages a worksheet is laid out on: two when its YAML says `layout: two pages`."""
    data = yaml.safe_load((ROOT / "exercises" / f"{exercise_id}.yml").read_text(encoding="utf-8"))
    return 2 if data["worksheet"].get("layout") == "two pages" else 1


def _pdf(site, workshop_id, variant_id, edition, paper):
    return site / "pdf" / "workshops" / f"{workshop_id}-{variant_id}-{edition}-{paper}.pdf"


def test_the_kit_has_length_variants_to_check():
    assert len(VERSIONS) >= 4 and {v["id"] for _, v in VERSIONS} >= {"three-hours", "ninety-minutes"}


def test_every_version_has_both_packs_on_both_papers_saying_which_version(built_site):
    for workshop_id, variant in VERSIONS:
        title = f"{WORKSHOPS[workshop_id]['title']} ({variant['title']})"
        for edition in EDITIONS:
            for paper, (width, height) in PAPERS.items():
                path = _pdf(built_site, workshop_id, variant["id"], edition, paper)
                assert path.is_file(), f"{path.relative_to(built_site)} was not built"
                pages = zip(PdfReader(path).pages, pdf_pages(path), strict=True)
                for number, (page, text) in enumerate(pages, 1):
                    size = float(page.mediabox.width), float(page.mediabox.height)
                    want = (height, width) if WALL_CHART.search(text.upper()) else (width, height)
                    assert abs(size[0] - want[0]) <= 1 and abs(size[1] - want[1]) <= 1, f"{path.name} page {number}"
                cover = pdf_pages(path)[0]
                assert title in cover, f"{path.name}: cover does not name the version: {cover[:200]}"


def test_each_versions_facilitator_run_sheet_has_its_own_clock_times(built_site):
    for workshop_id, variant in VERSIONS:
        case = TABLE[workshop_id][variant["id"]]
        want = [tuple(line.split(" ")[0].split("–")) for line in case["times"]]
        for paper in PAPERS:
            pages = pdf_pages(_pdf(built_site, workshop_id, variant["id"], "facilitator", paper))
            end = next(i for i, text in enumerate(pages) if "Before the day" in text)
            run_sheet = " ".join(pages[1:end])
            found = re.findall(r"(\d\d:\d\d)–(\d\d:\d\d) \d+ ", run_sheet)
            assert found == want, f"{workshop_id} {variant['id']} {paper}"
            assert case["length"] in run_sheet


def test_each_versions_participant_pack_holds_the_worksheets_it_keeps(built_site):
    for workshop_id, variant in VERSIONS:
        case = TABLE[workshop_id][variant["id"]]
        kept = list(dict.fromkeys(line.split(" ")[1].rstrip(",") for line in case["times"] if " " in line))
        exercises = [e for e in kept if (ROOT / "exercises" / f"{e}.yml").is_file()]
        dropped = {
            i["exercise"]
            for i in WORKSHOPS[workshop_id]["agenda"]
            if i.get("exercise") and i["exercise"] not in exercises
        }
        for paper in PAPERS:
            pages = pdf_pages(_pdf(built_site, workshop_id, variant["id"], "participant", paper))
            # Cover, agenda, the worksheets the version keeps (one or two pages each), the commitments sheet.
            assert len(pages) == 3 + sum(map(sheet_pages, exercises)), (
                f"{workshop_id} {variant['id']} {paper}: {len(pages)} pages"
            )
            whole = " ".join(pages)
            for exercise_id in exercises:
                assert f"exercises/{exercise_id}/" in whole
            for exercise_id in dropped:
                assert f"exercises/{exercise_id}/" not in whole, f"{exercise_id} is left out of {variant['id']}"


def test_the_workshop_page_links_each_versions_packs(built_site):
    for workshop_id, variant in VERSIONS:
        html = (built_site / "workshops" / workshop_id / "index.html").read_text(encoding="utf-8")
        section = html.split(f'id="length-{variant["id"]}"', 1)[1].split("<h3", 1)[0]
        for edition in EDITIONS:
            for paper in PAPERS:
                assert f'../../pdf/workshops/{workshop_id}-{variant["id"]}-{edition}-{paper}.pdf"' in section, (
                    f"{workshop_id}: no link to the {variant['id']} {edition} pack on {paper}"
                )
