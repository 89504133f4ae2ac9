"""Party identity numbers: GB 11643 公民身份号码 (region, a real past birth date, MOD 11-2 check character) and
GB 32100 统一社会信用代码 (alphabet, region, mod-31 check character); every error names the position that is wrong."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.models.party import check_party_number
from casemgmt.cases.services import InputError
from casemgmt.org.identity import (
    IdentityError,
    check_citizen_id,
    check_credit_code,
    citizen_birth_date,
    id_check_character,
)
from casemgmt.org.models import Unit
from tests import builders as b
from tests.rules.support import SHANGHAI

TODAY = dt.date(2026, 12, 15)
GB_EXAMPLE_ID = "11010519491231002X"  # the example of GB 11643 (check character X)
COMPANY = "91350100M000100Y43"


def with_check(first17: str) -> str:
    return first17 + id_check_character(first17)


def error(fn, number, **kw) -> IdentityError:
    with pytest.raises(IdentityError) as caught:
        fn(number, **kw)
    return caught.value


# --- 公民身份号码 -------------------------------------------------------------------------------------------------


def test_the_standards_example_is_valid_and_a_lower_case_x_is_read_as_x():
    assert check_citizen_id(GB_EXAMPLE_ID, today=TODAY) == GB_EXAMPLE_ID
    assert check_citizen_id(" 11010519491231002x ", today=TODAY) == GB_EXAMPLE_ID
    assert citizen_birth_date(GB_EXAMPLE_ID) == dt.date(1949, 12, 31)


def test_a_wrong_check_character_names_position_18_and_the_expected_character():
    wrong = error(check_citizen_id, "110105194912310021", today=TODAY)
    assert wrong.position == 18
    assert str(wrong) == ("公民身份号码第18位校验码应为“X”，填写的是“1”：前17位中有数字填错，请与证件核对")


def test_one_mistyped_digit_is_caught_by_the_check_character():
    assert error(check_citizen_id, "11010519491231012X", today=TODAY).position == 18


def test_a_letter_inside_the_number_names_its_position():
    wrong = error(check_citizen_id, "1101051949123A002X", today=TODAY)
    assert (wrong.position, str(wrong)) == (14, "公民身份号码第14位“A”应为数字")


@pytest.mark.parametrize("number", ["11010519491231002", "11010519491231002X1", ""])
def test_a_number_of_the_wrong_length_says_how_many_digits_it_has(number):
    wrong = error(check_citizen_id, number, today=TODAY)
    assert wrong.position is None and f"填写的是{len(number)}位" in str(wrong)


def test_a_region_of_no_province_is_refused_at_positions_1_and_2():
    wrong = error(check_citizen_id, with_check("99010519491231002"), today=TODAY)
    assert wrong.position == 1 and "第1–2位“99”不是省级行政区划代码" in str(wrong)


@pytest.mark.parametrize("date", ["19900230", "19901301", "20250229", "19900000"])
def test_a_birth_date_that_is_no_calendar_date_is_refused_at_position_7(date):
    wrong = error(check_citizen_id, with_check(f"110101{date}001"), today=TODAY)
    assert wrong.position == 7 and f"第7–14位出生日期“{date}”不是有效的日期" in str(wrong)


def test_a_birth_date_of_today_is_accepted_and_tomorrow_is_refused():
    assert check_citizen_id(with_check("11010120261215001"), today=TODAY)
    wrong = error(check_citizen_id, with_check("11010120261216001"), today=TODAY)
    assert wrong.position == 7 and "出生日期2026年12月16日晚于今天" in str(wrong)


def test_a_birth_date_120_years_ago_is_accepted_and_one_day_earlier_is_refused():
    assert check_citizen_id(with_check("11010119061215001"), today=TODAY)
    wrong = error(check_citizen_id, with_check("11010119061214001"), today=TODAY)
    assert wrong.position == 7 and "距今超过120年" in str(wrong)


def test_on_a_leap_day_120_years_back_is_28_february_when_that_year_has_no_29th():
    leap_day = dt.date(2020, 2, 29)  # 1900 is no leap year
    assert check_citizen_id(with_check("11010119000228001"), today=leap_day)
    assert error(check_citizen_id, with_check("11010119000227001"), today=leap_day).position == 7


# --- 统一社会信用代码 --------------------------------------------------------------------------------------------


def test_a_published_credit_code_is_valid():
    assert check_credit_code(COMPANY) == COMPANY
    assert check_credit_code("91350100m000100y43") == COMPANY


def test_a_wrong_credit_code_check_character_names_position_18():
    wrong = error(check_credit_code, "91350100M000100Y44")
    assert wrong.position == 18
    assert str(wrong) == "统一社会信用代码第18位校验码应为“3”，填写的是“4”：前17位中有字符填错，请与营业执照核对"


def test_a_check_character_of_zero_is_computed_as_zero_not_31():
    # (31 - 0) mod 31 = 0: a body whose weighted sum is a multiple of 31 ends in "0".
    body = "00000000000000000"
    assert check_credit_code(body + "0") == body + "0"
    assert error(check_credit_code, body + "Y").position == 18


@pytest.mark.parametrize(
    ("code", "position", "char"), [("91350100M00010OY43", 15, "O"), ("I1350100M000100Y43", 1, "I")]
)
def test_a_letter_outside_the_alphabet_names_its_position(code, position, char):
    wrong = error(check_credit_code, code)
    assert wrong.position == position and f"第{position}位“{char}”不是可用字符" in str(wrong)


def test_a_letter_in_the_region_names_its_position():
    wrong = error(check_credit_code, "9135A100M000100Y43")
    assert wrong.position == 5 and "第3–8位为行政区划码" in str(wrong)


def test_a_credit_code_of_the_wrong_length_is_refused():
    assert "填写的是17位" in str(error(check_credit_code, COMPANY[:17]))


# --- by party kind, through the service ------------------------------------------------------------------------


def test_an_individual_business_may_give_its_credit_code_or_its_operators_identity_number():
    kind = m.PartyKind.INDIVIDUAL_BUSINESS
    assert check_party_number(kind, COMPANY, today=TODAY) == COMPANY
    assert check_party_number(kind, GB_EXAMPLE_ID, today=TODAY) == GB_EXAMPLE_ID
    with pytest.raises(IdentityError, match="公民身份号码第18位"):
        check_party_number(kind, "110105194912310021", today=TODAY)


def test_an_organisation_must_give_a_credit_code_not_an_identity_number():
    with pytest.raises(IdentityError, match="统一社会信用代码第18位"):
        check_party_number(m.PartyKind.ORGANISATION, GB_EXAMPLE_ID, today=TODAY)


@pytest.mark.django_db
def test_adding_a_party_with_a_wrong_check_digit_is_refused_naming_the_position_and_nothing_is_added(world):
    case = b.clue(world)
    before = case.parties.count()
    with time_machine.travel(dt.datetime(2026, 12, 15, 10, tzinfo=SHANGHAI), tick=False):
        with pytest.raises(InputError) as caught:
            s.party_add(
                case=case,
                actor=world.officer.user,
                kind=m.PartyKind.CITIZEN,
                name="王某",
                id_number="110105194912310021",
            )
        assert caught.value.field == "id_number"
        assert "第18位校验码应为“X”" in str(caught.value)
        assert case.parties.count() == before

        party = s.party_add(
            case=case, actor=world.officer.user, kind=m.PartyKind.CITIZEN, name="王某", id_number="11010519491231002x"
        )
    assert party.id_number == GB_EXAMPLE_ID


@pytest.mark.django_db
def test_a_unit_credit_code_is_checked_when_the_unit_is_validated(world):
    unit = Unit(name="某单位", kind="county_dept", credit_code="91350100M000100Y44")
    with pytest.raises(ValidationError) as caught:
        unit.full_clean()
    assert "第18位校验码" in str(caught.value)
    unit.credit_code = COMPANY
    unit.full_clean()
