"""Caches that cannot poison a build (macros/pdf/cache.py, macros/kit/filecache.py):
an entry is used only if its bytes match the length and digest stored with
it, a cache holds data and never code, and a cache that cannot be written
costs speed, with one warning."""

import ast
import errno
import hashlib
import json
import logging

import pytest

from macros.kit import filecache
from macros.pdf.cache import PdfCache
from support.project import ROOT

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n"


@pytest.fixture(autouse=True)
def fresh_warning_state(monkeypatch):
    monkeypatch.setattr(filecache, "_UNWRITABLE", set())
    monkeypatch.setattr(filecache, "_UNWRITABLE_SAID", [])


def _flip_one_bit(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


@pytest.mark.parametrize("damage", [lambda d: d[: len(d) // 2], _flip_one_bit, lambda d: b""])
def test_a_damaged_entry_is_a_miss_and_is_named(tmp_path, damage):
    cache = PdfCache(tmp_path / "pdf")
    cache.put("ab12", PDF)
    assert cache.copy_to("ab12", tmp_path / "site" / "x.pdf")
    assert (tmp_path / "site" / "x.pdf").read_bytes() == PDF
    cache.path("ab12").write_bytes(damage(PDF))
    assert not cache.copy_to("ab12", tmp_path / "site" / "y.pdf")
    assert not (tmp_path / "site" / "y.pdf").exists(), "a damaged entry was published"
    assert cache.damaged == ["ab12"]
    cache.put("ab12", PDF)  # rendered again
    assert cache.read("ab12") == PDF


def test_an_entry_without_its_check_is_a_miss(tmp_path):
    """A build killed between writing the PDF and its check leaves no usable entry."""
    cache = PdfCache(tmp_path / "pdf")
    cache.put("ab12", PDF)
    cache.path("ab12").with_suffix(".sum").unlink()
    assert cache.read("ab12") is None


def _messages(caplog):
    return [r.getMessage() for r in caplog.records if "Cache warning" in r.getMessage()]


def test_a_cache_folder_that_is_a_file_gives_one_warning_and_no_crash(tmp_path, caplog):
    (tmp_path / "pdf").write_text("not a folder")
    cache = PdfCache(tmp_path / "pdf")
    with caplog.at_level(logging.INFO):
        for key in ("ab12", "cd34", "ef56"):
            assert cache.read(key) is None
            cache.put(key, PDF)
        cache.write_manifest({"x.pdf": "ab12"})
        cache.prune(set())
        _store(tmp_path, {"entry": {"a": 1}})
    assert len(_messages(caplog)) == 1, caplog.text


def test_a_full_disk_gives_one_warning_and_leaves_no_temporary_file(tmp_path, monkeypatch, caplog):
    cache = PdfCache(tmp_path / "pdf")

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("macros.pdf.cache.os.replace", full)
    monkeypatch.setattr("macros.kit.filecache.os.replace", full)
    with caplog.at_level(logging.INFO):
        cache.put("ab12", PDF)
        cache.put("cd34", PDF)
        _store(tmp_path, {"entry": {"a": 1}})
        _store(tmp_path, {"other": {"a": 2}}, kind="workshops")
    assert len(_messages(caplog)) == 1 and "No space left on device" in _messages(caplog)[0]
    assert not list(tmp_path.rglob("*.tmp"))
    assert cache.read("ab12") is None


def _store(root, outcomes: dict, kind="exercises"):
    """One load's outcomes, stored under their names as keys."""
    pack = filecache.Pack(root, kind)
    for name, outcome in outcomes.items():
        pack.put(name, f"key-{name}", outcome)
    pack.save(outcomes)


@pytest.mark.parametrize("damage", [lambda d: d[: len(d) // 2], _flip_one_bit, lambda d: b""])
def test_an_altered_yaml_pack_is_a_miss(tmp_path, damage):
    _store(tmp_path, {"a.yml": {"title": "kept"}, "b.yml": {"title": "also"}})
    assert filecache.Pack(tmp_path, "exercises").get("a.yml", "key-a.yml") == {"title": "kept"}
    stored = tmp_path / filecache.FOLDER / "exercises.json"
    stored.write_bytes(damage(stored.read_bytes()))
    assert filecache.Pack(tmp_path, "exercises").get("a.yml", "key-a.yml") is None


def test_a_pack_is_json_behind_its_digest(tmp_path):
    _store(tmp_path, {"a.yml": {"title": "kept", "n": 3, "ok": True, "none": None, "list": [1.5, "x"]}})
    digest, _, payload = (tmp_path / filecache.FOLDER / "exercises.json").read_bytes().partition(b"\n")
    assert digest.decode() == hashlib.sha256(payload).hexdigest()
    assert json.loads(payload) == {
        "a.yml": ["key-a.yml", {"title": "kept", "n": 3, "ok": True, "none": None, "list": [1.5, "x"]}]
    }


# Modules that load what a cache holds, and the ways Python turns bytes into code.
CACHE_MODULES = ["macros/kit/filecache.py", "macros/kit/schema.py", "macros/pdf/cache.py", "macros/pdf/build.py"]
CACHE_MODULES += ["macros/templating.py", "macros/plugin/plugin.py", "macros/plugin/preview.py", "macros/kit/kit.py"]
RUNS_CODE = {"pickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib"}


@pytest.mark.parametrize("module", CACHE_MODULES)
def test_no_cache_is_read_by_a_module_that_can_turn_bytes_into_code(module):
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not imported & RUNS_CODE, f"{module} imports {imported & RUNS_CODE}"
    names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    # Jinja's bytecode caches unmarshal Python code objects and run them.
    assert not {"bytecode_cache", "FileSystemBytecodeCache", "BytecodeCache"} & names, module


def test_a_pack_keeps_the_folders_files_and_only_them(tmp_path):
    (tmp_path / filecache.FOLDER).mkdir(parents=True)
    (tmp_path / filecache.FOLDER / "0a1b.pickle").write_bytes(b"an entry of an earlier layout")
    (tmp_path / filecache.FOLDER / "exercises.pack").write_bytes(b"a pickled pack of an earlier layout")
    _store(tmp_path, {"a.yml": 1, "b.yml": 2, "c.yml": 3})
    pack = filecache.Pack(tmp_path, "exercises")
    assert pack.get("b.yml", "key-b.yml") == 2
    assert pack.get("b.yml", "another key") is None  # the file changed: a miss
    pack.put("d.yml", "key-d.yml", 4)
    pack.save(["b.yml", "c.yml", "d.yml"])  # a.yml deleted; c.yml never asked (in memory)
    again = filecache.Pack(tmp_path, "exercises")
    found = {name: again.get(name, f"key-{name}") for name in ("a.yml", "b.yml", "c.yml", "d.yml")}
    assert found == {"a.yml": None, "b.yml": 2, "c.yml": 3, "d.yml": 4}
    assert sorted(p.name for p in (tmp_path / filecache.FOLDER).iterdir()) == ["exercises.json"]


# --- The PDF cache's manifest (read by `make serve`) ----------------------------


@pytest.mark.parametrize(
    "output, key",
    [
        ("../../outside.pdf", "ab" * 32),
        ("pdf/../../outside.pdf", "ab" * 32),
        ("/tmp/outside.pdf", "ab" * 32),
        ("pdf/worksheets/x.sh", "ab" * 32),
        ("pdf/worksheets/x.pdf", "../../../secret"),
        ("pdf/worksheets/x.pdf", "ab" * 31 + "/x"),
        ("pdf/worksheets/x.pdf", 12),
    ],
)
def test_a_manifest_entry_cannot_write_or_read_outside_its_place(tmp_path, output, key):
    """A manifest from a restored cache names where `make serve` copies each
    PDF and which entry it copies: only pdf/… in the site, only hex keys."""
    from macros.pdf import build

    cache = PdfCache(tmp_path / "cache")
    cache.put("ab" * 32, PDF)
    secret = tmp_path / "secret"
    secret.write_bytes(PDF)
    (tmp_path / "cache" / "manifest.json").write_text(json.dumps({output: key}), encoding="utf-8")
    site = tmp_path / "a" / "b" / "site"
    build._COPIED.clear()
    assert build.copy_last_build(tmp_path, site, cache_dir=tmp_path / "cache") == 0
    assert cache.manifest() == {}
    assert not (tmp_path / "outside.pdf").exists() and not (tmp_path / "a" / "outside.pdf").exists()
    assert not list(site.rglob("*")) if site.exists() else True
