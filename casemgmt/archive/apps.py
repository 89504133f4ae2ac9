from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "casemgmt.archive"
    label = "archive"
    verbose_name = "案卷归档与检索"
