"""Follow-up after a session, in Debian's chromium (issue 24).

Run mode's last step leads to the commitments (what, who, by when, how we
will know); they go into the "we ran this" log (/workshops/log/), which
survives a reload and moves to a fresh browser through its export file.
The check-back date downloads as an .ics file that a strict RFC 5545 reader
(below, written for this test) accepts, on the right day. Hostile log files
and damaged storage get a short message and change nothing. The page works
from a file, has no axe violations and fits a 390 px phone.
"""

import datetime
import json
import os
import pathlib
import re

import pytest

from support.browser import axe_violations

pytestmark = pytest.mark.browser

# Screenshots for people to look at, when CG_SHOTS names a folder.
SHOTS = pathlib.Path(os.environ["CG_SHOTS"]) if os.environ.get("CG_SHOTS") else None
NOW = datetime.datetime(2026, 11, 24, 13, 30)
LOG_KEY = "common-ground:log:v1"
TEAM_KEY = "common-ground:checkup-team:v1"
TEAM = {
    "taken": "2026-11-20",
    "people": 3,
    "areas": {
        "roles": {"mean": 2.0, "low": 1.0, "high": 3.5},
        "goals": {"mean": 2.5, "low": 2.0, "high": 3.0},
        "vision": {"mean": 4.0, "low": 3.0, "high": 5.0},
    },
    "ranking": ["roles", "goals", "vision"],
}
# Text that a calendar file must escape and fold: commas, semicolons, a
# backslash, a line break, letters of two and four UTF-8 bytes.
AWKWARD = "Roles, goals; the C:\\drive plan — Zoë’s 🚀 session, with a title long enough to fold twice over"


def _shot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


# --- A strict reader of the .ics files the kit writes (RFC 5545) -------------


def _unescape(value):
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            nxt = value[i + 1]
            assert nxt in "\\;,nN", f"bad escape \\{nxt}"
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        assert ch not in ";,", f"unescaped {ch!r} in TEXT {value!r}"
        out.append(ch)
        i += 1
    return "".join(out)


