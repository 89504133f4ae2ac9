from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "casemgmt.dashboard"
    label = "dashboard"
    verbose_name = "监督看板"

    def ready(self):
        from django.db.models.signals import post_save

        from casemgmt.cases.models import Case

        from .snapshots import on_case_saved

        # Every case service saves the case (touch) under its row lock: the case's snapshot (clocks, problems,
        # self-check score) follows each action after commit, so the dashboard is not a night behind.
        post_save.connect(on_case_saved, sender=Case, dispatch_uid="dashboard.refresh_case")
