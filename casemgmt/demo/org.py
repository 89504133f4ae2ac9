"""The demo county 示范县: its units, people, certificates, procedure policy and trigger tables."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password

from casemgmt.cases import models as m
from casemgmt.org.models import Certificate, CertificateStatus, Officer, Role, Unit, UnitKind
from casemgmt.org.services import membership_add, officer_create

from .identity import credit_code, person_name, phone

COUNTY_NAME = "示范县人民政府"
DEMO_PASSWORD = "demo12345"  # noqa: S105 - the published demo password, printed after loading
# The demo county's thresholds (citizen, organisation) in 元: 较大数额罚款 for hearings, and the 2026 list of
# major decisions that need legal review. The planner picks fines around them.
HEARING_FINES = (5000, 50000)
REVIEW_FINES = (10000, 100000)

TOWNSHIPS = (
    # (name, pinyin for user names, kind of 乡/镇)
    ("城关镇", "chengguan"),
    ("河西镇", "hexi"),
    ("东坝镇", "dongba"),
    ("青山乡", "qingshan"),
    ("南湖镇", "nanhu"),
)
DEPARTMENTS = (
    ("示范县城市管理局", "县城管局", "城市管理", "cgj"),
    ("示范县自然资源局", "县自然资源局", "自然资源", "zrzyj"),
    ("示范县市场监督管理局", "县市场监管局", "市场监管", "scjgj"),
)


@dataclass
class Team:
    """Who handles one unit's cases: certified officers, the approver, the agency head, a legal reviewer."""

    unit: Unit  # the handling unit (brigade, squadron or county department)
    officers: list[Officer]
    approver: Officer  # 案件审核/负责人 (brigade head): approves the internal steps — filing, extensions, closing
    # 机关负责人 of the enforcement subject: decides, chairs collective discussion, approves 先行登记保存/查封扣押,
    # signs court applications (APL Arts. 56, 57; CE Arts. 18, 55)
    agency_head: Officer
    reviewer: Officer | None  # 法制审核人员
    presiders: list[Officer] = field(default_factory=list)  # people who may preside a hearing


@dataclass
class Login:
    username: str
    role: str
    unit: str


# One login per role, printed after loading (user names as created by build_county).
LOGINS = (
    Login("admin", "管理员（超级用户）", COUNTY_NAME),
    Login("sfj01", "司法局监督评查人员", "示范县司法局"),
    Login("chengguan01", "执法人员", "城关镇综合行政执法大队"),
    Login("chengguan_zd01", "执法人员（中队）", "城关镇综合行政执法大队第一中队"),
    Login("chengguan_head", "案件审核/负责人（大队长）", "城关镇综合行政执法大队"),
    Login("chengguan_mayor", "机关负责人（镇长）", "城关镇人民政府"),
    Login("fazhi01", "法制审核人员", "城关镇、河西镇、东坝镇人民政府及县级部门（联合审核）"),
    Login("hexi01", "执法人员（其他乡镇）", "河西镇综合行政执法大队"),
    Login("cgj01", "县级部门执法人员", "示范县城市管理局"),
    Login("cgj_head", "机关负责人（局长）", "示范县城市管理局"),
)


@dataclass
class County:
    county: Unit
    justice: Unit
    teams: dict[str, Team]  # by township short name or department field; "城关镇中队" for the squadron
    people: int


