"""The batch reads a fixed number of queries whatever the number of cases (facts loaded in bulk)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.disclosure.conftest import decided_case
from tests.disclosure.support import batch_for


def count(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        batch = batch_for(user)
    return len(ctx.captured_queries), len(batch.records)


def test_query_count_does_not_grow_with_the_cases(pub):
    decided_case(pub, issue_document=False)
    batch_for(pub.officer.user)  # warm the calendar and policy caches
    one, n1 = count(pub.officer.user)
    decided_case(pub, issue_document=False)
    decided_case(pub, issue_document=False)
    three, n3 = count(pub.officer.user)
    assert (n1, n3) == (1, 3)
    assert three == one <= 40
