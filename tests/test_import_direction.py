"""Imports flow one way: org → cases → documents / discretion / powers → archive / evaluation / supervision →
workflows / action inputs → api / web (STYLE.md). Every import statement counts, local ones included: a circle is a
design smell to fix, not to hide behind a local import.

Views, API endpoints and URLconfs belong to the top layer wherever they live (``*.views``, ``*.api``,
``*.urls``, ``*.api_urls``): a module's pages may use the shared web helpers. Demo data sits above everything
(it drives the whole system as users would).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS: list[tuple[str, ...]] = [
    ("casemgmt.legalcal", "casemgmt.org", "casemgmt.files", "casemgmt.accounts", "casemgmt.strictinput"),
    ("casemgmt.cases",),
    ("documents", "casemgmt.discretion", "casemgmt.powers"),
    ("casemgmt.archive", "casemgmt.evaluation", "casemgmt.supervision", "casemgmt.disclosure"),
    ("workflows", "casemgmt.acts"),
    ("casemgmt.api", "casemgmt.web", "casemgmt.ops", "casemgmt.intake"),
]
TOP = len(LAYERS)
EDGE_MODULES = ("views", "api", "urls", "api_urls")
DEMO = "casemgmt.demo"

# Known imports against the direction, to be removed when reference data (matters, power grants, benchmarks)
# moves below the case spine: the case facts read the power holders and the discretion rationale, and the
# document rules read issued documents. The list may only shrink; a new import against the direction fails.
KNOWN = {
    ("casemgmt/cases/rulebook/facts.py", "casemgmt.discretion.models"),
    ("casemgmt/cases/rulebook/facts.py", "casemgmt.powers.holders"),
    ("casemgmt/cases/rulebook/facts.py", "casemgmt.powers.models"),
    ("casemgmt/cases/rulebook/discretion.py", "casemgmt.discretion.models"),
    ("casemgmt/cases/rulebook/discretion.py", "casemgmt.discretion.selectors"),
    ("casemgmt/cases/rulebook/documents.py", "documents.models"),
    ("casemgmt/cases/services/decision.py", "casemgmt.discretion.services"),
    ("casemgmt/cases/services/filing.py", "casemgmt.powers.routing"),
    ("casemgmt/cases/services/filing.py", "casemgmt.powers.services"),
    ("casemgmt/cases/services/filing.py", "casemgmt.powers.holders"),
}


def layer_of(module: str) -> int | None:
    if module == DEMO or module.startswith(DEMO + "."):
        return TOP + 1
    parts = module.split(".")
    for rank, packages in enumerate(LAYERS):
        for package in packages:
            if module == package or module.startswith(package + "."):
                if parts[-1] in EDGE_MODULES or "management" in parts:
                    return TOP
                return rank
    return None


def imports_against_the_direction() -> set[tuple[str, str]]:
    found = set()
    for top in ("casemgmt", "documents", "workflows"):
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            source = layer_of(module)
            if source is None:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    target = layer_of(name)
                    if target is not None and target > source:
                        found.add((str(path.relative_to(ROOT)), name))
    return found


def test_imports_flow_one_way():
    found = imports_against_the_direction()
    assert found - KNOWN == set(), "imports against the layer direction"


def test_the_list_of_known_exceptions_only_shrinks():
    assert KNOWN - imports_against_the_direction() == set(), "remove the fixed exceptions from KNOWN"
