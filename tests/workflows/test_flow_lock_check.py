import gc

from django.core import checks
from viewflow.workflow import flow

from workflows.checks import check_flows_have_a_real_lock


def test_project_flows_use_a_real_lock():
    messages = [w for w in checks.run_checks() if w.id == "casemgmt.W001"]
    assert messages == []


def test_flow_left_on_the_default_no_lock_is_reported():
    class UnlockedFlow(flow.Flow):
        pass

    try:
        warnings = check_flows_have_a_real_lock(None)
        assert [w.id for w in warnings] == ["casemgmt.W001"]
        assert "UnlockedFlow" in warnings[0].msg
    finally:
        del UnlockedFlow
        gc.collect()
