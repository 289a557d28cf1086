"""The dependency ranges in pyproject.toml say what the code supports, and
constraints.txt pins a version inside each of them.

Every direct dependency has a floor; those that have broken the kit on a
major release have a ceiling (MkDocs 2, Material 10, pymdown-extensions
14: a new major release of any of them changes the Markdown or the hooks the
pages are built with). WeasyPrint's floor leaves out the releases with the
two fixed SSRF advisories (before 70: a stylesheet or image address in a
rendered page could make the build fetch from inside the network).
"""

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from support.project import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REQUIREMENTS = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]] + [
    Requirement(r) for extra in PYPROJECT["project"]["optional-dependencies"].values() for r in extra
]
PINS = {
    canonicalize_name(name): Version(version)
    for name, version in re.findall(
        r"(?m)^([A-Za-z0-9_.-]+)==([^\s;#]+)", (ROOT / "constraints.txt").read_text(encoding="utf-8")
    )
}
# A new major release of these changes what the pages are built with.
CEILED = ["mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "pymdown-extensions", "markdown-include"]


@pytest.mark.parametrize("requirement", REQUIREMENTS, ids=lambda r: r.name)
def test_each_dependency_has_a_floor_and_a_pin_inside_its_range(requirement):
    floors = [s for s in requirement.specifier if s.operator in (">=", "==", "~=")]
    assert floors, f"pyproject.toml: {requirement.name} has no lowest version"
    pinned = PINS.get(canonicalize_name(requirement.name))
    assert pinned is not None, f"constraints.txt pins no version of {requirement.name}: run make lock"
    assert requirement.specifier.contains(pinned, prereleases=True), (
        f"constraints.txt pins {requirement.name} {pinned}, outside pyproject.toml's {requirement.specifier}"
    )


@pytest.mark.parametrize("name", CEILED)
def test_the_markdown_stack_has_a_ceiling(name):
    requirement = next(r for r in REQUIREMENTS if canonicalize_name(r.name) == name)
    assert any(s.operator in ("<", "<=", "~=", "==") for s in requirement.specifier), (
        f"pyproject.toml: {name} has no highest version; its next major release may change the pages"
    )


def test_weasyprint_is_at_least_70_with_the_ssrf_fixes():
    requirement = next(r for r in REQUIREMENTS if r.name.lower() == "weasyprint")
    for version in ("63", "68.1", "69.0"):
        assert not requirement.specifier.contains(version), f"pyproject.toml lets WeasyPrint {version} in"
    assert requirement.specifier.contains("70.0")
