"""What an enforcement subject's documents print about it beyond its name and seal: the 代字 of its 文号, the
行政复议机关 and the court the party is told of (行政处罚法第五十九条第五项).

Each is a field of the unit an administrator sets as the unit's real documents print it; an empty field falls back
to the default: the 代字 is the short name (a township's with 综执, as its brigade numbers), the 复议机关 the
people's government above the subject (行政复议法第二十四条: the county government over a township and over a
county department), the court the county's basic court (××县人民法院, 行政诉讼法第十八条).
"""

from __future__ import annotations

from .tree import UnitKind, unit_tree

GOVERNMENT_SUFFIX = "人民政府"


def default_number_prefix(unit) -> str:
    short = unit.short_name or unit.name
    return f"{short}综执" if unit.kind == UnitKind.TOWNSHIP else short


def number_prefix(unit) -> str:
    """The subject's 代字 in a 文号, exactly as configured (城关镇综执, 示县城关…), else the default."""
    return unit.number_prefix.strip() or default_number_prefix(unit)


def _county_government(unit) -> str:
    tree = unit_tree()
    for pk in tree.chain(unit.pk):
        node = tree.node(pk)
        if node is not None and node.kind == UnitKind.COUNTY_GOVERNMENT:
            return node.name
    return ""


def default_reconsideration_body(unit) -> str:
    """The people's government one level up: for a township the government above it, for a county department
    its county government."""
    tree = unit_tree()
    government = tree.government_of(unit.pk)
    if government == unit.pk:  # a township government decides: the government above it reviews
        government = tree.government_of(next(iter(tree.ancestors(unit.pk)), None))
    return tree.name(government)


def default_court(unit) -> str:
    """The basic court of the county the subject sits in: 示范县人民政府 → 示范县人民法院."""
    county = _county_government(unit)
    if not county:
        return ""
    base = county[: -len(GOVERNMENT_SUFFIX)] if county.endswith(GOVERNMENT_SUFFIX) else county
    return f"{base}人民法院"


def reconsideration_body(unit) -> str:
    return unit.reconsideration_body.strip() or default_reconsideration_body(unit)


def court(unit) -> str:
    return unit.court.strip() or default_court(unit)
