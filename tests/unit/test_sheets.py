"""What a worksheet asks of paper (macros/kit/sheets.py), on plain data."""

from macros.kit import sheets


def _exercise(blocks, steps=3):
    return {
        "worksheet": {"blocks": blocks},
        "steps": [{"title": f"S{i}", "minutes": 5, "grouping": "solo", "instruction": "x"} for i in range(steps)],
    }


def test_a_longer_example_gets_more_lines_and_a_wider_column():
    short = sheets.table_room(
        {"kind": "table", "label": "t", "columns": ["a", "b"], "rows": 1, "example": ["x" * 10, "y" * 10]}
    )
    long = sheets.table_room(
        {"kind": "table", "label": "t", "columns": ["a", "b"], "rows": 1, "example": ["x" * 10, "y" * 300]}
    )
    assert long["row_lines"] > short["row_lines"] and long["widths"][1] > long["widths"][0]
    width_mm = long["widths"][1] / 100 * sheets.SHEET_WIDTH_MM
    assert sheets.lines_for(300, width_mm) <= long["row_lines"]


def _numbers(blocks, steps=6):
    plan = sheets.sheet_plan(_exercise(blocks, steps))
    on_paper = plan["private"] + plan["shared"] if plan["private_first"] else plan["shared"] + plan["private"]
    return [(b["block"]["label"], b["number"]) for b in on_paper], plan


def _prompt(label, step=None, **more):
    return {"kind": "prompt", "label": label, "lines": 2, **({"step": step} if step else {}), **more}


def test_boxes_are_numbered_in_step_order_whatever_order_the_yaml_lists_them():
    # Box 1 is the box step 1 fills, with the private part at the top when its steps come first ...
    order, plan = _numbers(
        [_prompt("ours", 2), _prompt("mine", 1, private=True), {"kind": "card", "label": "A", "paragraphs": ["p"]}]
    )
    assert order == [("mine", 1), ("ours", 2)] and plan["private_first"]
    assert plan["boxes_by_step"] == {1: [1], 2: [2]} and len(plan["cards"]) == 1
    # ... and at the foot when they come last; listed out of step order, numbered in it.
    order, plan = _numbers(
        [_prompt("late", 5), _prompt("early", 1), _prompt("kept", 6, private=True), _prompt("mid", 3)]
    )
    assert order == [("early", 1), ("mid", 2), ("late", 3), ("kept", 4)] and not plan["private_first"]
    # A box without a step keeps its place after the box before it.
    order, _ = _numbers([_prompt("b", 4), _prompt("after b"), _prompt("a", 2)])
    assert order == [("a", 1), ("b", 2), ("after b", 3)]


def test_private_boxes_between_shared_ones_are_refused_since_a_tear_line_sets_apart_only_top_or_foot():
    for blocks in (
        [_prompt("a", 1), _prompt("mine", 2, private=True), _prompt("b", 3)],
        [_prompt("mine", 1, private=True), _prompt("a", 2), _prompt("also mine", 3, private=True)],
    ):
        index, message = sheets.order_problem(_exercise(blocks, 6))
        assert blocks[index]["label"] in ("mine", "b", "a", "also mine") and "tear line" in message
    assert sheets.order_problem(_exercise([_prompt("mine", 1, private=True), _prompt("a", 2)], 6)) is None


def test_a_prompt_gets_lines_for_its_write_hint_or_the_example_its_step_quotes():
    exercise = _exercise([], 2)
    exercise["steps"][0]["instruction"] = 'Write it, like "a short one" or \u201ca much longer example, quoted\u201d.'
    per_line = sheets.per_line(sheets.SHEET_WIDTH_MM, sheets.LINE_PAD_MM)
    for block, need in (
        ({"kind": "prompt", "label": "p", "lines": 1, "write": "40 words"}, 240),
        ({"kind": "prompt", "label": "p", "lines": 1, "write": "1 word"}, 6),
        ({"kind": "prompt", "label": "p", "lines": 1, "write": "120 characters"}, 120),
        ({"kind": "prompt", "label": "p", "lines": 1, "step": 1}, len("a much longer example, quoted")),
    ):
        room = sheets.prompt_room(exercise, block)
        assert room["need"] == need and room["lines"] * per_line >= need
    # Never fewer than the YAML's lines.
    assert sheets.prompt_room(exercise, {"kind": "prompt", "label": "p", "lines": 5, "write": "1 word"})["lines"] == 5


def test_handwriting_takes_at_least_3_8_mm_a_character():
    # 180 mm less 2 mm for the pen's start holds 46 characters, not the 71 of 2.5 mm.
    assert sheets.CHAR_MM >= 3.8 and sheets.per_line(180, 2) == 46


def test_copy_counts_add_a_tenth_in_spares_and_never_none():
    assert sheets.copies("participant", 16) == {"copies": 16, "spares": 2}
    assert sheets.copies("trio", 16) == {"copies": 6, "spares": 1}


def test_step_times_are_elapsed_on_the_page_and_clock_times_in_a_workshop():
    exercise = _exercise([{"kind": "prompt", "label": "p", "lines": 1, "step": 2}])
    assert [t["starts"] for t in sheets.timed_steps(exercise)] == ["0:00", "0:05", "0:10"]
    timed = sheets.timed_steps(exercise, "09:55")
    assert [t["starts"] for t in timed] == ["09:55", "10:00", "10:05"] and timed[1]["boxes"] == [1]


def test_a_plan_is_made_once_per_exercise_and_never_shared_between_two():
    blocks = [{"kind": "prompt", "label": "ours", "lines": 2}]
    one, other = _exercise(blocks), _exercise(list(blocks))
    assert sheets.sheet_plan(one) is sheets.sheet_plan(one)
    assert sheets.sheet_plan(other) is not sheets.sheet_plan(one)
    assert sheets.sheet_plan(other) == sheets.sheet_plan(one)
