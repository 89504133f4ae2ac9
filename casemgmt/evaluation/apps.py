from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "casemgmt.evaluation"
    label = "evaluation"
    verbose_name = "案卷评查"

    def ready(self):
        from . import rules  # noqa: F401  registers the self-check gate with the rulebook
