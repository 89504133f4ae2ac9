"""Parties (当事人)."""

from __future__ import annotations

from django.db import transaction

from casemgmt.cases import models as m
from casemgmt.cases.models.party import check_party_number
from casemgmt.org.identity import IdentityError

from .base import ConflictError, InputError, act_begin, record_event, save_tracked, touch


@transaction.atomic
def party_add(
    *,
    case: m.Case,
    actor,
    kind: str,
    name: str,
    id_number: str = "",
    legal_representative: str = "",
    address: str = "",
    phone: str = "",
    service_address: str = "",
    service_address_confirmed: bool = False,
    electronic_service_consent: bool = False,
    electronic_address: str = "",
    expected_version: int | None = None,
) -> m.Party:
    case = act_begin("add_party", case=case, actor=actor, expected_version=expected_version)
    if case.decided_on is not None:
        raise ConflictError("案件已作出决定，不能再增加当事人")
    if kind not in m.PartyKind.values:
        raise InputError("当事人类型不正确", field="kind")
    if not name.strip():
        raise InputError("须填写当事人姓名或名称", field="name")
    try:
        id_number = check_party_number(kind, id_number)
    except IdentityError as exc:
        raise InputError(f"“{id_number.strip()}”格式或校验位不正确：{exc}", field="id_number") from None
    if electronic_service_consent and not electronic_address.strip():
        raise InputError("同意电子送达须填写电子送达地址", field="electronic_address")
    party = m.Party(
        case=case,
        kind=kind,
        name=name.strip(),
        id_number=id_number,
        legal_representative=legal_representative,
        address=address,
        phone=phone,
        service_address=service_address,
        service_address_confirmed=service_address_confirmed,
        electronic_service_consent=electronic_service_consent,
        electronic_address=electronic_address,
    )
    party._change_reason = "登记当事人"
    party.full_clean(exclude=["case"])
    party.save()
    touch(case, reason="登记当事人")
    record_event(
        case, action="add_party", summary=f"登记当事人：{party.name}", actor=actor, payload={"party": party.pk}
    )
    return party


__all__ = ["party_add", "save_tracked"]
