from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    # The label stays "dashboard": it names the tables (dashboard_*), the migration history and the content types
    # of an existing database; "supervision" was the evaluation app's label before it became "evaluation".
    name = "casemgmt.supervision"
    label = "dashboard"
    verbose_name = "执法监督"

    def ready(self):
        from casemgmt.cases import hooks

        from .snapshots import schedule_refresh

        # Every write to a case (services.base.touch) refreshes its snapshot (clocks, problems, self-check
        # score) after commit, so the dashboard is not a night behind.
        hooks.register_case_changed(schedule_refresh)
