from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    label = "workflows"
    verbose_name = "流程"

    def ready(self):
        from . import checks, flows  # noqa: F401 - register the system check; load the flows it inspects
