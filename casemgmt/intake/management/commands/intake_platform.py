"""manage.py intake_platform create --name 示范县12345热线 --kind hotline --unit 城关镇综合行政执法大队 [--unit …]
manage.py intake_platform token 示范县12345热线 [--days 365]   (a new token, printed once)
manage.py intake_platform list"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casemgmt.cases.services import InputError
from casemgmt.intake.models import Platform, PlatformKind
from casemgmt.intake.services import platform_create, platform_issue_token
from casemgmt.org.models import Unit


class Command(BaseCommand):
    help = "登记对接平台（12345热线、网格系统、其他机关）并签发其接口令牌；令牌只显示这一次"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        create = sub.add_parser("create", help="登记对接平台并签发第一个接口令牌")
        create.add_argument("--name", required=True)
        create.add_argument("--kind", required=True, choices=PlatformKind.values)
        create.add_argument("--unit", action="append", required=True, help="可接收线索的单位全称，可重复")
        create.add_argument("--days", type=int, default=None, help="令牌有效天数；不填为长期有效")
        token = sub.add_parser("token", help="为已登记的平台签发新接口令牌")
        token.add_argument("name")
        token.add_argument("--days", type=int, default=None)
        sub.add_parser("list", help="列出对接平台")

    def _expiry(self, days):
        if days is not None and days < 1:
            raise CommandError("--days 至少为 1")
        return timezone.now() + dt.timedelta(days=days) if days else None

    def _print_key(self, platform, token, key):
        until = f"，有效期至 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}" if token.expires_at else ""
        self.stderr.write(f"“{platform.name}”的接口令牌{until}（只显示这一次）：")
        self.stdout.write(key)

    def handle(self, *args, what, **options):
        if what == "list":
            for p in Platform.objects.prefetch_related("units"):
                state = "启用" if p.is_active else "停用"
                self.stdout.write(
                    f"{p.name}\t{p.get_kind_display()}\t{state}\t{'、'.join(u.name for u in p.units.all())}"
                )
            return
        expires_at = self._expiry(options["days"])
        if what == "create":
            units = []
            for name in options["unit"]:
                unit = Unit.objects.filter(name=name).first()
                if unit is None:
                    raise CommandError(f"没有名为“{name}”的单位")
                units.append(unit)
            try:
                platform = platform_create(name=options["name"], kind=options["kind"], units=units)
            except InputError as exc:
                raise CommandError(str(exc)) from None
        else:
            platform = Platform.objects.filter(name=options["name"]).first()
            if platform is None:
                raise CommandError(f"没有名为“{options['name']}”的对接平台")
        token, key = platform_issue_token(platform=platform, expires_at=expires_at)
        self._print_key(platform, token, key)
