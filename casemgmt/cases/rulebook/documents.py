"""Rules of the documents issue, registered with the rulebook on import.

- rule 14: a 行政处罚决定书 cannot be issued without every APL Art. 59 element, the seal, the discretion tier and
  the benchmark reference;
- rule 24: the case file lists documents in the configured order, numbers content pages consecutively (cover,
  卷内目录 and 备考表 unnumbered) and has a 送达回证 for every external document.

The documents app is loaded lazily (the spine does not import it at module level); its rows are read once per
facts object.
"""

from __future__ import annotations

from .core import rule

ISSUE_DOCUMENT = "issue_document"
ARCHIVE = "archive"

DECISION_CODES = ("xzcf_jds",)

# APL Art. 59 items (and rule 14's additions) → the document value that carries each.
DECISION_ELEMENTS = (
    ("party_name", "当事人的姓名或者名称"),
    ("party_address", "当事人的地址"),
    ("decision_facts", "违反法律、法规、规章的事实和证据"),
    ("penalty", "行政处罚的种类"),
    ("legal_basis", "行政处罚的依据"),
    ("performance", "行政处罚的履行方式和期限"),
    ("remedy", "申请行政复议、提起行政诉讼的途径和期限"),
    ("subject_name", "作出行政处罚决定的行政机关名称"),
    ("decided_on", "作出决定的日期"),
    ("seal_name", "行政机关印章"),
    ("discretion_tier", "裁量档次"),
    ("benchmark_ref", "适用的裁量基准"),
)


def missing_decision_elements(values: dict) -> list[str]:
    return [label for key, label in DECISION_ELEMENTS if not str(values.get(key) or "").strip()]


def case_documents(facts) -> list:
    cached = facts.__dict__.get("_documents")
    if cached is None:
        from documents.models import Document

        cached = list(Document.objects.filter(case=facts.case).select_related("document_type").order_by("id"))
        facts.__dict__["_documents"] = cached
    return cached


def latest_case_file(facts):
    if "_case_file" not in facts.__dict__:
        from documents.models import CaseFile

        facts.__dict__["_case_file"] = CaseFile.objects.filter(case=facts.case).order_by("-id").first()
    return facts.__dict__["_case_file"]


@rule(
    code="APL-59-DECISION-ELEMENTS",
    number=14,
    message="行政处罚决定书应当载明当事人、违法事实和证据、处罚种类和依据、履行方式和期限、救济途径和期限、"
    "作出决定的机关名称和日期，加盖印章，并载明裁量档次和适用的裁量基准",
    article="《行政处罚法》第五十九条；《国务院办公厅关于进一步规范行政裁量权基准制定和管理工作的意见》",
    gates={ISSUE_DOCUMENT},
)
def decision_elements(facts, attempt):
    if attempt is not None:
        if attempt.get("document_type") in DECISION_CODES:
            missing = missing_decision_elements(attempt.get("values", {}))
            if missing:
                yield "缺少：" + "、".join(missing)
        return
    for doc in case_documents(facts):
        if doc.document_type.code in DECISION_CODES and doc.status == "issued":
            missing = missing_decision_elements(doc.snapshot.get("values", {}) if doc.snapshot else {})
            if missing:
                yield f"{doc.number}缺少：" + "、".join(missing)


def unserved_external(facts) -> list:
    docs = case_documents(facts)
    served = {d.for_document_id for d in docs if d.document_type.code == "sd_hz" and d.status == "issued"}
    return [
        d
        for d in docs
        if d.document_type.external and d.status == "issued" and d.pk not in served and not d.corrections.exists()
    ]


@rule(
    code="SAMR-78-CASE-FILE",
    number=24,
    message="案卷应当按规定顺序排列文书，内容页连续编号（封面、卷内目录、备考表不编号），每份送达当事人的文书均附送达回证",
    article="《市场监督管理行政处罚程序规定》第七十八条；行政执法案卷评查标准",
    gates={ARCHIVE},
)
def case_file_complete(facts, attempt):
    if attempt is None and facts.case.status not in ("closed", "archived"):
        return
    for doc in unserved_external(facts):
        yield f"{doc.document_type.name}{doc.number}没有送达回证"
    case_file = latest_case_file(facts)
    if case_file is None:
        return
    expected_page = 1
    last_order = -1
    for entry in case_file.toc:
        if entry.get("numbered"):
            if entry["start"] != expected_page:
                yield f"“{entry['title']}”起始页为{entry['start']}，应为{expected_page}（页码不连续）"
            expected_page = entry["end"] + 1
        if entry.get("order", 0) < last_order:
            yield f"“{entry['title']}”排列顺序不符合组卷规定"
        last_order = entry.get("order", 0)
    if expected_page - 1 != case_file.content_pages:
        yield f"编号页数{case_file.content_pages}与目录合计{expected_page - 1}不一致"
