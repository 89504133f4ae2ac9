"""Benchmark of the supervision dashboard (issue 6). Run: ``.venv/bin/python bench/dashboard.py [--sizes 1000 10000
100000]`` (``DATABASE_URL`` selects PostgreSQL; default ``var/bench-dashboard.sqlite3``, rebuilt each run).

Corpus: the 25 lawful template cases of ``bench/corpus.py`` (5 townships × clue, investigation, notice, execution,
closed, built through the services), cloned with ``bulk_create``: ~10 % open (spread over the four open stages),
~90 % closed; every date of a clone shifted by the same random number of days, so filings spread over 2025–2026
(open cases recent, some past their 90-day limit); one of 12 matters each; a legal review on ~30 % of the closed
cases and a no-penalty decision on ~5 %. A closed clone gets its template's snapshot (self-check score) in bulk;
the real sweep (``sweep_run``) then checks every open case, as the nightly job does.

Measured at each size, in the same run: the sweep; the justice bureau's dashboard request through Django's test
client (server time p50/p95 over repeated requests, query count), the same for a township officer, the .xlsx
export; and the **naive baseline** — computing ``case_clocks`` and ``check_case`` for every open case on read, as
a dashboard without snapshots would have to — as a ratio to the dashboard request (above ``--naive-sample`` open
cases it is computed over that many and scaled linearly: the work is strictly per case).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPEN_SHARE = 0.10
MATTERS = 12
SHIFT_CLOSED = (-440, 200)  # days added to the March 2026 template dates
SHIFT_OPEN = (120, 235)


def _setup(db_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    os.environ["DATABASE_URL"] = db_url or f"sqlite:///{ROOT / 'var' / 'bench-dashboard.sqlite3'}"
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    import django

    django.setup()


def timed(fn, *, runs: int, warmup: int = 3) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        fn()
    times, queries = [], set()
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        queries.add(len(ctx.captured_queries))
    times.sort()
    return {
        "runs": runs,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 1),
        "queries": sorted(queries),
    }


def _shift(obj, delta: dt.timedelta, **changes):
    """A copy of ``obj`` with every date and datetime moved by ``delta`` (the case's history keeps its shape)."""
    from django.db import models

    data = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key:
            continue
        value = getattr(obj, f.attname)
        if value is not None and isinstance(f, models.DateField | models.DateTimeField):
            value = value + delta
        data[f.attname] = value
    data.update(changes)
    return type(obj)(**data)


def build(total: int, *, seed: int = 11, batch: int = 2000) -> None:
    from django.db import transaction
    from django.utils import timezone

    from bench.corpus import CLONED, STAGES, TOWNSHIPS, _template, build_org
    from casemgmt.cases import models as m
    from casemgmt.powers.models import Matter
    from casemgmt.supervision.models import CaseSnapshot
    from casemgmt.supervision.snapshots import store_snapshots

    rng = random.Random(seed + m.Case.objects.count())
    if not m.Case.objects.exists():
        with transaction.atomic():
            brigades, people = build_org()
            for b_i, brigade in enumerate(brigades):
                for n, stage in enumerate(STAGES):
                    _template(brigade, people[TOWNSHIPS[b_i]], stage=stage, n=n)
            Matter.objects.bulk_create(
                Matter(
                    code=f"B{k:03d}",
                    name=f"基准执法事项{k + 1}",
                    field="城市管理",
                    violated_clause="第二十七条",
                    penalty_clause="第四十二条",
                )
                for k in range(MATTERS)
            )
        # the closed templates' snapshots (self-check score) are what their clones get
        store_snapshots(
            m.Case.objects.filter(status=m.CaseStatus.CLOSED).values_list("pk", flat=True),
            today=timezone.localdate(),
        )
    templates = list(m.Case.objects.order_by("pk")[: len(TOWNSHIPS) * len(STAGES)].select_related("clue"))
    closed_t = [t for t in templates if t.status == m.CaseStatus.CLOSED]
    open_t = [t for t in templates if t.status != m.CaseStatus.CLOSED]
    snap = {s.case_id: s for s in CaseSnapshot.objects.filter(case__in=closed_t)}
    matters = list(Matter.objects.filter(code__startswith="B").values_list("pk", "code"))
    rows = {model: {t.pk: list(model.objects.filter(case_id=t.pk)) for t in templates} for model in CLONED}
    today = timezone.localdate()
    made = m.Case.objects.count()
    while made < total:
        size = min(batch, total - made)
        with transaction.atomic():
            sources, deltas = [], []
            for _ in range(size):
                is_open = rng.random() < OPEN_SHARE
                sources.append(rng.choice(open_t if is_open else closed_t))
                lo, hi = SHIFT_OPEN if is_open else SHIFT_CLOSED
                deltas.append(dt.timedelta(days=rng.randint(lo, hi)))
            clues = [_shift(t.clue, d) for t, d in zip(sources, deltas, strict=True)]
            m.Clue.objects.bulk_create(clues, batch_size=1000)
            cases = []
            for i, (t, d, clue) in enumerate(zip(sources, deltas, clues, strict=True)):
                matter_pk, code = rng.choice(matters)
                n = made + i + 1
                number = f"{t.number[:3]}罚〔{(t.filed_on + d).year}〕{n}号" if t.number else ""
                cases.append(_shift(t, d, clue_id=clue.pk, number=number, matter_id=matter_pk, matter_code=code))
            m.Case.objects.bulk_create(cases, batch_size=1000)
            copies: dict = {model: [] for model in CLONED}
            snapshots = []
            for t, d, c in zip(sources, deltas, cases, strict=True):
                closed = t.status == m.CaseStatus.CLOSED
                no_penalty = closed and rng.random() < 0.05
                legal = closed and rng.random() < 0.30
                for model in CLONED:
                    for row in rows[model][t.pk]:
                        changes = {"case_id": c.pk}
                        if model is m.Party:
                            changes.update(name=f"当事人{c.pk}", id_number=f"9133{c.pk:014d}"[:18])
                        if model is m.Decision and no_penalty:
                            changes.update(kind=m.DecisionKind.NO_PENALTY_MINOR, fine_amount=0, penalty_types=[])
                        if model is m.Payment and no_penalty:
                            continue
                        if model is m.ReviewOpinion and legal:
                            changes.update(kind=m.ReviewKind.LEGAL)
                        copies[model].append(_shift(row, d, **changes))
                if closed:
                    s = snap[t.pk]
                    snapshots.append(
                        CaseSnapshot(
                            case_id=c.pk,
                            as_of=today,
                            computed_at=timezone.now() + dt.timedelta(seconds=1),
                            score=s.score,
                            grade=s.grade,
                            vetoed=s.vetoed,
                            problem_count=s.problem_count,
                        )
                    )
            for model, objs in copies.items():
                model.objects.bulk_create(objs, batch_size=2000)
            CaseSnapshot.objects.bulk_create(snapshots, batch_size=2000)
        made += size
        print(f"  {made}/{total} cases", flush=True)


def sampled_sweep(sample: int, *, today) -> dict:
    """The real sweep over ``sample`` open cases (timed, scaled to all of them); every other open case gets the
    snapshot rows of the checked case cloned from the same template, so the dashboard reads the volume of rows a
    full sweep leaves; then the statistics cells are rebuilt and the run recorded as a full one."""
    from django.db import transaction
    from django.utils import timezone

    from casemgmt.cases import models as m
    from casemgmt.supervision.models import CaseClock, CaseProblem, CaseSnapshot, SweepRun, SweepState, SweepTrigger
    from casemgmt.supervision.snapshots import rebuild_cells, store_snapshots

    open_ids = list(m.Case.objects.filter(status__in=m.OPEN_STATUSES).order_by("?").values_list("pk", flat=True))
    checked = open_ids[:sample]
    start = time.perf_counter()
    for i in range(0, len(checked), 200):
        store_snapshots(checked[i : i + 200], today=today, cells=False)
    seconds = time.perf_counter() - start
    # template of each open case = the checked case with the same status and unit
    by_kind = {}
    for c in m.Case.objects.filter(pk__in=checked).values("pk", "status", "enforcement_subject_id"):
        by_kind.setdefault((c["status"], c["enforcement_subject_id"]), c["pk"])
    src_clocks, src_problems = {}, {}
    for row in CaseClock.objects.filter(case_id__in=by_kind.values()):
        src_clocks.setdefault(row.case_id, []).append(row)
    for row in CaseProblem.objects.filter(case_id__in=by_kind.values()):
        src_problems.setdefault(row.case_id, []).append(row)
    snaps = {s.case_id: s for s in CaseSnapshot.objects.filter(case_id__in=by_kind.values())}
    rest = m.Case.objects.filter(pk__in=open_ids[sample:]).values("pk", "status", "enforcement_subject_id", "matter_id")
    with transaction.atomic():
        clocks, problems, snapshots = [], [], []
        for c in rest:
            src = by_kind.get((c["status"], c["enforcement_subject_id"]))
            if src is None:
                continue
            s = snaps[src]
            snapshots.append(
                CaseSnapshot(
                    case_id=c["pk"], as_of=today, computed_at=timezone.now(), score=s.score, grade=s.grade,
                    vetoed=s.vetoed, problem_count=s.problem_count, unit_id=c["enforcement_subject_id"],
                    matter_id=c["matter_id"],
                )
            )  # fmt: skip
            clocks += [_shift(r, dt.timedelta(0), case_id=c["pk"]) for r in src_clocks.get(src, [])]
            problems += [_shift(r, dt.timedelta(0), case_id=c["pk"]) for r in src_problems.get(src, [])]
        for model in (CaseSnapshot, CaseClock, CaseProblem):
            model.objects.filter(case_id__in=open_ids[sample:]).delete()
        CaseSnapshot.objects.bulk_create(snapshots, batch_size=2000)
        CaseClock.objects.bulk_create(clocks, batch_size=2000)
        CaseProblem.objects.bulk_create(problems, batch_size=2000)
    rebuild_cells()
    now = timezone.now()
    SweepRun.objects.create(
        trigger=SweepTrigger.SCHEDULED, scope="全部单位（基准：抽样检查）", full=True, as_of=today, started_at=now,
        finished_at=now, state=SweepState.DONE, cases_checked=len(checked),
    )  # fmt: skip
    return {
        "sampled_open_cases": len(checked),
        "seconds_for_sample": round(seconds, 1),
        "estimated_seconds_all_open": round(seconds * len(open_ids) / max(len(checked), 1), 1),
    }


def measure(
    size: int, runs: int, naive_runs: int, naive_sample: int, sweep: bool = True, sweep_sample: int | None = None
) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.utils import timezone

    from casemgmt.cases import models as m
    from casemgmt.cases.clocks import case_clocks
    from casemgmt.cases.rulebook import check_case, load_facts
    from casemgmt.supervision.models import CaseClock, CaseProblem, SweepTrigger
    from casemgmt.supervision.snapshots import sweep_run

    user_model = get_user_model()
    today = timezone.localdate()
    results: dict = {
        "cases": m.Case.objects.count(),
        "open_cases": m.Case.objects.filter(status__in=m.OPEN_STATUSES).count(),
    }
    if sweep and (sweep_sample is None or results["open_cases"] <= sweep_sample):
        start = time.perf_counter()
        run = sweep_run(trigger=SweepTrigger.SCHEDULED, today=today)
        results["sweep"] = {
            "seconds": round(time.perf_counter() - start, 1),
            "cases_checked": run.cases_checked,
            "problems": run.problems_found,
            "clocks_red": run.clocks_red,
            "clocks_yellow": run.clocks_yellow,
        }
    elif sweep:
        results["sweep"] = sampled_sweep(sweep_sample, today=today)
    results["snapshot_rows"] = {"clocks": CaseClock.objects.count(), "problems": CaseProblem.objects.count()}

    def client_for(username):
        client = Client()
        client.force_login(user_model.objects.get(username=username))
        return client

    def get(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    bureau, officer = client_for("b_eval"), client_for("b_off0")
    results["dashboard_bureau"] = timed(get(bureau, "/dashboard/"), runs=runs)
    results["dashboard_bureau_api"] = timed(get(bureau, "/api/dashboard/"), runs=runs)
    results["dashboard_township"] = timed(get(officer, "/dashboard/"), runs=runs)
    results["export_xlsx_bureau"] = timed(
        get(bureau, f"/dashboard/statistics.xlsx?year={today.year}"), runs=5, warmup=1
    )

    open_cases = list(
        m.Case.objects.filter(status__in=m.OPEN_STATUSES)
        .select_related("enforcement_subject__parent", "handling_unit__parent", "filing_approved_by")
        .order_by("pk")[:naive_sample]
    )

    def naive():
        # what the dashboard would do without snapshots: every open case's clocks and rulebook on each read
        for case in open_cases:
            facts = load_facts(case, today=today)
            case_clocks(facts)
            check_case(facts)

    sampled = timed(naive, runs=naive_runs, warmup=0)
    scale = results["open_cases"] / max(len(open_cases), 1)
    results["naive_on_read"] = {
        **sampled,
        "open_cases_computed": len(open_cases),
        "estimated_ms_all_open": round(sampled["p50_ms"] * scale, 1),
    }
    results["naive_over_dashboard"] = round(
        results["naive_on_read"]["estimated_ms_all_open"] / results["dashboard_bureau"]["p50_ms"], 1
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--naive-runs", type=int, default=1, help="repetitions of the (slow) naive baseline")
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=1100,
        help="compute the naive baseline over at most this many open cases and scale it to all of them",
    )
    parser.add_argument("--out", default=str(ROOT / "var" / "bench-dashboard.json"))
    parser.add_argument("--keep", action="store_true", help="reuse the existing bench database (re-measure)")
    parser.add_argument("--skip-sweep", action="store_true", help="with --keep: reuse the stored snapshots")
    parser.add_argument(
        "--sweep-sample",
        type=int,
        help="above this many open cases, sweep a random sample of that size (timed and scaled) and clone its "
        "snapshot rows to the other open cases",
    )
    args = parser.parse_args()
    db_url = os.getenv("DATABASE_URL")
    if not db_url and not args.keep:
        (ROOT / "var").mkdir(exist_ok=True)
        (ROOT / "var" / "bench-dashboard.sqlite3").unlink(missing_ok=True)
    _setup(db_url)
    from django.core.management import call_command
    from django.db import connection

    from casemgmt.cases.models import Case

    call_command("migrate", verbosity=0)
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln),
        platform.processor(),
    )
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}",
        "load_at_start": os.getloadavg(),
        "database": connection.vendor,
        "sizes": {},
    }
    for size in sorted(args.sizes):
        if Case.objects.count() < size:
            start = time.perf_counter()
            print(f"building corpus to {size} cases…", flush=True)
            build(size)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
        report["sizes"][size] = {
            **measure(
                size,
                args.runs,
                args.naive_runs,
                args.naive_sample,
                sweep=not args.skip_sweep,
                sweep_sample=args.sweep_sample,
            ),
            "load": os.getloadavg(),
        }
        print(json.dumps(report["sizes"][size], ensure_ascii=False, indent=1), flush=True)
        Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"results written to {args.out}")


if __name__ == "__main__":
    main()
