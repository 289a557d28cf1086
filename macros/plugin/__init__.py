"""The MkDocs plugin (mkdocs.yml `plugins: - common-ground`) and the glue it calls.

plugin.py holds the build's state and one method per MkDocs event; each
method calls a plain helper of this folder with the kit, the page and the
config. This folder is the only part of macros/ that imports MkDocs (an
import-linter contract in pyproject.toml holds it to that).
"""
