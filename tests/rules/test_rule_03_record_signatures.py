"""Rule 3: a 笔录 bears ≥ 2 officer signatures with certificate numbers, and the party's signature on every page
or a noted refusal with a witness or an audio-video record (APL Art. 55; SAMR Arts. 29, 43)."""

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.org.models import CertificateStatus
from tests import builders as b

from .support import at, d, refused, self_check

pytestmark = pytest.mark.django_db

SIGNATURES = "APL-55-RECORD-SIGNATURES"
ON = d("2026-03-04")


def record(world, case, **kw):
    kw.setdefault("signers", [world.officer, world.colleague])
    kw.setdefault("pages", 3)
    kw.setdefault("party_signed_pages", 3)
    return s.record_add(
        case=case,
        actor=world.officer.user,
        kind=m.RecordKind.INQUIRY,
        started_at=at(ON),
        ended_at=at(ON, 11),
        place="城关镇综合行政执法大队询问室",
        content="问：……答：……",
        interviewee="陈某",
        rights_told=True,
        **kw,
    )


def test_two_officer_signatures_and_the_party_on_every_page(world):
    case = b.filed(world)
    rec = record(world, case)

    numbers = sorted(sig.certificate_number for sig in rec.signatures.all())
    assert numbers == sorted(o.valid_certificate(ON).number for o in (world.officer, world.colleague))
    assert self_check(case, today=d("2026-03-20"), prefix="APL-55") == []


def test_one_officer_signature_is_refused(world):
    case = b.filed(world)
    with refused(case, SIGNATURES) as caught:
        record(world, case, signers=[world.officer])
    assert "少于2人" in caught.value.findings[0].detail


def test_the_same_officer_signing_twice_counts_once(world):
    case = b.filed(world)
    with refused(case, SIGNATURES):
        record(world, case, signers=[world.officer, world.officer])


def test_a_signer_without_a_valid_certificate_number_is_refused(world):
    case = b.filed(world)
    world.colleague.certificates.update(status=CertificateStatus.SUSPENDED)  # 暂扣 after filing
    with refused(case, SIGNATURES) as caught:
        record(world, case, signers=[world.officer, world.colleague])
    details = [f.detail for f in caught.value.findings]
    assert any("未注明执法证号" in text for text in details)


def test_party_signature_missing_on_a_page_is_refused(world):
    case = b.filed(world)
    with refused(case, SIGNATURES) as caught:
        record(world, case, pages=3, party_signed_pages=2)
    assert "仅签名2页" in caught.value.findings[0].detail


def test_refusal_to_sign_without_witness_or_recording_is_refused(world):
    case = b.filed(world)
    with refused(case, SIGNATURES):
        record(world, case, party_signed_pages=0, party_refused=True, refusal_note="当事人拒绝签名")


def test_refusal_to_sign_must_be_noted(world):
    case = b.filed(world)
    with refused(case, SIGNATURES):
        record(world, case, party_signed_pages=0, party_refused=True, witness="社区网格员刘某")


def test_noted_refusal_with_a_witness_is_accepted(world):
    case = b.filed(world)
    rec = record(
        world, case, party_signed_pages=0, party_refused=True, refusal_note="当事人拒绝签名", witness="社区网格员刘某"
    )
    assert rec.party_refused


def test_noted_refusal_with_an_audio_video_record_is_accepted(world):
    case = b.filed(world)
    rec = record(
        world,
        case,
        party_signed_pages=1,
        party_refused=True,
        refusal_note="当事人签第一页后拒签",
        media_reference="执法记录仪-0012",
    )
    assert rec.media_reference == "执法记录仪-0012"


def test_self_check_flags_a_record_that_lost_a_signature(world):
    case = b.filed(world)
    rec = record(world, case)
    rec.signatures.filter(officer=world.colleague).delete()  # e.g. an incomplete import

    findings = self_check(case, today=d("2026-03-20"), prefix="APL-55")
    assert [f.rule for f in findings] == [SIGNATURES]
    assert "少于2人" in findings[0].detail


def test_self_check_flags_a_certificate_number_that_is_not_the_signers(world):
    case = b.filed(world)
    rec = record(world, case)
    rec.signatures.filter(officer=world.colleague).update(certificate_number="ZF99999999")

    findings = self_check(case, today=d("2026-03-20"), prefix="APL-55")
    assert {f.rule for f in findings} == {SIGNATURES}
    assert any("ZF99999999" in f.detail and "不属于本人" in f.detail for f in findings)
