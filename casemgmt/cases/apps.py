from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casemgmt.cases"
    label = "cases"
    verbose_name = "案件办理"

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from casemgmt.legalcal import calendar

        from . import checks  # noqa: F401 - registers the system checks
        from .services.base import stamp_history_row
        from .services.clocks import snapshot_open_clocks

        # History rows of an act given its time (perform_act(at=...)) carry that time.
        pre_create_historical_record.connect(stamp_history_row, dispatch_uid="cases.stamp_history_row")

        if snapshot_open_clocks not in calendar.before_schedule_load:
            calendar.before_schedule_load.append(snapshot_open_clocks)
