"""Create the catalogue documents, numbering classes and templates that are missing (never overwrites edits)."""

from django.core.management.base import BaseCommand

from documents.catalogue import sync_catalogue


class Command(BaseCommand):
    help = "补齐内置执法文书目录、文号类别和模板（不覆盖管理员修改）"

    def handle(self, *args, **options):
        created = sync_catalogue()
        self.stdout.write(f"执法文书目录：新建 {created} 条")
