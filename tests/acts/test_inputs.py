"""The input schemas: one schema parses the web form and the API body alike, and its defaults come from the case
and its procedure policy, never from numbers written into the form."""

import pytest
from django.http import QueryDict

from casemgmt.acts.inputs import DecideInput, DisposeMeasureInput
from casemgmt.cases import models as m
from tests import builders as b
from tests.rules.support import take_measure

pytestmark = pytest.mark.django_db


def test_decision_form_states_the_policys_payment_and_remedy_periods(world):
    case = b.noticed(world)
    m.ProcedurePolicy.objects.update_or_create(
        unit=None, defaults={"payment_days": 20, "reconsideration_days": 90, "litigation_months": 3}
    )
    m.clear_policy_cache()
    texts = DecideInput.initial(case)
    assert "二十日" in texts["performance"] and "十五日" not in texts["performance"]
    assert "九十日" in texts["remedy"] and "三个月" in texts["remedy"]
    assert "六十日" not in texts["remedy"] and "六个月" not in texts["remedy"]


def test_decision_form_names_the_government_above_the_township_as_reviewing_body(world):
    case = b.noticed(world)
    county = world.township.parent
    assert f"向{county.name}申请行政复议" in DecideInput.initial(case)["remedy"]


def test_form_post_and_json_body_give_the_same_input(world, rf):
    case = b.filed(world)
    measure = take_measure(world, case)
    request = rf.post("/")
    request.user = world.officer.user
    context = {"case": case, "request": request}
    body = {"measure": measure.pk, "disposal": "released", "on": "2026-03-09"}
    form = QueryDict(mutable=True)
    form.update({k: str(v) for k, v in body.items()})

    as_json = DisposeMeasureInput(data=body, context=context)
    as_form = DisposeMeasureInput(data=form, context=context)
    assert as_json.is_valid(), as_json.errors
    assert as_form.is_valid(), as_form.errors
    assert as_json.service_kwargs() == as_form.service_kwargs()


def test_a_measure_of_another_case_does_not_exist_for_the_input(world, rf):
    case, other = b.filed(world), b.filed(world)
    foreign = take_measure(world, other)
    request = rf.post("/")
    request.user = world.officer.user
    schema = DisposeMeasureInput(
        data={"measure": foreign.pk, "disposal": "released", "on": "2026-03-09"},
        context={"case": case, "request": request},
    )
    assert not schema.is_valid()
    assert "measure" in schema.errors


def test_the_sweeps_own_outcome_cannot_be_chosen(world, rf):
    case = b.filed(world)
    measure = take_measure(world, case)
    request = rf.post("/")
    request.user = world.officer.user
    schema = DisposeMeasureInput(
        data={"measure": measure.pk, "disposal": m.MeasureDisposal.AUTO_RELEASED, "on": "2026-03-09"},
        context={"case": case, "request": request},
    )
    assert not schema.is_valid()
    assert "disposal" in schema.errors
