"""Required steps and who takes them: the correction order with a penalty (APL Art. 28), the recorded grounds of
公告 service (民事诉讼法 Art. 95), the party's written waiver of the statement or the hearing (APL Arts. 44–45, 63–64),
and the acts the law reserves to the 行政机关负责人 of the enforcement subject (APL Art. 57(2); CE Art. 55).

The approvals the law reserves to that 负责人 (先行登记保存, 查封扣押, their extension) are checked where the
approval is checked (``approval.approver_defects``); the decision itself by ``APL-57-DECIDED-FOR-SUBJECT``.
"""

from __future__ import annotations

from casemgmt.cases import models as m

from ._util import fmt, not_subject_head
from .core import LawFamily, rule

DECIDE = "decide"
SERVE = "serve"
SERVE_DECISION = "serve_decision"
WAIVE = "waive_rights"
DISCUSSION = "discussion"
APPLY_COURT = "apply_court"


def _correction_problem(data: dict, on) -> str | None:
    if (data.get("correction_order") or "").strip():
        return None
    notice_on = data.get("correction_notice_on")
    if notice_on is not None:
        if notice_on > on:
            return f"责令改正通知书于{fmt(notice_on)}送达，晚于决定日期{fmt(on)}"
        return None
    exemption = data.get("correction_exemption")
    if exemption:
        if not (data.get("correction_exemption_reason") or "").strip():
            label = m.CorrectionExemption(exemption).label
            return f"以“{label}”为由不责令改正的，须记录其事实和理由"
        return None
    return "处罚决定未责令当事人改正或者限期改正违法行为，也未送达责令改正通知书，且未记录已经改正或无可改正的情形"


@rule(
    code="APL-28-CORRECTION-ORDER",
    name="责令改正",
    family=LawFamily.APL,
    message="实施行政处罚时，应当责令当事人改正或者限期改正违法行为（在决定书中或以责令改正通知书）；违法行为已经改正或无可改正的，须记录事实和理由",
    article="《行政处罚法》第二十八条第一款",
    gates={DECIDE},
)
def correction_order(facts, attempt):
    if attempt is not None:
        if attempt.get("kind") != m.DecisionKind.PENALTY:
            return
        problem = _correction_problem(attempt.data, attempt.on)
    else:
        decision = facts.decision
        if decision is None or not decision.is_penalty or facts.case.procedure != m.ProcedureType.ORDINARY:
            return
        problem = _correction_problem(
            {
                "correction_order": decision.correction_order,
                "correction_notice_on": decision.correction_notice_on,
                "correction_exemption": decision.correction_exemption,
                "correction_exemption_reason": decision.correction_exemption_reason,
            },
            decision.decided_on,
        )
    if problem:
        yield problem


def _public_service_problem(reason: str, process: str) -> str | None:
    if not reason and not (process or "").strip():
        return "公告送达未记录原因（受送达人下落不明或者用其他方式无法送达）和经过"
    if not reason:
        return "公告送达未记录原因（受送达人下落不明或者用其他方式无法送达）"
    if not (process or "").strip():
        return f"公告送达的原因为“{m.PublicServiceReason(reason).label}”，未记录查找受送达人或以其他方式送达的经过"
    return None


@rule(
    code="CPL-95-PUBLIC-SERVICE-GROUNDS",
    name="公告送达原因和经过",
    family=LawFamily.APL,
    message="受送达人下落不明或者用其他方式无法送达的，方可公告送达，并在案卷中记明原因和经过",
    article="《行政处罚法》第六十一条第一款；《民事诉讼法》第九十五条",
    gates={SERVE, SERVE_DECISION},
)
def public_service_grounds(facts, attempt):
    if attempt is not None:
        if attempt.get("method") != m.ServiceMethod.PUBLIC:
            return
        problem = _public_service_problem(attempt.get("public_reason") or "", attempt.get("public_process") or "")
        if problem:
            yield problem
        return
    for record in facts.services:
        if record.method != m.ServiceMethod.PUBLIC:
            continue
        problem = _public_service_problem(record.public_reason, record.public_process)
        if problem:
            yield f"{record.get_document_display()}（{fmt(record.delivered_on)}）：{problem}"


@rule(
    code="APL-45-WRITTEN-WAIVER",
    name="书面放弃权利",
    family=LawFamily.APL,
    message="当事人放弃陈述申辩或听证权利的，须有其签名的书面放弃书附卷，并写明放弃的权利；放弃听证以告知书告知了听证权利为前提",
    article="《行政处罚法》第四十四条、第四十五条、第六十三条、第六十四条",
    gates={WAIVE},
)
def written_waiver(facts, attempt):
    if attempt is not None:
        items = [
            (
                attempt.get("waives_statement"),
                attempt.get("waives_hearing"),
                attempt.get("signed_document"),
                attempt.get("notice"),
                attempt.on,
            )
        ]
    else:
        notices = {n.pk: n for n in facts.notices}
        items = [
            (s.waives_statement, s.waives_hearing, s.signed_document, notices.get(s.notice_id), s.received_on)
            for s in facts.statements
            if s.kind == m.StatementKind.WAIVER
        ]
    for waives_statement, waives_hearing, document, notice, on in items:
        label = f"{fmt(on)}的书面放弃"
        if not (waives_statement or waives_hearing):
            yield f"{label}未写明放弃陈述申辩还是放弃听证"
        if document is None:
            yield f"{label}未附当事人签名的书面放弃书（须先登记为证据）"
        elif not document.sha256:
            yield f"{label}所附证据“{document.title}”没有上传的签名文件"
        if waives_hearing and notice is not None and not notice.includes_hearing_right:
            yield f"{label}放弃听证，但该告知书未告知听证权利"
        if notice is not None and (notice.served_on is None or on < notice.served_on):
            yield f"{label}早于告知书送达，当事人尚未被告知其权利"


@rule(
    code="APL-57-DISCUSSION-BY-HEADS",
    name="集体讨论由负责人主持",
    family=LawFamily.APL,
    message="集体讨论是行政机关负责人的集体讨论，由执法主体的行政机关负责人（或经其指定的负责人）主持",
    article="《行政处罚法》第五十七条第二款",
    gates={DISCUSSION},
)
def discussion_by_heads(facts, attempt):
    if attempt is not None:
        problem = not_subject_head(facts.case, attempt.actor, "主持集体讨论")
        if problem:
            yield problem
        return
    for discussion in facts.discussions:
        problem = not_subject_head(facts.case, discussion.chair, "主持集体讨论")
        if problem:
            yield f"{fmt(discussion.held_on)}的集体讨论：{problem}"


@rule(
    code="CE-55-APPLICATION-SIGNED-BY-HEAD",
    name="强制执行申请书签名",
    family=LawFamily.CE,
    message="强制执行申请书应当由行政机关负责人签名，加盖行政机关的印章",
    article="《行政强制法》第五十五条第二款",
    gates={APPLY_COURT},
)
def application_signed_by_head(facts, attempt):
    if attempt is not None:
        problem = not_subject_head(facts.case, attempt.actor, "签署强制执行申请书")
        if problem:
            yield problem
        return
    for application in facts.court_applications:
        problem = not_subject_head(facts.case, application.signed_by, "签署强制执行申请书")
        if problem:
            yield f"{fmt(application.applied_on)}的申请：{problem}"
