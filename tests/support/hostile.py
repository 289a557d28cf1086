"""Hostile text, and kit files made from the schemas to put it in.

`payloads` and `multiline_payload` are every kind of text some later stage
of the build could act on. tests/support/fieldcheck.py puts them into every
field of every data file the walk finds (tests/support/datawalk.py).

`exercise` and `workshop` make a kit file with every field its JSON Schema
allows, by walking the schema (exercises/schema.json,
exercises/workshops/schema.json), not from a list of fields: a field added
to a schema tomorrow, before any file uses it, is in them too. Only values
the schema pins (ids, dates, tags, enums, numbers) are set to valid ones,
and the rules a schema cannot say (steps add up, ids exist) are fixed
afterwards. Given no payloads, their text is plain ("H012").
"""

from __future__ import annotations

import copy
import itertools
import json

# A line the schemas use for "one line of text"; any other pattern pins the value.
ONE_LINE = "^[^\\n]+$"
# The one link YAML text may hold: a site link, shown as a link to the published page.
SITE_LINK = "[guide](playbook/strengths.md#why)"
# Bidirectional and zero-width controls: they reorder or hide what a reader sees.
CONTROLS = "\u202e\u2066\u200b"


def payloads(secret_file: str, snippet: str) -> list:
    """Every kind of text that some later stage of the build could act on, one line each."""
    return [
        "{!" + secret_file + "!}",
        "{!../../mkdocs.yml!}",
        "{!../mkdocs.yml!}",
        "{{ 7*7 }}",
        "{% if true %}J{% endif %}",
        '<script>alert("x")</script>',
        "<img src=x onerror=alert(1)>",
        "](../x)",
        "[x](../../x)",
        "*[HX]: abbr",
        "{: .pwned #pwned }",
        f'--8<-- "{snippet}"',
        "[click](javascript:alert(1))",
        "![pic](https://evil.example/x.png)",
        SITE_LINK,
        "100% & 'single' \"double\"",
    ]


def multiline_payload(secret_file: str, snippet: str) -> str:
    """Directives that act only at the start of a line, for fields that may hold newlines."""
    return f"\n\n{{!{secret_file}!}}\n--8<--\n{snippet}\n--8<--\n*[HX]: pwned abbreviation\n[TOC]\n{{: .pwned }}"


class Filler:
    """Walks one schema, filling every text field; remembers what it put where."""

    def __init__(self, schema: dict, texts: list, multiline: str, pinned: dict):
        self.schema, self.texts, self.multiline, self.pinned = schema, texts, multiline, pinned
        self.filled: dict = {}  # field path -> text
        self._turn = itertools.count()

    def resolve(self, node: dict) -> dict:
        while "$ref" in node:
            extra = {k: v for k, v in node.items() if k != "$ref"}
            target = self.schema
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = {**target, **extra}
        return node

    def value(self, node: dict, path: tuple):
        node = self.resolve(node)
        name = path[-1] if path and isinstance(path[-1], str) else None
        if name in self.pinned and not isinstance(self.pinned[name], dict):
            return copy.deepcopy(self.pinned[name])
        if "const" in node:
            return node["const"]
        if "enum" in node:
            return node["enum"][0]
        kind = node.get("type")
        if kind == "object":
            return {key: self.value(sub, (*path, key)) for key, sub in node.get("properties", {}).items()}
        if kind == "array":
            return self.array(node, path)
        if kind == "integer":
            return max(node.get("minimum", 1), 1)
        if kind == "boolean":
            return False
        if kind == "string":
            return self.text(node, path)
        raise AssertionError(f"the schema has a field this walk cannot fill: {path} {node}")

    def array(self, node: dict, path: tuple) -> list:
        items = self.resolve(node["items"])
        if "if" in items:  # items of two shapes (a material: a sentence or a countable thing): one of each
            return [self.value(items[branch], (*path, index)) for index, branch in enumerate(("else", "then"))]
        variants = items.get("properties", {}).get("kind", {}).get("enum")
        if variants:  # one item of each kind: a worksheet block or an agenda slot of each kind
            return [self.variant(items, kind, (*path, index)) for index, kind in enumerate(variants)]
        count = max(node.get("minItems", 1), 1)
        return [self.value(items, (*path, index)) for index in range(count)]

    def variant(self, items: dict, kind: str, path: tuple) -> dict:
        chosen = items
        for rule in items.get("allOf", []):
            if rule.get("if", {}).get("properties", {}).get("kind", {}).get("const") == kind and "$ref" in rule.get(
                "then", {}
            ):
                chosen = self.resolve(rule["then"])
        data = self.value(chosen, path)
        data["kind"] = kind
        return data

    def text(self, node: dict, path: tuple) -> str:
        if node.get("pattern", ONE_LINE) != ONE_LINE or "format" in node:
            raise AssertionError(f"{path}: a pinned value is needed for this patterned field")
        turn = next(self._turn)
        # A worksheet must still fit one page: its fields get fewer payloads
        # each (every payload still lands in several of them), and no
        # line-start directives (the web page's fields carry those).
        on_sheet = path[:1] == ("worksheet",)
        limit = min(node.get("maxLength", 1200), 75 if on_sheet else 170)
        text = f"H{turn:03d}"
        for payload in itertools.islice(itertools.cycle(self.texts), turn, turn + len(self.texts)):
            if len(text) + 1 + len(payload) <= limit:
                text += " " + payload
        roomy = not on_sheet
        if roomy and node.get("pattern") != ONE_LINE and len(text) + len(self.multiline) <= node.get("maxLength", 1200):
            text += self.multiline
        self.filled[path] = text
        return text


