"""The self-check before archiving (归档前自查), registered with the rulebook as a gate of ``archive``.

The active rubric runs over the case: a failed veto item (一票否决) blocks archiving; other deductions block it
until the archiving officer acknowledges them (``acknowledge_defects`` in the attempt's data)."""

from __future__ import annotations

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import rule

from .scoring import score_facts


@rule(
    code="EVAL-SELF-CHECK-BEFORE-ARCHIVE",
    message="归档前须按评查标准自查：一票否决项不合格的案卷不得归档；其他扣分项须经归档人确认",
    article="《市场监督管理行政处罚程序规定》第七十八条；行政处罚案卷评查标准",
    gates={"archive"},
    audit=False,
)
def self_check_before_archive(facts, attempt):
    if facts.case.status != m.CaseStatus.CLOSED:
        return  # only a closed case is archived (SAMR-78-ARCHIVE-CLOSED says so); its file is checked then
    score = score_facts(facts)
    if score is None:
        return
    for d in score.veto_defects:
        yield f"一票否决“{d.title}”：{d.message}（{d.rule}）{('：' + d.detail) if d.detail else ''}"
    others = score.other_defects
    if others and not score.vetoed and not (attempt and attempt.get("acknowledge_defects")):
        items = "、".join(sorted({f"{d.item} {d.title}" for d in others}))
        yield f"预测得分{score.total}分（{score.grade}），{len(others)}处扣分须确认后方可归档：{items}"
