"""Redirects in mkdocs.yml that would replace a real page, loop, or lead nowhere (macros/web/redirects.py)."""

from macros.web import redirects

PAGES = {"index.md", "playbook/strengths.md", "playbook/rewards.md"}


def test_a_redirect_from_a_moved_page_to_a_real_one_is_fine():
    assert redirects.problems({"playbook/old-strengths.md": "playbook/strengths.md#why"}, PAGES) == []
    assert redirects.problems({"old.md": "https://example.org/"}, PAGES) == []


def test_a_loop_between_two_real_pages_is_refused_naming_the_line(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "plugins:\n  - redirects:\n      redirect_maps:\n"
        "        playbook/strengths.md: playbook/rewards.md\n"
        "        playbook/rewards.md: playbook/strengths.md\n",
        encoding="utf-8",
    )
    found = redirects.problems(
        {"playbook/strengths.md": "playbook/rewards.md", "playbook/rewards.md": "playbook/strengths.md"}, PAGES, config
    )
    assert any(
        p.startswith(
            "mkdocs.yml:4: plugins.redirects.redirect_maps['playbook/strengths.md']: "
            "playbook/strengths.md is a page of this site"
        )
        for p in found
    ), found
    assert any(
        "mkdocs.yml:5:" in p and "form a loop (playbook/rewards.md → playbook/strengths.md → playbook/rewards.md)" in p
        for p in found
    ), found


def test_a_loop_between_old_addresses_and_a_chain_are_refused():
    loop = redirects.problems({"a.md": "b.md", "b.md": "a.md"}, PAGES)
    assert len(loop) == 2 and all("loop" in p for p in loop)
    chain = redirects.problems({"a.md": "b.md", "b.md": "index.md"}, PAGES)
    assert chain == [
        "mkdocs.yml: plugins.redirects.redirect_maps['a.md']: points at b.md, which is itself "
        "redirected; point it at index.md directly"
    ]


def test_a_redirect_to_a_page_that_is_not_published_is_refused():
    assert "which this site does not publish" in redirects.problems({"a.md": "gone.md"}, PAGES)[0]
