from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "casemgmt.intake"
    label = "intake"
    verbose_name = "线索对接"
