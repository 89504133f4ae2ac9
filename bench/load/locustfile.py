"""Locust users of the load benchmark; started by ``bench/load/run.py``, which also writes the fixture file.

Two kinds of user:

- ``Officer``: a township officer's working day — case lists (filters, pages), the JSON list, case detail
  pages, archive searches, the inbox, and real acts that commit (``add_party`` through the JSON API, the same
  skeleton as every act). Logs in through the login form with a demo login, then thinks 1–5 s between clicks.
- ``Page``: one page, hammered without think time (``BENCH_PAGE`` names it); with pre-made sessions so that
  password hashing (350 ms of CPU per login) does not distort the page's throughput.

The fixture (``BENCH_FIXTURE``, JSON, written by run.py from the database) holds the logins, each login's
visible case ids and the cases on which it may act, search terms and the pre-made session cookies.

Requests go to gunicorn over plain HTTP on loopback but carry ``X-Forwarded-Proto: https``, as a TLS-terminating
reverse proxy would send them: the production settings (secure cookies, HSTS, SSL redirect) stay on.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path

from locust import FastHttpUser, between, constant, events, task

FIXTURE = json.loads(Path(os.environ["BENCH_FIXTURE"]).read_text(encoding="utf-8"))
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Each simulated officer takes the next demo login in turn (50 users over the townships' officers).
_logins = itertools.cycle(FIXTURE["officers"])
_party_seq = itertools.count(1)

# Every request's completion time, name, response time and outcome, written on exit (BENCH_RAW) so that run.py
# computes exact percentiles per category (all reads together, all actions) and throughput over a window that
# leaves out the ramp-up.
_raw: list[tuple[float, str, float, bool]] = []


@events.request.add_listener
def _record(name, response_time, exception, **_kwargs):
    _raw.append((time.time(), name, response_time, exception is None))


@events.quitting.add_listener
def _dump(**_kwargs):
    path = os.getenv("BENCH_RAW")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(_raw, out, ensure_ascii=False)


class BenchUser(FastHttpUser):
    abstract = True
    # Loopback only; keep connections open as the reverse proxy's upstream keep-alive would.
    network_timeout = 60.0
    connection_timeout = 10.0

    def headers(self, path: str, **extra) -> dict:
        # Django checks the Referer of unsafe requests over HTTPS (CSRF); the proxy forwards the browser's.
        headers = {**PROXY_HEADERS, "Referer": f"https://{self.host.split('://', 1)[1]}{path}"}
        # The cookies are Secure (production settings) and the client speaks plain HTTP to gunicorn, so its
        # cookie jar stores them but does not send them: send them as the browser would over HTTPS.
        jar = "; ".join(f"{c.name}={c.value}" for c in self.client.cookiejar)
        if jar:
            headers["Cookie"] = jar
        return {**headers, **extra}

    def read(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, headers=self.headers(path), catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class Officer(BenchUser):
    weight = 1
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.login = next(_logins)
        path = "/accounts/login/"
        page = self.client.get(path, name="login form", headers=self.headers(path))
        token = CSRF_INPUT.search(page.text or "")
        with self.client.post(
            path,
            name="login",
            data={"username": self.login["username"], "password": FIXTURE["password"], "next": "/"},
            headers=self.headers(path, **({"X-CSRFToken": token.group(1)} if token else {})),
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused: HTTP {response.status_code}")

    def csrf(self) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")

    @task(3)
    def case_list(self) -> None:
        status = random.choice(["", "", "investigation", "clue", "notice", "closed"])
        page = random.choice([1, 1, 1, 2])
        self.read(f"/cases/?status={status}&page={page}", "read: case list")

    @task(1)
    def case_list_json(self) -> None:
        self.read("/api/cases/", "read: case list JSON")

    @task(4)
    def case_detail(self) -> None:
        self.read(f"/cases/{random.choice(self.login['visible'])}/", "read: case detail")

    @task(2)
    def archive_search(self) -> None:
        self.read(f"/archive/?q={random.choice(FIXTURE['search_terms'])}", "read: archive search")

    @task(1)
    def home(self) -> None:
        self.read("/", "read: home (inbox)")

    @task(1)
    def add_party(self) -> None:
        if not self.login["actionable"]:
            return self.case_detail()
        case_id = random.choice(self.login["actionable"])
        path = f"/api/cases/{case_id}/actions/add_party/"
        body = {"kind": "organisation", "name": f"压测公司{next(_party_seq)}", "id_number": "91110000MA01ABCD1M"}
        with self.client.post(
            path,
            name="action: add party (API)",
            json=body,
            headers=self.headers(path, **{"X-CSRFToken": self.csrf()}),
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {(response.text or '')[:200]}")


class Page(BenchUser):
    """One page without think time; ``BENCH_PAGE`` is a key of ``PAGES``."""

    weight = 1
    wait_time = constant(0)

    def on_start(self) -> None:
        self.page = FIXTURE["pages"][os.environ["BENCH_PAGE"]]
        self.paths = itertools.cycle(self.page["paths"])
        cookie = self.page.get("cookie")
        self.cookie = {"Cookie": cookie} if cookie else {}

    @task
    def hit(self) -> None:
        path = next(self.paths)
        with self.client.get(
            path, name=os.environ["BENCH_PAGE"], headers=self.headers(path, **self.cookie), catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
