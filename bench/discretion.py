"""Benchmarks of the discretion issue. Run: ``.venv/bin/python bench/discretion.py [--cases 100000]``.

Measures, in one run on one database (``var/bench-discretion.sqlite3`` unless ``DATABASE_URL`` is set):
- the fine calculation: the pure calculation (``calc.calculate``) and the calculator with the benchmark loaded
  from the database (``services.fine_calculate``), target ≤ 5 ms;
- the same-violation distribution (count, min, quartiles, max) over N decided cases — the largest matter/tier
  group (40 % of all cases) and a typical one — next to a naive baseline that loads every amount of the group
  into Python and sorts it there, target ≤ 100 ms;
- importing a 5,000-row benchmark CSV (1,250 benchmark versions, validated row by row), target ≤ 10 s.

The decided cases are generated with bulk inserts (clue, case and discretion-rationale rows with the decided
amount): the distribution reads only the rationale table and its (matter, tier, decided amount) index.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MATTERS = 20
TIERS = ("lenient", "ordinary", "heavier")


def _setup(db_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    os.environ["DATABASE_URL"] = db_url or f"sqlite:///{ROOT / 'var' / 'bench-discretion.sqlite3'}"
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def timed(fn, *, runs: int, warmup: int = 3) -> dict:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": round(statistics.median(times), 3), "p95_ms": round(times[max(int(runs * 0.95) - 1, 0)], 3)}


def build(total: int, *, seed: int = 11) -> dict:
    """Units, matters with a benchmark each, and ``total`` decided cases with their rationale (bulk inserts)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from casemgmt.cases import models as m
    from casemgmt.discretion import calc
    from casemgmt.discretion.models import DiscretionRationale
    from casemgmt.discretion.services import benchmark_create
    from casemgmt.org.models import Officer, Unit, UnitKind
    from casemgmt.powers.models import Matter

    rng = random.Random(seed)
    county = Unit.objects.create(name="示范县人民政府", kind=UnitKind.COUNTY_GOVERNMENT, short_name="示范县")
    brigades = []
    for name in ("城关镇", "河西镇", "东坝镇", "青山乡", "南湖镇"):
        town = Unit.objects.create(name=f"{name}人民政府", kind=UnitKind.TOWNSHIP, parent=county, short_name=name)
        brigades.append(
            Unit.objects.create(name=f"{name}综合行政执法大队", kind=UnitKind.BRIGADE, parent=town, short_name=name)
        )
    user = get_user_model().objects.create(username="bench_disc")
    officer = Officer.objects.create(user=user, name="基准测试员")
    matters = Matter.objects.bulk_create(
        [
            Matter(
                code=f"B-{i:03d}",
                name=f"基准事项{i}",
                field="城市管理",
                violated_clause="第一条",
                penalty_clause="第二条",
                range_kind="fixed",
                min_amount=Decimal("200"),
                max_amount=Decimal("20000"),
            )
            for i in range(MATTERS)
        ]
    )
    matters = list(Matter.objects.filter(code__startswith="B-").order_by("code"))
    for matter in matters:
        benchmark_create(
            matter=matter,
            version="2025版",
            mode=calc.Mode.BANDS,
            effective_from=dt.date(2025, 1, 1),
            tiers=[
                calc.TierSpec(calc.Level.LENIENT, "轻", Decimal("200"), Decimal("2000")),
                calc.TierSpec(calc.Level.ORDINARY, "一般", Decimal("2000"), Decimal("10000")),
                calc.TierSpec(calc.Level.HEAVIER, "重", Decimal("10000"), Decimal("20000")),
            ],
            circumstances=[
                calc.CircumstanceSpec("c1", "及时改正", level=calc.Level.LENIENT),
                calc.CircumstanceSpec("c2", "拒不改正", level=calc.Level.HEAVIER),
            ],
        )
    bands = {"lenient": (200, 2000), "ordinary": (2000, 10000), "heavier": (10000, 20000)}
    now = timezone.now()
    batch = 5000
    for start in range(0, total, batch):
        size = min(batch, total - start)
        clues, cases, picks = [], [], []
        for i in range(start, start + size):
            brigade = brigades[i % len(brigades)]
            day = dt.date(2025, 3, 1) + dt.timedelta(days=i % 600)
            clues.append(
                m.Clue(source="inspection", summary="基准", discovered_on=day, registered_by=officer, registered_at=now)
            )
            # 40 % of the cases are one matter and tier (the worst case for the quartile reads).
            if rng.random() < 0.4:
                matter, tier = matters[0], "ordinary"
            else:
                matter, tier = rng.choice(matters), rng.choice(TIERS)
            picks.append((matter, tier, day))
            cases.append(
                m.Case(
                    number=f"基准〔2025〕{i + 1}号",
                    status=m.CaseStatus.DECIDED,
                    enforcement_subject=brigade.parent,
                    handling_unit=brigade,
                    cause=matter.name,
                    matter_code=matter.code,
                    violation_start=day,
                    violation_end=day,
                    discovered_on=day,
                    filed_on=day,
                    decided_on=day + dt.timedelta(days=30),
                )
            )
        clues = m.Clue.objects.bulk_create(clues, batch_size=1000)
        if not all(c.pk for c in clues):
            raise SystemExit("the database must return primary keys from bulk inserts (SQLite ≥ 3.35, PostgreSQL)")
        for case, clue in zip(cases, clues, strict=True):
            case.clue = clue
        cases = m.Case.objects.bulk_create(cases, batch_size=1000)
        rationales = []
        for case, (matter, tier, day) in zip(cases, picks, strict=True):
            low, high = bands[tier]
            amount = Decimal(rng.randrange(low, high + 1, 50))
            rationales.append(
                DiscretionRationale(
                    case=case,
                    matter=matter,
                    party_kind="citizen",
                    tier=tier,
                    band_low=low,
                    band_high=high,
                    chosen_amount=amount,
                    decided_amount=amount,
                    reasons="基准",
                    recorded_by=user,
                    recorded_on=day,
                )
            )
        DiscretionRationale.objects.bulk_create(rationales, batch_size=2000)
    from django.db import connection

    if connection.vendor == "postgresql":
        # The steady state autovacuum maintains after a bulk load: statistics, and the visibility map that lets the
        # quartile reads use an index-only scan (without it the planner sorts the group instead).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"big": (matters[0].pk, "ordinary"), "typical": (matters[7].pk, "heavier"), "matter": matters[3]}


