from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "casemgmt.api"
    label = "api"
    verbose_name = "接口"
