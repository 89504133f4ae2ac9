from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "workflows"
    label = "workflows"
    verbose_name = "流程"

    def ready(self):
        from casemgmt.cases import hooks

        from . import checks, flows  # noqa: F401 - register the system check; load the flows it inspects
        from .engine import start_for_case, wrap_act

        # A registered case starts its procedure's flow; every act runs under the case's flow lock and completes
        # the flow task it fulfils.
        hooks.register_case_opened(start_for_case)
        hooks.register_act_wrapper(wrap_act)
