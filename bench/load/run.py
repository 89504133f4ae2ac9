"""Load benchmark (issue 14): gunicorn + PostgreSQL + the 300-case demo, driven by locust on loopback.

One command (from the repository root; PostgreSQL on 127.0.0.1:5432, user postgres, trust):

    .venv/bin/python bench/load/run.py --label before

does everything: builds the template database ``casemgmt_load_demo`` once (createdb + migrate + load_demo, some
minutes; ``--rebuild`` reloads it, e.g. after the demo changes), copies it to a fresh ``casemgmt_load`` for each
run (so every run starts from the same data; ``migrate`` then applies any newer migrations), writes the locust
fixture, starts gunicorn with the repository's ``gunicorn.conf.py`` (DEBUG off, production security settings,
requests carry ``X-Forwarded-Proto: https`` as from the reverse proxy), and runs

  (a) ``mix``: the officer mix — 50 officers logged in through the login form with the demo logins, browsing
      lists, opening cases, searching the archive and adding parties through the API (real acts that commit),
      1–5 s think time. Reports p95 of reads and of actions (targets ≤ 500 ms and ≤ 1 s), errors (target 0).
  (b) ``pages``: per page, 20 clients without think time, one page after the other in the same run: a minimal
      Django view (``/bench/ping/``, mounted by BENCH_ENDPOINTS=1), the admin case changelist, the case list,
      the JSON case list, archive search, the case detail page. Each as req/s, × the admin changelist (targets:
      case list ≥ 3, case detail ≥ 1.5) and as a fraction of the minimal view (the box's ceiling in that run).

Results: ``docs/bench-load-<label>-<date>.json`` and a section appended to ``docs/benchmarks.md`` (date, machine,
load average at start and end, commit). Useful options:

    --phases pages            only the per-page run (or: mix)
    --compare gthread:2:8 sync:4:1 ...   the per-page run once per gunicorn worker class:workers:threads
                              [:conn_max_age[:health_checks]] (how gunicorn.conf.py's defaults were chosen)
    --mix-time 120 --page-time 20 --users 50 --clients 20 --port 18700
    --no-markdown             JSON only

gunicorn's own defaults come from gunicorn.conf.py and DB_CONN_MAX_AGE from casemgmt/settings.py unless
--compare overrides them. The machine is usually shared: compare ratios, and read the load averages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PY = sys.executable
PG = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
PAGES = ["ping", "admin_changelist", "case_list", "case_list_json", "archive_search", "case_detail"]
PAGE_LABELS = {
    "ping": "minimal Django view (/bench/ping/, no DB)",
    "admin_changelist": "Django admin case changelist",
    "case_list": "case list (web)",
    "case_list_json": "case list (JSON API)",
    "archive_search": "archive search",
    "case_detail": "case detail page",
}
TARGETS = {"case_list": 3.0, "case_detail": 1.5}
PROXY = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating reverse proxy sends it
WARMUP_S = 3.0  # left out of every per-page window (connection set-up, first requests of each worker)


def log(message: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S}] {message}", flush=True)


def pg(cmd: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([cmd, *PG, *args], check=check, capture_output=True, text=True)  # noqa: S603 - argument list


def db_exists(name: str) -> bool:
    out = pg("psql", "-Atc", "SELECT datname FROM pg_database", "postgres").stdout
    return name in out.split()


def db_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def server_env(args, db: str, *, conn_max_age: str | None = None, health_checks: str | None = None) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url(db),
        DEBUG="false",
        SECRET_KEY="load-benchmark-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        BENCH_ENDPOINTS="1",
        DJANGO_SETTINGS_MODULE="casemgmt.settings",
        DATA_DIR=str(ROOT / "var" / "load"),
        PYTHONPATH=str(ROOT),
        # The page runs send one session's requests as fast as the server answers: no API rate applies.
        API_THROTTLE_USER="100000000/min",
        API_THROTTLE_TOKEN="100000000/min",
    )
    if conn_max_age is not None:
        env["DB_CONN_MAX_AGE"] = conn_max_age
    if health_checks is not None:
        env["DB_CONN_HEALTH_CHECKS"] = health_checks
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PY, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)  # noqa: S603 - argument list


def prepare_template(args) -> dict:
    """The template database: the demo loaded once (kept between invocations), migrated to this code, with
    the fixture's sessions in it, so that each run's copy is made in seconds and starts from the same data."""
    info = {"template": args.template, "db": args.db}
    env = server_env(args, args.template)
    if args.rebuild and db_exists(args.template):
        pg("dropdb", "--force", args.template)
    if not db_exists(args.template):
        log(f"building the template database {args.template} (migrate + load_demo --cases {args.cases}; minutes)")
        pg("createdb", "-E", "UTF8", "--locale=C.UTF-8", "-T", "template0", args.template)
        try:
            manage(env, "migrate", "-v0")
            start = time.monotonic()
            manage(env, "load_demo", "--cases", str(args.cases))
            info["load_demo_s"] = round(time.monotonic() - start, 1)
        except BaseException:
            pg("dropdb", "--if-exists", args.template, check=False)  # never keep a half-loaded template
            raise
    else:
        manage(env, "migrate", "-v0")  # newer migrations of this checkout (the "after" of a before/after)
    subprocess.run([PY, str(HERE / "fixture.py"), str(args.fixture)], check=True, env=env, cwd=ROOT)  # noqa: S603
    return info


def fresh_copy(args) -> None:
    log(f"copying {args.template} to a fresh {args.db}")
    pg("dropdb", "--if-exists", "--force", args.db)
    pg("createdb", "-T", args.template, args.db)


class Server:
    """gunicorn with the repository's configuration; worker settings optionally overridden for a comparison."""

    def __init__(self, args, spec: dict | None):
        self.args, self.spec = args, spec or {}
        self.url = f"http://127.0.0.1:{args.port}"
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        env = server_env(
            self.args, self.args.db, conn_max_age=self.spec.get("conn_max_age"), health_checks=self.spec.get("health")
        )
        env["GUNICORN_BIND"] = f"127.0.0.1:{self.args.port}"
        env["GUNICORN_ACCESS_LOG"] = str(self.args.workdir / "access.log")
        env["GUNICORN_ERROR_LOG"] = str(self.args.workdir / "gunicorn.log")
        for key, var in (
            ("worker_class", "GUNICORN_WORKER_CLASS"),
            ("workers", "GUNICORN_WORKERS"),
            ("threads", "GUNICORN_THREADS"),
        ):
            if key in self.spec:
                env[var] = str(self.spec[key])
        cmd = [str(Path(PY).with_name("gunicorn")), "-c", str(ROOT / "gunicorn.conf.py"), "casemgmt.wsgi"]
        self.proc = subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)  # noqa: S603 - argument list
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(
                    f"gunicorn exited with {self.proc.returncode}: see {self.args.workdir / 'gunicorn.log'}"
                )
            try:
                request = urllib.request.Request(self.url + "/bench/ping/", headers=PROXY)  # noqa: S310 - loopback
                with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - http://127.0.0.1 only
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise SystemExit("gunicorn did not answer /bench/ping/ within 60 s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # gunicorn's own process group (start_new_session)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def locust(args, *, user_class: str, users: int, spawn_rate: float, seconds: int, env_extra: dict, tag: str) -> list:
    raw = args.workdir / f"raw-{tag}.json"
    raw.unlink(missing_ok=True)
    env = dict(os.environ, BENCH_FIXTURE=str(args.fixture), BENCH_RAW=str(raw), **env_extra)
    cmd = [
        str(Path(PY).with_name("locust")),
        "-f", str(HERE / "locustfile.py"),
        "--headless", "--only-summary", "--loglevel", "WARNING",
        "-u", str(users), "-r", str(spawn_rate), "--run-time", f"{seconds}s", "--stop-timeout", "30",
        "--host", f"http://127.0.0.1:{args.port}",
        user_class,
    ]  # fmt: skip
    with open(args.workdir / f"locust-{tag}.log", "w", encoding="utf-8") as out:
        subprocess.run(cmd, env=env, cwd=ROOT, check=False, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    return json.loads(raw.read_text(encoding="utf-8"))


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)], 1)


