from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Serving concerns shared by every page and API: request ids in the logs, the health endpoint for the load
    balancer, the Chinese 503 page when the database cannot be reached."""

    name = "casemgmt.ops"
    label = "ops"
    verbose_name = "运行维护"

    def ready(self) -> None:
        from . import requestid

        requestid.connect_celery_signals()
