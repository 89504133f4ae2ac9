"""The written waiver through the API: its own action, the signed waiver as evidence, and the approver choices
the web form offers for the acts reserved to the agency head."""

import datetime as dt

import pytest

from casemgmt.acts.inputs import TakeMeasureInput
from casemgmt.cases import models as m
from tests import builders as b
from tests.api.conftest import action_url

pytestmark = pytest.mark.django_db


def test_the_waiver_action_records_a_waiver_of_both_rights(world, client_for):
    case = b.noticed(world, hearing_right=True)
    document = b.signed_waiver(world, case, on=dt.date(2026, 3, 13))
    response = client_for(world.officer).post(
        action_url(case, "waive_rights"),
        {
            "received_on": "2026-03-13",
            "waives_statement": True,
            "waives_hearing": True,
            "signed_document": document.pk,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    waiver = case.statements.get()
    assert (waiver.waives_statement, waiver.waives_hearing, waiver.signed_document) == (True, True, document)


def test_a_waiver_naming_no_right_is_a_400_and_records_nothing(world, client_for):
    case = b.noticed(world)
    document = b.signed_waiver(world, case, on=dt.date(2026, 3, 13))
    response = client_for(world.officer).post(
        action_url(case, "waive_rights"),
        {"received_on": "2026-03-13", "signed_document": document.pk},
        format="json",
    )
    assert response.status_code == 400
    assert not case.statements.exists()


def test_record_statement_no_longer_offers_a_waiver(world, client_for):
    case = b.noticed(world)
    response = client_for(world.officer).post(
        action_url(case, "record_statement"),
        {"kind": m.StatementKind.WAIVER, "received_on": "2026-03-13"},
        format="json",
    )
    assert response.status_code == 400
    assert not case.statements.exists()


def test_measure_approver_choices_are_the_subjects_agency_heads(world):
    case = b.filed(world)
    choices = set(TakeMeasureInput().fields["approved_by"].choices_for(case))
    assert world.mayor in choices and world.head not in choices
