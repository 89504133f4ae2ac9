"""Published, withdrawn and re-published decisions go out with the operation the platform applies."""

import datetime as dt

from casemgmt.disclosure import fields as f
from casemgmt.disclosure.records import PUBLISHED
from tests.disclosure.conftest import decided_case, publish, withdraw
from tests.disclosure.support import batch_for


def test_a_published_decision_is_an_addition_counted_from_its_publication(pub):
    case = decided_case(pub)
    publish(pub, case)
    [record] = batch_for(pub.officer.user).records
    assert record.status == "已公示" and record.operation == f.ADD and not record.overdue
    assert record.values[f.PUBLIC_UNTIL] == "2029/03/25"


def test_a_withdrawn_publication_is_exported_as_a_revocation(pub):
    case = decided_case(pub)
    withdraw(pub, publish(pub, case))
    [record] = batch_for(pub.officer.user).records
    assert record.operation == f.REVOKE and record.status == "已撤下" and record.valid
    assert "2026年5月6日" in record.values[f.REMARK] and "2026年5月7日撤下公示" in record.values[f.REMARK]


def test_a_republication_after_the_change_is_exported_as_a_modification(pub):
    case = decided_case(pub)
    withdraw(pub, publish(pub, case))
    publish(pub, case, on=dt.date(2026, 5, 8), late_reason="复议变更后重新公示")
    [record] = batch_for(pub.officer.user).records
    assert record.operation == f.CHANGE and record.valid
    assert "2026年5月7日撤下" in record.values[f.REMARK]


def test_published_basis_selects_by_the_latest_publication_or_withdrawal_date(pub):
    case = decided_case(pub)
    withdraw(pub, publish(pub, case))
    user = pub.officer.user
    in_may = batch_for(user, basis=PUBLISHED, start=dt.date(2026, 5, 1), end=dt.date(2026, 5, 31)).records
    assert [r.operation for r in in_may] == [f.REVOKE]
    in_march = batch_for(user, basis=PUBLISHED, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)).records
    assert in_march == []
