"""The machine a benchmark ran on, and the plain-text table of its figures."""

import importlib.metadata
import os
import platform
import statistics

PACKAGES = [
    "mkdocs",
    "mkdocs-material",
    "mkdocs-macros-plugin",
    "markdown-include",
    "pymdown-extensions",
    "Markdown",
    "Jinja2",
    "weasyprint",
    "jsonschema",
    "PyYAML",
]


def machine():
    """What a reader needs to compare our figures with theirs."""
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        ram_kib = next(
            int(line.split()[1]) for line in open("/proc/meminfo", encoding="utf-8") if line.startswith("MemTotal")
        )
        ram = f"{ram_kib / 1024 / 1024:.1f} GiB"
    except OSError:
        ram = "unknown RAM"
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)),
        "cores_total": os.cpu_count(),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": ", ".join(versions),
    }


def _load_hint(info):
    return f"loads above {info['cores']} mean other processes shared the cores"


def spread(values):
    """min / median / max of a list of seconds, as the table prints them."""
    if not values:
        return "—"
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def verdict(ok):
    if ok is None:
        return ""
    return "ok" if ok else "MISS"


def table(rows, sizes, title, info):
    """rows: (label, {size: text}, target, verdict) tuples; returns the table as text."""
    label_w = max(len(r[0]) for r in rows)
    cells = [[r[1].get(s, "—") for s in sizes] for r in rows]
    col_w = [max(len(str(s)), *(len(c[i]) for c in cells)) for i, s in enumerate(sizes)]
    target_w = max(len(r[2]) for r in rows)
    lines = [
        title,
        f"Machine: {info['cpu']}, {info['cores']} of {info['cores_total']} cores usable, "
        f"{info['ram']} RAM, {info['os']}, Python {info['python']}",
        f"Packages: {info['packages']}",
        f"Other work on the machine: {info.get('load', 'not recorded')} (1-minute {_load_hint(info)})",
        "",
    ]
    head = "exercises".ljust(label_w) + "  " + "  ".join(str(s).rjust(w) for s, w in zip(sizes, col_w, strict=True))
    lines.append(head + "  " + "target".ljust(target_w) + "  result")
    lines.append("-" * (len(head) + target_w + 10))
    for (label, _, target, result), row in zip(rows, cells, strict=True):
        lines.append(
            label.ljust(label_w)
            + "  "
            + "  ".join(c.rjust(w) for c, w in zip(row, col_w, strict=True))
            + "  "
            + target.ljust(target_w)
            + "  "
            + result
        )
    return "\n".join(lines)
