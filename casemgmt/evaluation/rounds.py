"""Evaluation rounds (评查活动) of the justice bureau: draw, assign, score, self-evaluate, publish.

The sample is drawn per unit with a recorded seed through the archive's sampling (reproducible, auditable).
Evaluators see exactly their assigned files while the round is open (a guardian object grant of
``cases.view_case`` per evaluator and file, read by ``cases_visible_to``), never files of their own unit, and
lose the grant when the round closes (by the justice bureau, at publication, or by ``close_evaluation_rounds``
the day after the deadline). Scoring after the deadline or on a closed round, and any change to a published
round, is refused under the round rules of ``rules.py`` (``EVAL-ROUND-*``), which say which rule was broken.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from guardian.shortcuts import assign_perm, remove_perm

from casemgmt.archive.models import ArchiveRecord
from casemgmt.archive.sampling import SampleError, sample_archived_files
from casemgmt.cases.models import Case, CaseStatus, ProcedureType
from casemgmt.cases.rulebook import (
    RULES,
    Attempt,
    CaseFacts,
    Finding,
    RuleViolation,
    check_case,
    load_facts,
    load_facts_many,
)
from casemgmt.cases.services.base import ConflictError, InputError
from casemgmt.cases.textlimits import check_text, too_long
from casemgmt.org.models import LEADER_ROLES, Officer, Role, Unit
from casemgmt.org.selectors import officer_of, role_unit_ids, scope_unit_ids

from .models import (
    EvaluationRound,
    ItemScore,
    OutcomeBand,
    RoundStatus,
    Rubric,
    SampledFile,
    UnitSelfScore,
    points_text,
)
from .results import standard_bands
from .rubrics import active_rubric
from .rules import ROUND_BANDS, ROUND_EDIT, ROUND_PUBLISH, ROUND_SCORE, ROUND_SELF_SCORE
from .scoring import score_findings

VIEW = "cases.view_case"
# the columns' lengths: a longer text is refused, not cut
REASON_MAX = ItemScore._meta.get_field("reason").max_length
COMMENT_MAX = ItemScore._meta.get_field("comment").max_length
NOTE_MAX = UnitSelfScore._meta.get_field("note").max_length
TITLE_MAX = EvaluationRound._meta.get_field("title").max_length
LABEL_MAX = OutcomeBand._meta.get_field("label").max_length


class RoundRefusal(RuleViolation, ConflictError):
    """An evaluation action refused by a round rule (deadline, closure, publication, recusal): a rule violation
    (HTTP 422 with the rule's code and article) that is also a conflict with the round's state."""


def require_evaluation_office(actor) -> Officer:
    """Only the justice bureau's supervisors (司法局监督评查人员) organise rounds."""
    officer = officer_of(actor)
    if officer is None or not officer.memberships.filter(role=Role.SUPERVISOR).exists():
        raise PermissionDenied("只有司法局监督评查人员可以组织案卷评查")
    return officer


def _own_unit(officer: Officer, case: Case) -> bool:
    return bool(_scope(officer) & {case.enforcement_subject_id, case.handling_unit_id})


def round_findings(round_: EvaluationRound, action: str, *, on: dt.date | None = None, **data) -> list[Finding]:
    """The round rules gating ``action`` over the round's state (and, for scoring, the evaluator's unit)."""
    state = {
        "status": round_.status,
        "published_on": f"{timezone.localtime(round_.published_at):%Y年%m月%d日}" if round_.published_at else "",
        "deadline": round_.deadline if action == ROUND_SCORE else None,
        **data,
    }
    attempt = Attempt(action, on or timezone.localdate(), data=state)
    return [f for r in RULES.values() if action in r.gates for f in r.findings(None, attempt)]


def _open(round_: EvaluationRound, action: str = ROUND_EDIT, **data) -> EvaluationRound:
    """Lock the round and refuse ``action`` when a round rule forbids it."""
    locked = EvaluationRound.objects.select_for_update().get(pk=round_.pk)
    found = round_findings(locked, action, **data)
    if found:
        raise RoundRefusal(found)
    return locked


def _population(*, unit: Unit, procedure: str, period_from: dt.date, period_to: dt.date) -> list[tuple[int, str]]:
    records = ArchiveRecord.objects.filter(
        withdrawn_at__isnull=True,
        case__status=CaseStatus.ARCHIVED,
        case__enforcement_subject=unit,
        case__closed_on__gte=period_from,
        case__closed_on__lte=period_to,
    )
    if procedure:
        records = records.filter(case__procedure=procedure)
    return list(records.order_by("case_id").values_list("case_id", "archive_number"))


def prefill_rows(file: SampledFile, rubric: Rubric, facts: CaseFacts | None = None) -> list[ItemScore]:
    """Objective items pre-scored from the rulebook (the self-check's scoring); subjective ones left empty."""
    findings = check_case(facts if facts is not None else load_facts(file.case))
    score = score_findings(rubric, findings)
    by_item: dict[str, list[dict]] = {}
    for d in score.defects:
        by_item.setdefault(d.item, []).append({"rule": d.rule, "message": d.message, "detail": d.detail})
    rows = []
    for item in rubric.items.all():
        hits = by_item.get(item.code, [])
        objective = bool(item.rule_codes) and not item.bonus
        rows.append(
            ItemScore(
                file=file,
                item=item,
                suggested=(score.by_item.get(item.code) if objective and not item.veto else None),
                suggested_failed=item.veto and bool(hits),
                findings=hits,
                points=(score.by_item.get(item.code) if objective and not item.veto else None),
                failed=item.veto and bool(hits),
            )
        )
    return rows


Progress = Callable[[int, int, str], None]


def round_check(
    *,
    title: str,
    actor,
    units: Iterable[Unit],
    period_from: dt.date,
    period_to: dt.date,
    evaluators: Iterable[Officer],
    deadline: dt.date,
    procedure: str = "",
    sample_size: int | None = None,
    rubric: Rubric | None = None,
    commend_top: int = 3,
    warn_through_rank: int | None = None,
    criticize_below: Decimal | None = Decimal("80"),
    bands: list[dict] | None = None,
) -> tuple[Rubric, list[OutcomeBand]]:
    """The cheap checks of :func:`round_create` (who, which units, dates, bands): the page runs them before it
    starts the drawing job, so a wrong form is answered at once. Returns the rubric and the unsaved bands."""
    require_evaluation_office(actor)
    if not title.strip():
        raise InputError("须填写评查活动名称", field="title")
    check_text(title.strip(), field="title", label="评查活动名称", limit=TITLE_MAX)
    if not list(units):
        raise InputError("须选择被评查单位", field="units")
    if not list(evaluators):
        raise InputError("须指定评查人员", field="evaluators")
    if period_from > period_to:
        raise InputError("期间起始日期晚于截止日期", field="period_from")
    if procedure and procedure not in ProcedureType.values:
        raise InputError(f"未知的程序类型：{procedure}", field="procedure")
    if sample_size is not None and sample_size < 1:
        raise InputError("每单位抽取件数至少为1", field="sample_size")
    if bands is None:
        if warn_through_rank is not None and warn_through_rank < commend_top:
            raise InputError("工作警示名次不得在通报表扬名次之前", field="warn_through_rank")
        bands = [
            b.as_dict()
            for b in standard_bands(
                commend_top=commend_top, warn_through_rank=warn_through_rank, criticize_below=criticize_below
            )
        ]
    if deadline < timezone.localdate():
        raise InputError("评查截止日期不得早于今日", field="deadline")
    rubric = rubric or active_rubric()
    if rubric is None:
        raise InputError("未设置现行评查标准", field="rubric")
    return rubric, _bands(bands, rubric)


def round_population_check(
    *, units: list[Unit], procedure: str, period_from: dt.date, period_to: dt.date, sample_size: int | None
) -> None:
    """Refuse at once a sample no unit can give (one grouped count), with the drawing's own wording, so the page
    answers before a drawing job is started."""
    records = ArchiveRecord.objects.filter(
        withdrawn_at__isnull=True,
        case__status=CaseStatus.ARCHIVED,
        case__enforcement_subject__in=units,
        case__closed_on__gte=period_from,
        case__closed_on__lte=period_to,
    )
    if procedure:
        records = records.filter(case__procedure=procedure)
    counts = dict(
        records.values_list("case__enforcement_subject")
        .annotate(n=Count("pk"))
        .values_list("case__enforcement_subject", "n")
    )
    if sample_size is None:
        if not any(counts.values()):
            raise InputError("所选单位在该期间没有符合条件的归档案卷", field="units")
        return
    for unit in units:
        population = counts.get(unit.pk, 0)
        if population == 0:
            raise InputError(f"{unit.name}：没有符合条件的归档案卷", field="sample_size")
        if sample_size > population:
            raise InputError(
                f"{unit.name}：抽取数量（{sample_size}）大于符合条件的归档案卷数（{population}）", field="sample_size"
            )


def round_draw(
    *,
    units: list[Unit],
    procedure: str,
    period_from: dt.date,
    period_to: dt.date,
    sample_size: int | None,
    seed: str,
    progress: Progress,
) -> list[tuple[int, int, str]]:
    """The files of each unit, as (case id, unit id, archive number): a seeded sample of ``sample_size``, or every
    file when None. Read-only, so the drawing job runs it outside the round's transaction and its progress bar
    moves unit by unit."""
    drawn: list[tuple[int, int, str]] = []
    for position, unit in enumerate(units):
        progress(position, len(units) + 1, f"正在抽取{unit.name}的案卷（{position + 1}/{len(units)}）")
        if sample_size is None:
            files = _population(unit=unit, procedure=procedure, period_from=period_from, period_to=period_to)
            drawn.extend((case_id, unit.pk, number) for case_id, number in files)
            continue
        try:
            sample = sample_archived_files(
                size=sample_size,
                seed=seed,
                unit_ids=[unit.pk],
                procedure=procedure or None,
                closed_from=period_from,
                closed_to=period_to,
            )
        except SampleError as exc:
            raise InputError(f"{unit.name}：{exc}", field="sample_size") from None
        drawn.extend((f.case_id, f.unit_id, f.archive_number) for f in sample)
    if not drawn:
        raise InputError("所选单位在该期间没有符合条件的归档案卷", field="units")
    return drawn


def _no_progress(done: int, total: int, message: str = "") -> None:
    return None


@transaction.atomic
def round_create(
    *,
    title: str,
    actor,
    units: Iterable[Unit],
    period_from: dt.date,
    period_to: dt.date,
    evaluators: Iterable[Officer],
    deadline: dt.date,
    procedure: str = "",
    sample_size: int | None = None,
    seed: str | None = None,
    rubric: Rubric | None = None,
    commend_top: int = 3,
    warn_through_rank: int | None = None,
    criticize_below: Decimal | None = Decimal("80"),
    bands: list[dict] | None = None,
    drawn: list[tuple[int, int, str]] | None = None,
    progress: Progress = _no_progress,
) -> EvaluationRound:
    """Create a round: draw ``sample_size`` archived files per unit (every file when None) closed in the period,
    assign them in turn to evaluators not of the file's unit, grant each evaluator read access to their files and
    pre-score the objective items from the rulebook. The report's outcome bands are ``bands`` (see
    :func:`round_set_bands`), or else the standard three built from ``commend_top``, ``warn_through_rank`` and
    ``criticize_below``. All or nothing: one transaction. ``drawn`` is a sample already drawn by
    :func:`round_draw` with this ``seed`` (the drawing job); ``progress(done, total, message)`` is told each unit
    drawn otherwise."""
    units, evaluators = list(units), list(evaluators)
    rubric, band_rows = round_check(
        title=title,
        actor=actor,
        units=units,
        period_from=period_from,
        period_to=period_to,
        evaluators=evaluators,
        deadline=deadline,
        procedure=procedure,
        sample_size=sample_size,
        rubric=rubric,
        commend_top=commend_top,
        warn_through_rank=warn_through_rank,
        criticize_below=criticize_below,
        bands=bands,
    )
    seed = seed or secrets.token_hex(8)
    if drawn is None:
        drawn = round_draw(
            units=units,
            procedure=procedure,
            period_from=period_from,
            period_to=period_to,
            sample_size=sample_size,
            seed=seed,
            progress=progress,
        )
    round_ = EvaluationRound.objects.create(
        title=title.strip(),
        rubric=rubric,
        period_from=period_from,
        period_to=period_to,
        procedure=procedure,
        sample_size=sample_size,
        seed=seed,
        deadline=deadline,
        created_by=actor,
    )
    for band in band_rows:
        band.round = round_
    OutcomeBand.objects.bulk_create(band_rows)
    round_.units.set(units)
    round_.evaluators.set(evaluators)
    # One query for the cases (with the units the rules read), their facts in one query per table per 500 files,
    # one insert for the files, one for the item scores and one grant insert per evaluator.
    cases = Case.objects.select_related("enforcement_subject__parent", "handling_unit__parent").in_bulk(
        [c for c, _u, _n in drawn]
    )
    scopes = {e.pk: _scope(e) for e in evaluators}
    files = []
    for turn, (case_id, unit_id, number) in enumerate(drawn):
        case = cases[case_id]
        eligible = [e for e in evaluators if not scopes[e.pk] & {case.enforcement_subject_id, case.handling_unit_id}]
        if not eligible:
            raise InputError(
                f"案卷{number}：评查人员均属被评查单位，须回避（EVAL-EVALUATOR-RECUSAL）", field="evaluators"
            )
        evaluator = eligible[turn % len(eligible)]
        files.append(SampledFile(round=round_, case=case, unit_id=unit_id, archive_number=number, evaluator=evaluator))
    SampledFile.objects.bulk_create(files, batch_size=500)
    facts = load_facts_many([f.case for f in files])
    rows: list[ItemScore] = []
    for file in files:
        rows.extend(prefill_rows(file, rubric, facts[file.case_id]))
    ItemScore.objects.bulk_create(rows, batch_size=2000)
    for evaluator in evaluators:
        assigned = [f.case for f in files if f.evaluator_id == evaluator.pk]
        if assigned and evaluator.user_id:
            assign_perm(VIEW, evaluator.user, Case.objects.filter(pk__in=[c.pk for c in assigned]))
    return round_


def _scope(officer: Officer) -> set[int]:
    return scope_unit_ids(officer.user) if officer.user else {m.unit_id for m in officer.memberships.all()}


def _grant(evaluator: Officer, case: Case) -> None:
    if evaluator.user_id:
        assign_perm(VIEW, evaluator.user, case)


def _revoke(evaluator: Officer | None, case: Case, *, round_: EvaluationRound) -> None:
    """End the evaluator's grant on the case, unless another open round still assigns them that file."""
    if evaluator is None or not evaluator.user_id:
        return
    elsewhere = SampledFile.objects.filter(case=case, evaluator=evaluator, round__status=RoundStatus.OPEN).exclude(
        round=round_
    )
    if not elsewhere.exists():
        remove_perm(VIEW, evaluator.user, case)


def _end_grants(round_: EvaluationRound) -> None:
    for file in round_.files.select_related("evaluator__user", "case"):
        _revoke(file.evaluator, file.case, round_=round_)


@transaction.atomic
def file_assign(*, file: SampledFile, evaluator: Officer, actor) -> SampledFile:
    """Reassign a sampled file; an evaluator of the file's own unit is refused (回避)."""
    require_evaluation_office(actor)
    _open(file.round)
    if _own_unit(evaluator, file.case):
        raise InputError(
            f"{evaluator.name}属于被评查单位，不得评查本单位案卷（EVAL-EVALUATOR-RECUSAL）", field="evaluator"
        )
    if not file.round.evaluators.filter(pk=evaluator.pk).exists():
        raise InputError(f"{evaluator.name}不是本次评查活动的评查人员", field="evaluator")
    _revoke(file.evaluator, file.case, round_=file.round)
    file.evaluator = evaluator
    file.save(update_fields=["evaluator"])
    _grant(evaluator, file.case)
    return file


def _decimal(value, field: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise InputError(f"“{value}”不是有效分数", field=field) from None


@transaction.atomic
def file_score(*, file: SampledFile, actor, scores: dict[str, dict]) -> SampledFile:
    """Score a file: ``scores`` maps an item code to ``{"points", "reason", "comment"}`` (scored items) or
    ``{"failed", "reason", "comment"}`` (veto items). Changing a pre-filled objective item needs a reason.
    The total is computed once every scored item has points; a failed veto item makes it 0 / 不合格.
    Refused whole, nothing changed: after the deadline, on a closed or published round, by an evaluator of the
    file's own unit (round rules), or with any item out of range or overridden without a reason."""
    officer = officer_of(actor)
    if officer is None or file.evaluator_id != officer.pk:
        raise PermissionDenied("只有分配的评查人员可以为该案卷评分")
    _open(
        file.round,
        ROUND_SCORE,
        own_unit=_own_unit(officer, file.case),
        evaluator=officer.name,
        unit=file.unit.name,
    )
    rows = {s.item.code: s for s in file.scores.select_related("item")}
    problems: list[str] = []
    for code, entry in scores.items():
        row = rows.get(code)
        if row is None:
            problems.append(f"评查项目{code}不存在")
            continue
        item = row.item
        reason = str(entry.get("reason", "")).strip()
        if item.veto:
            failed = bool(entry.get("failed", row.failed))
            if item.rule_codes and failed != row.suggested_failed and not reason:
                problems.append(f"{code}：改变系统认定的否决结论须说明理由")
            row.failed = failed
        else:
            if "points" in entry:
                points = _decimal(entry["points"], code)
                if points < 0 or points > item.points:
                    problems.append(f"{code}：得分{points}超出该项分值0–{item.points}分")
                elif item.rule_codes and row.suggested is not None and points != row.suggested and not reason:
                    problems.append(f"{code}：修改系统预评分（{row.suggested}分）须说明理由")
                row.points = points
        comment = str(entry.get("comment", row.comment)).strip()
        if len(reason) > REASON_MAX:
            problems.append(f"{code}：{too_long('改分理由', REASON_MAX)}")
        if len(comment) > COMMENT_MAX:
            problems.append(f"{code}：{too_long('评查意见', COMMENT_MAX)}")
        row.reason, row.comment = reason, comment
    if problems:
        raise InputError("；".join(problems), field="scores")
    for row in rows.values():
        row.save()
    _total(file, list(rows.values()))
    return file


def _total(file: SampledFile, rows: list[ItemScore]) -> None:
    rubric = file.round.rubric
    vetoed = any(r.failed for r in rows if r.item.veto)
    scored = [r for r in rows if not r.item.veto and not r.item.bonus]
    bonus = sum((r.points for r in rows if r.item.bonus and r.points is not None), Decimal("0"))
    if vetoed:
        file.total, file.grade, file.vetoed = Decimal("0"), rubric.failing_grade, True
    elif all(r.points is not None for r in scored):
        # 加分项 are optional (none awarded: 0) and count up to the rubric's 加分上限
        file.total = sum((r.points for r in scored), Decimal("0")) + rubric.capped_bonus(bonus)
        file.grade, file.vetoed = rubric.grade_for(file.total), False
    else:
        file.total, file.grade, file.vetoed = None, "", False
    file.scored_at = timezone.now() if file.total is not None else None
    file.save(update_fields=["total", "grade", "vetoed", "scored_at"])


@transaction.atomic
def self_score_enter(*, file: SampledFile, score, actor) -> SampledFile:
    """自评分: the unit's leaders enter their own score of a sampled file before the results are published."""
    units = role_unit_ids(actor, LEADER_ROLES)
    if not units & {file.case.enforcement_subject_id, file.case.handling_unit_id}:
        raise PermissionDenied("只有被评查单位的负责人可以填写自评分")
    _open(file.round, ROUND_SELF_SCORE)
    file.self_score = _self_score(score, file.round.rubric)
    file.save(update_fields=["self_score"])
    return file


def _self_score(score, rubric: Rubric) -> Decimal:
    """A self-score is within 0 and the rubric's highest total: 100, plus its 加分上限 when it has 加分项."""
    value = _decimal(score, "self_score")
    top = rubric.max_total
    if not Decimal("0") <= value <= top:
        bonus = f"（基础分100分，加分上限{points_text(rubric.bonus_max)}分）" if rubric.bonus_max else ""
        raise InputError(f"自评分应在0–{points_text(top)}分之间{bonus}", field="self_score")
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def unit_self_score_enter(*, round_: EvaluationRound, unit: Unit, score, actor, note: str = "") -> UnitSelfScore:
    """单位自评得分: a unit's leaders enter its overall self-evaluation score of the round before the results are
    published (set beside the evaluated mean in the report, as 乡镇自评得分 / 评查得分)."""
    handling = set(round_.files.filter(unit=unit).values_list("case__handling_unit_id", flat=True))
    if not handling:
        raise InputError(f"{unit.name}未参加本次评查", field="unit")
    if not role_unit_ids(actor, LEADER_ROLES) & ({unit.pk} | handling):
        raise PermissionDenied("只有被评查单位的负责人可以填写单位自评得分")
    note = check_text(note.strip(), field="note", label="自评说明", limit=NOTE_MAX)
    round_ = _open(round_, ROUND_SELF_SCORE)
    value = _self_score(score, round_.rubric)
    entry, _ = UnitSelfScore.objects.update_or_create(
        round=round_, unit=unit, defaults={"score": value, "note": note, "entered_by": actor}
    )
    return entry


def _close(round_: EvaluationRound) -> EvaluationRound:
    _end_grants(round_)
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    return round_


@transaction.atomic
def round_close(*, round_: EvaluationRound, actor) -> EvaluationRound:
    """End the scoring (评查结束): the evaluators' read grants on the sampled files are revoked; the results can
    then be published. Units may still enter self-scores until publication."""
    require_evaluation_office(actor)
    return _close(_open(round_, ROUND_EDIT))


def rounds_close_expired(*, today: dt.date) -> list[EvaluationRound]:
    """Close every open round whose deadline has passed (the nightly job), so no grant outlives its round."""
    closed = []
    for pk in EvaluationRound.objects.filter(status=RoundStatus.OPEN, deadline__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            round_ = EvaluationRound.objects.select_for_update().get(pk=pk)
            if round_.status == RoundStatus.OPEN:
                closed.append(_close(round_))
    return closed


@transaction.atomic
def round_publish(*, round_: EvaluationRound, actor) -> EvaluationRound:
    """Publish the results: every file must be scored (EVAL-ROUND-ALL-FILES-SCORED names those that are not); the
    round closes (the evaluators' read grants end) and is final from here on."""
    require_evaluation_office(actor)
    unscored = [
        f"{f.archive_number}（{f.case.number}，{f.unit.name}，评查人员{f.evaluator.name if f.evaluator else '未指定'}）"
        for f in round_.files.filter(total__isnull=True).select_related("case", "unit", "evaluator")
    ]
    round_ = _open(round_, ROUND_PUBLISH, unscored=unscored)
    if round_.status == RoundStatus.OPEN:
        _close(round_)
    round_.status = RoundStatus.PUBLISHED
    round_.published_at = timezone.now()
    round_.save(update_fields=["status", "published_at"])
    return round_


def _bands(rows: list[dict], rubric: Rubric) -> list[OutcomeBand]:
    """Validate band specifications (label; ranks ``rank_from``–``rank_to`` and/or scores ``score_from`` ≤ mean
    < ``score_below``) into unsaved bands in the order given; every problem is reported at once."""
    problems: list[str] = []
    bands = []
    top = rubric.max_total
    for position, row in enumerate(rows, start=1):
        where = f"第{position}档"
        label = str(row.get("label") or "").strip()
        if not label:
            problems.append(f"{where}：须填写结果（如通报表扬、工作警示、通报批评）")
        elif len(label) > LABEL_MAX:
            problems.append(f"{where}：{too_long('结果', LABEL_MAX)}")
        ranks, scores = [], []
        for key in ("rank_from", "rank_to"):
            value = row.get(key)
            if value in (None, ""):
                ranks.append(None)
                continue
            try:
                number = int(str(value))
            except ValueError:
                number = 0
            if number < 1:
                problems.append(f"{where}：名次“{value}”应为正整数")
            ranks.append(number)
        for key in ("score_from", "score_below"):
            value = row.get(key)
            if value in (None, ""):
                scores.append(None)
                continue
            number = _decimal(value, "bands")
            if not Decimal("0") <= number <= top:
                problems.append(f"{where}：分数线{number}应在0–{points_text(top)}分之间")
            scores.append(number.quantize(Decimal("0.1")))
        if all(v is None for v in ranks + scores):
            problems.append(f"{where}（{label}）：须设定名次范围或分数线")
        if None not in ranks and ranks[0] > ranks[1]:
            problems.append(f"{where}（{label}）：名次自第{ranks[0]}名起，不得晚于至第{ranks[1]}名")
        if None not in scores and scores[0] >= scores[1]:
            problems.append(f"{where}（{label}）：分数下限{scores[0]}分应低于上限{scores[1]}分")
        bands.append(
            OutcomeBand(
                label=label,
                rank_from=ranks[0],
                rank_to=ranks[1],
                score_from=scores[0],
                score_below=scores[1],
                position=position - 1,
            )
        )
    if problems:
        raise InputError("；".join(problems), field="bands")
    return bands


@transaction.atomic
def round_set_bands(*, round_: EvaluationRound, bands: list[dict], actor) -> EvaluationRound:
    """Replace the round's outcome bands (奖惩档次) until its results are published: each band gives its label to
    the units meeting every condition set (ranks from–to, mean score at least / below), the first band that
    matches in the order given wins, and units tied at a band's edge share it (competition ranks)."""
    require_evaluation_office(actor)
    round_ = _open(round_, ROUND_BANDS)
    rows = _bands(bands, round_.rubric)
    round_.bands.all().delete()
    for band in rows:
        band.round = round_
    OutcomeBand.objects.bulk_create(rows)
    return round_