def summarise(rows: list, names=None) -> dict:
    rows = [r for r in rows if names is None or names(r[1])]
    times = [r[2] for r in rows]
    return {
        "requests": len(rows),
        "errors": sum(1 for r in rows if not r[3]),
        "median_ms": percentile(times, 0.5),
        "p95_ms": percentile(times, 0.95),
        "max_ms": round(max(times), 1) if times else None,
    }


def run_mix(args) -> dict:
    log(f"officer mix: {args.users} users, {args.mix_time} s")
    started = time.time()
    rows = locust(
        args, user_class="Officer", users=args.users, spawn_rate=5, seconds=args.mix_time, env_extra={}, tag="mix"
    )
    elapsed = time.time() - started
    result = {
        "users": args.users,
        "seconds": args.mix_time,
        "think_time_s": [1, 5],
        "reads": summarise(rows, lambda n: n.startswith("read:")),
        "actions": summarise(rows, lambda n: n.startswith("action:")),
        "logins": summarise(rows, lambda n: n == "login"),
        "all": summarise(rows),
        "by_name": {n: summarise(rows, lambda x, n=n: x == n) for n in sorted({r[1] for r in rows})},
    }
    result["all"]["req_per_s"] = round(len(rows) / max(elapsed, 1), 1)
    # Steady state: after the last of the 50 logins (each hashes a password: a burst of CPU at the start).
    logged_in = max((r[0] for r in rows if r[1] == "login"), default=started)
    steady = [r for r in rows if r[0] > logged_in]
    result["steady"] = {
        "after_s": round(logged_in - started, 1),
        "reads": summarise(steady, lambda n: n.startswith("read:")),
        "actions": summarise(steady, lambda n: n.startswith("action:")),
    }
    log(
        f"  reads p95 {result['reads']['p95_ms']} ms, actions p95 {result['actions']['p95_ms']} ms, "
        f"errors {result['all']['errors']} of {result['all']['requests']}"
    )
    return result


