"""Preview cards without the network: Material's social plugin draws with the kit's own fonts.

The social plugin looks for a font family in <cache_dir>/fonts/<family>/, one
file per style named as the style ("Regular.ttf", "Bold.ttf"), and downloads
the family from Google Fonts when that folder is missing (mkdocs-material
#6983, discussion #7127). We fill the folder from the pinned
font-source-sans-pro package before any card is drawn, and replace the
download with a clear error, so a build never asks another host for anything.
"""

import os
import pathlib
import shutil

import font_source_sans_pro
from PIL import ImageFont

from . import errors

FAMILY = "Source Sans Pro"
FONT_FILES = pathlib.Path(font_source_sans_pro.__file__).parent / "files"


def use_kit_fonts(config) -> None:
    """Point Material's social plugin at the project's layouts and the kit's own fonts."""
    social = config.plugins.get("material/social")
    if social is None or not social.config.enabled:
        return
    root = os.path.dirname(config.config_file_path)
    # The plugin reads its layouts relative to the working directory;
    # anchor them to the project so a build from elsewhere finds them.
    social.config.cards_layout_dir = os.path.join(root, social.config.cards_layout_dir)
    stage_fonts(pathlib.Path(root, social.config.cache_dir, "fonts", FAMILY))
    social._fetch_font_from_google_fonts = refuse_download


def stage_fonts(folder: pathlib.Path) -> None:
    """Copy every style of the family, named the way the plugin names downloads."""
    folder.mkdir(parents=True, exist_ok=True)
    for ttf in sorted(FONT_FILES.glob("*.ttf")):
        name, style = ImageFont.truetype(str(ttf)).getname()
        target = folder / (" ".join([name.replace(FAMILY, ""), style]).strip() + ".ttf")
        if not target.exists() or target.stat().st_size != ttf.stat().st_size:
            shutil.copyfile(ttf, target)


def refuse_download(family: str):
    raise errors.kit_error(
        f"social cards: the font family {family!r} is not one the kit ships, and fonts are "
        f"never downloaded. Use {FAMILY!r} in templates/social/card.yml "
        f"(macros/plugin/social_cards.py stages it from the font-source-sans-pro package)."
    )
