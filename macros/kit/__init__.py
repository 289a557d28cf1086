"""The kit's data: YAML files turned into checked objects.

Knows nothing of Jinja, MkDocs or WeasyPrint (an import-linter contract in
pyproject.toml holds it to that), so every rule here is testable alone.
"""
