"""Random sampling of archived case files for evaluation (随机抽取案卷评查)."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass

from casemgmt.cases.models import CaseStatus, ProcedureType

from .models import ArchiveRecord


class SampleError(ValueError):
    """The sample cannot be drawn as asked (e.g. larger than the population); the message says why."""


@dataclass(frozen=True)
class SampledFile:
    case_id: int
    unit_id: int
    archive_number: str


def sample_archived_files(
    *,
    size: int,
    seed: int | str,
    unit_ids: list[int] | None = None,
    procedure: str | None = None,
    archived_from: dt.date | None = None,
    archived_to: dt.date | None = None,
    closed_from: dt.date | None = None,
    closed_to: dt.date | None = None,
    min_per_unit: int = 0,
) -> list[SampledFile]:
    """Draw a reproducible random sample of archived case files, stratified by enforcement subject (unit).

    Arguments (keyword-only):
      size            total number of files to draw (≥ 1).
      seed            any int or str; the same seed over the same population gives the same sample.
      unit_ids        only files of these enforcement subjects (None: every unit).
      procedure       ``"ordinary"`` or ``"summary"`` (None: both).
      archived_from / archived_to, closed_from / closed_to
                      inclusive period filters on the archiving date and the closing date.
      min_per_unit    at least this many files from every unit in the population (when it has that many).

    Stratification: the ``size`` draws are allocated to units in proportion to their number of files (largest
    remainders, ties broken by unit id) after each unit's ``min_per_unit``; within a unit the files are drawn
    with ``random.Random(f"{seed}:{unit_id}")`` from the files ordered by case id, so adding a file to one unit
    does not change another unit's draw. Only current archive records count (not withdrawn, case archived).

    Returns the SampledFile list ordered by unit id then case id. Raises SampleError when ``size`` < 1, the
    procedure is unknown, the population is empty or smaller than ``size``, or ``min_per_unit`` cannot fit.
    """
    if size < 1:
        raise SampleError("抽取数量至少为1")
    if procedure is not None and procedure not in ProcedureType.values:
        raise SampleError(f"未知的程序类型：{procedure}")
    records = ArchiveRecord.objects.filter(withdrawn_at__isnull=True, case__status=CaseStatus.ARCHIVED)
    if unit_ids is not None:
        records = records.filter(case__enforcement_subject_id__in=unit_ids)
    if procedure:
        records = records.filter(case__procedure=procedure)
    for field, value, op in (
        ("archived_on", archived_from, "gte"),
        ("archived_on", archived_to, "lte"),
        ("case__closed_on", closed_from, "gte"),
        ("case__closed_on", closed_to, "lte"),
    ):
        if value is not None:
            records = records.filter(**{f"{field}__{op}": value})
    strata: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for case_id, unit_id, number in records.order_by("case_id").values_list(
        "case_id", "case__enforcement_subject_id", "archive_number"
    ):
        strata[unit_id].append((case_id, number))
    population = sum(len(v) for v in strata.values())
    if population == 0:
        raise SampleError("没有符合条件的归档案卷")
    if size > population:
        raise SampleError(f"抽取数量（{size}）大于符合条件的归档案卷数（{population}）")
    quota = {u: min(min_per_unit, len(files)) for u, files in strata.items()}
    if sum(quota.values()) > size:
        raise SampleError(f"每单位至少{min_per_unit}件共需{sum(quota.values())}件，超过抽取数量{size}")
    remaining = size - sum(quota.values())
    spare = {u: len(files) - quota[u] for u, files in strata.items()}
    spare_total = sum(spare.values())
    if remaining and spare_total:
        shares = {u: remaining * spare[u] / spare_total for u in strata}
        for u in strata:
            quota[u] += int(shares[u])
        left = size - sum(quota.values())
        order = sorted(strata, key=lambda u: (-(shares[u] - int(shares[u])), u))
        for u in order:
            if left == 0:
                break
            if quota[u] < len(strata[u]):
                quota[u] += 1
                left -= 1
    sample: list[SampledFile] = []
    for unit_id in sorted(strata):
        files = strata[unit_id]
        picked = random.Random(f"{seed}:{unit_id}").sample(files, quota[unit_id])  # noqa: S311 - not security
        sample.extend(SampledFile(case_id=c, unit_id=unit_id, archive_number=n) for c, n in sorted(picked))
    return sample
