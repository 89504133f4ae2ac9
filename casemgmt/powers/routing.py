"""Deriving a new case's enforcement subject from the power list (matter + township + date).

Called by clue registration: the unit that registers the clue asks to handle it; the power list says who may.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from casemgmt.cases.services.base import InputError
from casemgmt.org.models import Unit, UnitKind
from casemgmt.org.tree import unit_tree

from .holders import BASIS_LABELS, Holding, catalogue_snapshot


@dataclass
class Routing:
    subject: Unit
    handling_unit: Unit
    locality: Unit | None
    holding: Holding
    assisting: list[Unit] = field(default_factory=list)

    @property
    def note(self) -> str:
        return BASIS_LABELS[self.holding.basis]


def township_brigades(township: Unit) -> list[Unit]:
    return list(Unit.objects.filter(parent=township, kind=UnitKind.BRIGADE, is_active=True).order_by("pk"))


def route_case(*, matter, handling_unit: Unit, locality: Unit | None, on: dt.date) -> Routing:
    """Who handles a new case about ``matter`` registered by ``handling_unit`` on ``on``.

    - the requesting unit's subject holds the matter: it handles the case;
    - the matter is in its transition period: the lead county department is the subject and handles the case,
      the township's brigade assists (协办);
    - 委托: the township's brigade handles the case in the source department's name;
    - otherwise the request is refused, naming the holder (the clue is to be transferred to it).
    """
    snapshot = catalogue_snapshot()
    requested = handling_unit.enforcement_subject()
    requested_township_id = unit_tree().township_of(handling_unit.pk)
    township_id = locality.pk if locality is not None else requested_township_id
    if locality is not None and locality.kind != UnitKind.TOWNSHIP:
        raise InputError("违法行为发生地须为乡镇", field="locality")
    township = locality or (Unit.objects.get(pk=township_id) if township_id else None)
    holding = snapshot.holder(matter.pk, township_id, on)
    if holding.subject_id is None:
        raise InputError(f"执法事项“{matter}”未设原实施部门且{on}未赋权给该乡镇，无法确定执法主体", field="matter")
    holder = Unit.objects.get(pk=holding.subject_id)
    requested_in_township = township_id is not None and requested_township_id == township_id
    if holding.in_transition:
        if requested is not None and requested.pk == holder.pk:
            assisting = township_brigades(township) if township else []
            return Routing(holder, handling_unit, township, holding, assisting)
        if requested_in_township:
            return Routing(holder, holder, township, holding, [handling_unit])
    elif (holding.basis == "entrust" and requested_in_township) or (
        requested is not None and requested.pk == holder.pk
    ):
        return Routing(holder, handling_unit, township, holding)
    raise InputError(
        f"{on:%Y-%m-%d}执法事项“{matter}”由{snapshot.describe(holding)}行使，{handling_unit}不能办理，请移送有权机关",
        field="matter",
    )