class _People:
    """Creates accounts with one precomputed password hash (hashing ~45 times would take most of a minute)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.password_hash = make_password(DEMO_PASSWORD)
        self.cert_seq = 0
        self.count = 0

    def create(
        self, username: str, *, unit: Unit, role: str, name: str | None = None, qualification: str = ""
    ) -> Officer:
        officer = officer_create(
            username=username,
            name=name or person_name(self.rng),
            phone=phone(self.rng),
            legal_qualification_no=qualification,
        )
        user = officer.user
        user.password = self.password_hash
        user.save(update_fields=["password"])
        membership_add(officer=officer, unit=unit, role=role)
        self.count += 1
        return officer

    def certify(
        self, officer: Officer, *, valid_to: dt.date | None = None, status: str = CertificateStatus.VALID
    ) -> Certificate:
        self.cert_seq += 1
        start = dt.date(self.rng.randint(2021, 2024), self.rng.randint(1, 12), 1)
        return Certificate.objects.create(
            officer=officer,
            number=f"示执{start.year}{self.cert_seq:05d}",
            issuing_body="示范县人民政府",
            fields_covered="乡镇综合行政执法赋权事项（城市管理、市场监管、自然资源等）",
            valid_from=start,
            valid_to=valid_to or dt.date(start.year + 6, start.month, 1) - dt.timedelta(days=1),
            status=status,
        )


# What every demo enforcement subject's documents name as the 复议机关 and the court (set per unit, as an
# administrator would).
SUBJECT_REMEDIES = {"reconsideration_body": "示范县人民政府", "court": "示范县人民法院"}
# One township numbers its documents with a county-prefixed 代字 and no 综执, as some townships' real decisions do.
NUMBER_PREFIXES = {"河西镇": "示县河西"}


def _unit(name: str, kind: str, parent: Unit | None, short: str, rng: random.Random, **extra) -> Unit:
    return Unit.objects.create(
        name=name,
        kind=kind,
        parent=parent,
        short_name=short,
        credit_code=credit_code(rng, authority="1", kind="1") if kind != UnitKind.SQUADRON else "",
        address=f"示范县{extra.pop('address', short)}",
        seal_name=name if kind in (UnitKind.TOWNSHIP, UnitKind.COUNTY_DEPARTMENT, UnitKind.COUNTY_GOVERNMENT) else "",
        **(SUBJECT_REMEDIES if kind in (UnitKind.TOWNSHIP, UnitKind.COUNTY_DEPARTMENT) else {}),
        **extra,
    )


def build_county(rng: random.Random) -> County:
    people = _People(rng)
    county = _unit(COUNTY_NAME, UnitKind.COUNTY_GOVERNMENT, None, "示范县", rng, address="人民路1号")
    justice = _unit("示范县司法局", UnitKind.JUSTICE_BUREAU, county, "县司法局", rng, address="人民路8号")

    admin = people.create("admin", unit=county, role=Role.ADMINISTRATOR, name="管理员")
    admin.user.is_staff = admin.user.is_superuser = True
    admin.user.save(update_fields=["is_staff", "is_superuser"])
    for i in (1, 2):
        people.create(f"sfj{i:02d}", unit=justice, role=Role.SUPERVISOR)

    # Two legal reviewers with 法律职业资格 serve the townships (a joint review panel, 联合审核): the first one
    # 城关镇, 河西镇, 东坝镇 and the county departments, the second one 青山乡 and 南湖镇.
    reviewers: list[Officer] = []
    teams: dict[str, Team] = {}
    for index, (town, pinyin) in enumerate(TOWNSHIPS):
        kind_word = "乡" if town.endswith("乡") else "镇"
        township = _unit(
            f"{town}人民政府",
            UnitKind.TOWNSHIP,
            county,
            town,
            rng,
            address=f"{town}{kind_word}政府路1号",
            number_prefix=NUMBER_PREFIXES.get(town, ""),
        )
        brigade = _unit(f"{town}综合行政执法大队", UnitKind.BRIGADE, township, f"{town}综执", rng)
        if index in (0, 3):
            number = len(reviewers) + 1
            qualification = ("A20181101234567", "A20201104567890")[number - 1]
            reviewers.append(
                people.create(
                    f"fazhi{number:02d}", unit=township, role=Role.LEGAL_REVIEWER, qualification=qualification
                )
            )
        else:
            membership_add(officer=reviewers[-1], unit=township, role=Role.LEGAL_REVIEWER)
        reviewer = reviewers[-1]
        mayor = people.create(f"{pinyin}_mayor", unit=township, role=Role.AGENCY_HEAD)
        head = people.create(f"{pinyin}_head", unit=brigade, role=Role.APPROVER)
        people.certify(head)
        officers = []
        for n in range(1, 5):
            officer = people.create(f"{pinyin}{n:02d}", unit=brigade, role=Role.OFFICER)
            officers.append(officer)
        # Certificates: most valid, a few expired or suspended (those officers cannot be assigned to new cases).
        for n, officer in enumerate(officers, start=1):
            if index == 1 and n == 4:
                people.certify(officer, valid_to=dt.date(2025, 12, 31))
            elif index == 3 and n == 4:
                people.certify(officer, valid_to=dt.date(2026, 6, 30))
            elif index == 4 and n == 4:
                people.certify(officer, status=CertificateStatus.SUSPENDED)
            else:
                people.certify(officer)
        team = Team(unit=brigade, officers=officers, approver=head, agency_head=mayor, reviewer=reviewer)
        teams[town] = team
        if index == 0:
            squadron = _unit(f"{town}综合行政执法大队第一中队", UnitKind.SQUADRON, brigade, f"{town}一中队", rng)
            squad = [people.create(f"{pinyin}_zd{n:02d}", unit=squadron, role=Role.OFFICER) for n in (1, 2, 3)]
            for officer in squad:
                people.certify(officer)
            teams[f"{town}中队"] = Team(
                unit=squadron, officers=squad, approver=head, agency_head=mayor, reviewer=reviewer
            )

    for name, short, field_name, pinyin in DEPARTMENTS:
        dept = _unit(name, UnitKind.COUNTY_DEPARTMENT, county, short, rng, field=field_name)
        head = people.create(f"{pinyin}_head", unit=dept, role=Role.AGENCY_HEAD)
        membership_add(officer=head, unit=dept, role=Role.APPROVER)
        officers = [people.create(f"{pinyin}{n:02d}", unit=dept, role=Role.COUNTY_OFFICER) for n in (1, 2)]
        for officer in officers:
            people.certify(officer)
        teams[field_name] = Team(unit=dept, officers=officers, approver=head, agency_head=head, reviewer=reviewers[0])
        membership_add(officer=reviewers[0], unit=dept, role=Role.LEGAL_REVIEWER)

    # Hearing presiders: certified officers of another brigade, never investigators of the case.
    brigades = [t for key, t in teams.items() if key in dict(TOWNSHIPS)]
    for team in teams.values():
        team.presiders = [o for other in brigades if other.unit != team.unit for o in other.officers[:2]]
    return County(county=county, justice=justice, teams=teams, people=people.count)


def build_policies() -> None:
    """The county-wide procedure policy (built-in defaults) and the trigger tables of the 示范县 lists."""
    m.ProcedurePolicy.objects.create(unit=None)
    m.HearingTrigger.objects.create(
        citizen_fine=Decimal(HEARING_FINES[0]),
        organisation_fine=Decimal(HEARING_FINES[1]),
        effective_from=dt.date(2022, 1, 1),
        source="《示范省行政处罚听证程序规定》第六条（较大数额罚款：公民五千元、法人或其他组织五万元以上）",
    )
    m.ReviewTrigger.objects.create(
        citizen_fine=Decimal("20000"),
        organisation_fine=Decimal("200000"),
        effective_from=dt.date(2021, 7, 15),
        effective_to=dt.date(2025, 12, 31),
        source="《示范县重大行政执法决定法制审核目录清单（2021年版）》（示政办发〔2021〕23号）",
    )
    m.ReviewTrigger.objects.create(
        citizen_fine=Decimal(REVIEW_FINES[0]),
        organisation_fine=Decimal(REVIEW_FINES[1]),
        effective_from=dt.date(2026, 1, 1),
        source="《示范县重大行政执法决定法制审核目录清单（2026年版）》（示政办发〔2025〕41号）第三项",
    )
