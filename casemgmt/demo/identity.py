"""Made-up people and organisations for the demo: names, identity numbers and credit codes with valid check
characters (GB 11643, GB 11714, GB 32100). Area codes 4399xx do not exist, so no number belongs to anyone."""

from __future__ import annotations

import datetime as dt
import random

from casemgmt.org.identity import id_check_character, uscc_check_character

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国志红春林海波宁晨雪峰鹏飞佳欣文斌辉亮俊"
AREA_CODES = ("439901", "439902", "439903", "439904", "439905")

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def citizen_id(rng: random.Random, *, born_from: int = 1960, born_to: int = 2002) -> str:
    """An 18-digit citizen identity number with a correct GB 11643 check digit."""
    birth = dt.date(rng.randint(born_from, born_to), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    body = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + id_check_character(body)


def _organisation_code(rng: random.Random) -> str:
    """GB 11714 organisation code: eight digits and a check character."""
    body = "".join(str(rng.randint(0, 9)) for _ in range(8))
    check = 11 - sum(int(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, *, authority: str = "9", kind: str = "1") -> str:
    """Unified social credit code (GB 32100) with a correct check character.

    ``authority`` 9 / ``kind`` 1 is a company, 9 / 2 an individual business, 1 / 1 a government body."""
    body = authority + kind + rng.choice(AREA_CODES) + _organisation_code(rng)
    return body + uscc_check_character(body)


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"
