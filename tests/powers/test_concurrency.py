"""Two administrators save overlapping grants at the same moment: the township row lock lets one win
(PostgreSQL; SQLite serialises writers anyway)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from casemgmt.cases.services.base import InputError
from casemgmt.powers import services as ps
from casemgmt.powers.models import GrantMode, PowerGrant


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_grants_one_wins(world, county):
    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL row locks; the database is {connection.vendor} (set DATABASE_URL)")
    barrier = threading.Barrier(2)
    outcomes: list = [None, None]

    def run(index):
        try:
            barrier.wait(timeout=10)
            grant = PowerGrant(
                matter=county.matter,
                township=world.township,
                mode=GrantMode.EMPOWER,
                document_number=f"示政〔2026〕{index + 1}号",
                published_on=dt.date(2026, 1, 1),
                effective_from=dt.date(2026, 1, 1 + index),
            )
            ps.grant_save(grant=grant, actor=county.admin.user)
            outcomes[index] = "saved"
        except InputError as exc:
            outcomes[index] = str(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(o == "saved" for o in outcomes) == [False, True], outcomes
    assert PowerGrant.objects.count() == 1
