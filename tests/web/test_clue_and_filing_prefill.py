"""Forms that carry what is known: the clue form has one 案由 (the matter picked from the list, free text only
where no listed matter applies) and the filing form starts from what the clue recorded — as initial values only,
saved when the officer submits."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from casemgmt.cases import models as m
from tests.builders import road_matter

from .conftest import register

pytestmark = pytest.mark.django_db


def clue_post(world, **fields):
    return {
        "handling_unit": world.brigade.pk,
        "procedure": m.ProcedureType.ORDINARY,
        "source": m.ClueSource.INSPECTION,
        "discovered_on": "2026-03-02",
        "summary": "巡查发现人民路12号门前占道经营",
        **fields,
    }


def test_clue_form_has_one_cause_input_the_matter_list(world, login):
    form = login(world.officer).get(reverse("web:clue_new")).context["form"]
    labels = [field.label for field in form]
    assert labels.count("案由") == 1
    assert form["matter"].label == "案由"
    assert "执法事项（案由）" not in labels
    assert form["cause"].label == "清单未列明的案由" and not form.fields["cause"].required
    assert "清单中没有对应事项时填写" in form.fields["cause"].help_text


def test_picking_a_matter_gives_the_case_the_matters_name_as_its_cause(world, login):
    matter = road_matter(world)
    response = login(world.officer).post(reverse("web:clue_new"), clue_post(world, matter=matter.code, cause=""))
    assert response.status_code == 302
    case = m.Case.objects.get()
    assert case.matter == matter and case.cause == matter.name


def test_free_text_cause_where_no_listed_matter_applies(world, login):
    response = login(world.officer).post(reverse("web:clue_new"), clue_post(world, cause="夜间施工噪声扰民"))
    assert response.status_code == 302
    case = m.Case.objects.get()
    assert case.cause == "夜间施工噪声扰民" and case.matter is None


def test_clue_without_matter_or_cause_is_refused_and_nothing_is_registered(world, login):
    response = login(world.officer).post(reverse("web:clue_new"), clue_post(world, cause="  "))
    assert response.status_code == 200
    assert "请从执法事项清单选择案由" in response.context["form"].errors["cause"][0]
    assert not m.Case.objects.exists()


def test_api_accepts_both_and_a_typed_cause_wins(world, client_for):
    matter = road_matter(world)
    api = client_for(world.officer)
    body = clue_post(world, matter=matter.code, cause="占道摆摊经营")
    created = api.post(reverse("api:clue-register"), body, format="json")
    assert created.status_code == 201, created.json()
    case = m.Case.objects.get(pk=created.json()["case"])
    assert case.cause == "占道摆摊经营" and case.matter == matter
    only_matter = api.post(reverse("api:clue-register"), clue_post(world, matter=matter.code), format="json")
    assert m.Case.objects.get(pk=only_matter.json()["case"]).cause == matter.name
    neither = api.post(reverse("api:clue-register"), clue_post(world), format="json")
    assert neither.status_code == 400 and m.Case.objects.count() == 2


def test_filing_form_starts_from_the_clue(world, login):
    matter = road_matter(world)
    case = register(world)
    case.matter = matter
    case.violation_place = "人民路12号"
    case.violation_start = dt.date(2026, 3, 1)
    case.save()
    form = login(world.head).get(reverse("web:case_action", args=[case.pk, "file"])).context["form"]
    initial = {name: form[name].initial for name in form.fields}
    assert initial["facts_summary"] == case.clue.summary
    assert initial["violation_place"] == "人民路12号"
    assert initial["violation_start"] == dt.date(2026, 3, 1)
    assert initial["matter"] == matter.code
    assert initial["officers"] == [world.officer.pk] and initial["lead"] == world.officer.pk  # who registered it
    assert initial["on"] == timezone.localdate()
    assert not initial.get("violation_end")  # not known: left for the officer
    # Every field keeps its legal name and tells what it is for.
    for name in ("on", "violation_start", "violation_end", "violation_place", "facts_summary", "is_complex"):
        assert form.fields[name].label and form.fields[name].help_text, name
    assert form.fields["violation_start"].label == "违法行为发生日期"
    # Prefilling saves nothing.
    case.refresh_from_db()
    assert case.status == m.CaseStatus.CLUE and case.facts == "" and case.filed_on is None


def test_filing_form_leaves_unknown_values_blank(world, login):
    case = register(world)
    form = login(world.head).get(reverse("web:case_action", args=[case.pk, "file"])).context["form"]
    assert not form["violation_place"].initial and not form["violation_start"].initial
    assert not form["matter"].initial


def test_submitting_the_prefilled_filing_form_files_the_case_with_the_values_corrected(world, login):
    case = register(world)
    client = login(world.head)
    form = client.get(reverse("web:case_action", args=[case.pk, "file"])).context["form"]
    posted = {name: form[name].value() for name in form.fields if form[name].value() not in (None, "", False)}
    posted |= {
        "officers": [world.officer.pk, world.colleague.pk],
        "approved_by": world.mayor.pk,
        "on": "2026-03-03",
        "violation_start": "2026-03-01",
        "violation_end": "2026-03-02",
        "facts_summary": "当事人在人民路12号门前占道经营",
    }
    response = client.post(reverse("web:case_action", args=[case.pk, "file"]), posted)
    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert case.status == m.CaseStatus.INVESTIGATION and case.filed_on == dt.date(2026, 3, 3)
    assert case.facts == "当事人在人民路12号门前占道经营"
    assert set(case.officers.values_list("officer", flat=True)) == {world.officer.pk, world.colleague.pk}


def test_outsider_gets_no_filing_form(world, login):
    case = register(world)
    assert login(world.outsider).get(reverse("web:case_action", args=[case.pk, "file"])).status_code == 404
