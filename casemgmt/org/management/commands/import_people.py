"""Import units, people and enforcement certificates from .xlsx or CSV files (see samples/people/README.md).

Without --commit it is a dry run: every problem (table, row, column) and every change is printed and nothing is
written. --commit imports when no row has a problem; with --good-rows-only it imports exactly the good rows. The
one-time initial passwords of new accounts are printed once (they must be changed at the first login).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casemgmt.org.imports import ImportRefused, Source, people_import_apply, people_import_plan


class Command(BaseCommand):
    help = "批量导入单位、人员和执法证（.xlsx 或 CSV）；不加 --commit 时只试导入"

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help=".xlsx 文件，或单位/人员/执法证 CSV 文件")
        parser.add_argument("--commit", action="store_true", help="确认导入（默认只试导入，不写入）")
        parser.add_argument(
            "--good-rows-only", action="store_true", help="只导入无错误的行（有错误的行及依赖它们的行不导入）"
        )

    def handle(self, *args, files, commit, good_rows_only, **options):
        sources = []
        for name in files:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"文件不存在：{name}")
            sources.append(Source(path.name, path.read_bytes()))
        plan = people_import_plan(sources=sources)
        self._print_plan(plan)
        if not commit:
            if not plan.valid:
                raise CommandError(f"试导入：共{len(plan.problems)}处错误，未写入任何数据")
            self.stdout.write("试导入：未写入任何数据；确认无误后加 --commit 导入")
            return
        try:
            _plan, result = people_import_apply(sources=sources, actor=None, good_rows_only=good_rows_only)
        except ImportRefused as refused:
            raise CommandError("；".join(refused.errors)) from None
        for table in result.created:
            self.stdout.write(f"{table}：新增{result.created[table]}，修改{result.updated[table]}")
        if result.skipped_rows:
            self.stdout.write(f"有错误未导入的行：{result.skipped_rows}")
        if result.initial_passwords:
            self.stdout.write("新账号的初始密码（只显示这一次，首次登录须修改）：")
            for username, name, password in result.initial_passwords:
                self.stdout.write(f"  {username}\t{name}\t{password}")

    def _print_plan(self, plan) -> None:
        for p in plan.problems:
            where = f"{p.where} " if p.where else ""
            row = f"第{p.row}行 " if p.row else ""
            column = f"{p.letter}列（{p.column}）" if p.letter and p.column else (f"{p.letter}列 " if p.letter else "")
            self.stdout.write(f"错误：{p.table or '文件'} {where}{row}{column}：{p.message}")
        for row in plan.all_rows():
            if row.bad or not row.changes:
                continue
            diffs = "；".join(f"{d.label}：{d.old or '（空）'} → {d.new or '（空）'}" for d in row.diffs)
            self.stdout.write(f"{row.table} 第{row.row}行 {row.action} {row.key} {diffs}".rstrip())
        for table, count in plan.counts().items():
            self.stdout.write(
                f"{table}表：{count['rows']}行，新增{count['created']}，修改{count['updated']}，"
                f"无变化{count['unchanged']}，有错误{count['bad']}"
            )
