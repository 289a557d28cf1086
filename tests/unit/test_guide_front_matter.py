"""A guide's action fields are checked like its other front matter: file, line, field.

Every guide says what a reader can do afterwards (`after`), a first step that
fits in half an hour (`first_action`, ending with its minutes) and when to
look again (`check_back`, two to four weeks on). The site's guides are
checked in tests/site/test_guides.py and their headers in test_guide_header.py.
"""

import pytest

from macros.web import guides
from macros.web.reading_lists import GuideError, front_matter


def _check(kit, slug="strengths"):
    path = kit / "docs" / "playbook" / f"{slug}.md"
    allowed = guides.load_allowed_tags(kit / "docs" / "includes" / "tags.yml")
    guides.check(path, front_matter(path), allowed)


def _set(kit, field, value, slug="strengths"):
    path = kit / "docs" / "playbook" / f"{slug}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    if value is None:
        del lines[number]
    else:
        lines[number] = f"{field}: {value}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_the_real_guides_pass(kit):
    for slug in ("strengths", "rewards", "diagnose-conflict"):
        _check(kit, slug)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("first_action", "Answer the three questions (45 minutes).", "fit in 30 minutes"),
        ("first_action", "Answer the three questions.", "must end with how long it takes"),
        ("first_action", "Answer the three questions (half an hour).", "must end with how long it takes"),
        ("check_back", "Later, see how it went.", "must start 'In two weeks, '"),
        ("check_back", "In six weeks, see how it went.", "must start 'In two weeks, '"),
        ("after", "12", "must be text"),
    ],
)
def test_a_bad_action_field_names_file_line_and_field(kit, field, value, message):
    line = _set(kit, field, value)
    with pytest.raises(GuideError, match=rf"docs/playbook/strengths\.md:{line}: field '{field}': .*{message}"):
        _check(kit)


@pytest.mark.parametrize("field", ["after", "first_action", "check_back"])
def test_a_missing_action_field_is_named(kit, field):
    _set(kit, field, None)
    with pytest.raises(GuideError, match=rf"field '{field}': is missing"):
        _check(kit)


@pytest.mark.parametrize(
    "value, message",
    [
        ("0", "at least 1"),
        ("-3", "at least 1"),
        ("0.5", "must be a whole number"),
        ("about 3", "must be a whole number"),
        ("true", "must be a whole number"),
        ("'3'", "must be a whole number"),
        ("", "is missing"),
    ],
)
def test_reading_time_is_refused_by_the_one_guide_check_naming_file_line_and_field(kit, value, message):
    """guides.check is the only guide checker: the reading lists trust what it passed,
    and a `reading_time: 0` it once let through reached them with a machine path."""
    line = _set(kit, "reading_time", value)
    with pytest.raises(GuideError, match=rf"^docs/playbook/strengths\.md:{line}: field 'reading_time': .*{message}"):
        _check(kit)
