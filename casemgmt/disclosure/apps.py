from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "casemgmt.disclosure"
    label = "disclosure"
    verbose_name = "双公示数据导出"
