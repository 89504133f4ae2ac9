"""manage.py powers_end_grant GRANT_ID --last-day YYYY-MM-DD --user admin [--apply]

收回赋权: ends the grant on its last day and lists the open cases affected; with --apply it saves and transfers
them to the body that holds the matter from the next day (without --apply it is a dry run that changes nothing).
Also: --reroute-only --on YYYY-MM-DD re-routes after a transition period (lead_finishes_open_cases unticked).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from casemgmt.cases.services.base import InputError
from casemgmt.powers import services
from casemgmt.powers.models import PowerGrant


class Command(BaseCommand):
    help = "收回赋权（或过渡期结束）并移送受影响的未结案件；默认试运行"

    def add_arguments(self, parser):
        parser.add_argument("grant", type=int)
        parser.add_argument("--last-day", type=dt.date.fromisoformat, help="赋权最后有效日")
        parser.add_argument("--reroute-only", action="store_true", help="不改赋权，只按 --on 日期重新分派")
        parser.add_argument("--on", type=dt.date.fromisoformat, help="重新分派所依据的日期")
        parser.add_argument("--user", required=True, help="执行操作的管理员用户名")
        parser.add_argument("--apply", action="store_true", help="实际执行（默认试运行）")

    def handle(self, *args, **o):
        try:
            grant = PowerGrant.objects.get(pk=o["grant"])
            actor = get_user_model().objects.get(username=o["user"])
        except (PowerGrant.DoesNotExist, get_user_model().DoesNotExist) as exc:
            raise CommandError(str(exc)) from None
        try:
            if o["reroute_only"]:
                if o["on"] is None:
                    raise CommandError("--reroute-only 须指定 --on")
                result = services.grant_reroute(grant=grant, on=o["on"], actor=actor, dry_run=not o["apply"])
            else:
                if o["last_day"] is None:
                    raise CommandError("须指定 --last-day")
                result = services.grant_end(grant=grant, last_day=o["last_day"], actor=actor, dry_run=not o["apply"])
        except (InputError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("试运行（未作更改）：" if not o["apply"] else "已执行：")
        for line in result.lines() or ["无受影响的未结案件"]:
            self.stdout.write(f"  {line}")
