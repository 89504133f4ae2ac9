from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "casemgmt.web"
    label = "web"
    verbose_name = "界面"
