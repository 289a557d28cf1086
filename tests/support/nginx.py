"""Debian's nginx serving a built site with the shipped config (.ci/deploy/nginx/common-ground.conf).

The shipped server block is used as a team would copy it; only the site's
folder and the listening address change (127.0.0.1 and a free port). nginx
runs as the test's user with its own prefix, pid file, logs and temp folders,
so nothing of the machine's nginx setup is read or written.
"""

import contextlib
import os
import pathlib
import pwd
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
SHIPPED = ROOT / ".ci" / "deploy" / "nginx" / "common-ground.conf"
PLACEHOLDER_SITE = "/srv/common-ground/site"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MIME_TYPES = "/etc/nginx/mime.types"
MISSING = (
    "nginx is not installed: `make test` installs Debian's nginx (as .ci/run does), or run `apt-get install nginx`"
)


def server_config(site: pathlib.Path, port: int) -> str:
    """The shipped config with the site's folder and a loopback port put in."""
    text = SHIPPED.read_text(encoding="utf-8")
    for needed in (f"root {PLACEHOLDER_SITE};", f"include {PLACEHOLDER_SITE}/.nginx-redirects.map;", "listen 80;"):
        assert needed in text, f"{SHIPPED.relative_to(ROOT)} no longer says `{needed}`; update tests/support/nginx.py"
    text = text.replace(PLACEHOLDER_SITE, str(site))
    text = text.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("listen [::]:80;", "")
    return text


def _main_config(prefix: pathlib.Path, port: int, site: pathlib.Path) -> pathlib.Path:
    (prefix / "common-ground.conf").write_text(server_config(site, port), encoding="utf-8")
    temps = "\n".join(
        f"    {name}_temp_path {prefix / 'tmp' / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would switch to `nobody`, who cannot read pytest's private folders.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    main = prefix / "nginx.conf"
    main.write_text(
        f"""{user}
worker_processes 1;
daemon off;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 64; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    access_log {prefix / "access.log"};
{temps}
    include {prefix / "common-ground.conf"};
}}
""",
        encoding="utf-8",
    )
    return main


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(site: pathlib.Path, prefix: pathlib.Path):
    """Yield the base URL of nginx serving `site`; nginx stops when the block ends."""
    assert os.access(NGINX, os.X_OK), MISSING
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "tmp").mkdir(exist_ok=True)
    port = _free_port()
    main = _main_config(prefix, port, site)
    command = [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(main)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert check.returncode == 0, f"nginx refuses the shipped config:\n{check.stderr}"
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, proc, prefix)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_up(base: str, proc, prefix: pathlib.Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = (prefix / "error.log").read_text(errors="replace") if (prefix / "error.log").exists() else ""
            raise AssertionError(f"nginx stopped at once (exit {proc.returncode}):\n{log}")
        try:
            urllib.request.urlopen(base + "/", timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise AssertionError(f"nginx did not answer on {base} within {seconds} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 301 comes back as an answer, not followed


_OPENER = urllib.request.build_opener(_NoRedirect)


def get(url: str, headers: dict | None = None):
    """(status, headers, body) for one request, redirects not followed, errors as answers."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=20) as answer:
            return answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers, answer.read()


# Redirects planted into a copy of the built site, written by mkdocs-redirects'
# own functions exactly as its plugin writes them from mkdocs.yml (the real
# site has none yet). A family of spellings: nested, to the home page, with a
# fragment, non-ASCII with a space, nginx's own `$` and a quote, a path longer
# than nginx's default map bucket, and a target on another host.
# {old docs path: (new docs page's URL + fragment, or an outside address; the Location nginx must answer)}
LONG = "archive/" + "-".join(["an-old-guide-name-kept-for-years"] * 5) + ".md"
PLANTED = {
    "playbook/old-strengths.md": ("playbook/strengths/", "/playbook/strengths/"),
    "old/deeper/leadership.md": ("playbook/leadership-and-roles/", "/playbook/leadership-and-roles/"),
    "start-here.md": ("./", "/"),
    "playbook/café rules.md": ("playbook/rewards/#what-to-do", "/playbook/rewards/#what-to-do"),
    'playbook/$uri "quoted".md': ("playbook/measure-promises/", "/playbook/measure-promises/"),
    LONG: ("onboarding/", "/onboarding/"),
    "playbook/elsewhere.md": ("https://example.org/guide/", "https://example.org/guide/"),
}


def plant_redirects(site: pathlib.Path) -> dict:
    """Write the PLANTED stubs into `site`; {old URL path: expected Location} for every spelling."""
    from mkdocs_redirects.plugin import get_html_path, get_relative_html_path, write_html

    expected = {}
    for old, (new, location) in PLANTED.items():
        stub = get_html_path(old, True)  # 'playbook/old-strengths/index.html'
        target = new if new.startswith("https://") else get_relative_html_path(old, new, True)
        write_html(str(site), stub, target)
        folder = "/" + stub[: -len("index.html")]
        for spelling in (folder, folder.rstrip("/"), "/" + stub):
            expected[spelling] = location
    return expected


def linked_copy(site: pathlib.Path, dest: pathlib.Path) -> pathlib.Path:
    """A copy of the built site made of hard links: instant, and the shared build stays untouched."""
    shutil.copytree(site, dest, copy_function=os.link)
    return dest


@contextlib.contextmanager
def redirected_site(built_site: pathlib.Path, work: pathlib.Path):
    """Yield (base URL, site, {old path: expected Location}): the built site with the
    PLANTED redirects and the map `make site` writes, behind nginx."""
    from macros import publish

    site = linked_copy(built_site, work / "site")
    expected = plant_redirects(site)
    publish.write_redirect_map(site)  # what `make site` does after its build
    with serve(site, work / "prefix") as base:
        yield base, site, expected
