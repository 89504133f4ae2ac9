from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "casemgmt.dashboard"
    label = "dashboard"
    verbose_name = "监督看板"

    def ready(self):
        from casemgmt.cases import hooks

        from .snapshots import schedule_refresh

        # Every write to a case (services.base.touch) refreshes its snapshot (clocks, problems, self-check
        # score) after commit, so the dashboard is not a night behind.
        hooks.register_case_changed(schedule_refresh)
