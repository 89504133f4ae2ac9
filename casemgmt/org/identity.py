"""Identity numbers of parties: the 公民身份号码 (GB 11643) and the 统一社会信用代码 (GB 32100).

Hand-written: both are small checksum algorithms and no maintained validator is installed (python-stdnum is not a
dependency). Each check raises :class:`IdentityError` with a Chinese message that names the position (第N位, counted
from 1 on the left) that is wrong, so an officer can compare it with the document in hand.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

ID_LENGTH = 18
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"  # remainder mod 11 → check character
# 省级行政区划代码 (GB/T 2260): the first two digits of a citizen identity number.
PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43"}
    | {"44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"}
)
OLDEST_AGE = 120  # a birth date more than this many years ago is a typing error

USCC_LENGTH = 18
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

CITIZEN_LABEL = "公民身份号码"
USCC_LABEL = "统一社会信用代码"


class IdentityError(ValueError):
    """A wrong identity number; ``position`` is the first wrong position (1-based), None for a wrong length."""

    def __init__(self, message: str, position: int | None = None):
        self.position = position
        super().__init__(message)


def normalise(number: str) -> str:
    """Without spaces, in upper case (a lower-case x is the same check character X)."""
    return "".join((number or "").split()).upper()


def id_check_character(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _birth_date(number: str) -> dt.date | None:
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _chinese(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def check_citizen_id(number: str, *, today: dt.date | None = None) -> str:
    """The normalised 18-digit 公民身份号码, or IdentityError naming the position that is wrong: 6-digit region
    (a real province), 8-digit birth date (a valid calendar date, not after today, at most 120 years ago), 3-digit
    order number, and the GB 11643 check character (ISO 7064 MOD 11-2)."""
    number = normalise(number)
    label = CITIZEN_LABEL
    if len(number) != ID_LENGTH:
        raise IdentityError(f"{label}应为18位，填写的是{len(number)}位")
    for position, char in enumerate(number[:17], start=1):
        if not char.isdigit():
            raise IdentityError(f"{label}第{position}位“{char}”应为数字", position)
    if not (number[17].isdigit() or number[17] == "X"):
        raise IdentityError(f"{label}第18位（校验码）“{number[17]}”应为数字或X", 18)
    if number[:2] not in PROVINCES:
        raise IdentityError(f"{label}第1–2位“{number[:2]}”不是省级行政区划代码", 1)
    birth = _birth_date(number)
    if birth is None:
        raise IdentityError(f"{label}第7–14位出生日期“{number[6:14]}”不是有效的日期", 7)
    today = today or timezone.localdate()
    if birth > today:
        raise IdentityError(f"{label}第7–14位出生日期{_chinese(birth)}晚于今天", 7)
    if birth < _years_before(today, OLDEST_AGE):
        raise IdentityError(f"{label}第7–14位出生日期{_chinese(birth)}距今超过{OLDEST_AGE}年，请核对", 7)
    expected = id_check_character(number[:17])
    if number[17] != expected:
        raise IdentityError(
            f"{label}第18位校验码应为“{expected}”，填写的是“{number[17]}”：前17位中有数字填错，请与证件核对", 18
        )
    return number


def citizen_birth_date(number: str) -> dt.date | None:
    """The birth date of a valid 公民身份号码 (None when the number is not one)."""
    try:
        return _birth_date(check_citizen_id(number))
    except IdentityError:
        return None


def check_credit_code(code: str) -> str:
    """The normalised 18-character 统一社会信用代码, or IdentityError naming the position that is wrong: characters of
    the GB 32100 alphabet, a 6-digit administrative region at positions 3–8, and the mod-31 check character."""
    code = normalise(code)
    label = USCC_LABEL
    if len(code) != USCC_LENGTH:
        raise IdentityError(f"{label}应为18位，填写的是{len(code)}位")
    for position, char in enumerate(code, start=1):
        if char not in USCC_ALPHABET:
            raise IdentityError(
                f"{label}第{position}位“{char}”不是可用字符（只用数字和除I、O、S、V、Z以外的大写字母）", position
            )
    for position in range(3, 9):
        if not code[position - 1].isdigit():
            raise IdentityError(f"{label}第{position}位“{code[position - 1]}”应为数字（第3–8位为行政区划码）", position)
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise IdentityError(
            f"{label}第18位校验码应为“{expected}”，填写的是“{code[17]}”：前17位中有字符填错，请与营业执照核对", 18
        )
    return code


def looks_like_citizen_id(number: str) -> bool:
    number = normalise(number)
    return len(number) == ID_LENGTH and number[:17].isdigit() and number[:2] in PROVINCES


def validate_credit_code(value: str) -> None:
    """Model-field validator (empty allowed)."""
    if value:
        try:
            check_credit_code(value)
        except IdentityError as exc:
            raise ValidationError(str(exc), code="credit_code") from exc
