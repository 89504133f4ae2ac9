"""The demo county's matter catalogue and power lists, loaded from the shipped sample files
(casemgmt/powers/samples): 91 matters in 7 fields handed to the five townships by one county decision (a few still
in their transition period). Every demo case's 案由 is one of these matters."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from casemgmt.org.models import Unit, UnitKind
from casemgmt.powers import io as powers_io
from casemgmt.powers.models import Matter

from .org import COUNTY_NAME

SAMPLES = Path(powers_io.__file__).resolve().parent / "samples"
# County departments named by the sample list that the demo's org chart does not create (no staff: they only
# appear as source departments and transition leads).
EXTRA_DEPARTMENTS = (
    ("示范县生态环境局", "县生态环境局", "生态环境"),
    ("示范县农业农村局", "县农业农村局", "农业农村"),
    ("示范县卫生健康局", "县卫生健康局", "卫生健康"),
    ("示范县应急管理局", "县应急管理局", "应急管理"),
)


def build_powers() -> None:
    county = Unit.objects.get(name=COUNTY_NAME)
    for name, short, field_name in EXTRA_DEPARTMENTS:
        Unit.objects.get_or_create(
            name=name,
            defaults={"short_name": short, "kind": UnitKind.COUNTY_DEPARTMENT, "parent": county, "field": field_name},
        )
    powers_io.import_matters((SAMPLES / "matters.csv").read_bytes(), "matters.csv")
    powers_io.import_grants((SAMPLES / "grants.csv").read_bytes(), "grants.csv")
    matter_for.cache_clear()


@cache
def matter_for(cause: str) -> Matter | None:
    """The catalogue matter whose name is the demo case's 案由."""
    return Matter.objects.filter(name=cause).first()
