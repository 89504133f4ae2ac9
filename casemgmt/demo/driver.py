"""Performs a planned demo case through the case services, so every act passes the rulebook's gates.

The driver asks the rulebook (not its own copy of the law) whether the notice must carry the hearing right
and whether the decision needs legal review."""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib
from decimal import ROUND_DOWN, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases import services as s
from casemgmt.cases.actions import ACTIONS
from casemgmt.cases.clocks import surcharge
from casemgmt.cases.legaltext import performance_text, subject_remedy_text
from casemgmt.cases.models.penalty import penalty_labels
from casemgmt.cases.rulebook import load_facts
from casemgmt.cases.rulebook.closing import ground_date
from casemgmt.cases.rulebook.triggers import hearing_reasons, legal_review_reasons
from casemgmt.cases.services.act import perform_act
from casemgmt.cases.services.base import acting_at
from documents.context import address_word
from workflows import engine

from .catalogue import NOT_FILED_REASONS, SUSPEND_REASONS, TERMINATE_REASONS
from .discretion import demo_no_penalty_review, demo_rationale
from .documents import FileProgress, complete_case_file
from .powers import matter_for
from .scenarios import Plan
from .timeline import ActClock, local_time

LAST_CLUE_TIME = dt.time(15, 30)  # a clue registered later leaves no office hours for the acts of its day
# Steps whose acts no document of the file records (documents.requirements): a day of only these adds nothing.
NO_DOCUMENT_STEPS = frozenset({"clue", "pay", "pay_part", "pay_late", "publish", "challenge"})

EVIDENCE_TYPES = (
    ("照片", m.EvidenceType.AUDIOVISUAL),
    ("笔录", m.EvidenceType.SITE_RECORD),
    ("意见", m.EvidenceType.EXPERT_OPINION),
    ("卫片", m.EvidenceType.ELECTRONIC),
)
# Case service -> the action code of the registry entry that binds it.
ACTION_OF = {action.service.rpartition(".")[2]: action.code for action in ACTIONS}
CHANNEL = "示范县人民政府门户网站“行政执法公示”专栏"
PAY_AT = "持本决定书到示范县农村商业银行各营业网点缴纳罚没款"


def performance_for(case: m.Case) -> str:
    """履行方式和期限 with the payment period and surcharge rate of the case's procedure policy."""
    return performance_text(m.ProcedurePolicy.for_unit(case.enforcement_subject), how=PAY_AT)


def remedy_for(case: m.Case) -> str:
    """救济途径和期限 with the 复议/诉讼 periods of the case's procedure policy, its 复议机关 and court."""
    return subject_remedy_text(case.enforcement_subject)


