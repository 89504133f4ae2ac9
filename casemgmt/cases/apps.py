from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casemgmt.cases"
    label = "cases"
    verbose_name = "案件办理"

    def ready(self):
        from casemgmt.legalcal import calendar

        from . import checks  # noqa: F401 - registers the system checks
        from .services.clocks import snapshot_open_clocks

        if snapshot_open_clocks not in calendar.before_schedule_load:
            calendar.before_schedule_load.append(snapshot_open_clocks)
