"""The body of the paper check-up page (docs/workshops/checkup-paper.md).

Download links for the participant sheet and the tally sheet, and the form a
facilitator types the tallies into. Without JavaScript the form is a table to
read; docs/assets/javascripts/tally.js turns the counts into one result code
per sheet (macros/kit/checkup_paper.py gives the rule) and opens the team view.
"""

from __future__ import annotations

import pathlib

from .. import templating
from ..kit import checkup_paper
from ..kit.paths import checkup_pdfs
from ..kit.reads import nothing

TEAM_VIEW = "workshops/checkup.md"


def render(templates_dir, checkup, docs_dir, links, record=nothing) -> str:
    """`links`: the page's Links (macros/kit/links.py)."""
    record(checkup.file)
    template = templating.environment(str(templates_dir)).get_template("checkup_paper.html.j2")
    return templating.squeeze(
        template.render(
            paper_sheet=checkup_paper.sheet(checkup),
            sheet_pdfs=checkup_pdfs("sheet"),
            tally_pdfs=checkup_pdfs("tally"),
            root=links.root,
            # The check-up's own page (engineer L's); no link while it does not exist.
            team_view=links.href(TEAM_VIEW) if (pathlib.Path(docs_dir) / TEAM_VIEW).is_file() else "",
            max_people=checkup_paper.MAX_PEOPLE,
        )
    )
