from django.apps import AppConfig


class LegalcalConfig(AppConfig):
    name = "casemgmt.legalcal"
    label = "legalcal"
    verbose_name = "法定期限日历"

    def ready(self):
        from . import notices  # noqa: F401 - registers the next-year schedule check
