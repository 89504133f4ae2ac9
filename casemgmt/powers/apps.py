from django.apps import AppConfig


class PowersConfig(AppConfig):
    name = "casemgmt.powers"
    label = "powers"
    verbose_name = "执法事项与裁量"
