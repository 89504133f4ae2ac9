"""Cases for the archive tests: closed through the real services, then archived and indexed."""

import datetime as dt

import pytest

from casemgmt.archive.indexing import index_now
from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.demo.documents import complete_case_file
from tests import builders as b

VIOLATED = "《城市道路管理条例》第二十七条第（六）项"


def closed_case(world, *, documents: bool = True, omit: frozenset[str] = frozenset(), **kw):
    """An ordinary-procedure penalty case decided, served, paid, published and closed (as the happy path), with the
    documents its path requires issued and served (``documents=False``: none; ``omit``: all but those types)."""
    case = b.served(world, **kw)
    decision = case.decisions.get()
    if decision.fine_amount:
        s.payment_record(
            case=case,
            actor=world.officer.user,
            kind=m.PaymentKind.FINE,
            amount=decision.fine_amount,
            paid_on=dt.date(2026, 3, 30),
        )
    s.disclosure_publish(
        case=case, actor=world.officer.user, on=dt.date(2026, 3, 24), channel="县政府网站", content="处罚决定公示"
    )
    s.case_close(
        case=case,
        actor=world.head.user,
        ground=m.ClosingGround.EXECUTED,
        ground_on=dt.date(2026, 3, 30),
        on=dt.date(2026, 4, 1),
    )
    if documents:
        with_seal_and_benchmark(case)
        # A case with no catalogue matter names the provision violated in its documents (APL Art. 59).
        complete_case_file(case, omit=omit, values=None if case.matter_id else {"violated_provision": VIOLATED})
    case.refresh_from_db()
    return case


def with_seal_and_benchmark(case):
    """What the 行政处罚决定书 must carry besides the recorded decision (rule 14): the subject's seal and the
    discretion tier with the benchmark applied."""
    subject = case.enforcement_subject
    if not subject.seal_name:
        subject.seal_name = subject.name
        subject.save(update_fields=["seal_name"])
    decision = case.decisions.get()
    if not decision.benchmark_ref:
        decision.discretion_tier, decision.benchmark_ref = (
            "一般",
            "《示范县乡镇综合行政执法行政处罚裁量基准（2025年版）》",
        )
        decision.save(update_fields=["discretion_tier", "benchmark_ref"])


def reindex(*cases):
    index_now([c.pk for c in cases])


@pytest.fixture
def closed(world):
    return closed_case(world)
