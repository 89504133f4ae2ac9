"""Power grants: overlap and consistency refused with precise messages; taking a power back re-routes open
cases by transfer, with a dry run that changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casemgmt.cases import models as m
from casemgmt.cases.services.base import InputError
from casemgmt.org.models import Role
from casemgmt.powers import services as ps
from casemgmt.powers.holders import catalogue_snapshot
from casemgmt.powers.models import GrantMode, PowerGrant, Transfer, TransferStatus
from casemgmt.powers.selectors import holder_on
from tests import builders as b
from tests.factories import make_officer
from tests.rules.support import at

from .conftest import grant


def new_grant(world, county, **kw):
    fields = {
        "matter": county.matter,
        "township": world.township,
        "mode": GrantMode.EMPOWER,
        "document_number": "示政〔2026〕9号",
        "published_on": dt.date(2026, 1, 1),
        "effective_from": dt.date(2026, 1, 1),
    }
    fields.update(kw)
    return PowerGrant(**fields)


def test_overlapping_grant_refused_with_the_conflicting_grant_named(world, county):
    grant(world, county.matter, effective_to=dt.date(2026, 6, 30))
    with pytest.raises(InputError) as caught:
        ps.grant_save(grant=new_grant(world, county, effective_from=dt.date(2026, 6, 30)), actor=county.admin.user)
    assert str(caught.value) == (
        "与已有赋权（示政〔2026〕1号，2026年1月1日至2026年6月30日）在城关镇人民政府的事项“CG-001”上期间重叠"
    )
    assert PowerGrant.objects.count() == 1


def test_adjacent_grant_is_accepted(world, county):
    grant(world, county.matter, effective_to=dt.date(2026, 6, 30))
    ps.grant_save(
        grant=new_grant(world, county, effective_from=dt.date(2026, 7, 1), published_on=dt.date(2026, 6, 1)),
        actor=county.admin.user,
    )
    assert PowerGrant.objects.count() == 2


def test_same_matter_for_another_township_does_not_overlap(world, county):
    grant(world, county.matter)
    ps.grant_save(grant=new_grant(world, county, township=world.other_township), actor=county.admin.user)


def test_model_validation_lists_every_problem(world, county):
    g = new_grant(
        world,
        county,
        township=world.brigade,
        effective_to=dt.date(2025, 12, 31),
        transition_until=dt.date(2026, 3, 1),
    )
    with pytest.raises(ValidationError) as caught:
        g.full_clean()
    messages = caught.value.messages
    assert "承接单位“城关镇综合行政执法大队”不是乡镇人民政府" in messages
    assert "终止日期早于生效日期" in messages
    assert "设置过渡期的须指定过渡期牵头县级部门" in messages
    assert "过渡期截止日期晚于终止日期" in messages


def test_only_an_administrator_maintains_grants(world, county):
    with pytest.raises(PermissionDenied):
        ps.grant_save(grant=new_grant(world, county), actor=world.head.user)


def test_holder_on_each_side_of_the_dates(world, county):
    grant(
        world,
        county.matter,
        effective_from=dt.date(2026, 1, 1),
        effective_to=dt.date(2026, 12, 31),
        transition_until=dt.date(2026, 3, 31),
        transition_lead=world.county_dept,
    )
    ask = lambda day: holder_on(matter=county.matter, township=world.township, on=day)  # noqa: E731
    assert ask(dt.date(2025, 12, 31))["basis"] == "source"
    assert ask(dt.date(2026, 1, 1))["basis"] == "transition"
    assert ask(dt.date(2026, 3, 31))["subject"] == world.county_dept.pk
    assert ask(dt.date(2026, 4, 1))["subject"] == world.township.pk
    assert ask(dt.date(2026, 12, 31))["basis"] == "empower"
    assert ask(dt.date(2027, 1, 1))["subject"] == world.county_dept.pk


def test_power_taken_back_lists_then_reroutes_open_cases(world, county):
    g = grant(world, county.matter)
    open_case = b.filed(world, matter=county.matter)
    decided = b.decided(world, matter=county.matter)

    dry = ps.grant_end(grant=g, last_day=dt.date(2026, 3, 31), actor=county.admin.user, dry_run=True)
    assert [(i.case.pk, i.action) for i in dry.items] == [(open_case.pk, "transfer"), (decided.pk, "keep")]
    assert dry.items[0].to_unit == world.county_dept
    g.refresh_from_db()
    assert g.effective_to is None and not Transfer.objects.exists()  # the dry run changed nothing
    assert catalogue_snapshot().grant_on(county.matter.pk, world.township.pk, dt.date(2026, 4, 1)) is not None

    done = ps.grant_end(grant=g, last_day=dt.date(2026, 3, 31), actor=county.admin.user, dry_run=False)
    g.refresh_from_db()
    assert g.effective_to == dt.date(2026, 3, 31)
    [transfer] = done.transfers
    assert (transfer.case_id, transfer.to_unit, transfer.status) == (
        open_case.pk,
        world.county_dept,
        TransferStatus.SENT,
    )
    assert "示政〔2026〕1号" in transfer.reason
    ps.transfer_accept(transfer=transfer, actor=county.dept_head.user, on=dt.date(2026, 12, 15))
    open_case.refresh_from_db()
    assert open_case.enforcement_subject == world.county_dept
    decided.refresh_from_db()
    assert decided.enforcement_subject == world.township and decided.status == m.CaseStatus.DECIDED


def test_taking_back_refused_before_the_grant_starts(world, county):
    g = grant(world, county.matter)
    with pytest.raises(InputError):
        ps.grant_end(grant=g, last_day=dt.date(2025, 12, 1), actor=county.admin.user, dry_run=False)


def test_received_case_is_reported_not_retransferred_when_power_is_taken_back(world, county):
    g = grant(world, county.matter)
    other_head = make_officer(world.other_brigade, Role.APPROVER, name="河西队长", username="hexi_head")
    case = b.clue(world, actor=world.outsider, handling_unit=world.other_brigade, discovered_on=dt.date(2026, 3, 2))
    first = ps.transfer_send(
        case=case,
        actor=other_head.user,
        to_unit=world.brigade,
        reason="违法行为发生在城关镇",
        found_at=at(dt.date(2026, 3, 3)),
        sent_at=at(dt.date(2026, 3, 3)),
    )
    ps.transfer_accept(transfer=first, actor=world.head.user, on=dt.date(2026, 3, 4), matter=county.matter)
    case.refresh_from_db()
    assert case.locality == world.township
    assert ps.grant_reroute(grant=g, on=dt.date(2026, 12, 1), actor=county.admin.user).items == []
    g.effective_to = dt.date(2026, 3, 31)
    g.save()
    result = ps.grant_reroute(grant=g, on=dt.date(2026, 4, 1), actor=county.admin.user, dry_run=False)
    assert [(i.case.pk, i.action) for i in result.items] == [(case.pk, "refused")]
    assert "指定管辖" in result.items[0].reason and result.transfers == []


def test_end_grant_command_dry_run_then_apply(world, county):
    from io import StringIO

    from django.core.management import call_command

    g = grant(world, county.matter)
    case = b.filed(world, matter=county.matter)
    out = StringIO()
    call_command("powers_end_grant", g.pk, "--last-day", "2026-03-31", "--user", county.admin.user.username, stdout=out)
    assert "试运行" in out.getvalue() and case.number in out.getvalue()
    assert not Transfer.objects.exists()
    call_command(
        "powers_end_grant",
        g.pk,
        "--last-day",
        "2026-03-31",
        "--user",
        county.admin.user.username,
        "--apply",
        stdout=out,
    )
    assert Transfer.objects.get().case == case
