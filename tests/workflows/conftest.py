import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests.builders import at
from workflows import engine


@pytest.fixture
def registered(world):
    """An ordinary-procedure clue with one party, its flow started as the web UI does."""

    def make(procedure=m.ProcedureType.ORDINARY):
        case = s.clue_register(
            actor=world.officer.user,
            handling_unit=world.brigade,
            source=m.ClueSource.INSPECTION,
            summary="巡查发现某商户占用人行道经营",
            discovered_on=dt.date(2026, 3, 2),
            cause="擅自占用城市道路经营",
            procedure=procedure,
            at=at(dt.date(2026, 3, 2)),
        )
        engine.start_for_case(case)
        s.party_add(
            case=case, actor=world.officer.user, kind=m.PartyKind.CITIZEN, name="陈某", id_number="110101199003077571"
        )
        case.refresh_from_db()
        return case

    return make