def run_pages(args, pages: list[str]) -> dict:
    results = {}
    for page in pages:
        rows = locust(
            args, user_class="Page", users=args.clients, spawn_rate=args.clients, seconds=args.page_time,
            env_extra={"BENCH_PAGE": page}, tag=f"page-{page}",
        )  # fmt: skip
        if not rows:
            results[page] = {"req_per_s": 0.0, "requests": 0, "errors": 0}
            continue
        # Leave out the first seconds (connections, first requests of each worker), at most a fifth of the run.
        start = rows[0][0] + min(WARMUP_S, (rows[-1][0] - rows[0][0]) / 5)
        window = [r for r in rows if r[0] >= start]
        span = max(r[0] for r in window) - start if window else 0
        summary = summarise(window)
        summary["req_per_s"] = round(len(window) / span, 1) if span > 0 else 0.0
        summary["errors_total"] = sum(1 for r in rows if not r[3])
        results[page] = summary
        log(f"  {page}: {summary['req_per_s']} req/s, p95 {summary['p95_ms']} ms, errors {summary['errors_total']}")
    admin = results.get("admin_changelist", {}).get("req_per_s") or None
    ping = results.get("ping", {}).get("req_per_s") or None
    for summary in results.values():
        summary["x_admin"] = round(summary["req_per_s"] / admin, 2) if admin else None
        summary["of_ping"] = round(summary["req_per_s"] / ping, 4) if ping else None
    return results


def parse_spec(text: str) -> dict:
    parts = text.split(":")
    spec = {
        "name": text,
        "worker_class": parts[0],
        "workers": int(parts[1]),
        "threads": int(parts[2]) if len(parts) > 2 else 1,
    }
    if len(parts) > 3:
        spec["conn_max_age"] = parts[3]
    if len(parts) > 4:
        spec["health"] = parts[4]
    return spec


