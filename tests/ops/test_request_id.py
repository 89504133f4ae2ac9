"""Every response carries a request id and every log record of the request names it (JSON logs on demand)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from celery import Celery
from django.conf import settings as django_settings
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from casemgmt.ops import requestid
from casemgmt.ops.requestid import HEADER, RequestIdFilter, request_id_var

ROOT = django_settings.BASE_DIR


@pytest.fixture
def json_log():
    """The root logger writing through the settings' JSON formatter and the request id filter."""
    stream = io.StringIO()
    options = {k: v for k, v in django_settings.LOGGING["formatters"]["json"].items() if k != "()"}
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter(**options))
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.mark.django_db
def test_generated_id_on_the_response_and_in_the_request_logs(client, json_log):
    response = client.get("/no-such-page/")
    request_id = response[HEADER]
    assert len(request_id) == 32 and int(request_id, 16) >= 0
    records = [r for r in json_log() if r["logger"] == "django.request"]
    assert records and all(r["request_id"] == request_id for r in records)
    assert {"time", "level", "message"} <= set(records[0])


@pytest.mark.django_db
def test_proxy_id_is_kept_when_safe(client, json_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="edge-7f3a9c:42")
    assert response[HEADER] == "edge-7f3a9c:42"
    assert {r["request_id"] for r in json_log() if r["logger"] == "django.request"} == {"edge-7f3a9c:42"}


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["short", "x" * 65, "abc def ghi", "id\nforged-line", "<script>alert(1)</script>"])
def test_unsafe_proxy_ids_are_replaced_not_echoed(client, bad):
    response = client.get(reverse("health:live"), HTTP_X_REQUEST_ID=bad)
    assert response[HEADER] != bad and len(response[HEADER]) == 32


def test_records_outside_a_request_say_dash(json_log):
    logging.getLogger("casemgmt.test").warning("定时任务开始")
    assert json_log()[-1]["request_id"] == "-"
    assert json_log()[-1]["message"] == "定时任务开始"  # Chinese kept readable (no \\u escapes needed)


def test_log_format_json_is_selected_by_the_environment():
    code = "import django, logging; django.setup(); logging.getLogger('casemgmt.check').warning('数据库恢复')"
    env = {**os.environ, "LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "casemgmt.settings"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    record = json.loads(done.stderr.strip().splitlines()[-1])
    assert record["message"] == "数据库恢复" and record["level"] == "WARNING" and record["request_id"] == "-"
    env["LOG_FORMAT"] = "text"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert done.stderr.strip().splitlines()[-1].endswith("WARNING casemgmt.check [-] 数据库恢复")


def test_a_bad_log_format_fails_loudly():
    env = {**os.environ, "LOG_FORMAT": "xml", "DJANGO_SETTINGS_MODULE": "casemgmt.settings"}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0 and "LOG_FORMAT must be text or json" in done.stderr


def test_celery_messages_carry_the_request_id_into_the_task():
    app = Celery("request-id-test", broker="memory://")
    app.conf.task_default_queue = "request-id-test"
    seen = []

    @app.task(name="request_id_test.echo", bind=True)
    def echo(self):
        seen.append(request_id_var.get())

    token = request_id_var.set("req-1234abcd")
    try:
        app.send_task("request_id_test.echo")
    finally:
        request_id_var.reset(token)
    with app.connection() as connection:
        message = connection.SimpleQueue("request-id-test").get(timeout=5)
    assert message.headers[requestid.CELERY_HEADER] == "req-1234abcd"
    # The worker side: the prerun signal sets the id from the message headers for the task's logs.
    echo.apply(headers={requestid.CELERY_HEADER: message.headers[requestid.CELERY_HEADER]})
    assert seen == ["req-1234abcd"]
    assert request_id_var.get() == "-"
