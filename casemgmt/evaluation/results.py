"""Results of an evaluation round (评查结果), in the structure of published evaluation reports: per file, per unit
(mean, grade distribution, self-score vs evaluated score), ranking with ties, outcome bands, typical problems."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models import EvaluationRound, Group, ItemScore, OutcomeBand, UnitSelfScore

COMMEND, WARN, CRITICIZE = "通报表扬", "工作警示", "通报批评"
ONE = Decimal("0.1")


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal("0")) / len(values)).quantize(ONE, rounding=ROUND_HALF_UP)


@dataclass
class UnitResult:
    unit_id: int
    name: str
    files: int
    mean: Decimal | None
    self_mean: Decimal | None
    grades: dict[str, int]
    rank: int | None = None
    band: str = ""
    unit_self_score: Decimal | None = None  # the unit's own overall score (单位自评得分), when entered
    band_rule: OutcomeBand | None = field(default=None, repr=False, compare=False)  # the band that gave ``band``

    @property
    def self_reported(self) -> Decimal | None:
        """The unit's self-score as the report states it: its overall self-score, else the mean of its files'."""
        return self.unit_self_score if self.unit_self_score is not None else self.self_mean

    @property
    def difference(self) -> Decimal | None:
        """Evaluated minus self-evaluated (negative: the unit rated itself too high)."""
        if self.mean is None or self.self_reported is None:
            return None
        return self.mean - self.self_reported

    def as_dict(self) -> dict:
        return {
            "unit_id": self.unit_id,
            "unit": self.name,
            "files": self.files,
            "mean": None if self.mean is None else str(self.mean),
            "self_mean": None if self.self_mean is None else str(self.self_mean),
            "unit_self_score": None if self.unit_self_score is None else str(self.unit_self_score),
            "self_score": None if self.self_reported is None else str(self.self_reported),
            "difference": None if self.difference is None else str(self.difference),
            "grades": self.grades,
            "rank": self.rank,
            "band": self.band,
        }


@dataclass
class Problem:
    group: str
    item: str
    title: str
    files: int
    points_lost: Decimal
    comments: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "group": self.group,
            "item": self.item,
            "title": self.title,
            "files": self.files,
            "points_lost": str(self.points_lost),
            "comments": self.comments,
        }


@dataclass
class RoundResults:
    round: EvaluationRound
    files: list[dict]
    units: list[UnitResult]  # in ranking order
    problems: dict[str, list[Problem]]  # 一票否决 / 立卷 / 实体 / 程序
    band_rules: list[OutcomeBand] = field(default_factory=list)  # the round's bands, in position order

    def as_dict(self) -> dict:
        return {
            "round": {
                "id": self.round.pk,
                "title": self.round.title,
                "status": self.round.status,
                "seed": self.round.seed,
            },
            "files": self.files,
            "units": [u.as_dict() for u in self.units],
            "bands": self.bands(),
            "problems": {g: [p.as_dict() for p in ps] for g, ps in self.problems.items()},
        }

    def bands(self) -> list[dict]:
        """The outcome bands of the report, in the round's order: each band's label, condition and the units in
        it (in ranking order)."""
        return [{**b.as_dict(), "units": [u.name for u in self.units if u.band_rule is b]} for b in self.band_rules]


def standard_bands(
    *, commend_top: int | None = 3, warn_through_rank: int | None = None, criticize_below=Decimal("80")
) -> list[OutcomeBand]:
    """The bands of the published reports (unsaved): a score below ``criticize_below`` 通报批评 whatever the rank,
    ranks 1..``commend_top`` 通报表扬, the ranks after them through ``warn_through_rank`` 工作警示."""
    bands = []
    if criticize_below is not None:
        bands.append(OutcomeBand(label=CRITICIZE, score_below=Decimal(str(criticize_below))))
    if commend_top:
        bands.append(OutcomeBand(label=COMMEND, rank_from=1, rank_to=commend_top))
    if warn_through_rank is not None and warn_through_rank > (commend_top or 0):
        bands.append(OutcomeBand(label=WARN, rank_from=(commend_top or 0) + 1, rank_to=warn_through_rank))
    for position, band in enumerate(bands):
        band.position = position
    return bands


def rank_units(units: list[UnitResult], bands: Iterable[OutcomeBand]) -> None:
    """Competition ranking by mean score (equal means share a rank: 1, 2, 2, 4, so units tied at a band's edge
    fall in the band together); each unit gets the label of the first band (in ``position`` order) it meets."""
    bands = sorted(bands, key=lambda b: (b.position, b.pk or 0))
    scored = sorted((u for u in units if u.mean is not None), key=lambda u: (-u.mean, u.name))
    previous, rank = None, 0
    for position, u in enumerate(scored, start=1):
        if u.mean != previous:
            rank, previous = position, u.mean
        u.rank = rank
        u.band_rule = next((b for b in bands if b.matches(rank, u.mean)), None)
        u.band = u.band_rule.label if u.band_rule else ""
    units.sort(key=lambda u: (u.rank is None, u.rank or 0, u.name))


def round_results(round_: EvaluationRound) -> RoundResults:
    files = list(round_.files.select_related("unit", "case", "evaluator").order_by("unit_id", "case_id"))
    per_unit: dict[int, list] = defaultdict(list)
    rows = []
    for f in files:
        per_unit[f.unit_id].append(f)
        rows.append(
            {
                "id": f.pk,
                "case_id": f.case_id,
                "case_number": f.case.number,
                "archive_number": f.archive_number,
                "unit": f.unit.name,
                "evaluator": f.evaluator.name if f.evaluator else "",
                "self_score": None if f.self_score is None else str(f.self_score),
                "total": None if f.total is None else str(f.total),
                "grade": f.grade,
                "vetoed": f.vetoed,
                "difference": None if f.total is None or f.self_score is None else str(f.total - f.self_score),
            }
        )
    declared = dict(UnitSelfScore.objects.filter(round=round_).values_list("unit_id", "score"))
    units = []
    for unit_id, fs in per_unit.items():
        totals = [f.total for f in fs if f.total is not None]
        selfs = [f.self_score for f in fs if f.self_score is not None]
        units.append(
            UnitResult(
                unit_id=unit_id,
                name=fs[0].unit.name,
                files=len(fs),
                mean=_mean(totals),
                self_mean=_mean(selfs),
                grades=dict(Counter(f.grade for f in fs if f.grade)),
                unit_self_score=declared.get(unit_id),
            )
        )
    bands = list(round_.bands.all())
    rank_units(units, bands)
    problems: dict[str, dict[str, Problem]] = {"一票否决": {}, **{label: {} for label in Group.labels}}
    lost = ItemScore.objects.filter(file__round=round_).select_related("item__category")
    for s in lost:
        item = s.item
        if item.bonus:
            continue  # 加分项 are awarded, never lost
        if item.veto:
            if not s.failed:
                continue
            group, points = "一票否决", Decimal("0")
        else:
            if s.points is None or s.points >= item.points:
                continue
            group, points = item.category.get_group_display(), item.points - s.points
        p = problems[group].setdefault(
            item.code, Problem(group=group, item=item.code, title=item.title, files=0, points_lost=Decimal("0"))
        )
        p.files += 1
        p.points_lost += points
        if s.comment and s.comment not in p.comments:
            p.comments.append(s.comment)
    ordered = {g: sorted(ps.values(), key=lambda p: (-p.files, -p.points_lost, p.item)) for g, ps in problems.items()}
    return RoundResults(round=round_, files=rows, units=units, problems=ordered, band_rules=bands)


def unit_findings(round_: EvaluationRound, unit_id: int) -> list[str]:
    """The rubric items a unit's files lost points on (or failed, for veto items), with how many files: what a
    rectification task (整改任务) lists."""
    counts: Counter = Counter()
    for s in ItemScore.objects.filter(file__round=round_, file__unit_id=unit_id).select_related("item"):
        item = s.item
        if item.bonus:
            continue
        if (item.veto and s.failed) or (not item.veto and s.points is not None and s.points < item.points):
            counts[(item.position, item.code, item.title)] += 1
    return [f"{code} {title}（{n}件）" for (_pos, code, title), n in sorted(counts.items())]
