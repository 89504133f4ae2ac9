"""Who signs a 笔录, collects evidence or presides over a hearing (casemgmt.cases.rulebook.people): an officer of the
case's units with a valid certificate on the day, and — for 笔录 and evidence of a filed case — one of the officers
assigned to it (APL Art. 42; SAMR Arts. 19, 22)."""

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.rulebook.people import ASSIGNED, QUALIFIED
from casemgmt.org.models import Role, UnitKind
from tests import builders as b
from tests.factories import UnitFactory, make_officer

from .support import ONE_DAY, at, d, noticed_case, refused, statement

pytestmark = pytest.mark.django_db

FILED = d("2026-03-03")
RECORD_ON = d("2026-03-04")


def record(world, case, signers, on=RECORD_ON):
    return s.record_add(
        case=case,
        actor=world.officer.user,
        kind=m.RecordKind.INSPECTION,
        started_at=at(on),
        ended_at=at(on, 11),
        place="人民路",
        content="现场检查情况",
        signers=signers,
        pages=1,
        party_signed_pages=1,
    )


def collect(world, case, by, on=RECORD_ON):
    return s.evidence_add(
        case=case,
        actor=world.officer.user,
        evidence_type=m.EvidenceType.PHYSICAL,
        title="遮阳伞一把",
        collected_at=at(on),
        place="人民路",
        collected_by=by,
    )


# --- 笔录 ---------------------------------------------------------------------------------------------------------


def test_record_signed_by_the_assigned_officers_allowed(world):
    case = b.filed(world)
    assert record(world, case, [world.officer, world.colleague]).signatures.count() == 2


def test_record_signed_by_officer_of_another_township_refused(world):
    case = b.filed(world)
    with refused(case, QUALIFIED, ASSIGNED) as caught:
        record(world, case, [world.officer, world.outsider])
    details = {f.rule: f.detail for f in caught.value.findings}
    assert details[QUALIFIED] == "周外镇不属于本案执法主体、承办单位或协办单位"
    assert details[ASSIGNED] == "周外镇不是本案承办人员（未指定或已退出办案）"


def test_record_signed_by_a_brigade_officer_not_assigned_to_the_case_refused(world):
    case = b.filed(world)
    with refused(case, ASSIGNED):
        record(world, case, [world.officer, world.third])


def test_record_signed_by_an_officer_released_from_the_case_refused(world):
    case = b.filed(world)
    s.case_assign_officers(
        case=case, actor=world.head.user, add=[world.third], release=[world.colleague], on=RECORD_ON, reason="回避"
    )
    with refused(case, ASSIGNED):
        record(world, case, [world.officer, world.colleague])
    record(world, case, [world.officer, world.third])


def test_record_made_while_the_clue_is_checked_needs_no_assignment(world):
    case = b.clue(world)
    record(world, case, [world.officer, world.third], on=d("2026-03-02"))


# --- evidence ------------------------------------------------------------------------------------------------------


def test_evidence_collected_by_the_assigned_officers_allowed(world):
    case = b.filed(world)
    assert collect(world, case, [world.officer, world.colleague]).collected_by.count() == 2


def test_evidence_collected_by_officer_of_another_township_refused(world):
    case = b.filed(world)
    with refused(case, QUALIFIED, ASSIGNED):
        collect(world, case, [world.outsider])


def test_evidence_collected_by_an_unassigned_brigade_officer_refused(world):
    case = b.filed(world)
    with refused(case, ASSIGNED):
        collect(world, case, [world.officer, world.third])


def test_evidence_collected_on_the_last_day_of_the_collectors_certificate_allowed(world):
    expiring = make_officer(world.brigade, name="吴到期", username="wu_exp", cert_valid_to=RECORD_ON)
    case = b.filed(world)
    s.case_assign_officers(case=case, actor=world.head.user, add=[expiring], release=[], on=FILED, reason="增派")
    collect(world, case, [world.officer, expiring], on=RECORD_ON)


def test_evidence_collected_the_day_after_the_collectors_certificate_expired_refused(world):
    expiring = make_officer(world.brigade, name="吴到期", username="wu_exp", cert_valid_to=RECORD_ON)
    case = b.filed(world)
    s.case_assign_officers(case=case, actor=world.head.user, add=[expiring], release=[], on=FILED, reason="增派")
    with refused(case, QUALIFIED) as caught:
        collect(world, case, [world.officer, expiring], on=RECORD_ON + ONE_DAY)
    assert caught.value.findings[0].detail == "吴到期在2026年3月5日无有效执法证（过期、暂扣或未登记）"


# --- the hearing presider -------------------------------------------------------------------------------------------


def requested_case(world):
    case = noticed_case(world, served_on=d("2026-03-13"), hearing_right=True)
    statement(world, case, kind=m.StatementKind.HEARING_REQUEST, on=d("2026-03-16"))
    case.refresh_from_db()
    return case


def schedule(world, case, presider):
    return s.hearing_schedule(
        case=case,
        actor=world.head.user,
        presider=presider,
        notice_served_on=d("2026-03-16"),
        scheduled_on=d("2026-03-25"),
    )


def test_hearing_presided_by_a_certified_officer_of_the_brigade_allowed(world):
    case = requested_case(world)
    assert schedule(world, case, world.head).presider == world.head


def test_hearing_presided_by_officer_of_another_township_refused(world):
    case = requested_case(world)
    with refused(case, QUALIFIED):
        schedule(world, case, world.outsider)


def test_hearing_presided_by_a_non_investigator_of_the_organ_without_a_certificate_allowed(world):
    """APL Art. 64(4) asks only that the organ designates a non-investigator; no enforcement certificate."""
    case = requested_case(world)
    assert world.mayor.valid_certificate(dt.date(2026, 3, 25)) is None
    assert schedule(world, case, world.mayor).presider == world.mayor


def test_hearing_presided_by_the_county_department_officer_of_a_township_case_refused(world):
    case = requested_case(world)
    with refused(case, QUALIFIED):
        schedule(world, case, world.county_officer)


def test_hearing_presided_by_an_officer_of_a_squadron_below_the_brigade_allowed(world):
    squadron = UnitFactory(
        name="城关镇综合行政执法大队第一中队", kind=UnitKind.SQUADRON, parent=world.brigade, short_name="一中队"
    )
    squad_officer = make_officer(squadron, Role.OFFICER, name="韩中队", username="han")
    case = requested_case(world)
    assert schedule(world, case, squad_officer).presider == squad_officer
