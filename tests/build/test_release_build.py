"""A release build (make release) refuses to publish at the placeholder address,
or at none, with a message that says what to set; no traceback, no site."""

import subprocess

import pytest

from support.project import ENV, MKDOCS, ROOT


@pytest.mark.parametrize(
    "address, says",
    [
        ("https://common-ground.example.org/", "Release refused: site_url is still the placeholder"),
        ("", "site_url (COMMON_GROUND_SITE_URL) is empty; set it to an address like https://kit.example.com/"),
    ],
)
def test_release_build_refuses_the_placeholder_or_no_address(tmp_path, address, says):
    env = {**ENV, "COMMON_GROUND_RELEASE": "1", "COMMON_GROUND_SITE_URL": address}
    if address.endswith("example.org/"):
        del env["COMMON_GROUND_SITE_URL"]  # the default in mkdocs.yml
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(tmp_path / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert says in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert not (tmp_path / "out" / "index.html").exists()
