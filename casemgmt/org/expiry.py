"""Certificates to renew (执法证到期提醒): those ending within CERTIFICATE_EXPIRY_NOTICE_DAYS, already expired or
suspended (暂扣), of the people a user may see.

An officer without a valid certificate may not act (《行政处罚法》第四十二条). A certificate that has already been
replaced is not listed: when its holder also holds a certificate in force (status 有效) that ends after the notice
period, the old one needs nothing. Revoked certificates (吊销/注销) are not renewals and are not listed; people whose
account is disabled neither.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Prefetch

from casemgmt.files.tabular import xlsx_append

from .models import CERTIFICATE_EXPIRY_NOTICE_DAYS, Certificate, CertificateStatus, Membership, Officer, Unit
from .selectors import scope_unit_ids, sees_everything, unit_subtree_ids

COLUMNS = [
    "所属单位",
    "姓名",
    "登录名",
    "证号",
    "发证机关",
    "执法领域",
    "有效期自",
    "有效期至",
    "状态",
    "剩余天数",
    "提示",
]

EXPIRING, EXPIRED, SUSPENDED = "expiring", "expired", "suspended"
LABELS = {EXPIRING: "即将到期", EXPIRED: "已过期", SUSPENDED: "暂扣"}


@dataclass(frozen=True)
class ExpiryRow:
    units: str
    officer: Officer
    certificate: Certificate
    state: str
    days_left: int  # negative: expired that many days ago

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def hint(self) -> str:
        if self.state == SUSPENDED:
            return "执法证暂扣期间不得从事执法活动"
        if self.state == EXPIRED:
            return f"已过期{-self.days_left}天，不得从事执法活动，请尽快换证"
        if self.days_left == 0:
            return "今天到期，请尽快换证"
        return f"还有{self.days_left}天到期，请及时申请换证"

    def cells(self) -> list:
        c = self.certificate
        return [
            self.units,
            self.officer.name,
            self.officer.user.username,
            c.number,
            c.issuing_body,
            c.fields_covered,
            c.valid_from,
            c.valid_to,
            self.label,
            self.days_left,
            self.hint,
        ]


def may_view_expiry(user) -> bool:
    """Administrators with the right to see certificates (staff with ``org.view_certificate``), and the people who see
    the whole county (司法局监督评查人员, administrators)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return sees_everything(user) or (user.is_staff and user.has_perm("org.view_certificate"))


def expiry_unit_ids(*, user=None, unit: Unit | None = None) -> set[int] | None:
    """The units whose people the report covers (None: the whole county): the user's units and those below them
    (the county for county-wide roles), narrowed to ``unit`` and its sub-units."""
    scope = None if user is None or sees_everything(user) else scope_unit_ids(user)
    if unit is not None:
        chosen = unit_subtree_ids({unit.pk})
        scope = chosen if scope is None else scope & chosen
    return scope


def certificate_expiry(
    *, today: dt.date, user=None, unit: Unit | None = None, days: int = CERTIFICATE_EXPIRY_NOTICE_DAYS
) -> list[ExpiryRow]:
    """Certificates ending within ``days`` of ``today`` (today and the ``days``-th day included), expired or
    suspended, of the people of the units ``user`` sees (everyone without a user: the command), by unit."""
    scope = expiry_unit_ids(user=user, unit=unit)
    memberships = Membership.objects.select_related("unit").order_by("unit__name")
    if scope is not None:
        memberships = memberships.filter(unit_id__in=scope)
    officers = Officer.objects.filter(user__is_active=True).select_related("user")
    if scope is not None:
        officers = officers.filter(memberships__unit_id__in=scope).distinct()
    officers = officers.prefetch_related(Prefetch("memberships", queryset=memberships), "certificates")
    horizon = today + dt.timedelta(days=days)
    rows = []
    for officer in officers:
        certificates = list(officer.certificates.all())
        # A certificate in force beyond the notice period: older ones of the same holder were replaced.
        renewed = any(c.status == CertificateStatus.VALID and c.valid_to > horizon for c in certificates)
        units = "、".join(dict.fromkeys(m.unit.name for m in officer.memberships.all())) or "（无任职）"
        for c in certificates:
            days_left = (c.valid_to - today).days
            if c.status == CertificateStatus.SUSPENDED:
                state = SUSPENDED
            elif c.status != CertificateStatus.VALID or renewed or c.valid_to > horizon:
                continue
            else:
                state = EXPIRED if days_left < 0 else EXPIRING
            rows.append(ExpiryRow(units, officer, c, state, days_left))
    order = {EXPIRED: 0, SUSPENDED: 1, EXPIRING: 2}
    rows.sort(key=lambda r: (r.units, order[r.state], r.days_left, r.certificate.number))
    return rows


def expiry_summary(rows: list[ExpiryRow]) -> list[tuple[str, dict[str, int]]]:
    """Per unit (as the rows name it): how many certificates are expiring, expired and suspended."""
    summary: dict[str, dict[str, int]] = {}
    for row in rows:
        counts = summary.setdefault(row.units, dict.fromkeys((EXPIRING, EXPIRED, SUSPENDED), 0))
        counts[row.state] += 1
    return list(summary.items())


def expiry_table(rows: list[ExpiryRow]) -> list[list]:
    return [COLUMNS, *(row.cells() for row in rows)]


def expiry_xlsx(rows: list[ExpiryRow]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "执法证到期提醒"
    for row in expiry_table(rows):
        xlsx_append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
