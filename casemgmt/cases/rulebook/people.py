"""Who takes part in an act: the officers who sign a 笔录, collect evidence or preside over a hearing.

They act for the case's body (APL Art. 42): each must belong to the case's units — the handling unit, the
enforcement subject or an assisting unit, or a unit below them — exactly as for the officers assigned at filing
(``filing._belongs``), and hold a valid enforcement certificate on the day. The certificates of a 笔录's signers
are checked with their signatures (``APL-55-RECORD-SIGNATURES``); here only their unit. A hearing's presider
must belong to the organ but needs no enforcement certificate (APL Art. 64(4) asks only for a non-investigator
the organ designates). Officers who sign a
笔录 or collect evidence of a filed case must moreover be among the officers the head assigned to it (SAMR Art.
19 para 2), not released since. That the presider is not an investigator is ``APL-64-PRESIDER-NOT-INVESTIGATOR``.

Services pass the people as ``Attempt.data``: ``signed_by`` (add_record), ``collected_by`` (add_evidence),
``presider`` (schedule_hearing, hold_hearing); they act on the attempt's ``on``, a presider on the hearing day
(``scheduled_on`` when the hearing is scheduled).
"""

from __future__ import annotations

from ._util import fmt
from .core import LawFamily, rule
from .dates import is_plausible
from .filing import _belongs, _case_unit_ids

QUALIFIED = "APL-42-ACTING-OFFICER-QUALIFIED"
ASSIGNED = "SAMR-19-ACTING-OFFICER-ASSIGNED"

# action -> (data key, whether the certificate is checked here, whether the officers must be assigned)
ACTING: dict[str, tuple[str, bool, bool]] = {
    "add_record": ("signed_by", False, True),
    "add_evidence": ("collected_by", True, True),
    # APL Art. 64(4): the presider is a non-investigator the organ designates; the law asks no enforcement
    # certificate of them (e.g. the organ's legal officer presides), only that they belong to the organ.
    "schedule_hearing": ("presider", False, False),
    "hold_hearing": ("presider", False, False),
}


def _acting(attempt) -> list:
    key = ACTING[attempt.action][0]
    value = attempt.get(key)
    if value is None:
        return []
    return list(dict.fromkeys(value if isinstance(value, list | tuple) else [value]))


@rule(
    code=QUALIFIED,
    name="执法人员所属与证件",
    family=LawFamily.APL,
    message="执法人员须属于本案执法主体、承办单位或协办单位（含其下属机构），并在当日持有有效的行政执法证件",
    article="《行政处罚法》第四十二条；《市场监督管理行政处罚程序规定》第二十二条",
    gates=frozenset(ACTING),
    audit=False,
)
def acting_officer_qualified(facts, attempt):
    if attempt is None:
        return
    units = _case_unit_ids(facts.case)
    on = attempt.get("scheduled_on") or attempt.on  # a presider acts on the hearing day
    # On a mistyped day (PROC-DATE-PLAUSIBLE) nobody's certificate can be judged.
    check_certificate = ACTING[attempt.action][1] and is_plausible(on, facts.today)
    for officer in _acting(attempt):
        if not _belongs(officer, units):
            yield f"{officer.name}不属于本案执法主体、承办单位或协办单位"
        elif check_certificate and officer.valid_certificate(on) is None:
            yield f"{officer.name}在{fmt(on)}无有效执法证（过期、暂扣或未登记）"


@rule(
    code=ASSIGNED,
    name="指定办案人员",
    family=LawFamily.SAMR,
    message="制作笔录、收集证据的执法人员须是负责人指定的本案办案人员",
    article="《市场监督管理行政处罚程序规定》第十九条第二款、第二十二条",
    general="《行政处罚法》第四十二条、第五十五条",
    gates=frozenset(a for a, (_, _, assigned) in ACTING.items() if assigned),
    audit=False,
)
def acting_officer_assigned(facts, attempt):
    if attempt is None or facts.case.filed_on is None:
        return  # before filing (a clue being checked, the summary procedure) nobody is assigned yet
    assigned = {a.officer_id for a in facts.active_assignments}
    for officer in _acting(attempt):
        if officer.pk not in assigned:
            yield f"{officer.name}不是本案承办人员（未指定或已退出办案）"
