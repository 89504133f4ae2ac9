"""Rubrics (评查标准): the shipped default, versions, and a rubric whose points do not add up refused whole."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from casemgmt.cases.rulebook import RULES
from casemgmt.cases.services.base import InputError
from casemgmt.evaluation.models import Rubric, RubricItem
from casemgmt.evaluation.rubrics import (
    active_rubric,
    rubric_activate,
    rubric_create_version,
    sync_default_rubric,
    validate_spec,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_user("admin", is_staff=True)


def test_default_rubric_is_installed_active_and_adds_up_to_100(spec):
    rubric = active_rubric()
    assert rubric is not None and rubric.name == spec["name"]
    assert sum(c.points for c in rubric.categories.all()) == Decimal("100")
    assert {c.get_group_display(): c.points for c in rubric.categories.all()} == {
        "立卷": Decimal("20"),
        "实体": Decimal("40"),
        "程序": Decimal("40"),
    }
    assert rubric.items.filter(veto=True).count() == 8
    assert validate_spec(spec) == []


def test_default_rubric_links_every_audited_rule_to_an_item():
    linked = {code for item in RubricItem.objects.filter(rubric=active_rubric()) for code in item.rule_codes}
    audited = {code for code, r in RULES.items() if r.audit}
    assert audited - linked == set()
    assert linked <= set(RULES)


def test_syncing_the_default_rubric_again_changes_nothing():
    before = Rubric.objects.count(), RubricItem.objects.count()
    sync_default_rubric()
    assert (Rubric.objects.count(), RubricItem.objects.count()) == before


def test_categories_not_totalling_100_are_refused_and_nothing_is_stored(spec, admin):
    spec["categories"][0]["points"] = 25
    before = Rubric.objects.count()
    with pytest.raises(InputError) as refused:
        rubric_create_version(spec=spec, actor=admin)
    assert "各分类分值合计为105分，应为100分" in str(refused.value)
    assert "分类F：各评查项目分值合计20分，与分类分值25分不符" in str(refused.value)
    assert Rubric.objects.count() == before
    assert active_rubric().version == 1


def test_items_not_adding_up_to_their_category_are_refused(spec):
    spec["items"][0]["points"] = 3
    assert any("分类F：各评查项目分值合计21分" in p for p in validate_spec(spec))


def test_unknown_rule_code_and_deduction_above_points_are_refused(spec):
    spec["items"][1]["rules"] = ["NO-SUCH-RULE"]
    spec["items"][2]["deduction"] = 9
    problems = validate_spec(spec)
    assert "评查项目F2：规则NO-SUCH-RULE不存在" in problems
    assert "评查项目F3：每处扣分须大于0且不超过该项分值8分" in problems


def test_a_new_version_becomes_the_active_one_and_keeps_the_old(spec, admin):
    spec["grade_thresholds"] = [[95, "优秀"], [85, "良好"], [70, "合格"]]
    new = rubric_create_version(spec=spec, actor=admin)
    assert new.version == 2 and new.is_active and new.created_by == admin
    old = Rubric.objects.get(name=spec["name"], version=1)
    assert not old.is_active and old.items.count() == new.items.count()
    assert new.grade_for(Decimal("94")) == "良好" and old.grade_for(Decimal("94")) == "优秀"


def test_only_administrators_may_change_a_rubric(spec, world):
    with pytest.raises(PermissionDenied):
        rubric_create_version(spec=spec, actor=world.evaluator.user)
    assert Rubric.objects.count() == 1


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优秀"),
        ("90", "优秀"),
        ("89.5", "良好"),
        ("80", "良好"),
        ("79.9", "合格"),
        ("60", "合格"),
        ("59", "不合格"),
    ],
)
def test_default_grade_thresholds(total, grade):
    assert active_rubric().grade_for(Decimal(total)) == grade


def test_an_older_version_can_be_made_active_again_by_an_administrator(spec, admin, world):
    new = rubric_create_version(spec=spec, actor=admin)
    old = Rubric.objects.get(name=spec["name"], version=1)
    with pytest.raises(PermissionDenied):
        rubric_activate(rubric=old, actor=world.evaluator.user)
    assert active_rubric() == new
    rubric_activate(rubric=old, actor=admin)
    assert active_rubric() == old and Rubric.objects.filter(is_active=True).count() == 1


def test_rubric_admin_lists_versions_read_only(admin, client):
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    from django.urls import reverse

    rubric = active_rubric()
    assert client.get(reverse("admin:evaluation_rubric_changelist")).status_code == 200
    page = client.get(reverse("admin:evaluation_rubric_change", args=[rubric.pk])).content.decode()
    assert "APL-42-TWO-CERTIFIED-OFFICERS" in page
    client.post(
        reverse("admin:evaluation_rubric_changelist"),
        {"action": "activate", "_selected_action": [rubric.pk]},
    )
    assert active_rubric() == rubric


def test_the_active_rubric_is_read_once_and_a_change_in_this_process_is_seen_at_once(
    spec, admin, django_assert_num_queries
):
    first = active_rubric()
    with django_assert_num_queries(0):  # every case page scores against it: cached per process
        assert active_rubric() == first
    new = rubric_create_version(spec=spec, actor=admin)
    assert active_rubric() == new
    rubric_activate(rubric=first, actor=admin)
    assert active_rubric() == first


def test_a_change_made_by_another_process_is_seen_when_the_cached_rubric_expires(spec, admin, monkeypatch):
    from casemgmt.evaluation import rubrics

    monkeypatch.setattr(rubrics, "RUBRIC_TTL_SECONDS", 3600.0)
    new = rubric_create_version(spec=spec, actor=admin, activate=False)
    first = active_rubric()
    assert first != new
    # Another process activates the new version: no signal reaches this process's cache.
    Rubric.objects.filter(pk=first.pk).update(is_active=False)
    Rubric.objects.filter(pk=new.pk).update(is_active=True)
    assert active_rubric() == first  # until the cached copy expires
    monkeypatch.setattr(rubrics, "RUBRIC_TTL_SECONDS", 0.0)
    assert active_rubric() == new
