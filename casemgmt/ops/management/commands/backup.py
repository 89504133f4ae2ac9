from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casemgmt.ops.backup import BackupError, backup_create, backup_verify


class Command(BaseCommand):
    help = (
        "备份数据库、全部存储文件（证据、文书PDF、签收件、案卷、评查报告…）和操作记录锚点文件，"
        "附每个文件SHA-256的清单（manifest.json）。加 --verify 只校验已有备份（每月恢复演练）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="新的备份目录，或以 .tar 结尾的备份文件；--verify 时为要校验的备份")
        parser.add_argument("--verify", action="store_true", help="只校验该备份的清单和每个文件的SHA-256，不写任何东西")

    def _progress(self, message: str) -> None:
        self.stderr.write(message)

    def handle(self, *args, destination, verify=False, **options):
        path = Path(destination)
        try:
            if verify:
                result = backup_verify(source=path, progress=self._progress)
                if not result.ok:
                    for problem in result.problems:
                        self.stderr.write(f"  - {problem}")
                    raise CommandError(f"备份校验未通过：{len(result.problems)}处问题（backup verification failed）")
                m = result.manifest
                self.stdout.write(
                    self.style.SUCCESS(
                        f"备份完好：创建于{m['created']}，数据库（{m['database']['engine']}）和{len(m['files'])}个文件"
                        "的SHA-256均与清单一致（backup verified）"
                    )
                )
                return
            manifest = backup_create(destination=path, progress=self._progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if manifest["orphans"]:
            self.stdout.write(
                f"注意：{len(manifest['orphans'])}个存储文件没有被数据库引用（已一并备份，清单中标为orphans）"
            )
        if manifest["missing"]:
            for name in manifest["missing"]:
                self.stderr.write(f"  - 缺失：{name}")
            raise CommandError(
                f"备份已写出到{path}，但数据库引用的{len(manifest['missing'])}个文件在存储中缺失（见上），"
                "请核查存储（files referenced by the database are missing from the storage）"
            )
        self.stdout.write(self.style.SUCCESS(f"备份已写出到{path}（{len(manifest['files'])}个文件）"))
