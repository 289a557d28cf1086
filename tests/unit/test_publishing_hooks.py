"""The publishing hooks on their own: edit links only with a repository, the
placeholder address announced, preview-card fonts staged and never downloaded."""

import types

import pytest
from mkdocs.exceptions import PluginError

from macros.plugin import publishing, social_cards
from support.project import REPO_URL, ROOT, SITE_URL


def test_without_a_repository_no_page_has_an_edit_link(tmp_path):
    config = types.SimpleNamespace(
        repo_url=None, edit_uri="edit/main/", docs_dir=str(ROOT / "docs"), config_file_path=str(ROOT / "mkdocs.yml")
    )
    assert publishing.edit_url(config, "playbook/rewards.md") is None
    config.repo_url = REPO_URL
    assert publishing.edit_url(config, "playbook/rewards.md") == f"{REPO_URL}/edit/main/docs/playbook/rewards.md"


def test_placeholder_address_is_announced_in_a_build(capsys):
    publishing.check_address("https://common-ground.example.org/", release=False)
    assert "still the placeholder" in capsys.readouterr().err
    publishing.check_address(SITE_URL, release=False)
    assert capsys.readouterr().err == ""


def test_no_build_downloads_a_font_for_the_preview_cards(tmp_path):
    fonts = tmp_path / "fonts" / social_cards.FAMILY
    social_cards.stage_fonts(fonts)
    assert {"Regular.ttf", "Bold.ttf", "Semibold.ttf"} <= {p.name for p in fonts.iterdir()}
    with pytest.raises(PluginError, match="never downloaded"):
        social_cards.refuse_download("Roboto")
