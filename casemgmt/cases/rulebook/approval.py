"""The approver of an act (负责人批准): who may approve, for which case.

An action whose registry entry names an ``approval`` role group (``casemgmt.cases.actions``) takes the approver
as ``approved_by`` in its input, and the service passes it into the attempt (``Attempt.data["approved_by"]``).
The approver must hold one of those roles on a unit of the case — the handling unit, the enforcement subject or
a unit above them (``case_unit_chain``) — and must not be the officer who takes the act: an approval is a second
person's check (SAMR Arts. 19, 20, 46, 47). The approvals the law gives to the 行政机关负责人 (:data:`HEAD_APPROVALS`)
need the agency head of the enforcement subject itself, or a member designated to act for the head (see
``_util.is_subject_head``). Memberships carry no dates (``casemgmt.org.models.Membership``), so
the membership held now is the one checked.

:func:`approver_defects` is the one check. Actions whose approval has a rule of its own (立案, 先行登记保存/查封扣押
and its emergency report, extension of a seizure) call it from that rule, so a wrong approver is refused once,
under that rule's code; every other approval action is refused under ``SAMR-APPROVER-AUTHORITY``.
"""

from __future__ import annotations

from collections.abc import Iterator

from casemgmt.cases.actions import ACTIONS, BY_CODE

from ._util import case_unit_chain, has_role_in, not_subject_head
from .core import LawFamily, rule

APPROVER_AUTHORITY = "SAMR-APPROVER-AUTHORITY"

# Approval actions checked by their own rule (filing.py, investigation.py) through approver_defects.
OWN_APPROVAL_RULE = frozenset({"file", "take_measure", "report_emergency", "extend_measure"})
APPROVAL_ACTIONS = frozenset(a.code for a in ACTIONS if a.approval)
# Approvals the law gives to the 行政机关负责人 of the enforcement subject, not to the head of its internal
# enforcement body: 先行登记保存 (APL Art. 56), 查封扣押 and the emergency report (CE Arts. 18(1), 19), the extension
# of a seizure (CE Art. 25). A brigade head approves the other (internal) steps.
HEAD_APPROVALS = frozenset({"take_measure", "report_emergency", "extend_measure"})


def approver_defects(case, action: str, approver, actor) -> Iterator[str]:
    """Why ``approver`` cannot approve ``action`` on ``case`` taken by ``actor`` (nothing when he can)."""
    if approver is None:
        yield "未指定批准的负责人"
        return
    entry = BY_CODE[action]
    if action in HEAD_APPROVALS:
        problem = not_subject_head(case, approver, f"批准{entry.label}")
        if problem:
            yield problem
    elif not has_role_in(approver, entry.approval, case_unit_chain(case)):
        yield f"{approver.name}不是本案执法主体或承办单位（或其上级）的负责人，不能批准{entry.label}"
    if actor is not None and approver.pk == actor.pk:
        yield f"{approver.name}是本次{entry.label}的经办人，不能批准本人经办的操作"


@rule(
    code=APPROVER_AUTHORITY,
    name="批准人资格",
    family=LawFamily.APL,
    message="须经本案执法主体（或其上级机关）的负责人批准，且经办人不得自行批准",
    article="《行政处罚法》第五十四条；《市场监督管理行政处罚程序规定》第二十条、第四十六条、第四十七条",
    gates=APPROVAL_ACTIONS - OWN_APPROVAL_RULE,
    audit=False,
)
def approver_authority(facts, attempt):
    if attempt is None:
        return
    yield from approver_defects(facts.case, attempt.action, attempt.get("approved_by"), attempt.actor)
