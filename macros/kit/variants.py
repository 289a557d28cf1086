"""Length variants of a workshop: other versions of its agenda.

A variant (the `variants:` list of a workshop file) starts from the agenda
and changes three things: it leaves items out (`drop`), gives items new
minutes (`minutes`) and takes exercises' own cuts (`cuts`), which lower the
minutes an exercise needs. An agenda item is named by its own title when it
has one (breaks and discussions always do), else by its exercise id: an
exercise on the agenda twice is told apart by giving each a title.

The composer's JavaScript (docs/assets/javascripts/schedule.js) applies a
variant by the same rules; a browser test holds the two side by side.
"""

from __future__ import annotations

from .schema import Problem, field_name, field_of


def item_key(item: dict) -> str:
    """How a variant names an agenda item: its own title, else its exercise id."""
    return item.get("title") or item["exercise"]


def cut_savings(exercise: dict, cut_ids) -> int:
    """Minutes the named cuts of an exercise save between them."""
    saves = {cut["id"]: cut["saves"] for cut in exercise.get("cuts", [])}
    return sum(saves[cut_id] for cut_id in cut_ids)


def minimum_minutes(exercise: dict, cut_ids) -> int:
    """Minutes an exercise needs with these cuts taken."""
    return exercise["minutes"]["run"] - cut_savings(exercise, cut_ids)


def apply(agenda: list, variant: dict) -> list:
    """The variant's agenda: items kept in order, with their new minutes and
    the cuts taken (`cuts` on an exercise item, a list of cut ids)."""
    dropped = set(variant.get("drop", []))
    minutes = variant.get("minutes", {})
    cuts = variant.get("cuts", {})
    out = []
    for item in agenda:
        key = item_key(item)
        if key in dropped:
            continue
        changed = dict(item, minutes=minutes.get(key, item["minutes"]))
        if item.get("exercise") and key in cuts:
            changed["cuts"] = list(cuts[key])
        out.append(changed)
    return out


def variant_problems(doc, name: str, exercises: dict) -> list:
    """What is wrong with every variant of a schema-valid workshop file.

    `exercises` maps exercise ids to exercise data (steps, cuts, minutes).
    """
    data, problems = doc.data, []
    keys = [item_key(item) for item in data["agenda"]]
    seen_ids = {}
    for index, variant in enumerate(data.get("variants", [])):
        path = ("variants", index)

        def add(sub, message, path=path):
            full = path + sub
            problems.append(Problem(name, doc.line_of(full), message, field_of(full)))

        if variant["id"] in seen_ids:
            add(("id",), f"'{variant['id']}' is also the id of variants[{seen_ids[variant['id']]}]")
        seen_ids.setdefault(variant["id"], index)
        _reference_problems(variant, keys, data["agenda"], exercises, add)
        if not any((p.field or "").startswith(field_name(path) + ".") for p in problems):
            _minute_problems(variant, data["agenda"], exercises, add)
    return problems


def _reference_problems(variant, keys, agenda, exercises, add):
    """Every name in drop, minutes and cuts points at one agenda item."""
    known = ", ".join(dict.fromkeys(keys))
    for field in ("drop", "minutes", "cuts"):
        entries = variant.get(field, [])
        for position, key in enumerate(entries):
            sub = (field, position) if field == "drop" else (field, key)
            if key not in keys:
                add(sub, f"no agenda item named '{key}' (agenda items: {known})")
            elif keys.count(key) > 1:
                add(sub, _ambiguous(key, keys.count(key), agenda))
            elif field != "drop" and key in variant.get("drop", []):
                add(sub, f"'{key}' is dropped by this version, so it can have no {field}")
    for key, cut_ids in variant.get("cuts", {}).items():
        item = next((i for i in agenda if item_key(i) == key), None)
        if item is None or not item.get("exercise"):
            if item is not None:
                add(("cuts", key), f"'{key}' is not an exercise; only exercises have cuts")
            continue
        own = [cut["id"] for cut in exercises[item["exercise"]].get("cuts", [])]
        for position, cut_id in enumerate(cut_ids):
            if cut_id not in own:
                add(
                    ("cuts", key, position),
                    f"exercise '{item['exercise']}' has no cut '{cut_id}' (its cuts: {', '.join(own) or 'none'})",
                )


def _ambiguous(key: str, count: int, agenda: list) -> str:
    """A name that several agenda items share, and how to tell them apart."""
    if any(item.get("exercise") == key and not item.get("title") for item in agenda):
        return (
            f"'{key}' names {count} agenda items: the exercise is on the agenda {count} times. Give each a title "
            "of its own in the agenda (title: ...) and name it here by that title"
        )
    return f"'{key}' names {count} agenda items; give them different titles and name one here by its title"


def _minute_problems(variant, agenda, exercises, add):
    """Each exercise gets the minutes it needs after its cuts; the total adds up."""
    items = apply(agenda, variant)
    if not items:
        add(("drop",), "this version leaves out every agenda item")
        return
    for item in items:
        if not item.get("exercise"):
            continue
        cut_ids = item.get("cuts", [])
        need = minimum_minutes(exercises[item["exercise"]], cut_ids)
        if item["minutes"] < need:
            taken = f" with cuts {', '.join(cut_ids)}" if cut_ids else ""
            key = item_key(item)
            sub = ("minutes", key) if key in variant.get("minutes", {}) else ("minutes_total",)
            add(
                sub,
                f"{item['minutes']} minutes is shorter than exercise '{item['exercise']}' needs{taken} "
                f"({need}); give it more minutes or take more of its cuts",
            )
    total = sum(item["minutes"] for item in items)
    if total != variant["minutes_total"]:
        add(
            ("minutes_total",),
            f"minutes_total is {variant['minutes_total']} but this version's agenda adds up to {total}; make them equal",
        )
