from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casemgmt.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "从备份恢复数据库、存储文件和锚点文件：先校验清单中的每个SHA-256，任何不符都拒绝恢复、不做改动；"
        "目标数据库或文件存储不为空时须加 --force；恢复后校验每个案件的操作记录哈希链和文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="备份目录或 .tar 备份文件")
        parser.add_argument("--force", action="store_true", help="目标数据库不为空时仍覆盖恢复")
        parser.add_argument("--database-url", help="恢复到该数据库（如演练用的临时库），默认恢复到本系统配置的数据库")
        parser.add_argument("--media-root", help="把文件恢复到该本地目录（演练用），默认恢复到本系统配置的文件存储")
        parser.add_argument(
            "--s3-bucket",
            help="把文件恢复到该S3存储桶（演练用，连接参数同本系统的S3配置），默认恢复到本系统配置的存储桶",
        )
        parser.add_argument(
            "--s3-prefix", help="把文件恢复到S3存储桶中的该键前缀下（演练用），默认为本系统的 S3_PREFIX"
        )
        parser.add_argument("--anchor-file", help="锚点文件恢复到该路径（演练用），默认为 EVENTLOG_ANCHOR_FILE")

    def handle(
        self,
        *args,
        backup,
        force=False,
        database_url=None,
        media_root=None,
        s3_bucket=None,
        s3_prefix=None,
        anchor_file=None,
        **options,
    ):
        try:
            result = backup_restore(
                source=Path(backup),
                database_url=database_url,
                media_root=Path(media_root) if media_root else None,
                s3_bucket=s3_bucket,
                s3_prefix=s3_prefix,
                anchor_file=Path(anchor_file) if anchor_file else None,
                force=force,
                progress=self.stderr.write,
            )
        except BackupError as exc:
            raise CommandError(f"{exc}\n(restore refused or failed)") from None
        m = result.manifest
        summary = f"已恢复创建于{m['created']}的备份：数据库（{m['database']['engine']}）、{len(m['files'])}个文件"
        summary += "和锚点文件" if m.get("anchor_file") else ""
        self.stdout.write(summary)
        self.stdout.write(result.verify_output)
        if result.verify_status:
            raise CommandError(
                "恢复后的操作记录或文件校验未通过（见上）（event chain verification failed after restore）"
            )
        self.stdout.write(self.style.SUCCESS("恢复完成，操作记录哈希链和文件校验通过（restore verified）"))
