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


def test_boxes_are_numbered_in_paper_order_with_private_ones_last_and_tied_to_their_steps():
    plan = sheets.sheet_plan(
        _exercise(
            [
                {"kind": "prompt", "label": "mine", "lines": 2, "private": True, "step": 1},
                {"kind": "prompt", "label": "ours", "lines": 2, "step": 2},
                {"kind": "card", "label": "A", "paragraphs": ["p"]},
            ]
        )
    )
    assert [b["block"]["label"] for b in plan["shared"]] == ["ours"]
    assert [(b["block"]["label"], b["number"]) for b in plan["private"]] == [("mine", 2)]
    assert plan["boxes_by_step"] == {1: [2], 2: [1]} and len(plan["cards"]) == 1


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
