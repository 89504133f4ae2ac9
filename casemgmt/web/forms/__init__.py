"""One form per case action. ``ACTION_FORMS`` binds each action code (``casemgmt.cases.actions``) to the form
that parses its input and the case service it calls."""

from .base import ActionForm
from .execution import (
    ChallengeForm,
    CloseForm,
    CourtForm,
    DefermentForm,
    PaymentForm,
    PublishForm,
    ReminderForm,
    ServeDecisionForm,
)
from .filing import (
    AssignOfficersForm,
    ClueForm,
    DeclineFilingForm,
    FileForm,
    PartyForm,
    ResumeForm,
    SuspendForm,
    TerminateForm,
    WithdrawForm,
)
from .investigation import EvidenceForm, MeasureForm, RecordForm
from .procedure import (
    DecideForm,
    DiscussionForm,
    ExtendDeadlineForm,
    HoldHearingForm,
    NoticeForm,
    RecheckForm,
    ReportForm,
    ReviewForm,
    ScheduleHearingForm,
    ServeNoticeForm,
    StatementForm,
    SummaryDecideForm,
)

ACTION_FORMS: dict[str, type[ActionForm]] = {
    "add_party": PartyForm,
    "file": FileForm,
    "decline_filing": DeclineFilingForm,
    "summary_decide": SummaryDecideForm,
    "add_record": RecordForm,
    "add_evidence": EvidenceForm,
    "take_measure": MeasureForm,
    "assign_officers": AssignOfficersForm,
    "suspend": SuspendForm,
    "resume": ResumeForm,
    "terminate": TerminateForm,
    "withdraw": WithdrawForm,
    "submit_report": ReportForm,
    "review": ReviewForm,
    "issue_notice": NoticeForm,
    "serve_notice": ServeNoticeForm,
    "record_statement": StatementForm,
    "recheck": RecheckForm,
    "schedule_hearing": ScheduleHearingForm,
    "hold_hearing": HoldHearingForm,
    "discussion": DiscussionForm,
    "extend_deadline": ExtendDeadlineForm,
    "decide": DecideForm,
    "serve_decision": ServeDecisionForm,
    "record_payment": PaymentForm,
    "deferment": DefermentForm,
    "challenge": ChallengeForm,
    "reminder": ReminderForm,
    "apply_court": CourtForm,
    "publish": PublishForm,
    "close": CloseForm,
}

__all__ = ["ACTION_FORMS", "ActionForm", "ClueForm"]
