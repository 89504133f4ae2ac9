"""Benchmark corpus: N cases cloned from lawful template cases built through the real services.

Building 100,000 cases through the services would take hours, so a handful of template cases at different
stages are built through the services (so they pass the rulebook), then cloned with ``bulk_create`` across the
townships with shifted numbers and parties. Every clone gets its own hash-chained event log. Simple-history rows
are not cloned (nothing measured here reads them).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.models.events import GENESIS
from casemgmt.org.models import Certificate, Role, Unit, UnitKind
from casemgmt.org.services import membership_add, officer_create

PASSWORD = "bench-12345"
TOWNSHIPS = ["城关镇", "河西镇", "东坝镇", "青山乡", "南湖镇"]
CAUSES = ["擅自占用城市道路经营", "未经批准设置户外广告", "违法建设", "随意倾倒建筑垃圾", "露天焚烧秸秆", "无照经营"]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _officer(unit, role, username, name, *, certified=True, qualification=""):
    officer = officer_create(username=username, name=name, password=PASSWORD, legal_qualification_no=qualification)
    if certified:
        Certificate.objects.create(
            officer=officer,
            number=f"B{officer.pk:07d}",
            issuing_body="示范县人民政府",
            valid_from=dt.date(2020, 1, 1),
            valid_to=dt.date(2030, 12, 31),
        )
    membership_add(officer=officer, unit=unit, role=role)
    return officer


def build_org():
    county = Unit.objects.create(name="示范县人民政府", kind=UnitKind.COUNTY_GOVERNMENT, short_name="示范县")
    justice = Unit.objects.create(name="示范县司法局", kind=UnitKind.JUSTICE_BUREAU, parent=county)
    people = {"evaluator": _officer(justice, Role.SUPERVISOR, "b_eval", "评查员", certified=False)}
    brigades = []
    for i, name in enumerate(TOWNSHIPS):
        town = Unit.objects.create(name=f"{name}人民政府", kind=UnitKind.TOWNSHIP, parent=county, short_name=name)
        brigade = Unit.objects.create(
            name=f"{name}综合行政执法大队", kind=UnitKind.BRIGADE, parent=town, short_name=f"{name}综执"
        )
        brigades.append(brigade)
        team = {
            "officer": _officer(brigade, Role.OFFICER, f"b_off{i}", f"{name}执法员甲"),
            "colleague": _officer(brigade, Role.OFFICER, f"b_col{i}", f"{name}执法员乙"),
            "head": _officer(brigade, Role.APPROVER, f"b_head{i}", f"{name}队长"),
            "reviewer": _officer(
                town, Role.LEGAL_REVIEWER, f"b_rev{i}", f"{name}法审员", certified=False, qualification=f"A2020{i:07d}"
            ),
        }
        people[name] = team
    return brigades, people


def _template(brigade, team, *, stage: str, n: int) -> m.Case:
    """One lawful case built through the services, taken to ``stage``."""
    officer, head, reviewer = team["officer"].user, team["head"].user, team["reviewer"].user
    day = dt.date(2026, 3, 2)
    case = s.clue_register(
        actor=officer,
        handling_unit=brigade,
        source=m.ClueSource.INSPECTION,
        summary="巡查发现占道经营",
        discovered_on=day,
        cause=CAUSES[n % len(CAUSES)],
        at=_at(day),
    )
    s.party_add(
        case=case,
        actor=officer,
        kind=m.PartyKind.CITIZEN,
        name="陈某",
        id_number="110101199003077571",
        address="人民路1号",
    )
    if stage == "clue":
        return case
    s.case_file(
        case=case,
        actor=head,
        officers=[team["officer"], team["colleague"]],
        lead=team["officer"],
        approved_by=team["head"],
        on=dt.date(2026, 3, 3),
        violation_start=dt.date(2026, 3, 1),
        violation_end=dt.date(2026, 3, 2),
        facts_summary="占道经营",
    )
    for k in range(3):
        s.record_add(
            case=case,
            actor=officer,
            kind=m.RecordKind.INQUIRY,
            started_at=_at(dt.date(2026, 3, 4), 9 + k),
            ended_at=_at(dt.date(2026, 3, 4), 10 + k),
            place="人民路",
            content="询问内容" * 40,
            signers=[team["officer"], team["colleague"]],
            pages=2,
            party_signed_pages=2,
            rights_told=True,
        )
    if stage == "investigation":
        return case
    s.report_submit(
        case=case,
        actor=officer,
        on=dt.date(2026, 3, 10),
        facts="占道经营",
        evidence_summary="笔录",
        nature="违法",
        legal_basis="《城市道路管理条例》第四十二条",
        discretion_reasons="一般",
        penalty_types=["fine"],
        fine_amount=Decimal(500),
    )
    s.review_record(
        case=case,
        actor=reviewer,
        kind=m.ReviewKind.CASE,
        result=m.ReviewResult.APPROVE,
        opinion="同意",
        on=dt.date(2026, 3, 11),
    )
    notice = s.notice_issue(
        case=case,
        actor=officer,
        on=dt.date(2026, 3, 12),
        facts_and_reasons="……",
        penalty_types=["fine"],
        fine_amount=500,
    )
    s.notice_serve(
        notice=notice, actor=officer, method=m.ServiceMethod.DIRECT, recipient="陈某", delivered_on=dt.date(2026, 3, 12)
    )
    if stage == "notice":
        return case
    s.decision_make(
        case=case,
        actor=head,
        kind=m.DecisionKind.PENALTY,
        on=dt.date(2026, 3, 20),
        facts="占道经营",
        legal_basis="第四十二条",
        penalty_types=["fine"],
        fine_amount=500,
        performance="十五日内缴纳",
        remedy="六十日内复议",
    )
    s.decision_serve(
        case=case, actor=officer, method=m.ServiceMethod.DIRECT, recipient="陈某", delivered_on=dt.date(2026, 3, 23)
    )
    s.payment_record(case=case, actor=officer, kind=m.PaymentKind.FINE, amount=500, paid_on=dt.date(2026, 3, 30))
    s.disclosure_publish(case=case, actor=officer, on=dt.date(2026, 3, 24), channel="县政府网站", content="公示")
    if stage == "execution":
        return case
    s.case_close(
        case=case, actor=head, ground=m.ClosingGround.EXECUTED, ground_on=dt.date(2026, 3, 30), on=dt.date(2026, 4, 1)
    )
    return case


STAGES = ["clue", "investigation", "notice", "execution", "closed"]
# Models copied per clone, in dependency order, with their FK to another cloned row (if any).
CLONED = [
    m.Party,
    m.CaseOfficer,
    m.Record,
    m.InvestigationReport,
    m.ReviewOpinion,
    m.Notice,
    m.Decision,
    m.ServiceRecord,
    m.Payment,
    m.Disclosure,
    m.Closing,
]


def _row_copy(obj, **changes):
    data = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}
    data.update(changes)
    return type(obj)(**data)


def build_corpus(total: int, *, seed: int = 7, batch: int = 2000, progress=print) -> None:
    """Create ``total`` cases (templates included)."""
    rng = random.Random(seed)
    template_count = len(TOWNSHIPS) * len(STAGES)
    if Unit.objects.filter(name="示范县人民政府").exists():  # growing an existing corpus
        templates = list(m.Case.objects.order_by("pk")[:template_count])
    else:
        with transaction.atomic():
            brigades, people = build_org()
            templates = []
            for b_i, brigade in enumerate(brigades):
                team = people[TOWNSHIPS[b_i]]
                for n, stage in enumerate(STAGES):
                    templates.append(_template(brigade, team, stage=stage, n=n))
    # The services update their own locked copy of the row: read the templates back.
    templates = list(
        m.Case.objects.filter(pk__in=[t.pk for t in templates]).select_related("clue", "enforcement_subject")
    )
    existing = m.Case.objects.count()
    made = existing
    while made < total:
        size = min(batch, total - made)
        with transaction.atomic():
            _clone_batch(templates, size, rng, start=made)
        made += size
        progress(f"  {made}/{total} cases")


def _clone_batch(templates, size, rng, *, start):
    sources = [rng.choice(templates) for _ in range(size)]
    clues, cases = [], []
    for t in sources:
        shift = dt.timedelta(days=rng.randint(0, 200))
        clue = _row_copy(t.clue, discovered_on=t.clue.discovered_on + shift)
        clues.append(clue)
    m.Clue.objects.bulk_create(clues, batch_size=1000)
    for i, (t, clue) in enumerate(zip(sources, clues, strict=True)):
        n = start + i + 1
        cases.append(
            _row_copy(
                t,
                clue_id=clue.pk,
                number=f"{t.enforcement_subject.short_name}立〔2026〕{n}号" if t.number else "",
                discovered_on=clue.discovered_on,
                version=t.version,
            )
        )
    m.Case.objects.bulk_create(cases, batch_size=1000)
    by_template: dict[int, list[m.Case]] = {}
    for t, c in zip(sources, cases, strict=True):
        by_template.setdefault(t.pk, []).append(c)
    for t_pk, clones in by_template.items():
        t = next(x for x in templates if x.pk == t_pk)
        for model in CLONED:
            rows = list(model.objects.filter(case_id=t.pk))
            if not rows:
                continue
            copies = []
            for c in clones:
                for row in rows:
                    changes = {"case_id": c.pk}
                    if model is m.Party:
                        changes["name"] = f"当事人{c.pk}"
                        changes["id_number"] = f"9133{c.pk:014d}"[:18]
                    copies.append(_row_copy(row, **changes))
            model.objects.bulk_create(copies, batch_size=2000)
        events = list(m.CaseEvent.objects.filter(case_id=t.pk).order_by("seq"))
        copies = []
        for c in clones:
            prev = GENESIS
            for e in events:
                copy = _row_copy(e, case_id=c.pk, prev_hash=prev)
                copy.hash = copy.compute_hash()
                prev = copy.hash
                copies.append(copy)
        m.CaseEvent.objects.bulk_create(copies, batch_size=5000)
        heads = {copy.case_id: copy for copy in copies}  # the last copy of each clone is its newest event
        m.CaseLogHead.objects.bulk_create(
            [m.CaseLogHead(case_id=c, count=e.seq, last_hash=e.hash) for c, e in heads.items()], batch_size=5000
        )
