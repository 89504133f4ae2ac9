from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "casemgmt.supervision"
    label = "supervision"
    verbose_name = "执法监督"

    def ready(self):
        from . import rules  # noqa: F401  registers the self-check gate with the rulebook
