"""Writes the load benchmark's fixture (JSON) from the benchmark database; run by ``bench/load/run.py``.

``DATABASE_URL`` names the database (the demo loaded by ``load_demo``). Output: the demo password, each
township officer's visible case ids and the cases on which the officer may add a party now (the registry's
``allowed_actions``, so an act is never refused by role or status), archive search terms taken from the
archived cases, and for the single-page runs the URL list and a pre-made session cookie per page.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

# Township officers of the demo county (casemgmt/demo/org.py: "<township>01".."<township>04").
OFFICER_LOGINS = [f"{town}{n:02d}" for town in ("chengguan", "hexi", "dongba", "qingshan", "nanhu") for n in (1, 2, 3)]
PAGE_OFFICER = "chengguan01"  # the officer whose session the single-page runs use
ADMIN = "admin"
DETAIL_CASES = 40  # case detail pages cycle over this many of the officer's cases (all statuses)


def _session_cookie(user) -> str:
    """A logged-in session for ``user`` stored the way django.contrib.auth stores it, plus a CSRF cookie."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={secrets.token_hex(16)}"


def _search_terms(limit: int = 12) -> list[str]:
    """Two-character words from the causes of archived cases and party surnames: queries that find something."""
    from casemgmt.cases import models as m

    terms: list[str] = []
    causes = m.Case.objects.filter(status=m.CaseStatus.CLOSED).values_list("cause", flat=True).order_by("pk")[:200]
    for cause in causes:
        for start in (0, 2, 4):
            word = cause[start : start + 2]
            if len(word) == 2 and word not in terms:
                terms.append(word)
    return terms[:limit] or ["违法", "占道"]


def build() -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from casemgmt.cases.actions import allowed_actions
    from casemgmt.cases.selectors import cases_visible_to
    from casemgmt.demo.org import DEMO_PASSWORD

    User = get_user_model()
    officers = []
    for username in OFFICER_LOGINS:
        user = User.objects.get(username=username)
        visible = list(cases_visible_to(user=user).order_by("pk"))
        actionable = [c.pk for c in visible if any(a.code == "add_party" for a in allowed_actions(case=c, user=user))]
        officers.append({"username": username, "visible": [c.pk for c in visible], "actionable": actionable})

    page_user = User.objects.get(username=PAGE_OFFICER)
    detail_ids = [o for o in officers if o["username"] == PAGE_OFFICER][0]["visible"][:DETAIL_CASES]
    officer_cookie = _session_cookie(page_user)
    terms = _search_terms()
    pages = {
        "ping": {"paths": ["/bench/ping/"], "cookie": ""},
        "admin_changelist": {
            "paths": ["/admin/cases/case/"],
            "cookie": _session_cookie(User.objects.get(username=ADMIN)),
        },
        "case_list": {"paths": ["/cases/"], "cookie": officer_cookie},
        "case_list_json": {"paths": ["/api/cases/"], "cookie": officer_cookie},
        "archive_search": {"paths": [f"/archive/?q={quote(t)}" for t in terms], "cookie": officer_cookie},
        "case_detail": {"paths": [f"/cases/{pk}/" for pk in detail_ids], "cookie": officer_cookie},
    }
    database = settings.DATABASES["default"]
    return {
        "conn_max_age": database["CONN_MAX_AGE"],
        "conn_health_checks": database["CONN_HEALTH_CHECKS"],
        "password": DEMO_PASSWORD,
        "officers": officers,
        "search_terms": [quote(t) for t in terms],
        "pages": pages,
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
    import django

    django.setup()
    out = Path(sys.argv[1])
    out.write_text(json.dumps(build(), ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
