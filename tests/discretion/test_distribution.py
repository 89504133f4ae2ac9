"""Same-violation distribution (类案不同罚): count, min, median, max per matter and tier across all units, and the
outlier flag (Tukey's fences, at least five decided cases)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from casemgmt.discretion.models import DiscretionRationale
from casemgmt.discretion.selectors import distribution, naive_distribution
from tests import builders as b

from .support import road_matter


@pytest.fixture
def matter(db):
    return road_matter()


def decided(world, matter, amounts, tier="lenient"):
    case = b.filed(world)
    DiscretionRationale.objects.bulk_create(
        [
            DiscretionRationale(
                case=case,
                matter=matter,
                party_kind="citizen",
                tier=tier,
                chosen_amount=D(a),
                decided_amount=D(a),
                reasons="测试",
                recorded_by=world.officer.user,
                recorded_on=dt.date(2026, 3, 10),
            )
            for a in amounts
        ]
    )


def test_count_min_median_max_per_matter_and_tier(world, matter):
    decided(world, matter, ["500", "200", "2000", "800"])
    decided(world, matter, ["9000"], tier="ordinary")
    dist = distribution(matter_id=matter.pk, tier="lenient")
    assert (dist.count, dist.minimum, dist.median, dist.maximum) == (4, D("200"), D("650"), D("2000"))
    assert naive_distribution(matter_id=matter.pk, tier="lenient") == (4, D("650"))
    odd = distribution(matter_id=matter.pk, tier="ordinary")
    assert (odd.count, odd.median) == (1, D("9000"))
    assert distribution(matter_id=matter.pk, tier="heavier").count == 0


def test_amount_outside_tukey_fences_is_an_outlier(world, matter):
    decided(world, matter, ["1000", "1200", "1500", "1500", "1800", "2000", "2000", "1600"])
    dist = distribution(matter_id=matter.pk, tier="lenient")
    # Sorted 1000 1200 1500 1500 1600 1800 2000 2000; linear interpolation between closest ranks:
    # Q1 = 1200 + 0.75 × 300 = 1425, Q3 = 1800 + 0.25 × 200 = 1850, IQR = 425: fences 787.5 and 2487.5.
    assert (dist.q1, dist.median, dist.q3) == (D("1425"), D("1550"), D("1850"))
    assert dist.fences == (D("787.5"), D("2487.5"))
    assert dist.is_outlier(D("2488")) and dist.is_outlier(D("787"))
    assert not dist.is_outlier(D("2487.5")) and not dist.is_outlier(D("787.5"))


def test_no_outlier_with_fewer_than_five_decided_cases(world, matter):
    decided(world, matter, ["1000", "1000", "1000", "1000"])
    assert not distribution(matter_id=matter.pk, tier="lenient").is_outlier(D("20000"))


def test_undecided_rationales_are_not_counted(world, matter):
    decided(world, matter, ["1000"])
    DiscretionRationale.objects.update(decided_amount=None)
    assert distribution(matter_id=matter.pk, tier="lenient").count == 0
