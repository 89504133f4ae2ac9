"""Case-file completeness: the documents a case's path requires (documents/requirements.py), the archive refusing a
file without one (SAMR-78-REQUIRED-DOCUMENTS, nothing changed), and the rubric's 立卷 item deducting for it."""

from decimal import Decimal

import pytest

from casemgmt.archive.models import ArchiveRecord
from casemgmt.archive.services import archive_case
from casemgmt.cases import models as m
from casemgmt.cases.rulebook import RuleViolation, check_case, load_facts
from casemgmt.evaluation.scoring import score_facts
from documents.requirements import missing_documents, required_documents
from tests import builders as b
from tests.archive.conftest import VIOLATED, closed_case

pytestmark = pytest.mark.django_db
REQUIRED = "SAMR-78-REQUIRED-DOCUMENTS"
EXPECTED = "EVAL-CASE-FILE-DOCUMENTS"
# The happy path of tests.archive.conftest.closed_case: filed, inspected, reported, reviewed, notified, decided,
# served, closed.
MANDATORY = ("la_spb", "xcjc_bl", "dczj_bg", "sxgz_s", "xzcf_jds", "ja_spb")


def test_a_closed_penalty_case_requires_the_documents_of_its_path(world):
    case = closed_case(world, documents=False)
    reqs = required_documents(load_facts(case))
    assert [r.code for r in reqs if r.mandatory] == list(MANDATORY)
    assert [r.code for r in reqs if not r.mandatory] == ["xzcf_jdspb"]
    served = {r.code for r in reqs if r.served}
    assert served == {"sxgz_s", "xzcf_jds"}  # the notice and the decision go with their 送达回证
    by_code = {r.code: r for r in reqs}
    assert "第五十九条" in by_code["xzcf_jds"].article and "第七十七条" in by_code["ja_spb"].article
    assert by_code["xzcf_jds"].service == case.servicerecords.get(document=m.ServiceDocument.DECISION)
    assert [r.code for r in missing_documents(load_facts(case))] == [r.code for r in reqs]


@pytest.mark.parametrize("code", MANDATORY)
def test_archiving_is_refused_without_each_required_document_and_changes_nothing(world, code):
    case = closed_case(world, omit=frozenset({code}))
    version = case.version
    with pytest.raises(RuleViolation) as refused:
        archive_case(case=case, actor=world.head.user, on=case.closed_on, acknowledge_defects=True)
    findings = [f for f in refused.value.findings if f.rule == REQUIRED]
    assert len(findings) == 1
    (req,) = [r for r in required_documents(load_facts(case)) if r.code == code]
    assert req.name in findings[0].detail and req.article in findings[0].detail
    assert (
        findings[0].name == "案卷必备文书齐全" and "《行政处罚法》第四十七条" in findings[0].article
    )  # a 城管 case: the general citation
    case.refresh_from_db()
    assert case.status == m.CaseStatus.CLOSED and case.version == version
    assert not ArchiveRecord.objects.filter(case=case).exists()


def test_a_file_with_every_required_document_archives(world, django_capture_on_commit_callbacks):
    case = closed_case(world)
    assert missing_documents(load_facts(case)) == []
    with django_capture_on_commit_callbacks(execute=True):  # the case file is built by a job after the commit
        record = archive_case(case=case, actor=world.head.user, on=case.closed_on)
    record.refresh_from_db()
    assert record.case_file_documents > 0
    case.refresh_from_db()
    assert case.status == m.CaseStatus.ARCHIVED


def test_a_missing_expected_document_costs_points_but_does_not_bar_the_archive(world):
    case = closed_case(world, omit=frozenset({"xzcf_jdspb"}))
    facts = load_facts(case)
    rules = {f.rule for f in check_case(facts)}
    assert EXPECTED in rules and REQUIRED not in rules
    score = score_facts(facts)
    assert score.by_item["F3"] == Decimal("6")
    with pytest.raises(RuleViolation) as refused:
        archive_case(case=case, actor=world.head.user, on=case.closed_on)
    assert {f.rule for f in refused.value.findings} == {"EVAL-SELF-CHECK-BEFORE-ARCHIVE"}
    archive_case(case=case, actor=world.head.user, on=case.closed_on, acknowledge_defects=True)


def test_the_case_file_item_gets_full_marks_only_with_the_documents(world):
    complete = score_facts(load_facts(closed_case(world)))
    assert complete.by_item["F3"] == Decimal("8") and complete.total == Decimal("100")
    empty = score_facts(load_facts(closed_case(world, documents=False)))
    assert empty.by_item["F3"] == Decimal("0")  # 文书排列有序…送达回证齐全: nothing to order, no receipt
    assert empty.total == Decimal("92")
    f3 = [d for d in empty.defects if d.item == "F3"]
    assert {d.rule for d in f3} == {REQUIRED, EXPECTED} and len(f3) == 7


def test_a_decision_without_its_receipt_does_not_get_full_marks_nor_archive(world):
    from documents import services as ds

    case = closed_case(world, omit=frozenset({"xzcf_jds"}))
    decision = case.decisions.get()
    draft = ds.document_draft(
        case=case,
        actor=world.head.user,
        type_code="xzcf_jds",
        source_ref=f"decision:{decision.pk}",
        values={"violated_provision": VIOLATED},
    )
    ds.document_issue(document=draft, actor=world.head.user, on=decision.decided_on)  # issued, never served
    facts = load_facts(case)
    assert missing_documents(facts) == []  # the document is on file; its receipt is the case-file rule's check
    score = score_facts(facts)
    assert score.by_item["F3"] == Decimal("6")
    assert [d.rule for d in score.defects] == ["SAMR-78-CASE-FILE"]
    with pytest.raises(RuleViolation) as refused:
        archive_case(case=case, actor=world.head.user, on=case.closed_on, acknowledge_defects=True)
    assert "没有送达回证" in str(refused.value)


def test_an_open_case_is_not_audited_for_documents_until_it_closes(world):
    case = b.served(world)
    facts = load_facts(case)
    assert [r.code for r in missing_documents(facts)][:3] == ["la_spb", "xcjc_bl", "dczj_bg"]
    assert not {REQUIRED, EXPECTED} & {f.rule for f in check_case(facts)}
