"""Files on the build machine that every PDF is made from.

The print templates and CSS, and the pinned Source Sans Pro TTF files. Both
resolved: the PDF fetcher resolves every file URL before comparing it with
these, and a virtual environment reached through a symlink would otherwise
have its own fonts refused.
"""

import pathlib

import font_source_sans_pro

PRINT_DIR = pathlib.Path(__file__).resolve().parent.parent.parent / "templates" / "print"
FONT_DIR = pathlib.Path(font_source_sans_pro.font_directory).resolve()
