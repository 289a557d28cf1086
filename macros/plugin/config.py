"""What mkdocs.yml may set for the plugin (`plugins: - common-ground: {...}`)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class Switch(c.BaseConfigOption[bool]):
    """On or off, as an environment variable gives it through mkdocs.yml's !ENV:
    unset, empty, 0, false or no is off; 1, true or yes is on."""

    def __init__(self, default: bool = False):
        super().__init__()
        self.default = default

    def run_validation(self, value: object, /) -> bool:
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, int):
            return value != 0
        if isinstance(value, str) and value.strip().lower() in (
            "",
            "0",
            "false",
            "no",
            "off",
            "1",
            "true",
            "yes",
            "on",
        ):
            return value.strip().lower() in ("1", "true", "yes", "on")
        raise c.ValidationError(f"expected on or off (1 or 0, true or false), got {value!r}")


class CommonGroundConfig(base.Config):
    # A release build refuses the placeholder site address (macros/plugin/publishing.py);
    # `make release` sets COMMON_GROUND_RELEASE=1, which mkdocs.yml hands in here.
    release = Switch()