def parse_ics(data: bytes):
    """The one VEVENT of a VCALENDAR, as {name: (params, value)}; asserts every rule it meets."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n"), "the file does not end with CRLF"
    assert "\n" not in text.replace("\r\n", ""), "a bare LF"
    assert "\r" not in text.replace("\r\n", ""), "a bare CR"
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
        assert line, "an empty line"
    logical = []
    for line in physical:
        if line[0] in " \t":
            assert logical, "a continuation line first"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    stack, event, calendar = [], None, {}
    for line in logical:
        match = re.fullmatch(r"([A-Z][A-Z0-9-]*)((?:;[A-Z-]+=[^;:]+)*):(.*)", line)
        assert match, f"not a content line: {line!r}"
        name, params, value = match.group(1), match.group(2), match.group(3)
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                assert event is None, "two events"
                event = {}
            continue
        if name == "END":
            assert stack and stack.pop() == value, f"END:{value} out of order"
            continue
        target = event if stack and stack[-1] == "VEVENT" else calendar
        assert name not in target, f"{name} twice"
        target[name] = (params, value)
    assert stack == [], "unclosed components"
    assert calendar["VERSION"][1] == "2.0" and calendar["PRODID"][1]
    assert event is not None, "no event"
    for required in ("UID", "DTSTAMP", "DTSTART"):
        assert required in event, f"no {required}"
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"][1]), event["DTSTAMP"]
    assert event["DTSTART"][0] == ";VALUE=DATE" and re.fullmatch(r"\d{8}", event["DTSTART"][1])
    for name in ("SUMMARY", "DESCRIPTION"):
        event[name] = (event[name][0], _unescape(event[name][1]))
    return event


def _day(value):
    return datetime.datetime.strptime(value, "%Y%m%d").date()


# --- Run mode's end -------------------------------------------------------


def _run(page, site_url, query):
    page.clock.install(time=NOW)
    page.goto(f"{site_url}workshops/compose/{query}")
    page.locator("[data-cg-composer][data-cg-ready]").wait_for(state="attached")
    page.get_by_role("button", name="Run on screen").click()
    page.locator(".cg-run").wait_for()


SHORT = "?start=13:30&title=Short%20one&item=break:10:Break&item=discussion:5:Wrap%20up"


def _fill(page, number, what, who="", when="", how=""):
    row = page.locator(".cg-commit-row").nth(number - 1)
    row.get_by_label("What we will do").fill(what)
    row.get_by_label("Who").fill(who)
    if when:
        row.get_by_label("By when").fill(when)
    row.get_by_label("How we will know").fill(how)


def test_commitments_step_follows_run_modes_last_step(browser_page, site_url):
    page = browser_page
    page.add_init_script(f"localStorage.setItem({TEAM_KEY!r}, {json.dumps(json.dumps(TEAM))})")
    _run(page, site_url, SHORT)
    commit = page.locator(".cg-run-commitments")
    page.keyboard.press("ArrowRight")
    assert page.locator(".cg-run-title").first.inner_text() == "Wrap up"
    assert not commit.is_visible()
    page.keyboard.press("ArrowRight")
    assert commit.is_visible(), "Next on the last step did not open the commitments"
    assert page.locator(".cg-run-main").is_hidden()
    assert page.evaluate("document.activeElement.id") == "cg-run-commit-title"
    assert commit.locator(".cg-commit-team").inner_text() == (
        "Team check-up of Friday 20 November 2026, 3 answer sets. Weakest first: Roles, Goals, Shared vision."
        " It goes into the entry."
    )
    # Run mode's keys (n, b, p, m, c, f) are letters people type: they stay in the field.
    _fill(
        page, 1, "Name one owner per campaign change", "Priya and Sam", "2026-12-04", "no change lands in the last week"
    )
    assert page.locator(".cg-commit-row").first.get_by_label("Who").input_value() == "Priya and Sam"
    assert commit.is_visible() and "paused" not in page.locator(".cg-run-position").inner_text()
    commit.get_by_role("button", name="Add a commitment").click()
    _fill(page, 2, "Book the co-leads' fortnightly call", "Alex")
    commit.get_by_label("Check back in").select_option("3")
    assert "Tuesday 15 December 2026" in commit.locator(".cg-commit-checkback").inner_text()
    _shot(page, "run-commitments-1280.png")
    commit.get_by_role("button", name="Save to our log").click()
    assert "Saved to the log: 2 commitments, check back on Tuesday 15 December 2026." in (
        commit.locator(".cg-commit-status").inner_text()
    )
    stored = json.loads(page.evaluate(f"localStorage.getItem({LOG_KEY!r})"))
    (entry,) = stored["entries"]
    assert entry["date"] == "2026-11-24" and entry["checkback"] == "2026-12-15"
    assert entry["title"] == "Short one" and entry["composition"].startswith("?")
    assert entry["checkup"]["ranking"] == TEAM["ranking"]
    assert [c["who"] for c in entry["commitments"]] == ["Priya and Sam", "Alex"]
    # Saving again updates the same entry.
    commit.get_by_role("button", name="Save to our log").click()
    assert "Log entry updated" in commit.locator(".cg-commit-status").inner_text()
    assert len(json.loads(page.evaluate(f"localStorage.getItem({LOG_KEY!r})"))["entries"]) == 1

    with page.expect_download() as info:
        commit.get_by_role("button", name="Download the check-back date (.ics)").click()
    assert info.value.suggested_filename == "check-back-2026-12-15.ics"
    event = parse_ics(pathlib.Path(info.value.path()).read_bytes())
    assert _day(event["DTSTART"][1]) == datetime.date(2026, 12, 15)
    assert "Name one owner per campaign change" in event["DESCRIPTION"][1]

    # Back leaves the commitments for the last step; Next brings them back as typed.
    page.get_by_role("button", name="Back (←)").click()
    assert not commit.is_visible() and page.locator(".cg-run-main").is_visible()
    assert page.locator(".cg-run-title").first.inner_text() == "Wrap up"
    page.keyboard.press("ArrowRight")
    assert commit.is_visible()
    assert page.locator(".cg-commit-row").nth(1).get_by_label("Who").input_value() == "Alex"
    assert axe_violations(page) == [], "run mode's commitments"
    page.keyboard.press("Escape")
    assert page.locator(".cg-run").count() == 0


def test_commitments_fit_a_phone(chromium, site_url):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    _run(page, site_url, SHORT)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    panel = page.locator(".cg-run-commitments")
    assert panel.is_visible()
    widths = page.evaluate(
        "() => [...document.querySelectorAll('.cg-run-commitments *')].filter(e => e.offsetParent)"
        ".map(e => e.getBoundingClientRect().right)"
    )
    assert max(widths) <= 390, f"the commitments reach {max(widths)} px on a 390 px screen"
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(".cg-run").screenshot(path=str(SHOTS / "run-commitments-390.png"))
    context.close()


# --- The log page ---------------------------------------------------------


def _log(page, base):
    page.goto(base)
    page.locator("[data-cg-log][data-cg-ready]").wait_for(state="attached")


def _record(page, title, weeks="4", what="Share the campaign calendar with IT"):
    form = page.locator(".cg-log-add")
    if form.get_attribute("open") is None:
        form.locator("summary").click()
    form.get_by_label("Date of the session").fill("2026-11-24")
    form.get_by_label("Workshop or composition").fill(title)
    form.get_by_label("What we will do").fill(what)
    form.get_by_label("Who").fill("Dana")
    form.get_by_label("Check back in").select_option(weeks)
    form.get_by_role("button", name="Save to our log").click()
    assert page.locator(".cg-log-status").inner_text().startswith("Saved to the log: 1 commitment, check back on ")
    assert form.get_by_label("Workshop or composition").input_value() == "", "the form kept the last session"


def _entries(page):
    return page.locator(".cg-log-entry h3").all_inner_texts()


def test_log_survives_a_reload_and_its_export_imports_in_a_fresh_context(chromium, site_url, tmp_path):
    context = chromium.new_context(accept_downloads=True)
    page = context.new_page()
    page.add_init_script(f"localStorage.setItem({TEAM_KEY!r}, {json.dumps(json.dumps(TEAM))})")
    _log(page, f"{site_url}workshops/log/")
    assert "No session recorded" in page.locator(".cg-log-count").inner_text()
    _record(page, "Friction to vision (3 hours)")
    _record(page, "<img src=x onerror=alert(1)> & co", weeks="6", what="Review the promise ledger")
    # Newest first: same day, so the one recorded last comes first.
    assert _entries(page) == [
        "Tuesday 24 November 2026: <img src=x onerror=alert(1)> & co",
        "Tuesday 24 November 2026: Friction to vision (3 hours)",
    ]
    assert page.locator(".cg-log-list img").count() == 0
    page.reload()
    page.locator("[data-cg-log][data-cg-ready]").wait_for(state="attached")
    before = page.locator(".cg-log-list").inner_text()
    assert "Share the campaign calendar with IT" in before and "Review the promise ledger" in before
    assert "Weakest first: Roles, Goals, Shared vision." in before
    assert "2 sessions in this browser" in page.locator(".cg-log-count").inner_text()
    _shot(page, "log-1280.png")
    with page.expect_download() as info:
        page.get_by_role("button", name="Export the log (.json)").click()
    exported = tmp_path / info.value.suggested_filename
    info.value.save_as(exported)
    assert re.fullmatch(r"common-ground-log-\d{4}-\d{2}-\d{2}\.json", exported.name)
    context.close()

    fresh = chromium.new_context()
    other = fresh.new_page()
    _log(other, f"{site_url}workshops/log/")
    assert _entries(other) == []
    other.get_by_label("Import a log file").set_input_files(str(exported))
    other.locator(".cg-log-status", has_text="Imported").wait_for()
    assert other.locator(".cg-log-status").inner_text() == "Imported 2 entries."
    assert other.locator(".cg-log-list").inner_text() == before
    # The same file again adds nothing.
    other.get_by_label("Import a log file").set_input_files(str(exported))
    other.locator(".cg-log-status", has_text="already").wait_for()
    assert other.locator(".cg-log-status").inner_text() == "Imported 0 entries; 2 already in the log."
    other.reload()
    other.locator("[data-cg-log][data-cg-ready]").wait_for(state="attached")
    assert other.locator(".cg-log-list").inner_text() == before
    assert axe_violations(other) == [], "log page with entries"
    fresh.close()


@pytest.mark.parametrize("weeks", [2, 3, 4, 5, 6])
def test_check_back_ics_parses_and_holds_the_right_date(browser_page, site_url, weeks):
    page = browser_page
    page.clock.install(time=NOW)
    _log(page, f"{site_url}workshops/log/")
    _record(page, AWKWARD, weeks=str(weeks), what="Agree; then check\\again, with Zoë 🚀")
    with page.expect_download() as info:
        page.locator(".cg-log-entry").get_by_role("button", name="Download the check-back date (.ics)").click()
    raw = pathlib.Path(info.value.path()).read_bytes()
    event = parse_ics(raw)
    assert _day(event["DTSTART"][1]) == datetime.date(2026, 11, 24) + datetime.timedelta(weeks=weeks)
    assert _day(event["DTEND"][1]) == _day(event["DTSTART"][1]) + datetime.timedelta(days=1)
    assert event["SUMMARY"][1] == "Check back: " + AWKWARD
    assert "1. Agree; then check\\again, with Zoë 🚀 (who: Dana)" in event["DESCRIPTION"][1].split("\n")
    # The page's clock runs on from NOW: the stamp is the moment of download, in UTC.
    stamped = datetime.datetime.strptime(event["DTSTAMP"][1], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)
    assert datetime.timedelta(0) <= stamped - NOW.astimezone(datetime.UTC) < datetime.timedelta(minutes=2)
    assert re.fullmatch(r"[0-9a-z-]+@common-ground\.invalid", event["UID"][1])
    assert max(len(line) for line in raw.split(b"\r\n")) == 75, "the long title was not folded at 75 octets"


# --- Hostile files and damaged storage ------------------------------------

GOOD_ENTRY = {
    "id": "20261124-abcd",
    "date": "2026-11-24",
    "title": "Friction to vision",
    "workshop": "",
    "composition": "",
    "commitments": [{"what": "x", "who": "", "when": "", "how": ""}],
    "checkback": "2026-12-22",
    "checkup": None,
}


def _log_file(*entries, **top):
    return {"format": "common-ground-log", "version": 1, "entries": list(entries), **top}


def _entry(**changes):
    return {**GOOD_ENTRY, **changes}


HOSTILE = {
    "not JSON": (b"{not json", "this file is not JSON"),
    "not UTF-8": (b'{"format": "\xff\xfe"}', "the file is not UTF-8 text"),
    "a list": (b"[]", "this is not a Common Ground log"),
    "another format": (json.dumps({"format": "x", "version": 1, "entries": []}).encode(), "not a Common Ground log"),
    "a later version": (json.dumps(_log_file(version=2)).encode(), "version is not one this page reads"),
    "__proto__ at the top": (
        b'{"format": "common-ground-log", "version": 1, "entries": [], "__proto__": {"x": 1}}',
        "unknown field '__proto__'",
    ),
    "__proto__ in an entry": (
        json.dumps(_log_file(GOOD_ENTRY)).replace('"id"', '"__proto__": {"polluted": 1}, "id"').encode(),
        "entry 1: unknown field '__proto__'",
    ),
    "constructor as an area": (
        json.dumps(
            _log_file(
                _entry(
                    checkup={
                        "taken": "2026-11-20",
                        "people": 2,
                        "areas": {"constructor": {"mean": 2, "low": 1, "high": 3}},
                        "ranking": ["constructor"],
                    }
                )
            )
        ).encode(),
        "unknown area 'constructor'",
    ),
    "a ranking of __proto__": (
        json.dumps(_log_file(_entry(checkup={**TEAM, "ranking": ["__proto__"]}))).encode(),
        "field 'ranking' names an area",
    ),
    "a negative score": (
        json.dumps(
            _log_file(
                _entry(checkup={**TEAM, "areas": {"roles": {"mean": -2, "low": -3, "high": 1}}, "ranking": ["roles"]})
            )
        ).encode(),
        "is not a score from 1 to 5",
    ),
    "a huge score": (
        json.dumps(
            _log_file(
                _entry(checkup={**TEAM, "areas": {"roles": {"mean": 1e308, "low": 1, "high": 5}}, "ranking": ["roles"]})
            )
        ).encode(),
        "is not a score from 1 to 5",
    ),
    "a huge number of people": (
        json.dumps(_log_file(_entry(checkup={**TEAM, "people": 10**9}))).encode(),
        "field 'people'",
    ),
    "the 30th of February": (json.dumps(_log_file(_entry(date="2026-02-30"))).encode(), "field 'date' is not a date"),
    "a check-back one week on": (
        json.dumps(_log_file(_entry(checkback="2026-12-01"))).encode(),
        "not 2 to 6 weeks after the date",
    ),
    "a bidi control in a title": (
        json.dumps(_log_file(_entry(title="Friction \u202e to vision"))).encode(),
        "control or invisible characters",
    ),
    "a number as a title": (json.dumps(_log_file(_entry(title=7))).encode(), "field 'title' is not text"),
    "a script as a composition": (
        json.dumps(_log_file(_entry(composition="javascript:alert(1)"))).encode(),
        "field 'composition' is not a composer address",
    ),
    "commitments not a list": (
        json.dumps(_log_file(_entry(commitments={"what": "x"}))).encode(),
        "field 'commitments' is not a list",
    ),
    "too many commitments": (
        json.dumps(_log_file(_entry(commitments=[{"what": "x"}] * 21))).encode(),
        "field 'commitments' is not a list of at most 20",
    ),
    "too many entries": (
        json.dumps(_log_file(*[_entry(id=f"e{i}") for i in range(501)])).encode(),
        "more than 500 entries",
    ),
    "the same id twice": (json.dumps(_log_file(GOOD_ENTRY, GOOD_ENTRY)).encode(), "the same id as entry 1"),
    "a file too large": (b" " * (512 * 1024 + 1), "larger than 512 KB"),
}


@pytest.fixture(scope="module")
def hostile_page(chromium, site_url):
    context = chromium.new_context()
    page = context.new_page()
    _log(page, f"{site_url}workshops/log/")
    _record(page, "Kept as it was")
    yield page
    context.close()


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_log_files_are_refused_with_a_message(hostile_page, tmp_path, case):
    page = hostile_page
    data, words = HOSTILE[case]
    before = page.locator(".cg-log-list").inner_text()
    stored = page.evaluate(f"localStorage.getItem({LOG_KEY!r})")
    path = tmp_path / "log.json"
    path.write_bytes(data)
    page.evaluate("document.querySelector('.cg-log-status').textContent = ''")
    page.get_by_label("Import a log file").set_input_files(str(path))
    status = page.locator(".cg-log-status[role=alert]")
    status.wait_for()
    message = status.inner_text()
    assert message.startswith("Nothing imported: ") and words in message, message
    assert len(message) < 160, f"not a short message: {message}"
    assert page.locator(".cg-log-list").inner_text() == before
    assert page.evaluate(f"localStorage.getItem({LOG_KEY!r})") == stored
    assert page.evaluate("({}).polluted === undefined && Object.prototype.x === undefined")


@pytest.mark.parametrize(
    "key, value, words",
    [
        (LOG_KEY, "{broken", "The log kept in this browser could not be read (this file is not JSON)"),
        (LOG_KEY, json.dumps(_log_file(_entry(date="2026-13-01"))), "field 'date' is not a date"),
        (TEAM_KEY, json.dumps({**TEAM, "areas": {"__proto__": {"mean": 1, "low": 1, "high": 1}}}), "unknown area"),
        (TEAM_KEY, json.dumps({**TEAM, "people": -3}), "field 'people'"),
        (TEAM_KEY, "[1, 2", "it is not JSON"),
    ],
)
def test_damaged_storage_is_set_aside_with_a_message(chromium, site_url, key, value, words):
    context = chromium.new_context()
    page = context.new_page()
    page.add_init_script(
        f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1');"
        f" localStorage.setItem({key!r}, {json.dumps(value)}); }}"
    )
    _log(page, f"{site_url}workshops/log/")
    if key == TEAM_KEY:
        page.locator(".cg-log-add summary").click()
        message = page.locator(".cg-log-add .cg-commit-team").inner_text()
        assert message == "No team check-up in this browser: the entry is saved without one."
        message = page.locator(".cg-log-status").inner_text()
    else:
        message = page.locator(".cg-log-status[role=alert]").inner_text()
        assert page.evaluate(f"localStorage.getItem({LOG_KEY!r} + ':set-aside')") == value
        assert "set aside" in message
    assert words in message, message
    assert _entries(page) == []
    context.close()


# --- From a file, with no server ------------------------------------------


def test_log_and_commitments_work_from_a_file(chromium, built_site):
    context = chromium.new_context()
    page = context.new_page()
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    compose = (built_site / "workshops" / "compose" / "index.html").as_uri()
    page.goto(compose + "?start=13:30&item=discussion:5:Wrap%20up#run")
    page.locator(".cg-run").wait_for()
    page.keyboard.press("ArrowRight")
    _fill(page, 1, "Send the notes round", "Kim")
    page.get_by_role("button", name="Save to our log").click()
    link = page.get_by_role("link", name="Open our log")
    assert link.get_attribute("href").endswith("workshops/log/index.html")
    link.click()
    page.locator("[data-cg-log][data-cg-ready]").wait_for(state="attached")
    assert "Send the notes round" in page.locator(".cg-log-list").inner_text()
    assert (
        page.get_by_role("link", name="Open this session in the composer")
        .get_attribute("href")
        .startswith(compose + "?")
    )
    assert all(r.split(":", 1)[0] in ("file", "data", "blob", "about") for r in seen), seen
    context.close()
