"""manage.py create_api_token <username> --name "执法记录仪 3 号" [--days 365]: prints the token once."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casemgmt.api.tokens import api_token_create
from casemgmt.cases.services.base import InputError


class Command(BaseCommand):
    help = "为用户创建接口令牌（设备或对接系统使用）；令牌只显示这一次"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="用途，如“执法记录仪 3 号”")
        parser.add_argument("--days", type=int, default=None, help="有效天数；不填为长期有效")

    def handle(self, *args, username, name, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户 {username} 不存在或已停用")
        if days is not None and days < 1:
            raise CommandError("--days 至少为 1")
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        try:
            token, key = api_token_create(user=user, name=name, expires_at=expires_at)
        except InputError as exc:
            raise CommandError(str(exc)) from None
        until = f"，有效期至 {timezone.localtime(token.expires_at):%Y-%m-%d %H:%M}" if token.expires_at else ""
        self.stderr.write(f"已为 {username} 创建接口令牌“{token.name}”{until}。令牌只显示这一次：")
        self.stdout.write(key)
