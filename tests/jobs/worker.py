"""A real Celery worker for the jobs tests: ``python -m tests.jobs.worker`` with DATABASE_URL, CELERY_BROKER_URL and
JOBS_STALE_AFTER in the environment. It registers the test job functions, then runs like ``celery -A casemgmt
worker`` (solo pool: one process, so killing it kills the job)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")
django.setup()

import tests.jobs.sample_jobs  # noqa: E402,F401 - registers the test jobs
from casemgmt.celery import app  # noqa: E402

if __name__ == "__main__":
    app.worker_main(["worker", "--pool=solo", "--without-gossip", "--without-mingle", "-l", "info"])
