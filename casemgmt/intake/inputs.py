"""The delivery of a clue (``POST /api/intake/clues/``), validated whole before anything is written.

Every refusal is a Chinese message naming its field (``party.id_number``, ``place.longitude``,
``attachments.1.content_base64``) through the API's one error shape.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from rest_framework import serializers

from casemgmt.cases import models as m
from casemgmt.cases.models.party import check_party_number
from casemgmt.cases.textlimits import limit_texts
from casemgmt.files.uploads import KINDS, UploadRefused, check_upload
from casemgmt.org.identity import IdentityError
from casemgmt.org.models import Unit
from casemgmt.powers.models import Matter
from casemgmt.strictinput import StrictSerializer

from .models import CoordinateSystem, Platform, PlatformKind

# The party types a platform names → the party kinds of a case (APL: 公民、法人或者其他组织).
PARTY_TYPES = {
    "natural_person": ("自然人", m.PartyKind.CITIZEN),
    "legal_person": ("法人", m.PartyKind.ORGANISATION),
    "other_organisation": ("其他组织", m.PartyKind.ORGANISATION),
    "individual_business": ("个体工商户", m.PartyKind.INDIVIDUAL_BUSINESS),
}
ATTACHMENT_KINDS = ("jpg", "png", "heic", "pdf")  # photos and scanned letters
# China's mainland and islands, generously: a coordinate outside is a swapped or mistyped pair.
LONGITUDE_RANGE = (Decimal("73"), Decimal("136"))
LATITUDE_RANGE = (Decimal("3"), Decimal("54"))
CLOCK_SKEW = dt.timedelta(minutes=5)


class SourceInput(StrictSerializer):
    kind = serializers.ChoiceField(label="来源类型", choices=PlatformKind.choices)
    id = serializers.RegexField(
        r"^[\w\-－〔〕\[\]()（）〈〉·第号字\u4e00-\u9fff]+$",
        label="来源编号",
        max_length=64,
        help_text="12345工单号、网格事件编号或移送函文号（如 示城管移〔2026〕15号）",
        error_messages={"invalid": "来源编号只能包含文字、数字和 -〔〕() 等编号符号，不能含 / 或空格"},
    )


class PartyInput(StrictSerializer):
    name = serializers.CharField(label="当事人姓名或名称", max_length=100)
    type = serializers.ChoiceField(
        label="当事人类型",
        choices=[(code, label) for code, (label, _kind) in PARTY_TYPES.items()],
        help_text="natural_person 自然人、legal_person 法人、other_organisation 其他组织、individual_business 个体工商户",
    )
    id_number = serializers.CharField(
        label="身份证号或统一社会信用代码", max_length=30, required=False, allow_blank=True, default=""
    )
    phone = serializers.RegexField(
        r"^[0-9+\-() ]{5,30}$",
        label="联系电话",
        max_length=30,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid": "联系电话只能包含数字和 +-() 空格，5至30位"},
    )

    def validate(self, data):
        kind = PARTY_TYPES[data["type"]][1]
        try:
            data["id_number"] = check_party_number(kind, data["id_number"], today=timezone.localdate())
        except IdentityError as exc:
            raise serializers.ValidationError({"id_number": f"“{data['id_number'].strip()}”不正确：{exc}"}) from None
        data["kind"] = kind
        return data


class PlaceInput(StrictSerializer):
    address = serializers.CharField(label="地点", max_length=200, help_text="违法行为发生地的详细地址")
    longitude = serializers.DecimalField(
        label="经度", max_digits=9, decimal_places=6, required=False, allow_null=True, default=None
    )
    latitude = serializers.DecimalField(
        label="纬度", max_digits=8, decimal_places=6, required=False, allow_null=True, default=None
    )
    coordinate_system = serializers.ChoiceField(
        label="坐标系",
        choices=CoordinateSystem.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="CGCS2000（天地图）或 WGS84（GPS）；GCJ-02、BD-09 等加偏坐标须先转换",
        error_messages={"invalid_choice": "坐标系须为 CGCS2000 或 WGS84（GCJ-02、BD-09 等加偏坐标请先转换）"},
    )

    def validate(self, data):
        lon, lat = data["longitude"], data["latitude"]
        if (lon is None) != (lat is None):
            missing = "latitude" if lat is None else "longitude"
            raise serializers.ValidationError({missing: "经度和纬度须同时填写"})
        if lon is not None:
            if not LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]:
                raise serializers.ValidationError({"longitude": "经度超出我国范围（73至136度），请检查是否与纬度颠倒"})
            if not LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]:
                raise serializers.ValidationError({"latitude": "纬度超出我国范围（3至54度），请检查是否与经度颠倒"})
            if not data["coordinate_system"]:
                raise serializers.ValidationError({"coordinate_system": "填写坐标时须注明坐标系（CGCS2000 或 WGS84）"})
        else:
            data["coordinate_system"] = ""
        return data


class AttachmentInput(StrictSerializer):
    name = serializers.CharField(label="附件文件名", max_length=255)
    content_base64 = serializers.CharField(label="附件内容（Base64）", trim_whitespace=True)


class ClueDeliveryInput(StrictSerializer):
    """一条对接线索."""

    source = SourceInput(label="来源")
    receiving_unit = serializers.CharField(
        label="接收单位", max_length=100, help_text="接收线索的执法单位全称，如“城关镇综合行政执法大队”"
    )
    received_at = serializers.DateTimeField(label="平台受理时间", help_text="ISO 8601，如 2026-12-07T09:30:00+08:00")
    party = PartyInput(label="当事人", required=False, allow_null=True, default=None)
    place = PlaceInput(label="地点")
    matter_code = serializers.CharField(
        label="执法事项编码",
        max_length=50,
        required=False,
        allow_blank=True,
        default="",
        help_text="执法事项清单中的事项编码（可不填）",
    )
    cause = serializers.CharField(label="案由", max_length=200, help_text="如“擅自占用城市道路经营”")
    facts = serializers.CharField(label="反映内容", max_length=5000, help_text="工单/事件/移送函反映的事实")
    reporter = serializers.CharField(
        label="举报人/移送机关",
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="移送函须填写移送机关；热线工单可填反映人（可匿名）",
    )
    attachments = AttachmentInput(label="附件", many=True, required=False, default=list)

    def get_fields(self):
        fields = super().get_fields()
        limit_texts(fields)
        return fields

    @property
    def platform(self) -> Platform:
        return self.context["platform"]

    def validate_source(self, source):
        platform = self.platform
        if platform.kind != PlatformKind.OTHER and source["kind"] != platform.kind:
            raise serializers.ValidationError(
                {"kind": f"本平台为“{platform.get_kind_display()}”，不能推送“{PlatformKind(source['kind']).label}”线索"}
            )
        return source

    def validate_receiving_unit(self, name):
        unit = Unit.objects.filter(name=name.strip()).first()
        if unit is None:
            raise serializers.ValidationError(f"没有名为“{name.strip()}”的单位")
        if not self.platform.units.filter(pk=unit.pk).exists():
            raise serializers.ValidationError(f"本平台未被授权向“{unit.name}”推送线索")
        if unit.enforcement_subject() is None:
            raise serializers.ValidationError(f"“{unit.name}”不是执法单位，不能接收线索")
        return unit

    def validate_received_at(self, value):
        if value > timezone.now() + CLOCK_SKEW:
            raise serializers.ValidationError("受理时间不能晚于当前时间")
        return value

    def validate_matter_code(self, code):
        code = code.strip()
        if not code:
            return None
        matter = Matter.objects.filter(code=code, is_active=True).first()
        if matter is None:
            raise serializers.ValidationError(f"执法事项清单中没有有效的事项“{code}”")
        return matter

    def validate_attachments(self, items):
        limit_count = int(settings.INTAKE_ATTACHMENT_MAX_COUNT)
        if len(items) > limit_count:
            raise serializers.ValidationError(f"附件不能超过{limit_count}个（现有{len(items)}个）")
        errors, checked = [], []
        for item in items:
            try:
                checked.append(check_attachment(item["name"], item["content_base64"]))
                errors.append({})
            except serializers.ValidationError as exc:
                errors.append({"content_base64": exc.detail})
        if any(errors):
            raise serializers.ValidationError(errors)
        return checked

    def validate(self, data):
        if data["source"]["kind"] == PlatformKind.TRANSFER and not data["reporter"].strip():
            raise serializers.ValidationError({"reporter": "移送函须填写移送机关"})
        return data


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g}MB"


def check_attachment(name: str, content_base64: str):
    """Decode one attachment and check it by its content (``casemgmt.files.uploads``): a photo or a PDF, within the
    intake's per-file limit. The size is checked from the Base64 length before decoding."""
    limit = int(settings.INTAKE_ATTACHMENT_MAX_BYTES)
    if len(content_base64) * 3 // 4 > limit + 3:
        raise serializers.ValidationError(f"附件“{name}”超过{_mb(limit)}上限")
    try:
        data = base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise serializers.ValidationError(f"附件“{name}”不是有效的Base64编码") from None
    return check_file(name, data)


def check_file(name: str, data: bytes):
    limit = int(settings.INTAKE_ATTACHMENT_MAX_BYTES)
    if len(data) > limit:
        raise serializers.ValidationError(f"附件“{name}”超过{_mb(limit)}上限（该文件{_mb(len(data))}）")
    try:
        checked = check_upload(io.BytesIO(data), name=name, size=len(data), kinds=ATTACHMENT_KINDS)
    except UploadRefused as exc:
        message = str(exc).replace("证据格式", "附件格式")
        raise serializers.ValidationError(f"附件“{name}”：{message}") from None
    return checked, data


def allowed_attachment_labels() -> str:
    return "、".join(KINDS[k].label for k in ATTACHMENT_KINDS)
