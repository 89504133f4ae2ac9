"""对接平台 and their clues: register a platform, issue its token, receive a clue once.

A delivered clue goes through the same service as a clue typed in by an officer (``register_clue``: the clue, the
case in 线索核查, the case log, the procedure's flow), with the platform as its channel: no officer registers it,
the platform's service account is the actor of the case event, and the event says which platform and which work
order it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from casemgmt.api.models import ApiToken
from casemgmt.api.tokens import api_token_create
from casemgmt.cases import models as m
from casemgmt.cases.services import ConflictError, InputError
from casemgmt.cases.services.act import register_clue
from casemgmt.cases.services.base import record_event
from casemgmt.cases.services.filing import Channel

from .duplicates import address_key, find_open_duplicate
from .models import IntakeAttachment, IntakeClue, Platform, PlatformKind

TOKEN_SCOPE = "intake"  # noqa: S105 - the name of a token scope, not a secret

# The platform's kind → the clue's 案件来源.
CLUE_SOURCES = {
    PlatformKind.HOTLINE: m.ClueSource.COMPLAINT,  # a citizen's complaint, passed on by the hotline
    PlatformKind.GRID: m.ClueSource.ASSIGNED,  # an event the grid centre dispatched (派遣)
    PlatformKind.TRANSFER: m.ClueSource.TRANSFER,
    PlatformKind.OTHER: m.ClueSource.OTHER,
}


@transaction.atomic
def platform_create(*, name: str, kind: str, units, is_active: bool = True) -> Platform:
    """A new platform with its own service account: active, without a usable password (it cannot log in), in no
    unit and no group, so it sees no case anywhere."""
    name = name.strip()
    if not name:
        raise InputError("须填写平台名称", field="name")
    if kind not in PlatformKind.values:
        raise InputError("平台类型不正确", field="kind")
    units = list(units)
    if not units:
        raise InputError("须指定至少一个可接收线索的单位", field="units")
    if Platform.objects.filter(name=name).exists():
        raise InputError(f"已有名为“{name}”的对接平台", field="name")
    User = get_user_model()
    user = User(username=f"intake-{User.objects.count() + 1}-{timezone.now():%Y%m%d%H%M%S%f}"[:150], is_active=True)
    user.first_name = name[:150]
    user.set_unusable_password()
    user.save()
    platform = Platform.objects.create(name=name, kind=kind, is_active=is_active, service_user=user)
    platform.units.set(units)
    return platform


def platform_issue_token(
    *, platform: Platform, name: str = "", expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A token of the platform (scope ``intake``: only the intake operations); the key is shown once."""
    return api_token_create(
        user=platform.service_user,
        name=name or f"{platform.name}对接令牌",
        expires_at=expires_at,
        scope=TOKEN_SCOPE,
    )


def content_digest(data: dict) -> str:
    """SHA-256 of a delivery as validated: the same work order delivered again gives the same digest."""
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder)
    return hashlib.sha256(raw.encode()).hexdigest()


def canonical(data: dict) -> dict:
    """The validated delivery as it is recorded and compared (attachments by name and SHA-256 of what was sent)."""
    party = data["party"]
    return {
        "source": dict(data["source"]),
        "receiving_unit": data["receiving_unit"].name,
        "received_at": data["received_at"].astimezone(dt.UTC).isoformat(),
        "party": None if party is None else {k: party[k] for k in ("name", "type", "id_number", "phone")},
        "place": {
            "address": data["place"]["address"].strip(),
            "longitude": str(data["place"]["longitude"]) if data["place"]["longitude"] is not None else None,
            "latitude": str(data["place"]["latitude"]) if data["place"]["latitude"] is not None else None,
            "coordinate_system": data["place"]["coordinate_system"],
        },
        "matter_code": data["matter_code"].code if data["matter_code"] else "",
        "cause": data["cause"].strip(),
        "facts": data["facts"].strip(),
        "reporter": data["reporter"].strip(),
        "attachments": [{"name": c.original_name, "sha256": c.original_sha256} for c, _raw in data["attachments"]],
    }


def _existing(platform: Platform, source_id: str, digest: str) -> IntakeClue | None:
    found = IntakeClue.objects.select_related("case").filter(platform=platform, source_id=source_id).first()
    if found is None:
        return None
    if found.content_sha256 != digest:
        label = platform.source_id_label
        raise ConflictError(
            f"{label}“{source_id}”已推送过，内容与本次不同；同一编号不能改推其他内容，已推送的线索未作改动"
        )
    return found


