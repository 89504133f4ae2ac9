import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests.builders import at
from workflows import engine


def register(
    world,
    *,
    officer=None,
    unit=None,
    cause="擅自占用城市道路经营",
    procedure=m.ProcedureType.ORDINARY,
    party="陈某",
    discovered_on=dt.date(2026, 3, 2),
):
    officer = officer or world.officer
    case = s.clue_register(
        actor=officer.user,
        handling_unit=unit or world.brigade,
        source=m.ClueSource.INSPECTION,
        summary="巡查发现",
        discovered_on=discovered_on,
        cause=cause,
        procedure=procedure,
        at=at(discovered_on),
    )
    engine.start_for_case(case)
    if party:
        s.party_add(case=case, actor=officer.user, kind=m.PartyKind.CITIZEN, name=party)
    case.refresh_from_db()
    return case


@pytest.fixture
def clue_case(world):
    return register(world)


@pytest.fixture
def login(client):
    def as_(officer):
        client.force_login(officer.user)
        return client

    return as_
