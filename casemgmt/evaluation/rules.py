"""Rules of the case-file evaluation registered with the rulebook.

The self-check before archiving (归档前自查) gates ``archive``: the active rubric runs over the case; a failed veto
item (一票否决) blocks archiving; other deductions block it until the archiving officer acknowledges them
(``acknowledge_defects`` in the attempt's data). The round rules below gate scoring, self-scores and edits of an
evaluation round (deadline, closure, publication, recusal)."""

from __future__ import annotations

from casemgmt.cases import models as m
from casemgmt.cases.rulebook import LawFamily, rule

from .scoring import score_facts


@rule(
    code="EVAL-SELF-CHECK-BEFORE-ARCHIVE",
    name="归档前自查",
    family=LawFamily.SAMR,
    message="归档前须按评查标准自查：一票否决项不合格的案卷不得归档；其他扣分项须经归档人确认",
    article="《市场监督管理行政处罚程序规定》第七十八条；行政处罚案卷评查标准",
    general="《行政执法案卷评查工作规定》；行政处罚案卷评查标准",
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
        yield f"一票否决“{d.title}”：{d.message}{('：' + d.detail) if d.detail else ''}"
    others = score.other_defects
    if others and not score.vetoed and not (attempt and attempt.get("acknowledge_defects")):
        items = "、".join(sorted({f"{d.item} {d.title}" for d in others}))
        yield f"预测得分{score.total}分（{score.grade}），{len(others)}处扣分须确认后方可归档：{items}"


# --- rules of an evaluation round (评查活动) ------------------------------------------------------------------
# They gate the evaluation actions, which act on a round rather than on one case: the round's services check
# them over an Attempt carrying the round's state (``round_findings``), so they never run in a case's self-check.

ROUND_SCORE, ROUND_SELF_SCORE = "evaluation_score", "evaluation_self_score"
ROUND_EDIT, ROUND_PUBLISH = "evaluation_edit", "evaluation_publish"  # edit: assign evaluators, close the round
ROUND_BANDS = "evaluation_bands"  # the report's outcome bands: editable until publication, also once scoring ended
ROUND_ACTIONS = {ROUND_SCORE, ROUND_SELF_SCORE, ROUND_EDIT, ROUND_PUBLISH, ROUND_BANDS}


@rule(
    code="EVAL-ROUND-PUBLISHED-FINAL",
    name="评查结果公布即为最终",
    family=LawFamily.EVAL,
    message="评查结果公布后，评查活动、评分和自评分均不得再修改",
    article="《行政执法案卷评查工作规定》：评查结果经公布即为最终结果",
    gates=ROUND_ACTIONS,
    audit=False,
)
def published_round_is_final(facts, attempt):
    if attempt and attempt.get("status") == "published":
        yield f"本次评查活动已于{attempt.get('published_on')}公布结果"


@rule(
    code="EVAL-ROUND-CLOSED",
    name="评查结束后不得评分",
    family=LawFamily.EVAL,
    message="评查活动结束后，评查人员的阅卷权限已收回，不得再评分或调整评查人员",
    article="《行政执法案卷评查工作规定》：评查人员仅在评查期间查阅抽取的案卷",
    gates={ROUND_SCORE, ROUND_EDIT},
    audit=False,
)
def closed_round_takes_no_scores(facts, attempt):
    if attempt and attempt.get("status") == "closed":
        yield "本次评查活动已结束评分"


@rule(
    code="EVAL-ROUND-DEADLINE",
    name="评查截止期限",
    family=LawFamily.EVAL,
    message="评查截止日期后不得再评分",
    article="《行政执法案卷评查工作规定》：评查人员应当在评查活动确定的期限内完成评查",
    gates={ROUND_SCORE},
    audit=False,
)
def scoring_within_the_deadline(facts, attempt):
    deadline = attempt.get("deadline") if attempt else None
    if deadline is not None and attempt.on > deadline:
        yield f"本次评查活动的评查截止日期为{deadline:%Y年%m月%d日}，今日为{attempt.on:%Y年%m月%d日}"


@rule(
    code="EVAL-EVALUATOR-RECUSAL",
    name="评查人员回避",
    family=LawFamily.EVAL,
    message="评查人员不得评查本单位的案卷，应当回避",
    article="《行政执法案卷评查工作规定》：交叉评查，评查人员与被评查单位有利害关系的应当回避",
    gates={ROUND_SCORE},
    audit=False,
)
def evaluator_not_of_the_evaluated_unit(facts, attempt):
    if attempt and attempt.get("own_unit"):
        yield f"{attempt.get('evaluator')}属于被评查单位{attempt.get('unit')}"


@rule(
    code="EVAL-ROUND-ALL-FILES-SCORED",
    name="案卷全部评分后方可公布",
    family=LawFamily.EVAL,
    message="抽查案卷尚未全部完成评分的，不得公布评查结果",
    article="《行政执法案卷评查工作规定》：评查结果在抽查案卷全部评查完毕后汇总、排名并通报",
    gates={ROUND_PUBLISH},
    audit=False,
)
def every_file_scored_before_publication(facts, attempt):
    unscored = attempt.get("unscored") if attempt else None
    if unscored:
        yield f"尚有{len(unscored)}件案卷未完成评分：{'；'.join(unscored)}"
