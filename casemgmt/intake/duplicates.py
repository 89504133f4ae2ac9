"""疑似重复: is a delivered clue the same matter at the same place as a case still open?

Same place: the same normalised address, or both with coordinates no further apart than
``settings.INTAKE_DUPLICATE_DISTANCE_M``. Same matter: the same 执法事项, or (without one) the same 案由. Within the
window: the open case was discovered at most ``settings.INTAKE_DUPLICATE_WINDOW_DAYS`` days before the new clue was
received. The flag only points at the open case; an officer decides (nothing is merged).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from casemgmt.cases import models as m

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def address_key(address: str) -> str:
    """An address compared as written, less what varies between typists: full/half width (NFKC), case, spaces and
    punctuation ("城关镇 人民路12号（东门）" and "城关镇人民路12号东门" are one address)."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", address or "")).lower()[:200]


def distance_m(lon1: Decimal, lat1: Decimal, lon2: Decimal, lat2: Decimal) -> float:
    """Great-circle distance in metres (haversine) between two CGCS2000/WGS-84 points."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def window_days() -> int:
    return int(settings.INTAKE_DUPLICATE_WINDOW_DAYS)


def distance_limit_m() -> int:
    return int(settings.INTAKE_DUPLICATE_DISTANCE_M)


@dataclass(frozen=True)
class Duplicate:
    case: m.Case
    reason: str


def find_open_duplicate(
    *,
    subject_id: int,
    matter,
    cause: str,
    address: str,
    longitude: Decimal | None,
    latitude: Decimal | None,
    received_on: dt.date,
) -> Duplicate | None:
    """The earliest open case of the same enforcement subject that this clue seems to repeat, or None."""
    since = received_on - dt.timedelta(days=window_days())
    candidates = m.Case.objects.filter(
        enforcement_subject_id=subject_id,
        status__in=m.OPEN_STATUSES,
        discovered_on__gte=since,
        discovered_on__lte=received_on,
    )
    candidates = candidates.filter(matter=matter) if matter is not None else candidates.filter(cause=cause.strip())
    key = address_key(address)
    for case in candidates.select_related("intake").order_by("discovered_on", "id"):
        intake = getattr(case, "intake", None)
        what = f"同一执法事项（{matter.name}）" if matter is not None else f"同一案由（{case.cause}）"
        if key and address_key(case.violation_place) == key:
            return Duplicate(case, f"{what}、同一地址，{window_days()}日内")
        if longitude is not None and intake is not None and intake.longitude is not None:
            meters = distance_m(longitude, latitude, intake.longitude, intake.latitude)
            if meters <= distance_limit_m():
                return Duplicate(
                    case, f"{what}、相距约{meters:.0f}米（{distance_limit_m()}米以内），{window_days()}日内"
                )
    return None
