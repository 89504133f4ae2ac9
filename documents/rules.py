"""Rules of case-file completeness registered with the rulebook (:mod:`documents.requirements` says which
documents a case's path requires).

- ``SAMR-78-REQUIRED-DOCUMENTS`` gates archiving: a file that lacks a document the law requires for an act the
  case records is not archived (一案一卷，完整有序);
- ``EVAL-CASE-FILE-DOCUMENTS`` reports the documents the evaluation standard expects beyond that (陈述申辩笔录,
  行政处罚决定审批表): the rubric's 立卷 item deducts for them; archiving goes ahead once the deduction is
  acknowledged (the self-check before archiving).

Each missing document is one finding, so the rubric deducts per document.

Both look at closed and archived files only: an open case's file is still growing (archiving an open case is
refused by ``SAMR-78-ARCHIVE-CLOSED`` alone).
"""

from __future__ import annotations

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import LawFamily, rule

from .requirements import missing_documents

ARCHIVE = "archive"
COMPLETE = (m.CaseStatus.CLOSED, m.CaseStatus.ARCHIVED)


def _missing(facts, attempt, *, mandatory: bool) -> list[str]:
    if facts.case.status not in COMPLETE:
        return []  # an open case's file is still growing; archiving it is refused as not closed
    return [req.label for req in missing_documents(facts) if req.mandatory == mandatory]


@rule(
    code="SAMR-78-REQUIRED-DOCUMENTS",
    name="案卷必备文书齐全",
    family=LawFamily.SAMR,
    message="案卷缺少案件办理过程中依法应当制作的执法文书，不得归档：案件记录的每一执法行为均须有相应文书入卷，"
    "送达当事人的文书附送达回证",
    article="《市场监督管理行政处罚程序规定》第七十八条；所缺文书的依据见明细",
    general="《行政处罚法》第四十七条；所缺文书的依据见明细",
    gates={ARCHIVE},
)
def required_documents_on_file(facts, attempt):
    for label in _missing(facts, attempt, mandatory=True):
        yield f"缺少{label}"


@rule(
    code="EVAL-CASE-FILE-DOCUMENTS",
    name="评查标准要求的文书",
    family=LawFamily.EVAL,
    message="案卷缺少评查标准要求入卷的文书（陈述申辩笔录、行政处罚决定审批表等），评查时扣分",
    article="《行政执法案卷评查工作规定》：案卷文书齐全、规范；《行政处罚法》第四十五条、第五十七条",
    gates=set(),
)
def expected_documents_on_file(facts, attempt):
    for label in _missing(facts, attempt, mandatory=False):
        yield f"缺少{label}"
