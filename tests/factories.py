"""factory_boy factories for the organisation and cases."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from casemgmt.cases import models as m
from casemgmt.org import models as org
from casemgmt.org.services import membership_add


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-Secret-123")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"单位{n}")
    kind = org.UnitKind.TOWNSHIP
    short_name = factory.LazyAttribute(lambda o: o.name[:3])


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.Officer

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"执法员{n}")


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = org.Certificate

    officer = factory.SubFactory(OfficerFactory)
    number = factory.Sequence(lambda n: f"ZF{n:08d}")
    issuing_body = "示范县人民政府"
    valid_from = dt.date(2020, 1, 1)
    valid_to = dt.date(2030, 12, 31)


def make_officer(
    unit: org.Unit,
    role: str = org.Role.OFFICER,
    *,
    name: str | None = None,
    username: str | None = None,
    certified: bool = True,
    cert_valid_to: dt.date | None = None,
    qualification: str = "",
) -> org.Officer:
    kwargs = {}
    if name:
        kwargs["name"] = name
    if username:
        kwargs["user__username"] = username
    officer = OfficerFactory(legal_qualification_no=qualification, **kwargs)
    if certified:
        CertificateFactory(officer=officer, valid_to=cert_valid_to or dt.date(2030, 12, 31))
    membership_add(officer=officer, unit=unit, role=role)
    return officer


class CaseFactory(factory.django.DjangoModelFactory):
    """A bare case record in a given status (for selector and rule tests; services build real ones)."""

    class Meta:
        model = m.Case

    clue = factory.LazyAttribute(
        lambda o: m.Clue.objects.create(
            source=m.ClueSource.INSPECTION,
            summary="巡查发现",
            discovered_on=o.discovered_on,
            registered_by=OfficerFactory(),
            registered_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
    )
    handling_unit = factory.SubFactory(UnitFactory)
    enforcement_subject = factory.LazyAttribute(lambda o: o.handling_unit.enforcement_subject() or o.handling_unit)
    cause = "占道经营"
    discovered_on = dt.date(2026, 3, 2)
    status = m.CaseStatus.INVESTIGATION
