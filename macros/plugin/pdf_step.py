"""The build's last step: the composer's data file and every PDF, from the loaded kit."""

from __future__ import annotations

import pathlib

from ..kit.links import Links
from ..pdf import build as pdf_build
from ..web import composer_data
from . import errors
from .kit_macros import KIT_PROBLEMS


def write_kit_data(kit, config) -> None:
    """The composer's data files, from the same loaded YAML as the pages."""
    data = composer_data.kit_data(kit.templates, kit.library, kit.workshops, Links.of_site(config))
    for name, text in composer_data.scripts(data).items():
        target = pathlib.Path(config["site_dir"]) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def make_pdfs(kit, config, earlier=None) -> None:
    """Every worksheet and pack, from the cache where possible; `earlier`
    is what the booklet step made (macros/plugin/booklet_step.py), for the one summary line."""
    try:
        pdf_build.publish(kit.root, config, (kit.library, kit.workshops), kit.checkup, earlier)
    except KIT_PROBLEMS as err:
        raise errors.kit_error(str(err)) from None
