"""Prints the dependency licence tables of docs/licences.md from the installed packages' metadata.

Run from the repository root with the project's virtual environment: ``.venv/bin/python docs/licences.py``.
Direct dependencies come from requirements.txt / requirements-dev.txt; transitive ones are what they install
(requirements whose environment markers apply, with the requested extras).
"""

from __future__ import annotations

import importlib.metadata as md
import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent

# First match wins: CNRI before Apache (regex is "Apache-2.0 AND CNRI-Python"), LGPL before GPL.
COMPATIBILITY = [
    (r"CNRI", "dev only (CNRI-Python is not GPL-compatible; the tool is not part of the served program)"),
    (r"AGPL", "yes — the same licence (AGPL-3.0-or-later); it is why the project is AGPL-3.0"),
    (r"LGPL", "yes — LGPL-3.0 is GPLv3 with extra permissions"),
    (r"GPL-3", "yes — GPLv3 and AGPLv3 may be combined (AGPL § 13, GPL § 13)"),
    (r"MPL", "yes — MPL-2.0 § 3.3 allows combination with the GNU licences"),
    (r"Apache", "yes — Apache-2.0 is compatible with (A)GPLv3 (one way)"),
    (r"ZPL", "yes — ZPL-2.1 is GPL-compatible (FSF list)"),
    (r"MIT|BSD|ISC|PSF|HPND", "yes — permissive"),
]
HEAD = "| package | version | role | licence (package metadata) | compatible with AGPL-3.0 |\n|---|---|---|---|---|"


def direct(filename: str) -> list[Requirement]:
    lines = (line.strip() for line in (ROOT / filename).read_text().splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith(("#", "-"))]


def closure(roots: list[Requirement]) -> dict[str, md.Distribution]:
    """Every installed distribution the roots pull in, by canonical name."""
    seen: dict[str, md.Distribution] = {}
    stack = list(roots)
    while stack:
        req = stack.pop()
        name = canonicalize_name(req.name)
        if name in seen:
            continue
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            continue
        seen[name] = dist
        extras = req.extras or {""}
        for text in dist.requires or []:
            sub = Requirement(text)
            if sub.marker is None or any(sub.marker.evaluate({"extra": extra}) for extra in extras):
                stack.append(sub)
    return seen


def licence(dist: md.Distribution) -> str:
    meta = dist.metadata
    if meta.get("License-Expression"):
        return meta["License-Expression"]
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    text = (meta.get("License") or "").strip().splitlines()
    if text and len(text[0]) < 40:
        return text[0] + (f" ({'; '.join(classifiers)})" if classifiers else "")
    return "; ".join(classifiers) or (text[0][:60] if text else "unknown")


def compatibility(text: str, *, dev: bool) -> str:
    for pattern, verdict in COMPATIBILITY:
        if re.search(pattern, text):
            if dev and not verdict.startswith("dev only"):
                return "yes (dev tool, not served) — " + verdict.split(" — ", 1)[1]
            return verdict
    return "CHECK BY HAND"


def row(dist: md.Distribution, role: str, *, dev: bool) -> str:
    text = licence(dist)
    return f"| {dist.metadata['Name']} | {dist.version} | {role} | {text} | {compatibility(text, dev=dev)} |"


def main() -> None:
    runtime, dev = direct("requirements.txt"), direct("requirements-dev.txt")
    runtime_names = {canonicalize_name(r.name) for r in runtime}
    dev_names = {canonicalize_name(r.name) for r in dev}
    runtime_all, dev_all = closure(runtime), closure(dev)
    sections = [
        ("Direct dependencies: `requirements.txt` (runtime)", [row(md.distribution(r.name), "runtime", dev=False) for r in runtime]),
        ("Direct dependencies: `requirements-dev.txt` (tests, lint, benchmarks)", [row(md.distribution(r.name), "dev", dev=True) for r in dev]),
        ("Installed with them (transitive), runtime", [row(runtime_all[n], "runtime (transitive)", dev=False) for n in sorted(runtime_all) if n not in runtime_names]),
        ("Installed with them (transitive), dev only", [row(dev_all[n], "dev", dev=True) for n in sorted(dev_all) if n not in runtime_all and n not in dev_names]),
    ]  # fmt: skip
    print("\n\n".join(f"### {title}\n\n{HEAD}\n" + "\n".join(rows) for title, rows in sections))


if __name__ == "__main__":
    main()
