import datetime as dt

from django.db import models
from simple_history.models import HistoricalRecords

from casemgmt.org.identity import IdentityError, check_citizen_id, check_credit_code, looks_like_citizen_id, normalise

from .case import Case


class PartyKind(models.TextChoices):
    CITIZEN = "citizen", "公民"
    ORGANISATION = "organisation", "法人或者其他组织"
    INDIVIDUAL_BUSINESS = "individual_business", "个体工商户"


def check_party_number(kind: str, number: str, *, today: dt.date | None = None) -> str:
    """A party's number by its kind: a citizen's 公民身份号码; an organisation's 统一社会信用代码; an individual
    business's 统一社会信用代码, or its operator's 公民身份号码 (a business registered before the code existed)."""
    number = normalise(number)
    if not number:
        return number
    if kind == PartyKind.CITIZEN:
        return check_citizen_id(number, today=today)
    if kind == PartyKind.INDIVIDUAL_BUSINESS and looks_like_citizen_id(number):
        try:
            return check_credit_code(number)
        except IdentityError:
            return check_citizen_id(number, today=today)
    return check_credit_code(number)


class Party(models.Model):
    """当事人. Individual businesses count as citizens for the fine ceilings."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField("类型", max_length=20, choices=PartyKind.choices)
    name = models.CharField("姓名/名称", max_length=100)
    id_number = models.CharField("身份证号/统一社会信用代码", max_length=30, blank=True, db_index=True)
    legal_representative = models.CharField("法定代表人/负责人", max_length=50, blank=True)
    address = models.CharField("住所/地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    service_address = models.CharField("送达地址", max_length=200, blank=True)
    service_address_confirmed = models.BooleanField("已签署送达地址确认书", default=False)
    electronic_service_consent = models.BooleanField("同意电子送达", default=False)
    electronic_address = models.CharField("电子送达地址", max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "当事人"
        verbose_name_plural = "当事人"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The number must be a valid 公民身份号码 / 统一社会信用代码 for the party's kind (GB 11643, GB 32100)."""
        from django.core.exceptions import ValidationError

        try:
            self.id_number = check_party_number(self.kind, self.id_number)
        except IdentityError as exc:
            raise ValidationError({"id_number": str(exc)}) from None

    @property
    def is_citizen(self) -> bool:
        return self.kind in (PartyKind.CITIZEN, PartyKind.INDIVIDUAL_BUSINESS)
