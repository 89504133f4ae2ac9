from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casemgmt.cases"
    label = "cases"
    verbose_name = "案件办理"

    def ready(self):
        from casemgmt.legalcal import calendar

        from . import checks  # noqa: F401 - registers the system checks
        from .services.clocks import record_schedule_loaded

        if record_schedule_loaded not in calendar.on_schedule_loaded:
            calendar.on_schedule_loaded.append(record_schedule_loaded)
