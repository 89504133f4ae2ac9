from django.apps import AppConfig


class ActsConfig(AppConfig):
    """The case actions' input schemas and the system check that keeps the action registry whole."""

    name = "casemgmt.acts"
    label = "acts"
    verbose_name = "案件操作"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system check
