"""Rule 1: filing needs ≥ 2 officers with valid certificates and a head's approval (APL Art. 42; SAMR Art. 19)."""

import datetime as dt

import pytest
import time_machine

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.services.assist import case_assist_add
from casemgmt.org.models import CertificateStatus, Role
from tests import builders as b
from tests.factories import CertificateFactory, make_officer

from .support import d, refused, self_check, unchanged

pytestmark = pytest.mark.django_db

OFFICERS = "APL-42-TWO-CERTIFIED-OFFICERS"
APPROVAL = "SAMR-19-FILING-APPROVAL"
FILED_ON = d("2026-03-03")


def file(world, case, *, officers=None, approved_by="head", on=FILED_ON):
    officers = officers if officers is not None else [world.officer, world.colleague]
    return s.case_file(
        case=case,
        actor=world.officer.user,
        officers=officers,
        lead=officers[0],
        approved_by=getattr(world, approved_by) if isinstance(approved_by, str) else approved_by,
        on=on,
        violation_start=d("2026-03-01"),
        violation_end=d("2026-03-02"),
    )


def test_two_certified_officers_with_head_approval_may_file(world):
    case = file(world, b.clue(world))

    assert case.status == m.CaseStatus.INVESTIGATION
    assert case.filing_approved_by == world.head
    assert sorted(a.officer.name for a in case.officers.all()) == sorted([world.officer.name, world.colleague.name])
    assert all(a.certificate_number for a in case.officers.all())
    assert self_check(case, today=FILED_ON, prefix="") == []


def test_a_single_officer_may_not_file(world):
    case = b.clue(world)
    with refused(case, OFFICERS) as caught:
        file(world, case, officers=[world.officer])
    assert "少于2人" in caught.value.findings[0].detail


def test_the_same_officer_twice_counts_once(world):
    case = b.clue(world)
    with refused(case, OFFICERS):
        file(world, case, officers=[world.officer, world.officer])


def test_certificate_expiring_on_the_filing_day_is_still_valid(world):
    last_day = make_officer(world.brigade, name="末日执法", cert_valid_to=FILED_ON)
    case = file(world, b.clue(world), officers=[world.officer, last_day])
    assert case.status == m.CaseStatus.INVESTIGATION


def test_certificate_expired_the_day_before_filing_is_refused(world):
    expired = make_officer(world.brigade, name="过期执法", cert_valid_to=FILED_ON - dt.timedelta(days=1))
    case = b.clue(world)
    with refused(case, OFFICERS) as caught:
        file(world, case, officers=[world.officer, expired])
    details = [f.detail for f in caught.value.findings]
    assert any("过期执法" in text and "无有效执法证" in text for text in details)


def test_suspended_certificate_is_refused(world):
    world.colleague.certificates.update(status=CertificateStatus.SUSPENDED)
    case = b.clue(world)
    with refused(case, OFFICERS):
        file(world, case)


def test_certificate_not_yet_valid_on_the_filing_day_is_refused(world):
    newcomer = make_officer(world.brigade, name="新任执法", certified=False)
    CertificateFactory(officer=newcomer, valid_from=FILED_ON + dt.timedelta(days=1))
    case = b.clue(world)
    with refused(case, OFFICERS):
        file(world, case, officers=[world.officer, newcomer])


def test_a_certified_officer_of_another_township_does_not_count(world):
    case = b.clue(world)
    with refused(case, OFFICERS) as caught:
        file(world, case, officers=[world.officer, world.outsider])
    assert "周外镇不属于本案执法主体、承办单位或协办单位" in [f.detail for f in caught.value.findings]


def test_an_officer_of_an_assisting_county_department_counts(world):
    case = b.clue(world)
    case_assist_add(case=case, actor=world.head.user, unit=world.county_dept, on=d("2026-03-02"))
    assert file(world, case, officers=[world.officer, world.county_officer]).status == m.CaseStatus.INVESTIGATION


def test_filing_without_an_approver_is_refused(world):
    case = b.clue(world)
    with refused(case, APPROVAL) as caught:
        file(world, case, approved_by=None)
    assert caught.value.findings[0].detail == "未记录负责人立案审批"


def test_an_ordinary_officer_cannot_approve_filing(world):
    case = b.clue(world)
    with refused(case, APPROVAL):
        file(world, case, approved_by="third")


def test_a_leader_of_another_township_cannot_approve_filing(world):
    other_head = make_officer(world.other_brigade, Role.APPROVER, name="河西队长")
    case = b.clue(world)
    with refused(case, APPROVAL):
        file(world, case, approved_by=other_head)


def test_the_township_agency_head_may_approve_filing(world):
    case = file(world, b.clue(world), approved_by="mayor")
    assert case.filing_approved_by == world.mayor


def test_all_broken_filing_rules_are_reported_together(world):
    case = b.clue(world)
    with refused(case, OFFICERS, APPROVAL):
        file(world, case, officers=[world.officer], approved_by="colleague")


def test_filing_dated_after_today_is_refused(world):
    case = b.clue(world)
    with unchanged(case, s.InputError):
        file(world, case, on=d("2026-12-16"))  # "today" is 2026-12-15 in these tests


# --- changing the assigned officers ------------------------------------------------------------------------------


def assign(world, case, *, add=(), release=()):
    return s.case_assign_officers(
        case=case, actor=world.head.user, add=list(add), release=list(release), on=d("2026-03-10"), reason="回避"
    )


def test_releasing_an_officer_below_two_is_refused(world):
    case = b.filed(world)
    with refused(case, OFFICERS):
        assign(world, case, release=[world.colleague])


def test_replacing_a_released_officer_keeps_two(world):
    case = b.filed(world)
    assign(world, case, add=[world.third], release=[world.colleague])

    active = case.officers.filter(released_at__isnull=True)
    assert {a.officer_id for a in active} == {world.officer.pk, world.third.pk}
    assert case.officers.get(officer=world.colleague).released_at is not None


def test_adding_an_officer_without_a_valid_certificate_is_refused(world):
    expired = make_officer(world.brigade, name="过期执法", cert_valid_to=d("2026-03-09"))
    case = b.filed(world)
    with refused(case, OFFICERS):
        assign(world, case, add=[expired], release=[world.colleague])


# --- self-check over the recorded case ------------------------------------------------------------------------


def test_self_check_accepts_an_officer_certified_after_filing_who_joined_later(world):
    newcomer = make_officer(world.brigade, name="新任执法", certified=False)
    CertificateFactory(officer=newcomer, valid_from=d("2026-03-05"))
    with time_machine.travel(b.at(FILED_ON), tick=False):
        case = b.filed(world)
    with time_machine.travel(b.at(d("2026-03-10")), tick=False):
        assign(world, case, add=[newcomer], release=[world.colleague])

    assert self_check(case, today=d("2026-03-20"), prefix="APL-42") == []


def test_self_check_flags_a_filing_approved_by_someone_who_is_not_a_leader(world):
    case = b.filed(world)
    m.Case.objects.filter(pk=case.pk).update(filing_approved_by=world.colleague)  # e.g. migrated legacy data

    assert [f.rule for f in self_check(case, today=d("2026-03-20"), prefix="SAMR-19")] == [APPROVAL]


def test_self_check_flags_a_case_left_with_one_officer(world):
    case = b.filed(world)
    case.officers.filter(officer=world.colleague).update(released_at=b.at(d("2026-03-05")))  # legacy data

    assert [f.rule for f in self_check(case, today=d("2026-03-20"), prefix="APL-42")] == [OFFICERS]
