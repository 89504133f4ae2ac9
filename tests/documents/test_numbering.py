"""文号: GB/T 9704 default, configurable patterns, per subject × class × year, no duplicates or gaps."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from casemgmt.cases.services import InputError
from documents import services as ds
from documents.models import AllocatedNumber, Document, NumberingClass, validate_number_pattern
from tests import builders as b
from tests.documents.support import CORRECTION as VALUES
from tests.documents.support import issue


def test_default_pattern_has_year_in_hexagonal_brackets_no_di_no_leading_zeros(sealed):
    case = b.filed(sealed)
    docs = [issue(sealed, case, "zlgz_tzs", VALUES) for _ in range(10)]
    year = timezone.localdate().year
    assert [d.number for d in docs][0] == f"城关镇综执改〔{year}〕1号"
    assert docs[-1].number == f"城关镇综执改〔{year}〕10号"
    assert not any("第" in d.number or "〔0" in d.number or "〕0" in d.number for d in docs)


def test_sequences_are_separate_per_class_and_per_subject(sealed):
    case = b.filed(sealed)
    issue(sealed, case, "zlgz_tzs", VALUES)
    inquiry = issue(
        sealed,
        case,
        "xw_tzs",
        {"inquiry_time": "2026年3月5日9时", "inquiry_place": "大队办公室", "contact": "张执法 123"},
    )
    assert inquiry.number.endswith("〕1号") and "询通" in inquiry.number


@pytest.mark.parametrize(
    "pattern",
    [
        "{prefix}{code}〔{year}〕号",
        "{prefix}{code}〔2026〕{seq}号",
        "{code}〔{year}〕{seq}号",
        "{prefix}{code}{month}{seq}",
        "{prefix{seq}",
    ],
)
def test_a_pattern_that_cannot_produce_unique_numbers_is_refused(db, admin_user, pattern):
    nc = NumberingClass.objects.get(code="罚决")
    with pytest.raises(InputError):
        ds.numbering_pattern_set(numbering_class=nc, pattern=pattern, actor=admin_user)
    nc.refresh_from_db()
    assert nc.pattern == "{prefix}{code}〔{year}〕{seq}号"


def test_a_configured_pattern_with_di_and_zero_padding_is_used(sealed, admin_user):
    nc = NumberingClass.objects.get(code="改")
    ds.numbering_pattern_set(numbering_class=nc, pattern="{prefix}{code}字〔{year}〕第{seq:03d}号", actor=admin_user)
    doc = issue(sealed, b.filed(sealed), "zlgz_tzs", VALUES)
    assert doc.number == f"城关镇综执改字〔{timezone.localdate().year}〕第001号"
    validate_number_pattern("{prefix}{code}〔{year}〕{seq}号")


def test_only_an_administrator_changes_patterns(sealed):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ds.numbering_pattern_set(
            numbering_class=NumberingClass.objects.get(code="改"),
            pattern="{prefix}{code}{year}-{seq}",
            actor=sealed.officer.user,
        )


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrency needs PostgreSQL row locks (SQLite has no SELECT … FOR UPDATE)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_get_unique_gapless_numbers(world):
    from django.db import connections

    world.township.seal_name = world.township.name
    world.township.save()
    issuers = 24
    drafts = [
        ds.document_draft(
            case=b.filed(world, discovered_on=dt.date(2026, 3, 2)),
            actor=world.officer.user,
            type_code="zlgz_tzs",
            values=VALUES,
        )
        for _ in range(issuers)
    ]
    barrier = threading.Barrier(issuers)
    errors: list[BaseException] = []

    def run(doc):
        try:
            barrier.wait()
            ds.document_issue(document=doc, actor=world.officer.user)
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = sorted(AllocatedNumber.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, issuers + 1))
    numbers = list(Document.objects.filter(pk__in=[d.pk for d in drafts]).values_list("number", flat=True))
    assert len(set(numbers)) == issuers
