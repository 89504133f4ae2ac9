from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "casemgmt.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self):
        # Every process (web, worker, beat, management command) registers the same job functions.
        autodiscover_modules("jobs", "tasks")