def clue_deliver(*, platform: Platform, data: dict) -> tuple[IntakeClue, bool]:
    """Receive one validated delivery (``ClueDeliveryInput``): returns the clue and whether it was created now.

    Idempotent by (platform, source id): the same delivery again returns the first clue; the same id with other
    content is a ConflictError and nothing changes. Two deliveries at once: the unique constraint lets one insert
    the row, the other waits for it (PostgreSQL) and then finds it."""
    record = canonical(data)
    digest = content_digest(record)
    source_id = data["source"]["id"]
    existing = _existing(platform, source_id, digest)
    if existing is not None:
        return existing, False
    try:
        return _create(platform=platform, data=data, record=record, digest=digest), True
    except IntegrityError:
        existing = _existing(platform, source_id, digest)
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def _create(*, platform: Platform, data: dict, record: dict, digest: str) -> IntakeClue:
    unit = data["receiving_unit"]
    place = data["place"]
    received_at = data["received_at"]
    received_on = timezone.localtime(received_at).date()
    now = timezone.now()
    # The row first: a concurrent delivery of the same id blocks on the unique index here, before a case exists.
    intake = IntakeClue.objects.create(
        platform=platform,
        source_id=data["source"]["id"],
        content_sha256=digest,
        receiving_unit=unit,
        received_at=received_at,
        delivered_at=now,
        address=place["address"].strip(),
        address_key=address_key(place["address"]),
        longitude=place["longitude"],
        latitude=place["latitude"],
        coordinate_system=place["coordinate_system"],
        payload=record,
    )
    matter = data["matter_code"]
    duplicate = find_open_duplicate(
        subject_id=unit.enforcement_subject().pk,
        matter=matter,
        cause=data["cause"],
        address=place["address"],
        longitude=place["longitude"],
        latitude=place["latitude"],
        received_on=received_on,
    )
    label = platform.source_id_label
    channel = Channel(
        name=platform.name,
        units=frozenset(platform.units.values_list("pk", flat=True)),
        note=f"（{label}{intake.source_id}）",
    )
    actor = platform.service_user
    case = register_clue(
        actor=actor,
        channel=channel,
        handling_unit=unit,
        source=CLUE_SOURCES[platform.kind],
        summary=data["facts"].strip(),
        discovered_on=received_on,
        cause=data["cause"].strip(),
        reporter=data["reporter"].strip(),
        matter=matter,
        violation_place=place["address"].strip(),
        at=now,
    )
    intake.case = case
    if duplicate is not None:
        intake.duplicate_of, intake.duplicate_reason = duplicate.case, duplicate.reason[:200]
    intake.save(update_fields=["case", "duplicate_of", "duplicate_reason"])
    party = data["party"]
    if party is not None:
        # The party the platform names, recorded on the clue's case so nobody types it again; to be verified
        # (核查) by the officers like everything else the clue says.
        row = m.Party(
            case=case,
            kind=party["kind"],
            name=party["name"].strip(),
            id_number=party["id_number"],
            phone=party["phone"],
        )
        row._change_reason = f"{platform.name}推送"
        row.full_clean(exclude=["case"])
        row.save()
        record_event(
            case,
            action="add_party",
            summary=f"登记当事人（{platform.name}推送，待核实）：{row.name}",
            actor=actor,
            payload={"party": row.pk},
            at=now,
        )
    for checked, raw in data["attachments"]:
        attachment = IntakeAttachment(
            intake=intake,
            original_name=checked.original_name,
            content_type=checked.kind.mime,
            size=checked.size,
            sha256=checked.sha256,
            original_sha256=checked.original_sha256,
            sanitized_note=checked.note[:300],
        )
        attachment.file.save(
            checked.stored_name, ContentFile(checked.data if checked.data is not None else raw), save=False
        )
        attachment.save()
    if duplicate is not None:
        record_event(
            case,
            action="intake_duplicate",
            summary=f"疑似重复：与{duplicate.case}（{duplicate.case.cause}）{duplicate.reason}，请核查后决定是否一并处理",
            actor=actor,
            payload={"duplicate_of": duplicate.case.pk},
            at=now,
        )
    return intake
