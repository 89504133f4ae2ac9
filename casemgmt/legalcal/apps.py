from django.apps import AppConfig


class LegalcalConfig(AppConfig):
    name = "casemgmt.legalcal"
    label = "legalcal"
    verbose_name = "法定期限日历"