def basis_for(case: m.Case, plan_matter) -> str:
    """The decision's 处罚依据 chosen from the provisions of the case's catalogue matter (violated and penalty
    provision), as the decision form offers them; the plan's own citation for a case without one."""
    from casemgmt.cases.provisions import basis_choices
    from casemgmt.discretion.services import case_matter

    matter = case_matter(case)
    choices = basis_choices(matter) if matter is not None else []
    return choices[-1][0] if choices else f"{plan_matter.violated}；{plan_matter.basis}"


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def tiny_png(rgb: tuple[int, int, int]) -> bytes:
    """A valid 8×8 single-colour PNG, standing in for a scene photo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


class Driver:
    """Runs one plan. With ``flow`` the case also runs through its viewflow flow (as in the web UI), so that
    the next task shows in the inbox; closed cases skip that bookkeeping."""

    def __init__(
        self,
        plan: Plan,
        *,
        rng: random.Random,
        files: bool = True,
        flow: bool = True,
        clock: ActClock | None = None,
        case_file: frozenset[str] | None = None,
    ):
        """``clock`` gives each act its time on its legal date (its own generator, so the data stay those of
        the seed); ``case_file``: draw up the case's documents as it goes, but the types named (a closed case's
        file; None: no documents)."""
        self.plan = plan
        self.rng = rng
        self.clock = clock or ActClock(random.Random(f"{plan.index}:clock"))
        self.case_file = case_file
        self.file_progress = FileProgress()
        self.day: dt.date | None = None  # the legal date of the step being performed
        self.files = files
        self.flow = flow
        self.case: m.Case | None = None
        self.lead = plan.officers[0]
        self.team = plan.team
        self.fine = plan.fine  # may drop after an adopted statement
        self.answer = "当事人在法定期限内未提出陈述、申辩"
        self.measure = None
        self.statement = None
        self.hearing = None
        self.notice = None
        self._facts = None  # facts for the trigger tables, loaded once for review and notice
        self.ground_on: dt.date | None = None
        self.violation_end: dt.date | None = None
        self.area = rng.randint(3, 120)

    # --- helpers ------------------------------------------------------------------------------------------------

    @property
    def party_name(self) -> str:
        return self.plan.party.name

    def facts_text(self) -> str:
        day = self.violation_end or self.plan.first_day
        return self.plan.matter.facts.format(
            party=self.party_name, place=self.plan.place, date=f"{day.year}年{day.month}月{day.day}日", area=self.area
        )

    def run(self) -> m.Case:
        with transaction.atomic():
            day_steps: set[str] = set()
            for step in self.plan.steps:
                if self.day is not None and step.on > self.day:
                    if day_steps - NO_DOCUMENT_STEPS or self.file_progress.unserved:
                        self.file_documents(until=self.day)
                    day_steps = set()
                self.day = step.on
                day_steps.add(step.action)
                try:
                    getattr(self, f"do_{step.action}")(step.on)
                except Exception as exc:
                    steps = ", ".join(f"{s.action} {s.on}" for s in self.plan.steps)
                    exc.add_note(
                        f"demo case #{self.plan.index} ({self.plan.scenario}, {self.plan.tier}) at {step.action} {step.on}: {steps}"
                    )
                    raise
            if self.day is not None:
                self.file_documents(until=self.day, final=True)
        return self.case

    def file_documents(self, *, until: dt.date, final: bool = False) -> None:
        """A closed case's file drawn up as the case goes: the documents of the acts up to ``until`` at the end of
        that day (and all that remain on the case's last day), so that the case's log keeps the order of its
        days."""
        if self.case_file is None or self.case is None:
            return
        complete_case_file(
            self.case,
            omit=self.case_file,
            place=self.plan.place,
            until=until,
            final=final,
            clock=self.clock,
            progress=self.file_progress,
        )

    def acting(self, not_before: dt.datetime | None = None):
        """Record what runs inside at the next time of the step's day (``acting_at``)."""
        return acting_at(self.clock.tick(self.day, not_before=not_before))

    def call(self, service, not_before: dt.datetime | None = None, **kwargs):
        """One case action: the service call, through the case's flow (as the web UI does) when a task of the
        flow waits for that action; recorded at the next time of its day (``not_before``: e.g. after the record
        it enters was made)."""
        code = ACTION_OF[service.__name__]
        at = self.clock.tick(self.day, not_before=not_before)
        if not self.flow:
            with acting_at(at):
                return service(**kwargs)
        return perform_act(code, case=self.case, actor=kwargs["actor"], call=lambda: service(**kwargs), at=at)

    def penalty_text(self) -> str:
        parts = []
        for kind in self.plan.penalty_types:
            if kind == m.PenaltyType.FINE:
                parts.append(f"罚款人民币{self.fine:,.0f}元")
            elif kind == m.PenaltyType.CONFISCATE_INCOME:
                parts.append(f"没收违法所得人民币{self.plan.confiscation:,.0f}元")
            else:
                parts.append(penalty_labels([kind]))
        return "、".join(parts)

    def decision_day(self, fallback: dt.date) -> dt.date:
        return self.plan.day_of("decide") or fallback

    # --- intake and filing --------------------------------------------------------------------------------------

    def do_clue(self, on: dt.date) -> None:
        plan, matter = self.plan, self.plan.matter
        source = matter.source if plan.procedure == m.ProcedureType.ORDINARY else m.ClueSource.INSPECTION
        reported = at(on, self.rng.randint(8, 16), self.rng.randint(0, 59))
        registered = self.clock.tick(on, not_before=min(reported, local_time(on, LAST_CLUE_TIME)))
        with acting_at(registered):
            self._register_clue(on, source)
        self.violation_end = on - dt.timedelta(days=self.rng.randint(0, 3))
        if plan.options.get("party", True):
            p = plan.party
            self.call(s.party_add, case=self.case, actor=self.lead.user, kind=p.kind, name=p.name, id_number=p.id_number,
                legal_representative=p.legal_representative, address=p.address, phone=p.phone, service_address=p.address,
                service_address_confirmed=p.service_address_confirmed, electronic_service_consent=p.electronic_service_consent,
                electronic_address=p.electronic_address,
            )  # fmt: skip

    def _register_clue(self, on: dt.date, source: str) -> None:
        plan, matter = self.plan, self.plan.matter
        self.case = s.clue_register(
            actor=self.lead.user,
            handling_unit=self.team.unit,
            source=source,
            summary=matter.clue.format(party=self.party_name, place=plan.place),
            discovered_on=on,
            cause=matter.cause,
            matter=matter_for(matter.cause),
            procedure=plan.procedure,
            reporter="群众电话举报（12345热线转办）" if source == m.ClueSource.COMPLAINT else "",
        )
        if self.flow:
            engine.start_for_case(self.case)

    def do_decline(self, on: dt.date) -> None:
        self.call(
            s.case_decline_filing,
            case=self.case,
            actor=self.lead.user,
            approved_by=self.team.approver,
            on=on,
            reason=self.rng.choice(NOT_FILED_REASONS),
        )

    def do_file(self, on: dt.date) -> None:
        self.case = self.call(
            s.case_file,
            case=self.case,
            actor=self.lead.user,
            officers=self.plan.officers,
            lead=self.lead,
            approved_by=self.team.approver,
            on=on,
            violation_start=self.violation_end - dt.timedelta(days=self.rng.randint(0, 20)),
            violation_end=self.violation_end,
            facts_summary=self.facts_text(),
            violation_place=self.plan.place,
            is_complex=self.plan.tier == "major" and self.rng.random() < 0.3,
        )

    # --- investigation ------------------------------------------------------------------------------------------

    def _evidence(self, on: dt.date, title: str, kind: str | None = None) -> None:
        kind = kind or next((k for word, k in EVIDENCE_TYPES if word in title), m.EvidenceType.DOCUMENTARY)
        upload = None
        if self.files and "照片" in title and self.rng.random() < 0.3:
            colour = (self.rng.randint(0, 255), self.rng.randint(0, 255), self.rng.randint(0, 255))
            upload = SimpleUploadedFile(f"{title}.png", tiny_png(colour), content_type="image/png")
        collected = at(on, 10, 30)
        self.call(s.evidence_add, not_before=collected, case=self.case, actor=self.lead.user, evidence_type=kind, title=title, collected_at=collected,
            place=self.plan.place, collected_by=self.plan.officers[:2], description=f"证明{self.party_name}的违法事实",
            source=self.party_name if kind == m.EvidenceType.DOCUMENTARY else "执法人员现场收集", upload=upload,
        )  # fmt: skip

    def _record(self, on: dt.date, kind: str, hour: int, **extra) -> None:
        pages = self.rng.randint(1, 3)
        refused = kind == m.RecordKind.INSPECTION and self.rng.random() < 0.1
        start = at(on, hour, self.rng.choice((0, 15, 30)))
        end = start + dt.timedelta(minutes=self.rng.randint(25, 90))
        self.call(
            s.record_add,
            not_before=end,  # entered once the record is signed
            case=self.case,
            actor=self.lead.user,
            kind=kind,
            started_at=start,
            ended_at=end,
            place=self.plan.place if kind == m.RecordKind.INSPECTION else f"{self.team.unit.name}询问室",
            content=f"经{'现场检查' if kind == m.RecordKind.INSPECTION else '询问'}，{self.facts_text()}",
            signers=self.plan.officers[:2],
            pages=pages,
            party_signed_pages=0 if refused else pages,
            party_refused=refused,
            refusal_note="当事人拒绝在笔录上签名" if refused else "",
            witness=f"社区网格员{self.rng.choice('王李张刘陈')}某" if refused else "",
            media_reference=f"执法记录仪DSJ-{self.rng.randint(1000, 9999)}"
            if refused or self.rng.random() < 0.5
            else "",
            rights_told=True,
            **extra,
        )

    def do_inspect(self, on: dt.date) -> None:
        self._record(on, m.RecordKind.INSPECTION, 9)
        for title in self.plan.matter.evidence[:2]:
            if "笔录" not in title:
                self._evidence(on, title)

    def do_inquire(self, on: dt.date) -> None:
        interviewee = self.plan.party.legal_representative or self.party_name
        self._record(on, m.RecordKind.INQUIRY, 14, interviewee=interviewee)  # the 询问笔录 is the party's statement
        for title in self.plan.matter.evidence[2:]:
            self._evidence(on, title)

    def do_preserve(self, on: dt.date) -> None:
        self.measure = self.call(s.measure_take, not_before=at(on, 11), case=self.case, actor=self.lead.user, kind=m.MeasureKind.PRESERVATION, items="涉案经营工具一批（详见物品清单）",
            started_on=on, taken_at=at(on, 11), approved_by=self.team.agency_head,  # APL Art. 56: the agency head
        )  # fmt: skip

    def do_dispose(self, on: dt.date) -> None:
        disposal = self.rng.choice((m.MeasureDisposal.RECORDED, m.MeasureDisposal.RELEASED))
        self.call(s.measure_dispose, measure=self.measure, actor=self.lead.user, disposal=disposal, on=on)

    def do_suspend(self, on: dt.date) -> None:
        self.call(s.case_suspend, case=self.case, actor=self.lead.user, approved_by=self.team.approver, on=on, kind=m.SuspensionKind.INVESTIGATION,
            reason=self.rng.choice(SUSPEND_REASONS),
        )  # fmt: skip

    def do_extend(self, on: dt.date) -> None:
        self.call(
            s.deadline_extend,
            case=self.case,
            actor=self.team.approver.user,
            on=on,
            days=30,
            reason="案情复杂，涉案面积须测绘确认，九十日内不能作出决定",
        )

    def do_terminate(self, on: dt.date) -> None:
        self.call(
            s.case_terminate,
            case=self.case,
            actor=self.lead.user,  # proposed by the lead officer, approved by the head: nobody approves his own act
            approved_by=self.team.approver,
            on=on,
            reason=self.rng.choice(TERMINATE_REASONS),
        )
        self.ground_on = on

    def do_withdraw(self, on: dt.date) -> None:
        self.call(s.case_withdraw, case=self.case, actor=self.lead.user, approved_by=self.team.approver, on=on,
            reason="经进一步核查，涉案事项属于县级部门保留的执法事项，本机关无管辖权，撤销立案并移交",
        )  # fmt: skip

    # --- report, review, notice ---------------------------------------------------------------------------------

    def do_report(self, on: dt.date) -> None:
        plan, matter = self.plan, self.plan.matter
        no_penalty = plan.scenario == "no_penalty"
        self.call(
            s.report_submit,
            case=self.case,
            actor=self.lead.user,
            on=on,
            facts=self.facts_text(),
            evidence_summary="、".join((*matter.evidence, "询问笔录")),
            nature=f"当事人的行为违反了{matter.violated}的规定",
            legal_basis=matter.basis if not no_penalty else "《中华人民共和国行政处罚法》第三十三条第一款",
            discretion_reasons="初次违法且危害后果轻微，并已及时改正" if no_penalty else "依据裁量基准，属一般情节",
            penalty_types=[] if no_penalty else plan.penalty_types,
            fine_amount=0 if no_penalty else plan.fine,
            confiscation_amount=0 if no_penalty else plan.confiscation,
            proposes_no_penalty=no_penalty,
        )

    def trigger_facts(self):
        """The case's facts for the trigger tables. Parties and case flags do not change between the review and
        the notice, so one load serves both."""
        if self._facts is None:
            self._facts = load_facts(self.case)
        return self._facts

    def _needs_legal_review(self, on: dt.date) -> bool:
        if self.plan.scenario == "no_penalty":
            return False
        facts = self.trigger_facts()
        return bool(
            legal_review_reasons(
                facts,
                types=self.plan.penalty_types,
                fine=self.fine,
                confiscation=self.plan.confiscation,
                is_reduction=False,
                on=on,
            )
        )

    def do_review(self, on: dt.date) -> None:
        if self._needs_legal_review(self.decision_day(on)):
            self.call(s.review_record, case=self.case, actor=self.team.reviewer.user, kind=m.ReviewKind.LEGAL, result=m.ReviewResult.APPROVE,
                opinion="经审核，执法主体合法，事实清楚，证据确凿，适用依据正确，程序合法，处罚适当，同意调查终结报告意见。", on=on,
            )  # fmt: skip
        else:
            self.call(s.review_record, case=self.case, actor=self.team.approver.user, kind=m.ReviewKind.CASE, result=m.ReviewResult.APPROVE,
                opinion="事实清楚，证据充分，同意承办人员意见。", on=on,
            )  # fmt: skip

    def do_review_return(self, on: dt.date) -> None:
        self.call(s.review_record, case=self.case, actor=self.team.approver.user, kind=m.ReviewKind.CASE, result=m.ReviewResult.INVESTIGATE,
            opinion="违法行为持续时间及违法所得证据不足，建议补充调查。", on=on,
        )  # fmt: skip

    def do_notice(self, on: dt.date) -> None:
        facts = self.trigger_facts()
        right = bool(
            hearing_reasons(
                facts, types=self.plan.penalty_types, fine=self.fine, confiscation=self.plan.confiscation, on=on
            )
        )
        self.notice = self.call(
            s.notice_issue,
            case=self.case,
            actor=self.lead.user,
            on=on,
            # The facts; the 事先告知书 adds the provisions cited from the matter and the intended penalty.
            facts_and_reasons=self.facts_text(),
            penalty_types=self.plan.penalty_types,
            fine_amount=self.fine,
            confiscation_amount=self.plan.confiscation,
            includes_hearing_right=right,
        )

    def do_serve_notice(self, on: dt.date) -> None:
        self.call(
            s.notice_serve,
            notice=self.notice,
            actor=self.lead.user,
            method=m.ServiceMethod.DIRECT,
            recipient=self.party_name,
            delivered_on=on,
        )

    def do_waiver(self, on: dt.date) -> None:
        # The party signs a written waiver; it is registered (uploaded) as evidence, then recorded as the waiver.
        # Where the notice told the party of the hearing right, the party waives both rights in the one document.
        both = bool(self.notice is not None and self.notice.includes_hearing_right)
        rights = "陈述、申辩和听证" if both else "陈述、申辩"
        text = f"本人{self.party_name}已收到行政处罚事先告知书，自愿放弃{rights}权利。\n签名：{self.party_name}\n{on:%Y年%m月%d日}\n"
        evidence = self.call(s.evidence_add, not_before=at(on, 9), case=self.case, actor=self.lead.user, evidence_type=m.EvidenceType.DOCUMENTARY,
            title=f"当事人放弃{rights}权利声明书", collected_at=at(on, 9), place=f"{self.team.unit.name}办公室",
            collected_by=self.plan.officers[:2], description=f"证明当事人书面放弃{rights}权利", source=self.party_name,
            upload=SimpleUploadedFile("放弃权利声明书.txt", text.encode(), content_type="text/plain"),
        )  # fmt: skip
        self.call(
            s.statement_waive,
            case=self.case,
            actor=self.lead.user,
            received_on=on,
            signed_document=evidence,
            waives_statement=True,
            waives_hearing=both,
            content=f"当事人书面声明放弃{rights}权利",
        )
        self.answer = f"当事人书面放弃{rights}权利"

    def do_statement(self, on: dt.date) -> None:
        self.statement = self.call(s.statement_record, case=self.case, actor=self.lead.user, kind=m.StatementKind.STATEMENT, received_on=on,
            content="当事人称系初次违法，已经自行整改，家庭经济困难，请求从轻或者减轻处罚。",
        )  # fmt: skip

    def do_recheck(self, on: dt.date) -> None:
        # An adopted statement lowers the fine (从轻), never below the provision's minimum.
        matter, citizen = self.plan.matter, self.plan.party.kind != m.PartyKind.ORGANISATION
        floor = Decimal((matter.citizen_fines if citizen else matter.organisation_fines)[0])
        lower = max(floor, (self.fine * 8 / 1000).quantize(Decimal(1), rounding=ROUND_DOWN) * 100)
        adopted = self.rng.random() < 0.3 and lower < self.fine
        if adopted:
            self.fine = lower
        self.call(
            s.statement_recheck,
            statement=self.statement,
            actor=self.lead.user,
            recheck="经复核，当事人已主动整改，所提从轻处罚理由成立，予以采纳"
            if adopted
            else "经复核，当事人提出的理由不足以影响处罚，不予采纳",
            adopted=adopted,
            on=on,
        )
        self.answer = f"当事人提出陈述、申辩，经复核{'予以采纳，依法从轻处罚' if adopted else '不予采纳'}"

    def do_hearing_request(self, on: dt.date) -> None:
        self.call(
            s.statement_record,
            case=self.case,
            actor=self.lead.user,
            kind=m.StatementKind.HEARING_REQUEST,
            received_on=on,
            content="当事人书面申请听证",
        )
        self.answer = "当事人申请听证，听证意见已在听证报告中复核"

    def do_hearing_schedule(self, on: dt.date) -> None:
        held = self.plan.day_of("hearing_hold") or self.plan.steps[-1].on
        scheduled = held if held > on else self._days_after(on, self.rng.randint(7, 10))
        drawn = self.rng.choice(self.team.presiders)  # drawn as before, so the rest of the demo stays the same
        self.hearing = self.call(
            s.hearing_schedule,
            case=self.case,
            actor=self.lead.user,
            presider=self._presider(scheduled) or drawn,
            notice_served_on=on,
            scheduled_on=scheduled,
        )

    def _presider(self, on: dt.date):
        """A non-investigator the organ designates (APL Art. 64(4)): a certified officer of the case's brigade if one
        is free, else a member of the case's units (e.g. a county department's other staff), certified first."""
        for officer in [*self.team.officers, self.team.approver]:
            if officer not in self.plan.officers and officer.valid_certificate(on) is not None:
                return officer
        from casemgmt.org.models import Officer
        from casemgmt.org.tree import unit_tree

        case_units = {self.case.handling_unit_id, self.case.enforcement_subject_id}
        case_units |= set(self.case.caseassist_set.values_list("unit_id", flat=True))
        investigators = {o.pk for o in self.plan.officers} | set(
            self.case.officers.filter(released_at__isnull=True).values_list("officer_id", flat=True)
        )
        candidates = list(
            Officer.objects.filter(memberships__unit_id__in=unit_tree().subtree(case_units))
            .exclude(pk__in=investigators)
            .distinct()
            .order_by("pk")
            .prefetch_related("certificates")
        )
        certified = [o for o in candidates if o.valid_certificate(on) is not None]
        return (certified or candidates or [None])[0]

    def _days_after(self, on: dt.date, n: int) -> dt.date:
        from casemgmt.legalcal.calendar import add_working_days

        return add_working_days(on, n).date

    def do_hearing_hold(self, on: dt.date) -> None:
        absent = self.rng.random() < 0.15
        self.call(s.hearing_hold, hearing=self.hearing, actor=self.lead.user, held_on=on, ended_on=on, party_absent=absent,
            report="" if absent else "听证会上当事人对违法事实无异议，对处罚幅度提出异议；主持人认为原拟处罚适当，建议维持。",
        )  # fmt: skip
        if absent:
            self.answer = "当事人无正当理由未参加听证，视为放弃听证权利"

    def do_post_review(self, on: dt.date) -> None:
        if load_facts(self.case).held_hearing is None:
            return
        self.call(s.review_record, case=self.case, actor=self.team.reviewer.user, kind=m.ReviewKind.LEGAL, result=m.ReviewResult.APPROVE,
            opinion="听证结束后审核：当事人听证意见不影响事实认定，处罚适当，同意。", on=on,
        )  # fmt: skip

    def do_discussion(self, on: dt.date) -> None:
        head, approver = self.team.agency_head, self.team.approver
        reviewer = self.team.reviewer
        self.call(
            s.discussion_record,
            case=self.case,
            actor=head.user,
            held_on=on,
            participants=f"{head.name}（主持）、分管负责人、{approver.name}、{reviewer.name}（法制审核人员，列席）",
            conclusion=f"同意对{self.party_name}作出{self.penalty_text()}的行政处罚",
        )

    # --- decision and after -------------------------------------------------------------------------------------

    def do_decide(self, on: dt.date) -> None:
        matter = self.plan.matter
        self.call(
            s.decision_make,
            case=self.case,
            actor=self.team.agency_head.user,
            kind=m.DecisionKind.PENALTY,
            on=on,
            facts=self.facts_text(),  # the 决定书 lists the evidence from the case's records and evidence items
            legal_basis=basis_for(self.case, matter),
            penalty_types=self.plan.penalty_types,
            fine_amount=self.fine,
            confiscation_amount=self.plan.confiscation,
            performance=performance_for(self.case),
            remedy=remedy_for(self.case),
            statement_handling=self.answer,
            correction_order=f"责令{address_word(self.case.parties.first())}立即停止{matter.cause}的违法行为，并于本决定书送达之日起十五日内改正。",
            discretion_tier="一般",
            benchmark_ref="《示范县乡镇综合行政执法行政处罚裁量基准（2025年版）》",
            discretion=demo_rationale(self.case, self.fine),
        )
        self.ground_on = on

    def do_decide_no_penalty(self, on: dt.date) -> None:
        with self.acting():
            demo_no_penalty_review(self.case, self.team.agency_head.user, on)  # discretion issue: rule 16 needs it
        self.call(s.decision_make, case=self.case, actor=self.team.agency_head.user, kind=m.DecisionKind.NO_PENALTY_FIRST, on=on,
            facts=f"{self.facts_text()}当事人系初次违法，危害后果轻微并已及时改正。",
            legal_basis="《中华人民共和国行政处罚法》第三十三条第一款", remedy=remedy_for(self.case),
        )  # fmt: skip
        self.ground_on = on

    def do_decide_transfer(self, on: dt.date) -> None:
        self.call(s.decision_make, case=self.case, actor=self.team.agency_head.user, kind=m.DecisionKind.CRIMINAL_REFERRAL, on=on,
            facts=f"{self.facts_text()}经调查，涉案数额巨大，涉嫌构成犯罪。",
            legal_basis="《中华人民共和国行政处罚法》第二十七条第一款；《行政执法机关移送涉嫌犯罪案件的规定》第三条",
            transfer_to="示范县公安局",
        )  # fmt: skip
        self.ground_on = on

    def do_serve_decision(self, on: dt.date) -> None:
        party = self.plan.party
        methods = [m.ServiceMethod.DIRECT] * 6 + [m.ServiceMethod.POSTAL, m.ServiceMethod.LEFT]
        if party.electronic_service_consent:
            methods += [m.ServiceMethod.ELECTRONIC] * 2
        method = self.rng.choice(methods)
        self.call(s.decision_serve, case=self.case, actor=self.lead.user, method=method,
            recipient=party.legal_representative if party.kind == m.PartyKind.ORGANISATION else party.name, delivered_on=on,
            witness=f"村（居）委会工作人员{self.rng.choice('王李张刘陈')}某" if method == m.ServiceMethod.LEFT else "",
            media_reference=f"EMS{self.rng.randint(10**11, 10**12 - 1)}" if method == m.ServiceMethod.POSTAL else "",
        )  # fmt: skip

    def do_publish(self, on: dt.date) -> None:
        if set(self.plan.penalty_types) == {m.PenaltyType.WARNING}:
            return  # warnings are not published
        self.case.refresh_from_db(fields=["number"])
        self.call(s.disclosure_publish, case=self.case, actor=self.lead.user, on=on, channel=CHANNEL,
            content=f"{self.case.number}：{self.party_name}，{self.plan.matter.cause}，{self.penalty_text()}。",
        )  # fmt: skip

    def _pay(self, on: dt.date, amount: Decimal, kind: str = m.PaymentKind.FINE) -> None:
        self.call(s.payment_record, case=self.case, actor=self.lead.user, kind=kind, amount=amount, paid_on=on,
            receipt_number=f"FS{on:%Y%m%d}{self.rng.randint(10000, 99999)}",
        )  # fmt: skip
        self.ground_on = on

    def _owed(self, kind: str = m.PaymentKind.FINE) -> Decimal:
        decision = self.case.decisions.order_by("-id").first()
        due = decision.confiscation_amount if kind == m.PaymentKind.CONFISCATION else decision.fine_amount
        return due - sum((p.amount for p in self.case.payments.filter(kind=kind)), Decimal(0))

    def do_pay(self, on: dt.date) -> None:
        for kind in (m.PaymentKind.FINE, m.PaymentKind.CONFISCATION):
            owed = self._owed(kind)
            if owed > 0:
                self._pay(on, owed, kind)

    def do_deferment(self, on: dt.date) -> None:
        self.call(s.deferment_approve, case=self.case, actor=self.team.approver.user, on=on, until=on + dt.timedelta(days=self.rng.randint(60, 90)),
            instalments=3, reason="当事人因经营困难书面申请分三期缴纳罚款",
        )  # fmt: skip

    def do_pay_part(self, on: dt.date) -> None:
        self._pay(on, (self._owed() / 3).quantize(Decimal("1"), rounding=ROUND_DOWN))

    def do_pay_late(self, on: dt.date) -> None:
        self.do_pay(on)
        owed = surcharge(load_facts(self.case), on=on)
        if owed > 0:
            self._pay(on, owed, m.PaymentKind.SURCHARGE)

    def do_challenge(self, on: dt.date) -> None:
        self.call(
            s.challenge_record, case=self.case, actor=self.lead.user, kind=m.RemedyKind.RECONSIDERATION, filed_on=on
        )

    def do_reminder(self, on: dt.date) -> None:
        self.call(s.reminder_issue, case=self.case, actor=self.lead.user, issued_on=on, served_on=self.plan.options["reminder_served"],
            content="请于收到本催告书之日起十日内履行行政处罚决定确定的缴纳罚款义务，逾期将依法申请人民法院强制执行。",
        )  # fmt: skip

    def do_court(self, on: dt.date) -> None:
        self.call(s.court_apply, case=self.case, actor=self.team.agency_head.user, on=on, court="示范县人民法院")

    def do_close(self, on: dt.date) -> None:
        self.case.refresh_from_db()
        decision = self.case.decisions.order_by("-id").first()
        if self.case.status == m.CaseStatus.TERMINATED:
            ground = m.ClosingGround.INVESTIGATION_TERMINATED
        elif decision.kind in (m.DecisionKind.TRANSFER, m.DecisionKind.CRIMINAL_REFERRAL):
            ground = m.ClosingGround.TRANSFERRED
        elif decision.kind != m.DecisionKind.PENALTY:
            ground = m.ClosingGround.NO_PENALTY
        else:
            ground = m.ClosingGround.EXECUTED
        # The rulebook knows the day the ground occurred (service, last payment, decision); ask it.
        ground_on = ground_date(load_facts(self.case), ground) or self.ground_on
        self.call(s.case_close, case=self.case, actor=self.team.approver.user, ground=ground, ground_on=ground_on, on=on,
            summary=dict(m.ClosingGround.choices)[ground] + "，予以结案。",
        )  # fmt: skip

    # --- summary procedure --------------------------------------------------------------------------------------

    def do_summary(self, on: dt.date) -> None:
        matter = self.plan.matter
        collect = bool(self.plan.options.get("collect")) and 0 < self.fine <= 100
        self.call(
            s.summary_decide,
            case=self.case,
            actor=self.lead.user,
            officers=self.plan.officers,
            on=on,
            violation_start=on,
            facts=self.facts_text(),
            legal_basis=basis_for(self.case, matter),
            penalty_types=self.plan.penalty_types,
            fine_amount=self.fine,
            statement_heard="当场告知当事人违法事实、处罚理由和依据，当事人未提出陈述、申辩",
            collected_on_spot=collect,
            on_spot_ground=m.OnSpotGround.SMALL if collect else "",
            receipt_number=f"PJ{on:%Y%m%d}{self.rng.randint(1000, 9999)}" if collect else "",
        )
        self.ground_on = on
