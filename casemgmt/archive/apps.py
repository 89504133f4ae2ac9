from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "casemgmt.archive"
    label = "archive"
    verbose_name = "案卷归档与检索"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from casemgmt.cases.models import Case

        from . import entries  # noqa: F401 - registers the spine's text source
        from .indexing import on_case_saved

        # The spine has no "case changed" hook; every case service saves the case (touch) under its row lock,
        # so the index follows every action after commit.
        post_save.connect(on_case_saved, sender=Case, dispatch_uid="archive.index_case")
        # A deleted case leaves the index after commit (index_now removes cases that no longer exist).
        post_delete.connect(on_case_saved, sender=Case, dispatch_uid="archive.unindex_case")
