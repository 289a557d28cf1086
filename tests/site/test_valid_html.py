"""Valid HTML: what our Markdown and our templates write (guides, worksheets,
exercise cards, the exercise library) passes the W3C Nu validator.

Each page's main content is cut out of the built page and wrapped in a minimal
valid document, so Material's own header and navigation (which carry two
upstream errors in base.html) do not hide ours. vnu.jar runs once, on the
machine's Java, over every page.
"""

import html
import json
import subprocess

from support.browser import VNU_JAR
from support.sitehtml import html_files, main_fragment, url_of

WRAPPER = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main>
{fragment}
</main></body></html>
"""


def _write_fragments(site, out_dir) -> dict[str, str]:
    """One wrapped file per page with main content; maps file name to page URL."""
    files = {}
    for number, page in enumerate(html_files(site)):
        fragment = main_fragment(page.read_text(encoding="utf-8"))
        if not fragment:
            continue  # redirect pages have no main content
        url = url_of(site, page) or "/"
        target = out_dir / f"page-{number:03}.html"
        target.write_text(WRAPPER.format(title=html.escape(url), fragment=fragment), encoding="utf-8")
        files[target.name] = url
    return files


def run_vnu(paths) -> list[dict]:
    assert VNU_JAR.is_file(), f"{VNU_JAR} missing: run `make tools` (make test does it)"
    result = subprocess.run(
        # The schema needs a deep stack (vnu asks for 512k at least); the C1-only
        # JIT halves start-up for a run this short.
        [
            "java",
            "-Xss4m",
            "-XX:TieredStopAtLevel=1",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        return json.loads(result.stderr)["messages"]
    except json.JSONDecodeError:
        raise AssertionError(f"vnu.jar gave no report (exit {result.returncode}):\n{result.stderr[-2000:]}") from None


def test_main_content_of_every_page_is_valid_html(built_site, tmp_path):
    files = _write_fragments(built_site, tmp_path)
    assert any(url == "exercises/" for url in files.values()), "exercise library page missing"
    messages = run_vnu(sorted(tmp_path.glob("*.html")))
    problems = [
        f"{files.get(m.get('url', '').rpartition('/')[2], m.get('url'))}: {m['message']} near {m.get('extract', '').strip()!r}"
        for m in messages
        if m["type"] in ("error", "non-document-error") or m.get("subType") == "warning"
    ]
    assert not problems, f"{len(problems)} HTML validator findings:\n" + "\n".join(problems)
