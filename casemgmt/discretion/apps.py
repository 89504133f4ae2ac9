from django.apps import AppConfig


class DiscretionConfig(AppConfig):
    name = "casemgmt.discretion"
    label = "discretion"
    verbose_name = "裁量基准与不予处罚清单"
