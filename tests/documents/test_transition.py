"""过渡期专用文书: a county department leads, the township brigade assists → the department's name and seal, the
assisting brigade and its officers named; once the power has moved, the township's name."""

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.services.assist import case_assist_add
from casemgmt.org.models import Role
from tests import builders as b
from tests.documents.support import CORRECTION, issue, squash
from tests.factories import make_officer


@pytest.fixture
def county_case(sealed):
    dept_head = make_officer(sealed.county_dept, Role.AGENCY_HEAD, name="冯局长", username="feng", certified=False)
    second = make_officer(sealed.county_dept, Role.COUNTY_OFFICER, name="陈城管", username="chen")
    case = s.clue_register(
        actor=sealed.county_officer.user,
        handling_unit=sealed.county_dept,
        source=m.ClueSource.INSPECTION,
        summary="巡查发现占道经营",
        discovered_on=dt.date(2026, 3, 2),
        cause="擅自占用城市道路经营",
        procedure=m.ProcedureType.ORDINARY,
        at=b.at(dt.date(2026, 3, 2)),
    )
    s.party_add(
        case=case,
        actor=sealed.county_officer.user,
        kind=m.PartyKind.CITIZEN,
        name="陈某",
        id_number="110101199003077571",
        address="城关镇人民路1号",
    )
    case_assist_add(case=case, actor=dept_head.user, unit=sealed.brigade, on=dt.date(2026, 3, 2))
    m.CaseOfficer.objects.create(
        case=case,
        officer=sealed.officer,
        unit=sealed.brigade,
        role=m.OfficerRole.ASSIST,
        certificate_number=sealed.officer.certificates.first().number,
        assigned_at=b.at(dt.date(2026, 3, 2)),
    )
    m.CaseOfficer.objects.create(
        case=case,
        officer=second,
        unit=sealed.county_dept,
        role=m.OfficerRole.LEAD,
        certificate_number=second.certificates.first().number,
        assigned_at=b.at(dt.date(2026, 3, 2)),
    )
    case.refresh_from_db()
    return case


def test_transition_documents_carry_the_county_department_and_name_the_assisting_brigade(sealed, county_case):
    # The case is still a clue (not filed): a 案件移送函 may be issued at any stage, a 责令改正通知书 not yet.
    transfer = {
        "receiver": "示范县市场监督管理局",
        "transfer_reason": "涉案食品不属本机关管辖",
        "materials": "现场照片2张",
    }
    doc = issue(sealed, county_case, "aj_yjh", transfer, actor=sealed.county_officer.user, on=dt.date(2026, 3, 3))
    assert doc.template_version.variant == "transition"
    assert doc.number == "县城管移〔2026〕1号"
    text = squash(doc.text)
    assert "示范县城市管理局" in text and "示范县城市管理局（印章）" in text
    assert "协办单位：城关镇综合行政执法大队" in text
    assert squash(f"张执法（执法证号：{sealed.officer.certificates.first().number}）") in text
    assert doc.snapshot["header"]["transition"] is True


def test_after_the_power_moves_documents_carry_the_township(sealed):
    case = b.filed(sealed)
    doc = issue(sealed, case, "zlgz_tzs", CORRECTION, on=dt.date(2026, 3, 4))
    assert doc.template_version.variant == "standard"
    text = squash(doc.text)
    assert "城关镇人民政府（印章）" in text and "协办单位" not in text and "示范县城市管理局" not in text
    assert doc.number.startswith("城关镇综执改")
