"""The legal quantities of the procedure policy written out in Chinese, for document texts and default wording.

Periods and rates live in ``ProcedurePolicy`` (the clocks read them there); a text that tells the party a
period formats it from the same policy, so the party is never promised one period and held to another.
"""

from __future__ import annotations

from casemgmt.cases.models import ProcedurePolicy

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def cn_number(n: int) -> str:
    """A whole number in Chinese numerals as legal texts write it: 五, 十五, 六十, 一百零五, 三百六十五."""
    if n < 0:
        raise ValueError("negative quantity")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n >= 10000:
        return str(n)
    out, gap, rest = "", False, n
    for value, name in _UNITS:
        q, rest = divmod(rest, value)
        if q:
            out += ("零" if gap else "") + _DIGITS[q] + name
            gap = False
        elif out:
            gap = True
    if rest:
        out += ("零" if gap else "") + _DIGITS[rest]
    return out


def _count(n: int) -> str:
    """A number before the measure word 个 (两个月, not 二个月)."""
    return "两" if n == 2 else cn_number(n)


def working_days(n: int) -> str:
    return f"{_count(n)}个工作日"


def days(n: int) -> str:
    return f"{cn_number(n)}日"


def months(n: int) -> str:
    return f"{_count(n)}个月"


def percent(n: int) -> str:
    return f"百分之{cn_number(n)}"


# template value → (policy field, how it is written).
PERIODS: dict[str, tuple[str, object]] = {
    "statement_days": ("statement_period_working_days", working_days),
    "hearing_days": ("hearing_request_working_days", working_days),
    "hearing_notice_days": ("hearing_notice_working_days", working_days),
    "service_days": ("service_working_days", working_days),
    "preservation_period": ("preservation_working_days", working_days),
    "seizure_period": ("seizure_days", days),
    "seizure_extension_period": ("seizure_extension_days", days),
    "reminder_period": ("reminder_working_days", working_days),
    "payment_period": ("payment_days", days),
    "surcharge_rate": ("surcharge_percent", percent),
    "reconsideration_period": ("reconsideration_days", days),
    "litigation_period": ("litigation_months", months),
    "court_application_period": ("court_application_months", months),
    "public_service_period": ("public_service_days", days),
}


def policy_texts(policy: ProcedurePolicy) -> dict[str, str]:
    """Every period and rate of ``policy`` a document may state, as template values (keys of :data:`PERIODS`)."""
    return {key: write(getattr(policy, name)) for key, (name, write) in PERIODS.items()}


SURCHARGE_SENTENCE = "到期不缴纳罚款的，本机关可以每日按罚款数额的{rate}加处罚款，加处罚款的数额不得超出罚款的数额。"


def surcharge_text(policy: ProcedurePolicy) -> str:
    """The surcharge the party must be told of (行政强制法第四十五条), stated once: in the performance text."""
    return SURCHARGE_SENTENCE.format(rate=policy_texts(policy)["surcharge_rate"])


def performance_text(policy: ProcedurePolicy, *, how: str = "到指定银行或者通过电子支付系统缴纳罚款") -> str:
    """履行方式和期限 (APL Art. 67) with the surcharge warning (行政强制法 Art. 45)."""
    t = policy_texts(policy)
    return f"自收到本决定书之日起{t['payment_period']}内，{how}。" + surcharge_text(policy)


def remedy_text(policy: ProcedurePolicy, *, body: str, court: str) -> str:
    """申请行政复议、提起行政诉讼的途径和期限 (APL Art. 59 item 5), naming the 复议机关 and the court."""
    if not body.strip() or not court.strip():
        raise ValueError("remedy text needs the 复议机关 and the court")
    t = policy_texts(policy)
    return (
        f"如不服本决定，可以在收到本决定书之日起{t['reconsideration_period']}内向{body}申请行政复议，"
        f"也可以在收到本决定书之日起{t['litigation_period']}内向{court}提起行政诉讼。"
    )


def subject_remedy_text(subject) -> str:
    """The remedy sentence of ``subject``'s documents: its policy's periods, its 复议机关 and its court."""
    from casemgmt.org import issuer

    policy = ProcedurePolicy.for_unit(subject)
    return remedy_text(policy, body=issuer.reconsideration_body(subject), court=issuer.court(subject))
