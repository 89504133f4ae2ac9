"""The Celery application: ``celery -A casemgmt worker`` and ``celery -A casemgmt beat``.

Configuration comes from Django settings prefixed ``CELERY_`` (see settings.py); tasks live in the apps' ``tasks``
modules, imported by the jobs app at startup.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgmt.settings")

app = Celery("casemgmt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
