from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "casemgmt.archive"
    label = "archive"
    verbose_name = "案卷归档与检索"

    def ready(self):
        from django.db.models.signals import post_delete

        from casemgmt.cases import hooks
        from casemgmt.cases.models import Case

        from . import entries  # noqa: F401 - registers the spine's text source
        from .indexing import on_case_deleted, schedule_index

        # Every write to a case (services.base.touch) asks for the index to follow after commit.
        hooks.register_case_changed(schedule_index)
        # A case deleted by an administrator leaves the index after commit (index_now drops missing cases).
        post_delete.connect(on_case_deleted, sender=Case, dispatch_uid="archive.unindex_case")
