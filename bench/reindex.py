"""Rebuild benchmark (issue 14). Run: ``.venv/bin/python bench/reindex.py [--cases 300] [--batch-size 200]``.

Loads the demo (``load_demo --cases N``, real services) into its own database — ``var/bench-reindex.sqlite3``
unless ``DATABASE_URL`` is set (then that database, which must be empty) — and rebuilds the search index the way
``manage.py reindex`` and the archive.reindex job do (a new generation, switched to atomically). Meanwhile
another connection searches without pause; the report gives the rebuild's throughput (cases/s) and what that
searcher saw: the number of searches and the totals they returned (all equal to the total before the rebuild
when the index never goes dark), with the machine's load average, since throughput on a shared box varies.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-reindex.sqlite3'}")
    os.environ.setdefault("JOBS_INPROCESS", "sync")
    os.environ["CELERY_BROKER_URL"] = ""
    import django

    django.setup()


def search_total(query: str) -> int:
    from casemgmt.archive.backends import Scope, SearchRequest, get_backend
    from casemgmt.archive.query import parse_query

    request = SearchRequest(terms=parse_query(query) if query else [], page_size=20, with_facets=True)
    return get_backend().search(request, scope=Scope(everything=True)).total


def searcher(stop: threading.Event, queries: list[str], seen: dict[str, list[int]], errors: list[str]) -> None:
    from django.db import connection

    try:
        while not stop.is_set():
            for q in queries:
                seen[q].append(search_total(q))
    except Exception as exc:  # noqa: BLE001 - reported
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--skip-load", action="store_true", help="rebuild an already loaded database")
    args = parser.parse_args()
    _setup()
    from django.core.management import call_command
    from django.db import connection

    from casemgmt.archive.generations import Rebuild
    from casemgmt.cases.models import Case

    if not args.skip_load:
        if connection.vendor == "sqlite":
            connection.close()
            Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)  # a fresh file: migrations seed it
        call_command("migrate", verbosity=0)
        started = time.monotonic()
        call_command("load_demo", cases=args.cases, no_files=True, verbosity=0)
        print(f"demo loaded: {args.cases} cases in {time.monotonic() - started:.0f} s", flush=True)
    queries = ["", "占用", "责令改正"]
    before = {q: search_total(q) for q in queries}
    runs = []
    for _ in range(args.runs):
        stop, errors = threading.Event(), []
        seen: dict[str, list[int]] = {q: [] for q in queries}
        thread = threading.Thread(target=searcher, args=(stop, queries, seen, errors))
        thread.start()
        try:
            outcome = Rebuild(batch_size=args.batch_size).run()
            time.sleep(0.2)
        finally:
            stop.set()
            thread.join(60)
        after = {q: search_total(q) for q in queries}
        runs.append(
            {
                "cases": outcome.cases,
                "seconds": round(outcome.seconds, 2),
                "cases_per_s": round(outcome.rate, 1),
                "fulltext": outcome.fulltext,
                "searches_during": sum(len(v) for v in seen.values()),
                "totals_seen": {q or "(all)": sorted(set(v)) for q, v in seen.items()},
                "never_dark": not errors and all(set(v) <= {before[q]} for q, v in seen.items()) and after == before,
                "searcher_errors": errors[:3],
            }
        )
        print(json.dumps(runs[-1], ensure_ascii=False), flush=True)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "database": connection.vendor,
        "cases": Case.objects.count(),
        "totals_before": {q or "(all)": n for q, n in before.items()},
        "batch_size": args.batch_size,
        "runs": runs,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "machine": f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}",
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
