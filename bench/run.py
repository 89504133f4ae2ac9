"""Benchmarks of the case spine (issue 2). Run: ``.venv/bin/python bench/run.py [--sizes 1000 100000]``.

Measures, at each corpus size, the server time (median and p95 of repeated requests through Django's test
client, so no network or browser is involved) and the query count of:
- the case list (filtered, paginated) in the web UI and the JSON API,
- one workflow action (a service call) on a case with a short and a long history,
- the full rulebook (self-check) over one case,
each next to the Django admin changelist of cases on the same data, in the same run (the ratio is what to
compare across machines). Uses its own database: ``var/bench.sqlite3`` unless ``DATABASE_URL`` is set.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(db_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    os.environ["DATABASE_URL"] = db_url or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def timed(fn, *, runs: int, warmup: int = 3):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        fn()
    times = []
    queries = None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "queries": queries,
    }


def measure(size: int, runs: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from casemgmt.cases import models as m
    from casemgmt.cases import services as s
    from casemgmt.cases.models.events import GENESIS
    from casemgmt.cases.rulebook import check_case, load_facts
    from casemgmt.org.models import Officer

    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="b_admin", defaults={"is_staff": True, "is_superuser": True})
    officer = Officer.objects.get(user__username="b_off0")
    evaluator = User.objects.get(username="b_eval")

    def client_for(user):
        c = Client()
        c.force_login(user)
        return c

    officer_client, evaluator_client, admin_client = client_for(officer.user), client_for(evaluator), client_for(admin)

    def get(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    results = {"cases": m.Case.objects.count(), "events": m.CaseEvent.objects.count()}
    results["admin_changelist"] = timed(get(admin_client, "/admin/cases/case/?status__exact=investigation"), runs=runs)
    results["web_list_officer"] = timed(get(officer_client, "/cases/?status=investigation"), runs=runs)
    results["web_list_evaluator"] = timed(get(evaluator_client, "/cases/?status=investigation"), runs=runs)
    results["api_list_officer"] = timed(get(officer_client, "/api/cases/?status=investigation"), runs=runs)

    # One workflow action on a case with a short and with a long history (500 extra events).
    # Act on clones, never on the template cases: the corpus grows later by cloning the templates.
    template_count = 25
    short_case = (
        m.Case.objects.filter(
            handling_unit=officer.memberships.first().unit, status=m.CaseStatus.INVESTIGATION, pk__gt=template_count
        )
        .order_by("pk")
        .first()
    )
    long_case = (
        m.Case.objects.filter(
            handling_unit=short_case.handling_unit, status=m.CaseStatus.INVESTIGATION, pk__gt=template_count
        )
        .exclude(pk=short_case.pk)
        .order_by("pk")
        .first()
    )
    if not long_case.events.filter(action="bench_padding").exists():
        last = long_case.events.order_by("-seq").first()
        prev, seq, rows = (last.hash if last else GENESIS), (last.seq if last else 0), []
        for i in range(500):
            seq += 1
            e = m.CaseEvent(
                case=long_case,
                seq=seq,
                action="bench_padding",
                summary=f"补充记录{i}",
                payload={},
                actor=officer.user,
                at=timezone.now(),
                prev_hash=prev,
            )
            e.hash = e.compute_hash()
            prev = e.hash
            rows.append(e)
        m.CaseEvent.objects.bulk_create(rows)

    class Rollback(Exception):
        pass

    def service_action(case):
        def call():
            try:
                with transaction.atomic():
                    s.party_add(
                        case=case,
                        actor=officer.user,
                        kind=m.PartyKind.ORGANISATION,
                        name="某公司",
                        id_number="91110000MA01ABCD1M",
                    )
                    raise Rollback
            except Rollback:
                pass

        return call

    def api_action(case):
        # A real request through the API, the flow engine and the service; it commits (adds a party each run).
        def call():
            response = officer_client.post(
                f"/api/cases/{case.pk}/actions/add_party/",
                {"kind": "organisation", "name": "某公司", "id_number": "91110000MA01ABCD1M"},
                content_type="application/json",
            )
            assert response.status_code == 200, response.content

        return call

    results["service_action_short_history"] = timed(service_action(short_case), runs=runs)
    results["service_action_long_history"] = timed(service_action(long_case), runs=runs)
    results["api_action_short_history"] = timed(api_action(short_case), runs=runs)
    results["api_action_long_history"] = timed(api_action(long_case), runs=runs)
    results["action_history_events"] = [short_case.events.count(), long_case.events.count()]

    closed = m.Case.objects.filter(status=m.CaseStatus.CLOSED).order_by("pk").first()

    def rulebook():
        case = m.Case.objects.select_related("enforcement_subject", "handling_unit").get(pk=closed.pk)
        assert check_case(load_facts(case)) == []

    results["rulebook_one_case"] = timed(rulebook, runs=runs)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse an existing bench database")
    parser.add_argument("--out", default=str(ROOT / "var" / "bench-results.json"))
    args = parser.parse_args()
    db_url = os.getenv("DATABASE_URL")
    if not db_url and not args.keep:
        (ROOT / "var").mkdir(exist_ok=True)
        (ROOT / "var" / "bench.sqlite3").unlink(missing_ok=True)
    _setup(db_url)
    from django.core.management import call_command
    from django.db import connection

    from bench.corpus import build_corpus
    from casemgmt.cases.models import Case

    call_command("migrate", verbosity=0)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, {platform.python_version()}",
        "database": connection.vendor,
        "sizes": {},
    }
    for size in sorted(args.sizes):
        if Case.objects.count() < size:
            start = time.perf_counter()
            print(f"building corpus to {size} cases…", flush=True)
            build_corpus(size, progress=lambda msg: print(msg, flush=True))
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # fresh planner statistics after the bulk load, as autovacuum would
            print(f"  built in {time.perf_counter() - start:.0f} s", flush=True)
        report["sizes"][size] = measure(size, args.runs)
        print(json.dumps(report["sizes"][size], ensure_ascii=False, indent=1), flush=True)
    Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"results written to {args.out}")


if __name__ == "__main__":
    main()
