from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casemgmt.cases"
    label = "cases"
    verbose_name = "案件办理"
