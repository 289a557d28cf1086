"""The body of the check-up page (docs/workshops/checkup.md).

The statements are printed in the page as a form, so they read without
JavaScript; docs/assets/javascripts/checkup.js scores them, ranks the areas,
reads codes and builds the composer's address. What it needs besides the
form (areas, guides, exercises with their minutes and cuts, workshops and
their lengths) travels in one data attribute as JSON: an attribute's
character references are decoded by the browser, so the braces the kit's
templates turn into references reach the script as braces.
"""

from __future__ import annotations

import json

from .. import templating
from ..kit import labels
from ..kit.reads import nothing

# The slots the result offers to fit (the 90 minutes, 3 hours, a day).
SLOTS = ((90, "90 minutes"), (180, "3 hours"), (480, "A full day (8 hours)"))


def render(templates_dir, checkup, library, workshops: dict, titles: dict, links, record=nothing) -> str:
    """`titles` maps a guide's docs path to its title; `links` are the page's (macros/kit/links.py)."""
    href = links.href
    record(checkup.file, "exercises/*.yml", "exercises/workshops/*.yml")
    areas = [_area(area, library, titles, href) for area in checkup["areas"]]
    data = {
        "areas": areas,
        "statements": [{k: s[k] for k in ("id", "area", "healthy")} for s in checkup["statements"]],
        # The words for breaks and units, from templates/partials/labels.yml (not typed in checkup.js).
        "labels": labels.load(templates_dir).data(),
        "workshops": [_workshop(w, href, labels.load(templates_dir)) for w in workshops.values()],
        "slots": [list(slot) for slot in SLOTS],
        "composer": href("workshops/compose.md"),
    }
    template = templating.environment(str(templates_dir)).get_template("checkup.html.j2")
    return templating.squeeze(
        template.render(
            checkup=checkup.data,
            areas=areas,
            slots=SLOTS,
            data=json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":")),
            href=href,
        )
    )


def _area(area: dict, library, titles: dict, href) -> dict:
    guides = [area["guide"], *area.get("also_read", [])]
    return {
        "id": area["id"],
        "letter": area["letter"],
        "title": area["title"],
        "first_step": area["first_step"],
        "guides": [{"title": titles.get(g, g), "href": href(g)} for g in guides],
        "exercises": [_exercise(library[e], href) for e in area["exercises"]],
    }


def _exercise(exercise, href) -> dict:
    data = exercise.data
    return {
        "id": exercise.id,
        "title": data["title"],
        "href": href(f"exercises/{exercise.id}.md"),
        "minutes": data["minutes"]["run"],
        "cuts": [{"id": c["id"], "saves": c["saves"]} for c in data.get("cuts", [])],
    }


def _workshop(workshop, href, words) -> dict:
    lengths = [{"id": "", "title": workshop["title"], "minutes": workshop["minutes_total"]}]
    lengths += [{"id": v.id, "title": v["title"], "minutes": v["minutes_total"]} for v in workshop.variants]
    for length in lengths:
        length["label"] = words.length(length["minutes"])
    return {
        "id": workshop.id,
        "title": workshop["title"],
        "href": href(f"workshops/{workshop.id}.md"),
        "exercises": workshop.exercise_ids,
        "lengths": lengths,
    }
