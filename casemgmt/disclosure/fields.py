"""One administrative-penalty record (行政处罚信息) in the national 双公示 field set: the columns, the masking of a
natural person's identity number and the checks a record must pass before it leaves the system."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from casemgmt.org.identity import IdentityError, check_credit_code

OPERATION = "操作类型"
ADD, CHANGE, REVOKE = "新增", "修改", "撤销"
OPERATIONS = (ADD, CHANGE, REVOKE)

NAME = "行政相对人名称"
CATEGORY = "行政相对人类别"
CODE = "行政相对人代码（统一社会信用代码）"
LEGAL_REP = "法定代表人"
ID_TYPE = "证件类型"
ID_NUMBER = "证件号码"
DOC_NUMBER = "行政处罚决定书文号"
VIOLATION_TYPE = "违法行为类型"
FACTS = "违法事实"
BASIS = "处罚依据"
PENALTY_CLASS = "处罚类别"
PENALTY_CONTENT = "处罚内容"
FINE = "罚款金额（万元）"
CONFISCATION = "没收违法所得、没收非法财物的金额（万元）"
LICENCE = "暂扣或吊销证照名称及编号"
DECIDED_ON = "处罚决定日期"
VALID_UNTIL = "处罚有效期"
PUBLIC_UNTIL = "公示截止期"
AUTHORITY = "处罚机关"
AUTHORITY_CODE = "处罚机关统一社会信用代码"
SOURCE = "数据来源单位"
SOURCE_CODE = "数据来源单位统一社会信用代码"
REMARK = "备注"

FIELDS = (
    NAME,
    CATEGORY,
    CODE,
    LEGAL_REP,
    ID_TYPE,
    ID_NUMBER,
    DOC_NUMBER,
    VIOLATION_TYPE,
    FACTS,
    BASIS,
    PENALTY_CLASS,
    PENALTY_CONTENT,
    FINE,
    CONFISCATION,
    LICENCE,
    DECIDED_ON,
    VALID_UNTIL,
    PUBLIC_UNTIL,
    AUTHORITY,
    AUTHORITY_CODE,
    SOURCE,
    SOURCE_CODE,
    REMARK,
)
COLUMNS = (OPERATION, *FIELDS)

ORGANISATION, CITIZEN, INDIVIDUAL_BUSINESS = "法人及非法人组织", "自然人", "个体工商户"
CATEGORIES = (ORGANISATION, CITIZEN, INDIVIDUAL_BUSINESS)
ID_CARD = "身份证"

DATE_FORMAT = "%Y/%m/%d"
# The data standard's value of 处罚有效期 for a penalty without a term of its own (长期).
INDEFINITE = dt.date(2099, 12, 31)
MONEY_PLACES = Decimal("0.000001")

# 公民身份号码 published with the birth date (positions 7–14) hidden: 6 digits, 8 asterisks, 4 characters.
MASKED_ID = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")
MASK_FROM, MASK_TO = 6, 14

REQUIRED = (
    NAME,
    CATEGORY,
    DOC_NUMBER,
    VIOLATION_TYPE,
    FACTS,
    BASIS,
    PENALTY_CLASS,
    PENALTY_CONTENT,
    DECIDED_ON,
    VALID_UNTIL,
    PUBLIC_UNTIL,
    AUTHORITY,
    AUTHORITY_CODE,
    SOURCE,
    SOURCE_CODE,
)


def mask_citizen_id(number: str) -> str:
    """An 18-digit 公民身份号码 with its birth date hidden (110101********7571); anything else fully hidden."""
    if len(number) != 18:
        return "*" * len(number)
    return number[:MASK_FROM] + "*" * (MASK_TO - MASK_FROM) + number[MASK_TO:]


def format_date(day: dt.date | None) -> str:
    return day.strftime(DATE_FORMAT) if day else ""


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, DATE_FORMAT).date()
    except (TypeError, ValueError):
        return None


def format_wan(amount_yuan) -> str:
    """元 as 万元 with six decimals (the standard's unit): 500 元 → 0.050000."""
    return str((Decimal(amount_yuan or 0) / Decimal(10000)).quantize(MONEY_PLACES))


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


def validate(values: dict[str, str], *, today: dt.date) -> list[FieldError]:
    """Every problem of one record (the exported values), each naming its field in Chinese."""
    errors: list[FieldError] = []

    def err(field: str, message: str) -> None:
        errors.append(FieldError(field, message))

    if values.get(OPERATION) not in OPERATIONS:
        err(OPERATION, f"操作类型应为{'、'.join(OPERATIONS)}之一")
    for field in REQUIRED:
        if not (values.get(field) or "").strip():
            err(field, "必填项未填写")
    category = values.get(CATEGORY, "")
    if category and category not in CATEGORIES:
        err(CATEGORY, f"行政相对人类别应为{'、'.join(CATEGORIES)}之一")
    code, id_number = values.get(CODE, ""), values.get(ID_NUMBER, "")
    if category == ORGANISATION:
        if not code:
            err(CODE, "法人及非法人组织须填写统一社会信用代码")
        if not values.get(LEGAL_REP):
            err(LEGAL_REP, "法人及非法人组织须填写法定代表人（负责人）")
    if category == CITIZEN and not id_number:
        err(ID_NUMBER, "自然人须填写证件号码")
    if category == INDIVIDUAL_BUSINESS and not (code or id_number):
        err(CODE, "个体工商户须填写统一社会信用代码（无代码的填写经营者证件号码）")
    if code:
        try:
            check_credit_code(code)
        except IdentityError as exc:
            err(CODE, str(exc))
    if id_number:
        if values.get(ID_TYPE) != ID_CARD:
            err(ID_TYPE, f"证件类型应为{ID_CARD}")
        if not MASKED_ID.match(id_number):
            err(ID_NUMBER, "证件号码须按规定隐去出生日期（第7–14位），不得公开完整号码")
    if category == CITIZEN and code:
        err(CODE, "自然人不填写统一社会信用代码")
    for field in (AUTHORITY_CODE, SOURCE_CODE):
        if values.get(field):
            try:
                check_credit_code(values[field])
            except IdentityError as exc:
                err(field, str(exc))
    amounts = {}
    for field in (FINE, CONFISCATION):
        text = (values.get(field) or "").strip()
        try:
            amount = Decimal(text or "0")
        except InvalidOperation:
            err(field, "金额应为数字（单位：万元）")
            continue
        if not amount.is_finite() or amount < 0:
            err(field, "金额不能为负数")
        elif amount != amount.quantize(MONEY_PLACES):
            err(field, "金额最多保留六位小数（单位：万元）")
        amounts[field] = amount
    classes = values.get(PENALTY_CLASS, "")
    if "罚款" in classes and amounts.get(FINE, Decimal(1)) <= 0:
        err(FINE, "处罚类别含罚款，罚款金额须大于零")
    if "没收" in classes and amounts.get(CONFISCATION, Decimal(1)) <= 0:
        err(CONFISCATION, "处罚类别含没收，没收金额须大于零")
    dates = {}
    for field in (DECIDED_ON, VALID_UNTIL, PUBLIC_UNTIL):
        text = values.get(field) or ""
        if text:
            day = parse_date(text)
            if day is None:
                err(field, "日期格式应为YYYY/MM/DD")
            dates[field] = day
    decided = dates.get(DECIDED_ON)
    if decided is not None:
        if decided > today:
            err(DECIDED_ON, "处罚决定日期晚于今天")
        for field, label in ((VALID_UNTIL, "处罚有效期"), (PUBLIC_UNTIL, "公示截止期")):
            if dates.get(field) is not None and dates[field] < decided:
                err(field, f"{label}早于处罚决定日期")
    return errors
