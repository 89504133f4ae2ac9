"""Benchmarks of the case-file evaluation (issue 6). Run: ``.venv/bin/python bench/evaluation.py [--archived 1250]``.

Measures, in one run on one database (``var/bench-evaluation.sqlite3``, recreated, unless ``DATABASE_URL`` is set;
then that database, which should be empty):

(a) drawing an evaluation round and pre-scoring its files: ``round_create`` over five townships with a sample of
    200 archived files each (1,000 files: seeded sampling, assignment, read grants, the rulebook's pre-score of
    every objective item, the cases' facts loaded with ``load_facts_many``), target ≤ 30 s. Baseline, on the
    same draw in the same run: the per-file path of the first implementation — per file one case read without
    ``select_related``, its facts loaded alone (``load_facts``), the rubric read again without prefetch, one
    file insert, one grant and one item-score insert. Each run is rolled back, so both start from the same data.
(b) the self-check of one case (the predicted score of the rubric over the rulebook's findings, as the case page,
    the archive gate and ``GET /api/supervision/cases/<id>/selfcheck/`` compute it: facts loaded, active rubric
    read, every rule run, rubric scored), target ≤ 50 ms, median and p95 over ``--runs``. Baseline: the case
    page's plain rulebook self-check of the same case (facts loaded and every rule run, no rubric), so the ratio
    is what the rubric adds.

The corpus: the five closed template cases of ``bench/corpus.py`` (built through the real services: filing with
two certified officers, three inquiry records, investigation report, legal review, prior notice served, decision
issued and served, payment, disclosure, closing; the 立案审批表 issued as a numbered document PDF), cloned with
bulk inserts into ``--archived`` closed cases and archived by bulk insert of their archive records (no case-file
PDF is assembled: nothing measured here reads it).
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
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PER_UNIT = 200


def _setup(db_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    os.environ["DATABASE_URL"] = db_url or f"sqlite:///{ROOT / 'var' / 'bench-evaluation.sqlite3'}"
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


@contextmanager
def counted():
    """Count the SQL statements run inside the block (``box[0]``)."""
    from django.db import connection

    box = [0]

    def wrapper(execute, sql, params, many, context):
        box[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield box


def timed(fn, *, runs: int, warmup: int = 3) -> dict:
    for _ in range(warmup):
        fn()
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(int(runs * 0.95) - 1, 0)], 2),
        "cpu_median_ms": round(statistics.median(cpu), 2),  # this process's CPU time: what the shared load hides
        "runs": runs,
    }


def build(archived: int, *, seed: int = 13) -> dict:
    from django.db import transaction

    from bench import corpus
    from casemgmt.archive.models import ArchiveRecord
    from casemgmt.cases import models as m
    from casemgmt.evaluation.rubrics import sync_default_rubric

    sync_default_rubric()
    rng = random.Random(seed)
    with transaction.atomic():
        brigades, people = corpus.build_org()
        templates = [
            corpus._template(brigade, people[corpus.TOWNSHIPS[i]], stage="closed", n=i)
            for i, brigade in enumerate(brigades)
        ]
    documents = _issue_filing_form(templates[0])
    templates = list(
        m.Case.objects.filter(pk__in=[t.pk for t in templates]).select_related("clue", "enforcement_subject")
    )
    # The same number of clones of each township's template, so every township has the files to sample.
    made = len(templates)
    for template in templates:
        for start in range(0, archived // len(templates), 500):
            size = min(500, archived // len(templates) - start)
            with transaction.atomic():
                corpus._clone_batch([template], size, rng, start=made)
            made += size
    clones = list(
        m.Case.objects.exclude(pk__in=[t.pk for t in templates]).values_list("pk", "handling_unit_id", "closed_on")
    )
    heads = {people[name]["head"].memberships.get().unit_id: people[name]["head"] for name in corpus.TOWNSHIPS}
    with transaction.atomic():
        ArchiveRecord.objects.bulk_create(
            [
                ArchiveRecord(
                    case_id=pk,
                    archive_number=f"BENCH-2026-{pk:06d}",
                    archived_on=closed_on + dt.timedelta(days=7),
                    archived_by=heads[unit_id],
                    retention_years=30,
                    retention_label="30年",
                    metadata={"bench": True},
                )
                for pk, unit_id, closed_on in clones
            ],
            batch_size=1000,
        )
        m.Case.objects.filter(pk__in=[pk for pk, _u, _c in clones]).update(status=m.CaseStatus.ARCHIVED)
    from casemgmt.org.models import Unit, UnitKind

    return {
        "evaluator": people["evaluator"],
        "townships": list(Unit.objects.filter(kind=UnitKind.TOWNSHIP).order_by("pk")),
        "template": templates[0],
        "documents": documents,
        "cases": m.Case.objects.count(),
        "archived": len(clones),
    }


def _issue_filing_form(case) -> int:
    """The 立案审批表 of the measured case, issued through the document services (a numbered document PDF)."""
    from documents import services as ds

    case.refresh_from_db()
    actor = case.filing_approved_by.user
    ds.document_issue(
        document=ds.document_draft(case=case, actor=actor, type_code="la_spb"), actor=actor, on=case.filed_on
    )
    from documents.models import Document

    return Document.objects.filter(case=case).count()


def _second_evaluator(justice_unit):
    from casemgmt.org.models import Role
    from casemgmt.org.services import membership_add, officer_create

    officer = officer_create(username="b_eval2", name="评查员乙", password="bench-12345")
    membership_add(officer=officer, unit=justice_unit, role=Role.SUPERVISOR)
    return officer


def round_args(data: dict, evaluators: list) -> dict:
    return {
        "title": "基准评查活动",
        "actor": data["evaluator"].user,
        "units": data["townships"],
        "period_from": dt.date(2026, 1, 1),
        "period_to": dt.date(2026, 12, 31),
        "evaluators": evaluators,
        "deadline": dt.date.today() + dt.timedelta(days=30),
        "sample_size": PER_UNIT,
        "seed": "bench-2026",
    }


def naive_round_create(**kw):
    """The baseline: the same draw, then the per-file path (each case's facts loaded on their own, no prefetch,
    one insert and one grant per file)."""
    from guardian.shortcuts import assign_perm

    from casemgmt.archive.sampling import sample_archived_files
    from casemgmt.cases.models import Case
    from casemgmt.evaluation.models import EvaluationRound, ItemScore, Rubric, SampledFile
    from casemgmt.evaluation.rounds import _own_unit, prefill_rows
    from casemgmt.evaluation.rubrics import active_rubric

    rubric_id = active_rubric().pk
    drawn = []
    for unit in kw["units"]:
        drawn += sample_archived_files(
            size=kw["sample_size"],
            seed=kw["seed"],
            unit_ids=[unit.pk],
            closed_from=kw["period_from"],
            closed_to=kw["period_to"],
        )
    round_ = EvaluationRound.objects.create(
        title=kw["title"],
        rubric_id=rubric_id,
        period_from=kw["period_from"],
        period_to=kw["period_to"],
        sample_size=kw["sample_size"],
        seed=kw["seed"],
        deadline=kw["deadline"],
        created_by=kw["actor"],
    )
    round_.units.set(kw["units"])
    round_.evaluators.set(kw["evaluators"])
    for turn, f in enumerate(drawn):
        case = Case.objects.get(pk=f.case_id)
        eligible = [e for e in kw["evaluators"] if not _own_unit(e, case)]
        evaluator = eligible[turn % len(eligible)]
        file = SampledFile.objects.create(
            round=round_, case=case, unit_id=f.unit_id, archive_number=f.archive_number, evaluator=evaluator
        )
        assign_perm("cases.view_case", evaluator.user, case)
        ItemScore.objects.bulk_create(prefill_rows(file, Rubric.objects.get(pk=rubric_id)))
    return round_


def rolled_back(fn):
    """Run ``fn`` in a transaction that is rolled back; return (seconds, statements, files made)."""
    from django.db import transaction

    from casemgmt.evaluation.models import ItemScore, SampledFile

    with transaction.atomic(), counted() as box:
        start, start_cpu = time.perf_counter(), time.process_time()
        round_ = fn()
        seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
        files = SampledFile.objects.filter(round=round_).count()
        items = ItemScore.objects.filter(file__round=round_).count()
        transaction.set_rollback(True)
    return {
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "statements": box[0],
        "files": files,
        "item_scores": items,
    }


def measure(data: dict, runs: int, round_runs: int) -> dict:
    from casemgmt.cases.rulebook import check_case, load_facts
    from casemgmt.evaluation.rounds import round_create
    from casemgmt.evaluation.scoring import score_facts

    justice = data["evaluator"].memberships.get().unit
    evaluators = [data["evaluator"], _second_evaluator(justice)]
    args = round_args(data, evaluators)
    result: dict = {}
    fast = [rolled_back(lambda: round_create(**args)) for _ in range(round_runs)]
    naive = [rolled_back(lambda: naive_round_create(**args)) for _ in range(round_runs)]
    best_fast = min(fast, key=lambda r: r["seconds"])
    best_naive = min(naive, key=lambda r: r["seconds"])
    result["round_create_1000"] = {
        "runs": fast,
        "baseline_per_file_path": naive,
        "ratio_baseline_over_round_create": round(best_naive["seconds"] / best_fast["seconds"], 2),
    }
    case = data["template"]
    selfcheck_score = score_facts(load_facts(case))
    with counted() as box:
        score_facts(load_facts(case))
    selfcheck_statements = box[0]
    with counted() as box:
        check_case(load_facts(case))
    check_statements = box[0]
    selfcheck = timed(lambda: score_facts(load_facts(case)), runs=runs)
    plain = timed(lambda: check_case(load_facts(case)), runs=runs)
    result["self_check_one_case"] = {
        **selfcheck,
        "statements": selfcheck_statements,
        "score": str(selfcheck_score.total),
        "grade": selfcheck_score.grade,
        "defects": len(selfcheck_score.defects),
        "baseline_rulebook_check": {**plain, "statements": check_statements},
        "ratio_self_check_over_rulebook_check": round(selfcheck["median_ms"] / plain["median_ms"], 2),
    }
    return result


def _machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), {platform.python_implementation()} {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--archived", type=int, default=1250, help="archived case files generated (≥ 1,000)")
    parser.add_argument("--runs", type=int, default=100, help="self-check measurements")
    parser.add_argument("--round-runs", type=int, default=2, help="round draws measured (each rolled back)")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    if args.archived < 5 * PER_UNIT:
        parser.error(f"--archived must be at least {5 * PER_UNIT}")
    db_url = os.environ.get("DATABASE_URL")
    if not db_url:
        path = ROOT / "var" / "bench-evaluation.sqlite3"
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
    _setup(db_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    data = build(args.archived)
    report = {
        "date": dt.datetime.now().isoformat(timespec="minutes"),
        "machine": _machine(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "database": f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else connection.pg_version}",
        "cases": data["cases"],
        "archived": data["archived"],
        "documents_of_measured_case": data["documents"],
        "build_s": round(time.perf_counter() - start, 1),
    }
    report.update(measure(data, args.runs, args.round_runs))
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text, flush=True)
    out = args.out or str(ROOT / "var" / f"bench-evaluation-{connection.vendor}.json")
    Path(out).write_text(text)


if __name__ == "__main__":
    main()
