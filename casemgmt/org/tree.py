"""The unit tree: the kinds of unit, how they nest, and one short-lived snapshot of the unit table.

Every question about where a unit sits is answered here: the units above it, the units under it, the enforcement
subject it acts for (a brigade for its township), the township and the people's government it belongs to. The
snapshot is one query per process every few seconds instead of one query per level of the walk.

The unit table is read through the app registry: the ``Unit`` model imports this module (it clears the snapshot
when it is written and answers ``enforcement_subject()`` from it), so this module does not import the model.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction

UNIT_TREE_TTL_SECONDS = 5.0


class UnitKind(models.TextChoices):
    COUNTY_GOVERNMENT = "county_gov", "县人民政府"
    JUSTICE_BUREAU = "justice_bureau", "司法局"
    COUNTY_DEPARTMENT = "county_dept", "县级部门"
    TOWNSHIP = "township", "乡镇人民政府"
    BRIGADE = "brigade", "综合行政执法大队"
    SQUADRON = "squadron", "执法中队"


# Only bodies with administrative-subject status may be the 执法主体 (APL Art. 17, 24).
ENFORCEMENT_SUBJECT_KINDS: tuple[str, ...] = (UnitKind.COUNTY_DEPARTMENT, UnitKind.TOWNSHIP)
# The people's governments (人民政府): a township's own, and the county's above its departments and bureaus.
GOVERNMENT_KINDS: tuple[str, ...] = (UnitKind.TOWNSHIP, UnitKind.COUNTY_GOVERNMENT)


@dataclass(frozen=True)
class UnitNode:
    pk: int
    parent_id: int | None
    kind: str
    name: str
    field: str = ""  # 执法领域 of a county department (e.g. 市场监管): which procedure rules bind the unit

    @property
    def is_enforcement_subject(self) -> bool:
        return self.kind in ENFORCEMENT_SUBJECT_KINDS


_COLUMNS = ("pk", "parent_id", "kind", "name", "field")


def _read_one(unit_id: int) -> UnitNode | None:
    row = apps.get_model("org", "Unit").objects.filter(pk=unit_id).values_list(*_COLUMNS).first()
    return UnitNode(*row) if row is not None else None


class UnitTree:
    """One reading of the unit table. A unit created since the reading (by another process) is read from the
    database on first use and kept; a unit moved by another process is seen within UNIT_TREE_TTL_SECONDS."""

    def __init__(self, nodes: Iterable[UnitNode]):
        self._nodes: dict[int, UnitNode] = {node.pk: node for node in nodes}
        self._children: dict[int, list[int]] | None = None

    def node(self, unit_id: int | None) -> UnitNode | None:
        if unit_id is None:
            return None
        node = self._nodes.get(unit_id)
        if node is None:
            node = _read_one(unit_id)
            if node is not None:
                self._nodes[unit_id] = node
                self._children = None
        return node

    def name(self, unit_id: int | None) -> str:
        node = self.node(unit_id)
        return node.name if node is not None else ""

    def ancestors(self, unit_id: int | None) -> list[int]:
        """The units above ``unit_id``, nearest first (the unit itself excluded)."""
        above: list[int] = []
        seen = {unit_id}
        node = self.node(unit_id)
        while node is not None and node.parent_id is not None and node.parent_id not in seen:
            above.append(node.parent_id)
            seen.add(node.parent_id)
            node = self.node(node.parent_id)
        return above

    def chain(self, unit_id: int | None) -> list[int]:
        """The unit and the units above it, nearest first."""
        return [] if unit_id is None else [unit_id, *self.ancestors(unit_id)]

    def subtree(self, unit_ids: Iterable[int]) -> set[int]:
        """The units and all their descendants (a township member sees its brigade's and squadrons' cases)."""
        children = self._children
        if children is None:
            children = {}
            for node in list(self._nodes.values()):
                if node.parent_id is not None:
                    children.setdefault(node.parent_id, []).append(node.pk)
            self._children = children
        found = set(unit_ids)
        frontier = list(found)
        while frontier:
            for child in children.get(frontier.pop(), ()):
                if child not in found:
                    found.add(child)
                    frontier.append(child)
        return found

    def _nearest(self, unit_id: int | None, kinds: tuple[str, ...]) -> int | None:
        for pk in self.chain(unit_id):
            node = self.node(pk)
            if node is not None and node.kind in kinds:
                return pk
        return None

    def enforcement_subject(self, unit_id: int | None) -> int | None:
        """The body in whose name the unit's cases are handled: itself, or the township above its brigade."""
        return self._nearest(unit_id, ENFORCEMENT_SUBJECT_KINDS)

    def township_of(self, unit_id: int | None) -> int | None:
        """The township the unit belongs to (itself, or the township above its brigade or squadron)."""
        return self._nearest(unit_id, (UnitKind.TOWNSHIP,))

    def government_of(self, unit_id: int | None) -> int | None:
        """The people's government the unit belongs to: its township, or the county government above a county
        department or bureau."""
        return self._nearest(unit_id, GOVERNMENT_KINDS)


# --- the per-process snapshot ----------------------------------------------------------------------------------
# Read on every access check and rule gate; the tree changes rarely (an administrator's edit). A write clears the
# snapshot in its own process at once (Unit.save / Unit.delete); other processes see it within the TTL.

_lock = threading.Lock()
_snapshot: tuple[float, UnitTree] | None = None


def _clear_only() -> None:
    global _snapshot
    with _lock:
        _snapshot = None


def clear_unit_tree() -> None:
    """Clear now (this transaction sees its change) and again after commit."""
    _clear_only()
    if connection.in_atomic_block:
        transaction.on_commit(_clear_only)


def unit_tree() -> UnitTree:
    """The unit tree of this process: one query, shared for a few seconds."""
    global _snapshot
    now = time.monotonic()
    current = _snapshot
    if current is not None and now - current[0] < UNIT_TREE_TTL_SECONDS:
        return current[1]
    tree = UnitTree(UnitNode(*row) for row in apps.get_model("org", "Unit").objects.order_by().values_list(*_COLUMNS))
    with _lock:
        _snapshot = (now, tree)
    return tree
