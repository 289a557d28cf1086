"""Entry point that mkdocs-macros loads (``module_name: macros``).

This file only registers things. Loading, validating and rendering live in
plain modules beside it, so they can be tested without MkDocs.
"""


def define_env(env):
    """Register the kit's variables, macros and filters with mkdocs-macros."""
