"""Parties (当事人)."""

from __future__ import annotations

from django.db import transaction

from casemgmt.cases import models as m

from .base import ConflictError, InputError, act_begin, record_event, save_tracked, touch

ID_LENGTHS = {m.PartyKind.CITIZEN: (18,), m.PartyKind.INDIVIDUAL_BUSINESS: (18,), m.PartyKind.ORGANISATION: (18,)}


def _valid_id(kind: str, number: str) -> bool:
    number = number.strip().upper()
    if not number:
        return True
    if kind in (m.PartyKind.CITIZEN,):
        # GB 11643 citizen identity number: 17 digits + check digit.
        if len(number) != 18 or not number[:17].isdigit():
            return False
        weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        check = "10X98765432"[sum(int(d) * w for d, w in zip(number[:17], weights, strict=True)) % 11]
        return number[17] == check
    # GB 32100 unified social credit code: 18 characters from the code alphabet.
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return len(number) == 18 and all(c in alphabet for c in number)


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
    if not _valid_id(kind, id_number):
        label = "公民身份号码" if kind == m.PartyKind.CITIZEN else "统一社会信用代码"
        raise InputError(f"{label}“{id_number}”格式或校验位不正确", field="id_number")
    if electronic_service_consent and not electronic_address.strip():
        raise InputError("同意电子送达须填写电子送达地址", field="electronic_address")
    party = m.Party(
        case=case,
        kind=kind,
        name=name.strip(),
        id_number=id_number.strip().upper(),
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