def exercise(schema_path, texts, multiline, exercise_id: str, related: str) -> tuple:
    """(data, {path: text}) for an exercise with hostile text in every text field."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    pinned = {
        "id": exercise_id,
        "updated": "2026-11-23",
        "tags": ["conflict"],
        "guide": "playbook/strengths.md",
        "related": [related],
        "formats": ["in-person", "remote", "hybrid"],
        "write": "20 words",  # an answer length (a patterned field)
    }
    filler = Filler(schema, texts, multiline, pinned)
    data = filler.value(schema, ())
    # What the schema cannot say: the steps add up, min <= max, a table has
    # row labels or rows (not both) and an example cell per column.
    for step in data["steps"]:
        step["minutes"] = 5
    data["minutes"]["run"] = 5 * len(data["steps"])
    data["group_size"] = {"min": 2, "max": 8}
    for block in data["worksheet"]["blocks"]:
        if block["kind"] == "table":
            block.pop("rows", None)
            assert len(block["example"]) == len(block["columns"])
    for cut in data.get("cuts", []):  # a cut names a step by its (hostile) title
        cut["step"], cut["saves"] = data["steps"][0]["title"], 1
        filler.filled.pop(next(p for p in filler.filled if p[:1] == ("cuts",) and p[-1] == "step"), None)
    return data, filler.filled


def workshop(schema_path, texts, multiline, workshop_id: str, exercise_id: str, run_minutes: int) -> tuple:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    pinned = {
        "id": workshop_id,
        "updated": "2026-11-23",
        "start": "09:00",
        "tags": ["conflict"],
        "exercise": exercise_id,
    }
    filler = Filler(schema, texts, multiline, pinned)
    data = filler.value(schema, ())
    for slot in data["agenda"]:
        if slot["kind"] == "exercise":
            slot["minutes"] = run_minutes
        else:
            slot.pop("exercise")  # only an exercise slot names one
            slot["minutes"] = 10
    data["minutes_total"] = sum(slot["minutes"] for slot in data["agenda"])
    for index, variant in enumerate(data.get("variants", [])):
        # A shorter version leaves out the break, named by its (hostile) title.
        dropped = next(slot for slot in data["agenda"] if slot["kind"] == "break")
        variant["drop"] = [dropped["title"]]
        variant["minutes_total"] = data["minutes_total"] - dropped["minutes"]
        for key in ("minutes", "cuts"):  # optional maps keyed by ids: nothing to fill
            variant.pop(key, None)
        filler.filled.pop(("variants", index, "drop", 0), None)
    return data, filler.filled