def machine() -> dict:
    mem = ""
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    pg_version = pg("psql", "-Atc", "SHOW server_version", "postgres", check=False).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "memory": mem,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg_version,
    }


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: S603, S607


def commit() -> str:
    return git("rev-parse", "--short", "HEAD") + ("+uncommitted" if git("status", "--porcelain", "-uno") else "")


def gunicorn_defaults() -> dict:
    """The worker settings gunicorn.conf.py gives without overrides (read the file as gunicorn would)."""
    scope: dict = {"__file__": str(ROOT / "gunicorn.conf.py")}
    env_backup = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("GUNICORN_")}
    try:
        exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), scope)  # noqa: S102
    finally:
        os.environ.update(env_backup)
    return {k: scope.get(k) for k in ("worker_class", "workers", "threads")}


def fmt(value, suffix="") -> str:
    return "—" if value is None else f"{value:,}{suffix}" if isinstance(value, int) else f"{value}{suffix}"


def markdown(result: dict) -> str:
    lines = [
        "",
        f"### Load benchmark: {result['label']} — {result['date']} (commit {result['commit']})",
        "",
        f"Machine: {result['machine']['cpus']} cores, {result['machine']['memory']}, {result['machine']['platform']}, "
        f"Python {result['machine']['python']}, PostgreSQL {result['machine']['postgresql']} on the same host. "
        f"Load average (1/5/15 min) at start {result['load_start']}, at end {result['load_end']}. "
        f"Command: `{result['command']}`. Raw: `{result['out']}`.",
        "",
    ]
    for run in result["runs"]:
        server = run["server"]
        lines.append(
            f"Server: gunicorn {server['worker_class']}, {server['workers']} workers × {server['threads']} threads, "
            f"DB_CONN_MAX_AGE={server['conn_max_age']}, DB_CONN_HEALTH_CHECKS={server['health_checks']}; "
            f"load average before this server's runs {run['load_start']}."
        )
        lines.append("")
        if "mix" in run:
            mix = run["mix"]
            lines += [
                f"Officer mix, {mix['users']} users, {mix['seconds']} s, think time 1–5 s: "
                f"{mix['all']['req_per_s']} req/s, {mix['all']['errors']} errors of {mix['all']['requests']:,} requests.",
                "",
                "| requests | target p95 | count | median ms | p95 ms | max ms | errors |",
                "|---|---|---|---|---|---|---|",
            ]
            for key, label, target in (
                ("reads", "all reads", "≤ 500 ms"),
                ("actions", "actions (add party, commits)", "≤ 1,000 ms"),
                ("logins", "logins (form, password hash)", "—"),
            ):
                s = mix[key]
                lines.append(
                    f"| {label} | {target} | {s['requests']:,} | {fmt(s['median_ms'])} | {fmt(s['p95_ms'])} | {fmt(s['max_ms'])} | {s['errors']} |"
                )
            steady = mix.get("steady")
            if steady:
                for key, label, target in (
                    ("reads", f"all reads after the last login ({steady['after_s']} s)", "≤ 500 ms"),
                    ("actions", "actions after the last login", "≤ 1,000 ms"),
                ):
                    s = steady[key]
                    lines.append(
                        f"| {label} | {target} | {s['requests']:,} | {fmt(s['median_ms'])} | {fmt(s['p95_ms'])} | {fmt(s['max_ms'])} | {s['errors']} |"
                    )
            for name, s in mix["by_name"].items():
                if name.startswith("read:"):
                    lines.append(
                        f"| · {name[6:]} | | {s['requests']:,} | {fmt(s['median_ms'])} | {fmt(s['p95_ms'])} | {fmt(s['max_ms'])} | {s['errors']} |"
                    )
            lines.append("")
        if "pages" in run:
            lines += [
                f"Per page, {result['clients']} clients, no think time, {result['page_time']} s each (first {WARMUP_S:.0f} s not counted):",
                "",
                "| page | req/s | × admin changelist | target | fraction of minimal view | p95 ms | errors |",
                "|---|---|---|---|---|---|---|",
            ]
            for page, s in run["pages"].items():
                target = f"≥ {TARGETS[page]} ×" if page in TARGETS else "—"
                share = f"{s['of_ping'] * 100:.1f} %" if s.get("of_ping") is not None else "—"
                lines.append(
                    f"| {PAGE_LABELS[page]} | {s['req_per_s']} | {fmt(s.get('x_admin'))} | {target} | {share} | "
                    f"{fmt(s.get('p95_ms'))} | {s.get('errors_total', 0)} |"
                )
            lines.append("")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", default="run", help="before / after / … (in the file name and the heading)")
    parser.add_argument("--phases", nargs="+", default=["mix", "pages"], choices=["mix", "pages"])
    parser.add_argument("--pages", nargs="+", default=PAGES, choices=PAGES)
    parser.add_argument("--compare", nargs="+", default=[], help="worker_class:workers:threads[:conn_max_age[:health]]")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--mix-time", type=int, default=120, help="seconds of the officer mix")
    parser.add_argument("--page-time", type=int, default=20, help="seconds per page")
    parser.add_argument("--port", type=int, default=18700)
    parser.add_argument("--db", default="casemgmt_load", help="the database of the run (dropped and copied each run)")
    parser.add_argument("--template", default="casemgmt_load_demo", help="the database with the demo loaded once")
    parser.add_argument("--rebuild", action="store_true", help="reload the demo into the template database")
    parser.add_argument("--cases", type=int, default=300, help="demo size when (re)building the template")
    parser.add_argument("--out", type=Path, help="JSON output (default docs/bench-load-<label>-<date>.json)")
    parser.add_argument("--no-markdown", action="store_true", help="do not append to docs/benchmarks.md")
    args = parser.parse_args()

    today = dt.date.today().isoformat()
    args.out = args.out or ROOT / "docs" / f"bench-load-{args.label}-{today}.json"
    args.workdir = ROOT / "var" / "load"
    args.workdir.mkdir(parents=True, exist_ok=True)
    args.fixture = args.workdir / "fixture.json"

    result = {
        "label": args.label,
        "date": dt.datetime.now().astimezone().isoformat(timespec="minutes"),
        "commit": commit(),
        "machine": machine(),
        "command": "bench/load/run.py " + " ".join(sys.argv[1:]),
        "out": str(args.out.relative_to(ROOT)) if args.out.is_relative_to(ROOT) else str(args.out),
        "load_start": [round(x, 2) for x in os.getloadavg()],
        "clients": args.clients,
        "page_time": args.page_time,
        "runs": [],
    }
    specs = [parse_spec(s) for s in args.compare] or [{}]
    defaults = gunicorn_defaults()
    result["database"] = prepare_template(args)
    fixture = json.loads(args.fixture.read_text(encoding="utf-8"))  # its settings: those of a server without overrides
    for spec in specs:
        # Each server configuration starts from the same data (the acts of a previous mix would change it).
        fresh_copy(args)
        server = {
            "worker_class": spec.get("worker_class", defaults["worker_class"]),
            "workers": spec.get("workers", defaults["workers"]),
            "threads": spec.get("threads", defaults["threads"]),
            "conn_max_age": spec.get("conn_max_age", fixture["conn_max_age"]),
            "health_checks": spec.get("health", fixture["conn_health_checks"]),
        }
        log(f"gunicorn {server}")
        run = {"server": server, "load_start": [round(x, 2) for x in os.getloadavg()]}
        with Server(args, spec):
            if "pages" in args.phases:
                run["pages"] = run_pages(args, args.pages)
            if "mix" in args.phases:
                run["mix"] = run_mix(args)
        run["load_end"] = [round(x, 2) for x in os.getloadavg()]
        result["runs"].append(run)
    result["load_end"] = [round(x, 2) for x in os.getloadavg()]

    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {args.out}")
    text = markdown(result)
    print(text)
    if not args.no_markdown:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as md:
            md.write(text)
        log("appended to docs/benchmarks.md")


if __name__ == "__main__":
    main()
