"""Personal data that must not be published never leaves: the full ID number, address, telephone, another party."""

import datetime as dt

import pytest

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.disclosure import fields as f
from casemgmt.disclosure import formats
from tests import builders as b
from tests.disclosure.conftest import ADDRESS, CITIZEN_ID, PHONE, decided_case
from tests.disclosure.support import batch_for


def test_mask_hides_the_birth_date():
    assert f.mask_citizen_id("110101199003077571") == "110101********7571"
    assert f.MASKED_ID.match(f.mask_citizen_id("11010119900307757X"))
    assert f.mask_citizen_id("12345") == "*****"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_raw_identity_address_and_phone_are_absent_from_the_exported_bytes(pub, fmt):
    decided_case(pub)
    records = batch_for(pub.officer.user).records
    assert records and all(r.valid for r in records)
    data = formats.as_bytes(records, fmt)
    # An .xlsx keeps its cells in a zip: read them back and scan the text.
    rows = formats.parse(data, fmt) if fmt == "xlsx" else []
    text = "\n".join("\t".join(r.values()) for r in rows) if fmt == "xlsx" else data.decode("utf-8")
    for raw in (CITIZEN_ID, "19900307", ADDRESS, PHONE):
        assert raw not in text
    assert "110101********7571" in text and "陈某" in text


def test_a_record_never_carries_another_partys_data(pub):
    case = b.noticed(pub)
    s.party_add(
        case=case,
        actor=pub.officer.user,
        kind=m.PartyKind.CITIZEN,
        name="刘某",
        id_number="110101198506120012",
        address="城关镇解放路9号",
        phone="13700000002",
    )
    b.decide(pub, case, on=dt.date(2026, 3, 20))
    records = batch_for(pub.officer.user).records
    by_name = {r.party_name: r for r in records}
    assert set(by_name) == {"陈某", "刘某"}
    chen = "\t".join(by_name["陈某"].values.values())
    assert "刘某" not in chen and "06120012" not in chen and "解放路" not in chen
    assert by_name["刘某"].values[f.ID_NUMBER] == "110101********0012"
    data = formats.as_bytes(records, "csv").decode("utf-8")
    assert "110101198506120012" not in data and "13700000002" not in data and "城关镇解放路9号" not in data
