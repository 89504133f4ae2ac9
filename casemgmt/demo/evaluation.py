"""Demo evaluation (案卷评查) over the archived demo cases, in the structure of the seed report: a published round
(every enforcement subject with archived files, scored, with the units' own self-scores beside the evaluated
ones, a ranking with commendation / warning / criticism bands, typical problems by 立卷 / 实体 / 程序, and
rectification tasks), and an open round whose files wait for the demo evaluator ``sfj01``.

Everything goes through the evaluation services; scores derive from the seeded generator, so the same seed and
date give the same results."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from casemgmt.archive.models import ArchiveRecord
from casemgmt.cases import models as m
from casemgmt.evaluation.models import EvaluationRound, RoundStatus, SampledFile
from casemgmt.evaluation.rectification import rectification_close, rectification_create
from casemgmt.evaluation.rounds import file_score, round_create, round_publish, self_score_enter, unit_self_score_enter
from casemgmt.org.models import LEADER_ROLES, Membership, Officer, Role, Unit

PUBLISHED_TITLE = "2026年度行政处罚案卷评查"
OPEN_TITLE = "2026年第四季度行政处罚案卷交叉评查"
DEMO_EVALUATOR = "sfj01"
MAX_SAMPLE = 4

# Typical evaluator comments per scored item (立卷 F*, 实体 S*, 程序 P*), as found in published reports.
COMMENTS = {
    "F": ["卷内目录页码与实际不符", "案卷未按规定顺序装订", "文书填写不规范，漏填执法证号"],
    "S": ["违法事实描述不具体，未写明时间地点", "现场照片未标注拍摄时间和地点", "裁量理由说明不充分"],
    "P": ["送达回证未注明送达方式", "询问笔录未逐页签名", "立案审批表审批意见签署不完整"],
}
VETO_COMMENT = "主要证据仅有当事人陈述，违法事实认定证据不足"
# The annual round's standard adds 加分项 to the shipped rubric (capped at 3 points), as the bureau's evaluation
# standards do, so files and self-scores can exceed 100 like the seed report's (乡镇自评得分为101.5分).
BONUS_RUBRIC = "行政处罚案卷评查标准（年度评查，含加分项）"
BONUS_ITEMS = [
    {"code": "B1", "title": "执法文书说理充分，被评为优秀案卷", "points": 2},
    {"code": "B2", "title": "执法方式创新（说理式执法、非现场执法等）有突出做法", "points": 2},
]
BONUS_MAX = 3


@dataclass
class DemoEvaluation:
    published: EvaluationRound | None
    open: EvaluationRound | None


def _leader(unit: Unit):
    """A leader user of the unit (镇长 / 局长 first), who enters self-scores and closes rectification."""
    ms = (
        Membership.objects.filter(unit=unit, role__in=LEADER_ROLES)
        .select_related("officer__user")
        .order_by("role", "id")
    )
    return next((x.officer.user for x in ms if x.officer.user_id), None)


def _population(period_from: dt.date, period_to: dt.date) -> Counter:
    records = ArchiveRecord.objects.filter(
        withdrawn_at__isnull=True,
        case__status=m.CaseStatus.ARCHIVED,
        case__closed_on__gte=period_from,
        case__closed_on__lte=period_to,
    )
    return Counter(records.values_list("case__enforcement_subject_id", flat=True))


def _bonus_rubric():
    """The shipped rubric with 加分项, stored once as its own (inactive) standard for the annual round."""
    import copy

    from casemgmt.evaluation.default_rubric import DEFAULT_RUBRIC
    from casemgmt.evaluation.models import Rubric
    from casemgmt.evaluation.rubrics import rubric_create_version

    existing = Rubric.objects.filter(name=BONUS_RUBRIC).order_by("-version").first()
    if existing is not None:
        return existing
    spec = copy.deepcopy(DEFAULT_RUBRIC)
    spec.update(name=BONUS_RUBRIC, bonus=BONUS_ITEMS, bonus_max=BONUS_MAX)
    return rubric_create_version(spec=spec, actor=None, activate=False)


def _scores(file: SampledFile, rng: random.Random, quality: float, *, veto: bool = False) -> dict[str, dict]:
    """Subjective items scored by the evaluator (deductions likelier at lower ``quality``), objective items kept as
    the rulebook pre-scored them, 加分项 now and then for a good unit; ``veto`` fails the evidence veto item
    (主要证据不足)."""
    scores: dict[str, dict] = {}
    for s in file.scores.select_related("item"):
        item = s.item
        if item.bonus:
            if rng.random() < quality - 0.6:
                scores[item.code] = {"points": item.points, "comment": "予以加分"}
            continue
        if item.veto:
            if veto and item.code == "V5":
                scores[item.code] = {"failed": True, "comment": VETO_COMMENT}
            continue
        if item.rule_codes:
            continue  # pre-filled from the rulebook
        points = item.points
        comment = ""
        if rng.random() > quality:
            lost = min(item.points, Decimal(rng.choice((1, 1, 2, 3))))
            points = item.points - lost
            comment = rng.choice(COMMENTS.get(item.code[0], COMMENTS["S"]))
        scores[item.code] = {"points": points, "comment": comment}
    return scores


def _evaluators() -> list[Officer]:
    return list(
        Officer.objects.filter(memberships__role=Role.SUPERVISOR, user__isnull=False)
        .distinct()
        .order_by("user__username")
    )


@transaction.atomic
def build_evaluation(*, seed: int, today: dt.date) -> DemoEvaluation:
    """The published round and the open round; nothing when no file has been archived."""
    period_from, period_to = dt.date(today.year - 1, 1, 1), today
    # Deadlines are set against the real date at this step: a load that started before midnight (Asia/Shanghai)
    # and reaches this step after it must not set a deadline that is already past.
    due = max(today, timezone.localdate())
    population = _population(period_from, period_to)
    if not population:
        return DemoEvaluation(published=None, open=None)
    office = get_user_model().objects.get(username=DEMO_EVALUATOR)
    evaluators = _evaluators()
    units = list(Unit.objects.filter(pk__in=population).order_by("pk"))
    size = min(MAX_SAMPLE, min(population.values()))
    rng = random.Random(f"{seed}:evaluation")

    published = round_create(
        title=PUBLISHED_TITLE,
        actor=office,
        units=units,
        period_from=period_from,
        period_to=period_to,
        evaluators=evaluators,
        deadline=due,
        sample_size=size,
        seed=f"{seed}-annual",
        rubric=_bonus_rubric(),
        commend_top=3,
        warn_through_rank=5,
        criticize_below=Decimal("80"),
    )
    # Unit quality: most units good, one weak (criticised below 80 in the report), as in the seed report.
    qualities = {u.pk: rng.uniform(0.72, 0.95) for u in units}
    weak = units[-1].pk
    qualities[weak] = 0.3
    vetoed = False
    for file in published.files.select_related("evaluator__user", "case", "unit"):
        veto = file.unit_id == weak and not vetoed  # one file of the weak unit: 0 points, its mean below 80
        vetoed = vetoed or veto
        scores = _scores(file, rng, qualities[file.unit_id], veto=veto)
        file_score(file=file, actor=file.evaluator.user, scores=scores)
        leader = _leader(file.unit)
        if leader is not None:
            # Units tend to rate themselves higher than the evaluators do (the seed report's pattern).
            own = min(
                published.rubric.max_total, (file.total or Decimal("0")) + Decimal(rng.choice((0, 2, 3, 5, 8, 12)))
            )
            self_score_enter(file=file, score=own if not file.vetoed else Decimal(rng.choice((85, 90))), actor=leader)
    for i, unit in enumerate(units[:-1]):  # the last unit declares none: its files' mean stands in
        leader = _leader(unit)
        if leader is not None:
            # the first counts its 加分项 above 100, as the seed report's first township did (101.5)
            declared = Decimal("101.5") if i == 0 else Decimal(rng.choice(("95", "96", "98", "100", "102", "92.5")))
            unit_self_score_enter(round_=published, unit=unit, score=declared, actor=leader, note="按评查标准逐卷自查")
    published = round_publish(round_=published, actor=office)

    from casemgmt.evaluation.results import CRITICIZE, WARN, round_results, unit_findings

    results = round_results(published)
    for u in results.units:
        problems = unit_findings(published, u.unit_id)
        if u.band not in (WARN, CRITICIZE) or not problems:
            continue
        task = rectification_create(
            round_=published,
            unit=Unit.objects.get(pk=u.unit_id),
            findings="；".join(problems[:4]),
            deadline=due + dt.timedelta(days=30),
            actor=office,
        )
        leader = _leader(task.unit)
        if u.band == WARN and leader is not None:
            rectification_close(
                task=task, evidence="已对照评查意见逐项整改，补正卷内目录并组织执法人员培训", on=today, actor=leader
            )

    open_round = round_create(
        title=OPEN_TITLE,
        actor=office,
        units=units,
        period_from=period_from,
        period_to=period_to,
        evaluators=evaluators,
        deadline=due + dt.timedelta(days=21),
        sample_size=min(2, size),
        seed=f"{seed}-q4",
    )
    return DemoEvaluation(published=published, open=open_round)


def demo_rounds() -> DemoEvaluation:
    return DemoEvaluation(
        published=EvaluationRound.objects.filter(title=PUBLISHED_TITLE, status=RoundStatus.PUBLISHED).first(),
        open=EvaluationRound.objects.filter(title=OPEN_TITLE, status=RoundStatus.OPEN).first(),
    )
