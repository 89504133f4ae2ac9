"""Cases for the archive tests: closed through the real services, then archived and indexed."""

import datetime as dt

import pytest

from casemgmt.archive.indexing import index_now
from casemgmt.cases import models as m
from casemgmt.cases import services as s
from tests import builders as b


def closed_case(world, **kw):
    """An ordinary-procedure penalty case decided, served, paid, published and closed (as the happy path)."""
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
    case.refresh_from_db()
    return case


def reindex(*cases):
    index_now([c.pk for c in cases])


@pytest.fixture
def closed(world):
    return closed_case(world)
