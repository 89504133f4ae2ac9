"""Rules of the documents issue, registered with the rulebook on import.

- rule 14: a 行政处罚决定书 cannot be issued without every APL Art. 59 element, the seal, the discretion tier and
  the benchmark reference;
- rule 24: the case file lists documents in the configured order, numbers content pages consecutively (cover,
  卷内目录 and 备考表 unnumbered) and has a 送达回证 for every external document;
- the stage binding: a document is issued only once the case has reached the act it records.

Stage binding. The action registry (``casemgmt.cases.actions``) lists, for each action, the documents its
record is written up in; a document type listed by exactly one action is *bound* to it and may be issued only
once that act is on the file (:data:`REACHED`): the 行政处罚决定书 once a penalty decision is recorded, the
事先告知书 once the notice is recorded, the 听证通知书 once the hearing is scheduled, the 结案审批表 once a closing
ground exists, and so on. The type listed by several actions (送达回证, by both service actions) is a receipt:
it is issued only by the document service, for the document it was served with. A type no action lists keeps
the meaning of its catalogue ``stage`` (:data:`STAGE_ACTS`): 调查取证 documents need a filed case (or the
summary procedure), 听证告知书 a recorded notice, 归档 documents a closed case; 受理, 送达 and 移送 documents
may be issued at any stage.

The documents app is loaded lazily (the spine does not import it at module level); its rows are read once per
facts object.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from casemgmt.cases import models as m
from casemgmt.cases.actions import ACTIONS, BY_CODE

from .closing import NO_PENALTY_KINDS, ground_date
from .core import LawFamily, rule

ISSUE_DOCUMENT = "issue_document"
ARCHIVE = "archive"
DECIDE = "decide"
SUMMARY = "summary_decide"

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

        # for_document: the case page lists the same rows (a receipt names the document it served)
        documents = Document.objects.filter(case=facts.case).select_related(
            "document_type", "for_document__document_type"
        )
        cached = list(documents.order_by("id"))
        facts.__dict__["_documents"] = cached
    return cached


def latest_case_file(facts):
    if "_case_file" not in facts.__dict__:
        from documents.models import CaseFile

        facts.__dict__["_case_file"] = CaseFile.objects.filter(case=facts.case).order_by("-id").first()
    return facts.__dict__["_case_file"]


@rule(
    code="APL-59-DECISION-ELEMENTS",
    name="决定书载明事项",
    family=LawFamily.APL,
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
            # As at issue: the document's values with the issuing header (机关名称, 印章) frozen beside them.
            snapshot = doc.snapshot or {}
            missing = missing_decision_elements({**snapshot.get("values", {}), **snapshot.get("header", {})})
            if missing:
                yield f"{doc.number}缺少：" + "、".join(missing)


# --- content: the facts and provisions a document states (APL Arts. 44, 59) ------------------------------------

# document type → the values its text states, which it cannot be issued without: (value key, what it is).
# Keys ending in ``_provision`` must cite a provision (《…》第…条).
REMEDY_ELEMENTS = (("remedy_body", "行政复议机关"), ("remedy_court", "提起行政诉讼的人民法院"))
PROVISION_ELEMENTS = (
    ("violated_provision", "违反的法律条款（违法条款）"),
    ("penalty_provision", "处罚依据（罚则条款）"),
)
CONTENT_ELEMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "xzcf_jds": (
        ("decision_facts", "违法事实"),
        ("evidence_list", "证据"),
        *PROVISION_ELEMENTS,
        ("penalty", "行政处罚的种类和数额"),
        *REMEDY_ELEMENTS,
    ),
    "byxzcf_jds": (("decision_facts", "查明的事实"), ("legal_basis", "不予行政处罚的依据"), *REMEDY_ELEMENTS),
    "dcxzcf_jds": (
        ("decision_facts", "违法事实"),
        ("legal_basis", "处罚依据"),
        ("penalty", "处罚内容"),
        *REMEDY_ELEMENTS,
    ),
    "sxgz_s": (("notice_facts", "违法事实"), *PROVISION_ELEMENTS, ("notice_penalty", "拟作出的行政处罚")),
    "sxgz_s_tz": (("notice_facts", "违法事实"), *PROVISION_ELEMENTS, ("notice_penalty", "拟作出的行政处罚")),
    "tz_gzs": (("notice_penalty", "拟作出的行政处罚"),),
    "zlgz_tzs": (("violation", "违法行为"), ("legal_basis", "违反的规定"), ("correction", "改正要求")),
    "cfky_jds": (("measure_reason", "查封（扣押）的理由"), ("items", "查封（扣押）物品"), *REMEDY_ELEMENTS),
}
# Words a form or an unfinished draft leaves where the case's own text belongs.
PLACEHOLDER_WORDS = frozenset(
    {
        "违法事实",
        "违法条款",
        "罚则条款",
        "处罚依据",
        "法律依据",
        "事实",
        "依据",
        "证据",
        "理由",
        "待补充",
        "待填写",
        "略",
        "无",
    }
)
PLACEHOLDER_MARKS = ("××", "XX", "xx", "＿", "__", "{{", "}}", "○○", "□")
CITATION = re.compile(r"《[^《》]+》.*第[^条]+条")


def is_placeholder(text: str) -> bool:
    value = str(text or "").strip().rstrip("。；;，,：:")
    return not value or value in PLACEHOLDER_WORDS or any(mark in value for mark in PLACEHOLDER_MARKS)


def missing_content(code: str, values: dict) -> list[str]:
    """What a document of type ``code`` lacks among the facts and provisions it states: empty, a placeholder,
    or (for a provision) no citation of an article of a named law."""
    missing = []
    for key, label in CONTENT_ELEMENTS.get(code, ()):
        value = str(values.get(key) or "")
        if is_placeholder(value) or (key.endswith("_provision") and not CITATION.search(value)):
            missing.append(label)
    # A fine's decision tells the party of the surcharge (行政强制法第四十五条).
    # The remedy sentence names the 复议机关 and the court the document gives (行政处罚法第五十九条第五项).
    remedy = str(values.get("remedy") or "")
    if remedy and code in ("xzcf_jds", "byxzcf_jds", "dcxzcf_jds"):
        for key, label in REMEDY_ELEMENTS:
            named = str(values.get(key) or "")
            if named and named not in remedy and label not in missing:
                missing.append(f"救济途径中的{label}")
    fine = "罚款" in str(values.get("penalty") or "")
    if code == "xzcf_jds" and fine and "加处罚款" not in str(values.get("performance") or ""):
        missing.append("逾期缴纳加处罚款的告知")
    return missing


@rule(
    code="APL-59-DOCUMENT-CONTENT",
    name="文书事实和依据齐全",
    family=LawFamily.APL,
    message="送达当事人的文书须写明本案的违法事实、证据、违反的法律条款和处罚依据（以及救济机关），"
    "不能空缺或以“违法事实”“罚则条款”等占位内容代替",
    article="《行政处罚法》第四十四条、第五十九条",
    gates={ISSUE_DOCUMENT},
)
def document_content(facts, attempt):
    if attempt is not None:
        code = attempt.get("document_type")
        if code in CONTENT_ELEMENTS:
            missing = missing_content(code, attempt.get("values", {}))
            if missing:
                yield "缺少：" + "、".join(missing)
        return
    for doc in case_documents(facts):
        if doc.document_type.code in CONTENT_ELEMENTS and doc.status == "issued" and doc.snapshot:
            snap = doc.snapshot
            # Documents issued before an element existed are judged by what they state, not by absent keys.
            values = {**snap.get("values", {}), **snap.get("header", {})}
            missing = [
                label
                for label in missing_content(doc.document_type.code, values)
                if any(k in values for k, lbl in CONTENT_ELEMENTS[doc.document_type.code] if lbl == label)
            ]
            if missing:
                yield f"{doc.document_type.name}{doc.number}缺少：" + "、".join(missing)


@rule(
    code="APL-59-BASIS-OF-MATTER",
    name="处罚依据属于执法事项",
    family=LawFamily.APL,
    message="处罚决定引用的法律条款须从本案执法事项的违法条款、罚则条款中选择，并引用其罚则条款",
    article="《行政处罚法》第五十九条第一款第三项、第三十八条",
    gates={DECIDE, SUMMARY},
)
def basis_of_matter(facts, attempt):
    from casemgmt.cases.provisions import basis_defects

    matter = facts.matter
    if matter is None:
        return
    if attempt is not None:
        if attempt.get("kind", m.DecisionKind.PENALTY) == m.DecisionKind.PENALTY and "legal_basis" in attempt.data:
            yield from basis_defects(matter, attempt.get("legal_basis", ""))
        return
    decision = facts.decision
    if decision is not None and decision.is_penalty:
        yield from basis_defects(matter, decision.legal_basis)


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
    name="案卷排列与编号",
    family=LawFamily.SAMR,
    number=24,
    message="案卷应当按规定顺序排列文书，内容页连续编号（封面、卷内目录、备考表不编号），每份送达当事人的文书均附送达回证",
    article="《市场监督管理行政处罚程序规定》第七十八条；行政执法案卷评查标准",
    general="《行政处罚法》第四十七条；行政执法案卷评查标准",
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


# --- stage binding ----------------------------------------------------------------------------------------------


def _bindings() -> tuple[dict[str, str], frozenset[str]]:
    listed: dict[str, list[str]] = {}
    for action in ACTIONS:
        for code in action.documents:
            listed.setdefault(code, []).append(action.code)
    bound = {code: acts[0] for code, acts in listed.items() if len(acts) == 1}
    receipts = frozenset(code for code, acts in listed.items() if len(acts) > 1)
    return bound, receipts


# document type code → the action whose record it writes up; the receipt types (送达回证).
DOCUMENT_ACT, RECEIPT_TYPES = _bindings()


def _decided(facts, code: str) -> bool:
    decision = facts.decision
    if decision is None:
        return False
    if code == "xzcf_jds":
        return decision.is_penalty
    if code == "byxzcf_jds":
        return decision.kind in NO_PENALTY_KINDS
    return True


def _closable(facts, code: str) -> bool:
    """A closing ground exists (SAMR Art. 77): the 结案审批表 is drawn up to have it approved."""
    if facts.closings or facts.case.status in (m.CaseStatus.TERMINATED, m.CaseStatus.CLOSED, m.CaseStatus.ARCHIVED):
        return True
    return any(ground_date(facts, ground) is not None for ground in m.ClosingGround.values)


def _closed(facts, code: str) -> bool:
    return facts.case.closed_on is not None or facts.case.status in (m.CaseStatus.CLOSED, m.CaseStatus.ARCHIVED)


def _investigating(facts, code: str) -> bool:
    return facts.case.filed_on is not None or facts.case.procedure == m.ProcedureType.SUMMARY


RECORD_KIND = {"xw_bl": (m.RecordKind.INQUIRY,), "xcjc_bl": (m.RecordKind.INSPECTION,)}
MEASURE_KIND = {
    "xxdjbc_tzs": (m.MeasureKind.PRESERVATION,),
    "cfky_jds": (m.MeasureKind.SEIZURE, m.MeasureKind.DETENTION),
}

Reached = Callable[..., bool]

# action code → (what the file lacks until the act is done, has the case reached it).
REACHED: dict[str, tuple[str, Reached]] = {
    "file": ("案件尚未立案", lambda f, c: f.case.filed_on is not None),
    "decline_filing": ("尚未作出不予立案决定", lambda f, c: f.case.status == m.CaseStatus.NOT_FILED),
    "summary_decide": ("尚未作出当场处罚决定", lambda f, c: f.decision is not None),
    "add_record": (
        "尚未制作相应笔录",
        lambda f, c: any(r.kind in RECORD_KIND.get(c, m.RecordKind.values) for r in f.records),
    ),
    "take_measure": (
        "尚未采取相应的先行登记保存或查封扣押措施",
        lambda f, c: any(x.kind in MEASURE_KIND.get(c, m.MeasureKind.values) for x in f.measures),
    ),
    "dispose_measure": ("尚未对先行登记保存或查封扣押的物品作出处理", lambda f, c: any(x.disposal for x in f.measures)),
    "submit_report": ("尚未提交调查终结报告", lambda f, c: bool(f.reports)),
    "review": ("尚未作出审核意见", lambda f, c: bool(f.reviews)),
    "issue_notice": ("尚未登记事先告知", lambda f, c: bool(f.notices)),
    "serve_notice": (
        "事先告知书尚未送达",
        lambda f, c: f.latest_notice is not None and f.latest_notice.served_on is not None,
    ),
    "record_statement": ("尚未登记陈述申辩或听证申请", lambda f, c: bool(f.statements)),
    "schedule_hearing": ("尚未安排听证", lambda f, c: bool(f.hearings)),
    "hold_hearing": ("尚未举行听证", lambda f, c: any(h.held_on for h in f.hearings)),
    "discussion": ("尚未进行集体讨论", lambda f, c: bool(f.discussions)),
    "decide": ("尚未作出相应的处理决定", _decided),
    "serve_decision": ("决定书尚未送达", lambda f, c: bool(f.decision_services()) or _handed_over(f)),
    "deferment": ("尚未批准延期（分期）缴纳罚款", lambda f, c: bool(f.deferments)),
    "reminder": ("尚未登记履行催告", lambda f, c: bool(f.reminders)),
    "apply_court": ("尚未登记申请法院强制执行", lambda f, c: bool(f.court_applications)),
    "close": ("尚不具备结案条件（无结案事由）", _closable),
}


def _handed_over(facts) -> bool:
    return facts.decision is not None and facts.decision.handed_over_on_announcement


# catalogue stage of a type no action lists → the action it follows, or a check of its own; None: any stage.
STAGE_ACTS: dict[str, str | tuple[str, Reached] | None] = {
    "受理": None,
    "送达": None,
    "移送": None,
    "立案": "file",
    "调查取证": ("案件尚未立案", _investigating),
    "调查终结": "submit_report",
    "审核": "review",
    "事先告知": "issue_notice",
    "听证": "issue_notice",
    "决定": "decide",
    "当场处罚": "summary_decide",
    "执行": "serve_decision",
    "结案": "close",
    "归档": ("案件尚未结案", _closed),
}


def stage_defect(facts, *, code: str, stage: str, receipt_for: bool = False) -> str | None:
    """Why a document of type ``code`` (catalogue ``stage``) cannot be issued on the case now, or None."""
    if code in RECEIPT_TYPES:
        return None if receipt_for else "送达回证只能在送达文书时随该文书出具"
    action_code = DOCUMENT_ACT.get(code)
    entry = STAGE_ACTS.get(stage) if action_code is None else action_code
    if entry is None:
        return None
    if isinstance(entry, str):
        action = BY_CODE[entry]
        if facts.case.procedure not in action.procedures:
            return f"本案适用{facts.case.get_procedure_display()}，该文书记载的“{action.label}”不适用"
        lacking, reached = REACHED[entry]
        return None if reached(facts, code) else f"{lacking}（该文书记载“{action.label}”）"
    lacking, reached = entry
    return None if reached(facts, code) else lacking


@rule(
    code="APL-DOCUMENT-STAGE",
    name="文书签发时机",
    family=LawFamily.APL,
    message="执法文书记载的执法行为尚未依法作出，不能签发文书：文书须在案件进入相应程序环节、该行为记录在案后签发",
    article="《行政处罚法》第四十四条、第五十九条、第六十二条、第六十四条；《市场监督管理行政处罚程序规定》第七十七条",
    gates={ISSUE_DOCUMENT},
)
def document_stage(facts, attempt):
    if attempt is not None:
        code = attempt.get("document_type")
        if code:
            defect = stage_defect(
                facts, code=code, stage=attempt.get("stage", ""), receipt_for=attempt.get("receipt_for", False)
            )
            if defect:
                yield defect
        return
    for doc in case_documents(facts):
        if doc.status != "issued":
            continue
        dtype = doc.document_type
        defect = stage_defect(facts, code=dtype.code, stage=dtype.stage, receipt_for=doc.for_document_id is not None)
        if defect:
            yield f"{dtype.name}{doc.number}：{defect}"