def five_thousand_rows() -> bytes:
    from casemgmt.discretion.imports import COLUMNS
    from casemgmt.powers.models import Matter

    Matter.objects.bulk_create(
        [
            Matter(
                code=f"I-{i:04d}",
                name=f"导入事项{i}",
                field="城市管理",
                violated_clause="x",
                penalty_clause="y",
                range_kind="max_only",
                max_amount=Decimal("10000"),
            )
            for i in range(1250)
        ]
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for i in range(1250):
        for level, low, high in (
            ("不予处罚", "", ""),
            ("从轻", "0", "2000"),
            ("一般", "2000", "6000"),
            ("从重", "6000", "10000"),
        ):
            values = {
                "事项编码": f"I-{i:04d}",
                "版本": "2025版",
                "施行日期": "2025-01-01",
                "计算方式": "分档幅度",
                "裁量阶次": level,
                "适用条件": "条件",
                "幅度下限": low,
                "幅度上限": high,
                "裁量情节": f"情节{level}",
            }
            writer.writerow([values.get(c, "") for c in COLUMNS])
    return out.getvalue().encode("utf-8")


def measure(data: dict, runs: int) -> dict:
    from django.db import connection, transaction

    from casemgmt.discretion import calc, imports
    from casemgmt.discretion.selectors import benchmark_in_force, distribution, naive_distribution
    from casemgmt.discretion.services import fine_calculate

    results: dict = {"vendor": connection.vendor}
    matter = data["matter"]
    spec = benchmark_in_force(matter=matter, on=dt.date(2026, 3, 1)).spec()
    results["calc_pure"] = timed(
        lambda: calc.calculate(spec, party_kind="citizen", circumstances=["c1"]), runs=max(runs * 20, 200)
    )
    results["calc_with_benchmark_load"] = timed(
        lambda: fine_calculate(
            matter=matter, violation_on=dt.date(2026, 3, 1), party_kind="citizen", circumstances=["c2"]
        ),
        runs=runs * 5,
    )
    for name in ("big", "typical"):
        matter_id, tier = data[name]
        dist = distribution(matter_id=matter_id, tier=tier)
        count, median = naive_distribution(matter_id=matter_id, tier=tier)
        assert (count, median) == (dist.count, dist.median), (count, median, dist)
        fast = timed(lambda mid=matter_id, t=tier: distribution(matter_id=mid, tier=t), runs=runs)
        naive = timed(lambda mid=matter_id, t=tier: naive_distribution(matter_id=mid, tier=t), runs=runs)
        results[f"distribution_{name}"] = {
            "group_size": dist.count,
            "indexed": fast,
            "naive": naive,
            "ratio_naive_over_indexed": round(naive["median_ms"] / fast["median_ms"], 1),
        }

    payload = five_thousand_rows()

    class Rollback(Exception):
        pass

    times = []
    for _ in range(3):
        start = time.perf_counter()
        try:
            with transaction.atomic():
                created = imports.benchmarks_import(data=payload, filename="bench.csv")
                assert len(created) == 1250
                times.append((time.perf_counter() - start) * 1000)
                raise Rollback
        except Rollback:
            pass
    results["import_5000_rows"] = {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench-discretion.json"))
    parser.add_argument("--keep", action="store_true", help="measure again on the SQLite data of the last run")
    args = parser.parse_args()
    db_url = os.environ.get("DATABASE_URL")
    if not db_url and not args.keep:
        path = ROOT / "var" / "bench-discretion.sqlite3"
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
    _setup(db_url)
    from django.core.management import call_command

    from casemgmt.powers.models import Matter

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    if args.keep and Matter.objects.filter(code="B-000").exists():
        matters = list(Matter.objects.filter(code__startswith="B-").order_by("code"))
        data = {"big": (matters[0].pk, "ordinary"), "typical": (matters[7].pk, "heavier"), "matter": matters[3]}
        Matter.objects.filter(code__startswith="I-").delete()  # left by an interrupted import measurement
    else:
        data = build(args.cases)
    report = {
        "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}",
        "cases": args.cases,
        "build_s": round(time.perf_counter() - start, 1),
    }
    report.update(measure(data, args.runs))
    print(json.dumps(report, ensure_ascii=False, indent=1), flush=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
