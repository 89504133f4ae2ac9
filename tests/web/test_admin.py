import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from casemgmt.org.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin_user = get_user_model().objects.create_superuser("root", password="pw-Secret-123")
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "org/unit",
        "org/officer",
        "org/membership",
        "org/certificate",
        "cases/procedurepolicy",
        "cases/hearingtrigger",
        "cases/reviewtrigger",
        "cases/case",
    ],
)
def test_administrator_tables_open(admin_client, world, model):
    app, name = model.split("/")
    assert admin_client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200


def test_membership_added_in_admin_joins_the_role_group(admin_client, world):
    response = admin_client.post(
        reverse("admin:org_membership_add"),
        {"officer": world.third.pk, "unit": world.township.pk, "role": Role.APPROVER},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(officer=world.third, unit=world.township, role=Role.APPROVER).exists()
    assert world.third.user.groups.filter(name=f"unit:{world.township.pk}:{Role.APPROVER}").exists()


def test_a_deputy_designated_in_admin_acts_for_the_townships_head(admin_client, world):
    from casemgmt.cases.rulebook._util import is_subject_head
    from tests import builders as b

    case = b.filed(world)
    assert not is_subject_head(case, world.third)
    response = admin_client.post(
        reverse("admin:org_membership_add"),
        {
            "officer": world.third.pk,
            "unit": world.township.pk,
            "role": Role.APPROVER,
            "acts_for_head": "on",
            "designation_ref": "城府发〔2026〕3号",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(officer=world.third, unit=world.township)
    assert (membership.acts_for_head, membership.designation_ref) == (True, "城府发〔2026〕3号")
    assert is_subject_head(case, world.third)


def test_membership_deleted_in_admin_leaves_the_role_group(admin_client, world):
    membership = Membership.objects.get(officer=world.head)
    admin_client.post(reverse("admin:org_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not world.head.user.groups.exists()
