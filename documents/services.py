"""Use cases of the documents app: draft, edit, preview, issue (文号, PDF, lock), void, correct, serve (送达回证),
revise a template, set a numbering pattern. Same pattern as the case services: keyword-only, atomic, the case
row locked, the rulebook consulted, an event appended to the case log."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casemgmt.cases import models as m
from casemgmt.cases.legaltext import PERIODS
from casemgmt.cases.rulebook import Attempt
from casemgmt.cases.rulebook.core import refusal
from casemgmt.cases.rulebook.documents import ISSUE_DOCUMENT
from casemgmt.cases.services.act import perform_act
from casemgmt.cases.services.base import (
    HANDLER_ROLES,
    LEADER_ROLES,
    ConflictError,
    InputError,
    act_now,
    actor_officer,
    gate,
    lock_case,
    record_event,
    require_role,
    save_tracked,
    touch,
)
from casemgmt.cases.textlimits import FACTS_MAX, TEXT_MAX, check_text, too_long
from casemgmt.files.uploads import PAGE_KINDS, UploadRefused, check_upload
from casemgmt.org.models import Role
from casemgmt.org.selectors import role_unit_ids

from . import layout
from .context import address_word, case_policy, case_values, cn_date, header, sentence
from .models import (
    AllocatedNumber,
    Document,
    DocumentStatus,
    DocumentType,
    NumberingClass,
    NumberSequence,
    TemplateVariant,
    TemplateVersion,
    validate_number_pattern,
)

# Values a template states as whole sentences (经查，{{ decision_facts }}).
SENTENCE_KEYS = (
    "decision_facts",
    "notice_facts",
    "evidence_list",
    "statement_handling",
    "performance",
    "remedy",
    "remedy_text",
)
DOC_ROLES = tuple(dict.fromkeys(HANDLER_ROLES + LEADER_ROLES))
RECEIPT = "sd_hz"
DECISION_TYPES = ("xzcf_jds", "byxzcf_jds", "dcxzcf_jds")
NOTICE_TYPES = ("sxgz_s", "sxgz_s_tz")
# The case acts whose service a document's service is (the on-the-spot decision is served on the spot).
SERVICE_ACTS = {
    "xzcf_jds": "serve_decision",
    "byxzcf_jds": "serve_decision",
    "sxgz_s": "serve_notice",
    "sxgz_s_tz": "serve_notice",
}


class DocumentIncomplete(InputError):
    """Issuing refused: mandatory elements are missing. ``missing`` lists their labels."""

    def __init__(self, missing: list[str]):
        self.missing = missing
        super().__init__("文书缺少必填要素：" + "、".join(missing), field="values")


# --- reading ----------------------------------------------------------------------------------------------------


def current_template(document_type: DocumentType, *, transition: bool) -> TemplateVersion:
    variant = TemplateVariant.TRANSITION if transition else TemplateVariant.STANDARD
    template = (
        TemplateVersion.objects.filter(document_type=document_type, variant=variant).order_by("-version").first()
        or TemplateVersion.objects.filter(document_type=document_type).order_by("-version").first()
    )
    if template is None:
        raise InputError(f"“{document_type.name}”没有模板", field="document_type")
    return template


def _date_text(document: Document, values: dict, on: dt.date) -> str:
    if document.document_type.code in DECISION_TYPES and values.get("decided_on"):
        return values["decided_on"]
    return values.get("doc_date") or cn_date(on)


def verify_url(code: str) -> str:
    return settings.DOCUMENT_VERIFY_BASE_URL.rstrip("/") + reverse("documents:verify", args=[code])


def compose(
    document: Document,
    *,
    values: dict,
    hdr: dict,
    template: TemplateVersion,
    number: str = "",
    code: str = "",
    on: dt.date | None = None,
    draft: bool = False,
):
    """The blocks and page frame of a document (shared by preview, PDF and HTML). The text is finished for its
    party: addressed as 你 or 你单位, and each stated fact or period a punctuated sentence."""
    merged = {**values, **hdr}
    if not merged.get("you"):
        merged["you"] = address_word(document.addressee)
    for key in SENTENCE_KEYS:
        if merged.get(key):
            merged[key] = sentence(str(merged[key]))
    text = layout.render_text(template.body, merged)
    blocks = layout.parse_blocks(text, document.document_type.fields, merged)
    page = layout.Page(
        subject_name=hdr["subject_name"],
        title=document.document_type.name,
        number=number,
        seal_name=hdr["seal_name"],
        date_text=_date_text(document, merged, on or timezone.localdate()),
        verify_url=verify_url(code) if code else "",
        verify_code=code,
        draft=draft,
    )
    return blocks, page


def document_preview(*, document: Document) -> tuple[list, layout.Page]:
    """Blocks and frame as the document stands (the frozen snapshot once issued); writes nothing."""
    if document.snapshot:
        snap = document.snapshot
        template = document.template_version
        return compose(
            document,
            values=snap["values"],
            hdr=snap["header"],
            template=template,
            number=document.number,
            code=document.verification_code or "",
            on=document.issued_at.date() if document.issued_at else None,
        )
    hdr = header(document.case)
    template = current_template(document.document_type, transition=hdr["transition"])
    return compose(document, values=document.values, hdr=hdr, template=template, draft=True)


def draft_pdf(*, document: Document) -> bytes:
    blocks, page = document_preview(document=document)
    return layout.render_pdf(blocks, page)[0]


PREVIEW_MARK = "预览（未签发）"


def preview_pdf(*, document: Document, actor, values: dict | None = None) -> bytes:
    """The PDF a draft would be issued as, with ``values`` (the edit form as submitted, not saved) over the saved
    ones: watermarked 预览（未签发）, no 文号, no verification code; writes nothing. Submitted values are checked as
    an edit would check them (role, case writable, text limits); without values, any viewer may preview."""
    if document.is_locked:
        raise ConflictError(f"文书{document.get_status_display()}，请查看已签发的PDF")
    merged = dict(document.values)
    if values is not None:
        require_role(actor, document.case, DOC_ROLES)
        _writable(document.case, actor)
        merged.update(_clean(values))
    hdr = header(document.case)
    template = current_template(document.document_type, transition=hdr["transition"])
    blocks, page = compose(document, values=merged, hdr=hdr, template=template, draft=True)
    page.draft_mark = PREVIEW_MARK
    return layout.render_pdf(blocks, page)[0]


def extract_text(pdf: bytes) -> str:
    """The text pypdf reads from a PDF (a stored document's own text is :func:`layout.plain_text`, which needs no
    parsing; tests compare the two)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join((p.extract_text() or "") for p in reader.pages)


def _writable(case: m.Case, actor) -> None:
    """Documents of an archived case are read-only (``SAMR-78-ARCHIVED-READ-ONLY``). Every document-changing
    service locks the case first (``lock_case`` refuses an archived case under that rule); this states the check
    on the locked row without loading the case's facts again (no other rule gates a change without document
    data: rule 14 and the stage binding look at the document being issued)."""
    if case.status == m.CaseStatus.ARCHIVED:
        raise refusal("SAMR-78-ARCHIVED-READ-ONLY", "如确需变更，须先由负责人撤销归档并说明理由")


# --- drafting ---------------------------------------------------------------------------------------------------


def _document_type(code: str) -> DocumentType:
    try:
        return DocumentType.objects.select_related("numbering_class").get(code=code, is_active=True)
    except DocumentType.DoesNotExist:
        raise InputError(f"文书种类“{code}”不存在", field="document_type") from None


@transaction.atomic
def document_draft(
    *,
    case: m.Case,
    actor,
    type_code: str,
    source_ref: str = "",
    party: m.Party | None = None,
    values: dict | None = None,
    corrects: Document | None = None,
    for_document: Document | None = None,
    service_record: m.ServiceRecord | None = None,
) -> Document:
    """A new draft prefilled from the case's recorded data; ``values`` override the prefill."""
    dtype = _document_type(type_code)
    case = lock_case(case)
    require_role(actor, case, DOC_ROLES)
    _writable(case, actor)
    if party is not None and party.case_id != case.pk:
        raise InputError("受送达人不是本案当事人", field="party")
    prefill = case_values(case, source_ref, party)
    document = Document(
        case=case,
        document_type=dtype,
        source_ref=source_ref,
        addressee=party or case.parties.order_by("id").first(),
        values={**prefill, **_clean(values or {})},
        corrects=corrects,
        for_document=for_document,
        service_record=service_record,
        created_by=actor,
    )
    document._change_reason = "起草文书"
    document.save()
    record_event(
        case, action="document_draft", summary=f"起草{dtype.name}", actor=actor, payload={"document": document.pk}
    )
    return document


def _clean(values: dict) -> dict:
    if not isinstance(values, dict):
        raise InputError("文书要素须为键值对", field="values")
    cleaned = {str(k): "" if v is None else str(v) for k, v in values.items()}
    for key, value in cleaned.items():
        if len(value) > FACTS_MAX:
            raise InputError(too_long("文书内容", FACTS_MAX), field=key)
    return cleaned


@transaction.atomic
def document_update(*, document: Document, actor, values: dict) -> Document:
    """Edit a draft. An issued or voided document is locked: correct it with a new document instead."""
    case = lock_case(document.case_id)
    require_role(actor, case, DOC_ROLES)
    _writable(case, actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.is_locked:
        raise ConflictError(f"文书{document.get_status_display()}，不能修改；如需更正，请制作更正文书")
    document.values = {**document.values, **_clean(values)}
    document._change_reason = "修改文书草稿"
    document.save()
    return document


@transaction.atomic
def document_update_and_issue(*, document: Document, actor, values: dict, on: dt.date | None = None) -> Document:
    """签发 of the edit form as submitted: the edits are checked and saved, then the document is issued, in one
    transaction. Any refusal (an invalid value, a locked document, a missing element, the stage binding) rolls
    back both: the draft keeps its saved text and no 文号 is consumed. Two concurrent clicks serialise on the case
    lock; the second finds the document issued and is refused, so one 文号 is allocated."""
    document = document_update(document=document, actor=actor, values=values)
    return document_issue(document=document, actor=actor, on=on)


# --- numbering --------------------------------------------------------------------------------------------------


def allocate_number(
    *, subject, numbering_class: NumberingClass, year: int, document: Document, prefix: str
) -> AllocatedNumber:
    """The next 文号 of subject × class × year. The sequence row is locked until the transaction ends, so
    concurrent issuers queue: no duplicates, and a rolled-back issue gives its number back (no gaps)."""
    NumberSequence.objects.bulk_create(
        [NumberSequence(subject=subject, numbering_class=numbering_class, year=year)], ignore_conflicts=True
    )
    sequence = NumberSequence.objects.select_for_update().get(
        subject=subject, numbering_class=numbering_class, year=year
    )
    sequence.last += 1
    sequence.save(update_fields=["last"])
    text = numbering_class.pattern.format(prefix=prefix, code=numbering_class.code, year=year, seq=sequence.last)
    return AllocatedNumber.objects.create(
        subject=subject, numbering_class=numbering_class, year=year, seq=sequence.last, text=text, document=document
    )


@transaction.atomic
def numbering_pattern_set(*, numbering_class: NumberingClass, pattern: str, actor) -> NumberingClass:
    """Change a class's 文号 pattern; one that cannot produce unique numbers is refused."""
    _require_admin(actor)
    try:
        validate_number_pattern(pattern)
    except ValidationError as exc:
        raise InputError("；".join(exc.messages), field="pattern") from None
    numbering_class = NumberingClass.objects.select_for_update().get(pk=numbering_class.pk)
    numbering_class.pattern = pattern
    numbering_class._change_reason = "修改文号格式"
    numbering_class.save()
    return numbering_class


def _require_admin(actor) -> None:
    from django.core.exceptions import PermissionDenied

    if not (getattr(actor, "is_superuser", False) or role_unit_ids(actor, (Role.ADMINISTRATOR,))):
        raise PermissionDenied("只有管理员可以维护文书模板和文号格式")


@transaction.atomic
def template_revise(*, document_type: DocumentType, variant: str, body: str, actor, note: str = "") -> TemplateVersion:
    """Save an edited template as the next version; issued documents keep the version they used."""
    from django.template import TemplateSyntaxError

    _require_admin(actor)
    if variant not in TemplateVariant.values:
        raise InputError("模板版式不正确", field="variant")
    if not body.strip():
        raise InputError("模板正文不能为空", field="body")
    try:
        layout.render_text(body, {})
    except TemplateSyntaxError as exc:
        raise InputError(f"模板语法错误：{exc}", field="body") from None
    last = (
        TemplateVersion.objects.select_for_update()
        .filter(document_type=document_type, variant=variant)
        .order_by("-version")
        .first()
    )
    return TemplateVersion.objects.create(
        document_type=document_type,
        variant=variant,
        version=(last.version + 1) if last else 1,
        body=body,
        created_by=actor,
        note=note[:200],
    )


# --- issuing ----------------------------------------------------------------------------------------------------


def _addressee(document: Document) -> dict:
    p = document.addressee
    if p is None:
        return {}
    return {
        "name": p.name,
        "kind": p.get_kind_display(),
        "id_number": p.id_number,
        "legal_representative": p.legal_representative,
        "address": p.address,
        "phone": p.phone,
        "service_address": p.service_address,
        "electronic_address": p.electronic_address,
    }


@transaction.atomic
def document_issue(*, document: Document, actor, on: dt.date | None = None) -> Document:
    """Issue (签发): with the case row locked, check that the case has reached the act the document records
    (the stage binding, ``APL-DOCUMENT-STAGE``) and the mandatory elements (rule 14 for the decision), allocate
    the 文号, render and store the PDF with its SHA-256 and verification code, freeze a snapshot of every value.
    Issued documents are immutable. A refused issue rolls back whole: no 文号 consumed, no event, still a draft.

    Periods and rates come from the procedure policy (in the header); a field that states one (陈述申辩期限…)
    is set from it, so the party is told the period the clocks apply."""
    case = lock_case(document.case_id)
    officer = require_role(actor, case, DOC_ROLES)
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("document_type__numbering_class")
        .get(pk=document.pk)
    )
    if document.status != DocumentStatus.DRAFT:
        raise ConflictError(f"文书{document.get_status_display()}，不能再签发")
    on = on or timezone.localdate()
    dtype = document.document_type
    hdr = header(case)
    values = dict(document.values)
    field_keys = {f["key"] for f in dtype.fields}
    values.update({k: v for k, v in hdr.items() if k in field_keys and k in PERIODS})
    gate(
        case,
        Attempt(
            ISSUE_DOCUMENT,
            on,
            actor=officer,
            data={
                "document_type": dtype.code,
                "stage": dtype.stage,
                "receipt_for": document.for_document_id is not None and document.service_record_id is not None,
                "values": {**values, **hdr},
            },
        ),
    )
    missing = [f["label"] for f in dtype.required_fields() if not str(values.get(f["key"]) or "").strip()]
    if not hdr["subject_name"]:
        missing.append("执法主体名称")
    if missing:
        raise DocumentIncomplete(missing)
    template = current_template(dtype, transition=hdr["transition"])
    number = ""
    if dtype.numbering_class_id:
        allocated = allocate_number(
            subject=case.enforcement_subject,
            numbering_class=dtype.numbering_class,
            year=on.year,
            document=document,
            prefix=hdr["subject_prefix"],
        )
        number = allocated.text
        document.number_year, document.number_seq = allocated.year, allocated.seq
    code = secrets.token_hex(8)
    blocks, page = compose(document, values=values, hdr=hdr, template=template, number=number, code=code, on=on)
    pdf, pages = layout.render_pdf(blocks, page)
    sha = hashlib.sha256(pdf).hexdigest()
    document.number = number
    document.template_version = template
    document.verification_code = code
    document.snapshot = {
        "type": dtype.code,
        "title": dtype.name,
        "values": values,
        "header": hdr,
        "addressee": _addressee(document),
        "template_version": template.pk,
        "template_variant": template.variant,
        "number": number,
        "issued_on": on.isoformat(),
    }
    document.status = DocumentStatus.ISSUED
    document.issued_at = act_now()
    document.issued_by = officer
    document.sha256 = sha
    document.page_count = pages
    document.text = layout.plain_text(blocks, page)
    name = f"documents/{case.pk}/{sha[:2]}/{sha}.pdf"
    document.pdf.name = name
    document._change_reason = "签发"
    document.save()
    touch(case, reason=f"签发{dtype.name}")
    record_event(
        case,
        action="document_issue",
        summary=f"签发{dtype.name}{number}",
        actor=actor,
        payload={"document": document.pk, "number": number, "sha256": sha, "template_version": template.pk},
    )
    # The file is written last, after the database work succeeded; its name is its hash, so a file left by a
    # rollback of an enclosing transaction can only be an exact copy of the same content.
    store_bytes(name, pdf)
    return document


def store_bytes(name: str, data: bytes) -> None:
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # a concurrent writer stored the same content first
            default_storage.delete(saved)


@transaction.atomic
def document_void(*, document: Document, actor, reason: str) -> Document:
    """Void an issued document: its 文号 stays allocated, marked voided, and is never reused."""
    if not reason.strip():
        raise InputError("须填写作废原因", field="reason")
    check_text(reason, field="reason", label="作废原因", limit=Document._meta.get_field("void_reason").max_length)
    case = lock_case(document.case_id)
    require_role(actor, case, LEADER_ROLES)
    _writable(case, actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentStatus.ISSUED:
        raise ConflictError(f"文书状态为“{document.get_status_display()}”，不能作废")
    document.status = DocumentStatus.VOIDED
    document.voided_at = act_now()
    document.void_reason = reason
    document._change_reason = "作废"
    document.save()
    AllocatedNumber.objects.filter(document=document).update(voided=True)
    touch(case, reason="作废文书")
    record_event(
        case,
        action="document_void",
        summary=f"作废{document.document_type.name}{document.number}",
        actor=actor,
        reason=reason,
    )
    return document


@transaction.atomic
def document_correct(*, document: Document, actor, values: dict | None = None) -> Document:
    """Start a correction: a new draft of the same type that references the issued one (which stays as it is)."""
    if document.status != DocumentStatus.ISSUED:
        raise ConflictError("只能更正已签发的文书")
    base = {**document.snapshot["values"], **_clean(values or {})}
    return document_draft(
        case=document.case,
        actor=actor,
        type_code=document.document_type.code,
        source_ref=document.source_ref,
        party=document.addressee,
        values=base,
        corrects=document,
    )


# --- signed paper copies ----------------------------------------------------------------------------------------


def page_file_kind(data: bytes) -> tuple[str, int]:
    """A PDF pypdf can read (at least one page) or a JPEG/PNG image Pillow can decode: (content type, pages).
    Anything else raises InputError."""
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            pages = len(reader.pages)
            reader.pages[0].get_contents()
        except Exception:  # noqa: BLE001 — any parse failure is the same answer to the user
            pages = 0
        if pages < 1:
            raise InputError("PDF文件已损坏或没有页面，无法作为页面入卷", field="file")
        return "application/pdf", pages
    if data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        from .images import ImageRefused, page_image

        try:
            page_image(data)  # the size is checked from the header before anything is decoded
        except ImageRefused as refused:
            raise InputError(f"{refused}，无法作为页面入卷", field="file") from None
        return ("image/png" if data.startswith(b"\x89PNG") else "image/jpeg"), 1
    raise InputError("只能上传PDF或JPEG/PNG图片", field="file")


@transaction.atomic
def document_attach_scan(*, document: Document, actor, data: bytes, filename: str = "scan") -> Document:
    """Attach the signed paper copy (e.g. the 送达回证 signed by the recipient) of an issued document. It enters the
    case file right after the document; it does not change the issued content."""
    try:
        checked = check_upload(io.BytesIO(data), name=filename, size=len(data), kinds=PAGE_KINDS)
    except UploadRefused as refused:
        raise InputError(str(refused), field="file") from None
    if checked.data is not None:  # a PDF, stored without its JavaScript, launch actions and embedded files
        data = checked.data
    content_type, pages = page_file_kind(data)
    case = lock_case(document.case_id)
    require_role(actor, case, HANDLER_ROLES)
    _writable(case, actor)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentStatus.ISSUED:
        raise ConflictError("只有已签发的文书可以上传签收件")
    if document.scan:
        raise ConflictError("该文书已上传签收件")
    sha = hashlib.sha256(data).hexdigest()
    ext = ".pdf" if content_type == "application/pdf" else (".png" if content_type == "image/png" else ".jpg")
    name = f"documents/{case.pk}/scans/{sha}{ext}"
    document.scan.name = name
    document.scan_sha256, document.scan_content_type, document.scan_pages = sha, content_type, pages
    document._change_reason = "上传签收件"
    document.save()
    record_event(
        case,
        action="document_scan",
        summary=f"上传{document.document_type.name}{document.number}签收件",
        actor=actor,
        payload={
            "document": document.pk,
            "sha256": sha,
            "file": checked.original_name[:100],
            **({"original_sha256": checked.original_sha256, "removed": checked.removed} if checked.removed else {}),
        },
    )
    store_bytes(name, data)
    return document


# --- service (送达) ---------------------------------------------------------------------------------------------


def _service_document_kind(code: str) -> str:
    if code in DECISION_TYPES:
        return m.ServiceDocument.DECISION
    if code in NOTICE_TYPES:
        return m.ServiceDocument.NOTICE
    if code == "tz_tzs":
        return m.ServiceDocument.HEARING_NOTICE
    if code == "lxcg_s":
        return m.ServiceDocument.REMINDER
    return m.ServiceDocument.OTHER


def document_serve(
    *,
    document: Document,
    actor,
    method: str,
    recipient: str,
    delivered_on: dt.date,
    place: str = "",
    witness: str = "",
    media_reference: str = "",
    note: str = "",
    late_reason: str = "",
    public_reason: str = "",
    public_process: str = "",
    service_record: m.ServiceRecord | None = None,
) -> Document:
    """Serve an issued external document (民事诉讼法 Arts. 87–95; APL Art. 61) and issue its 送达回证.

    Serving the 事先告知书 or the 行政处罚决定书 *is* the case act ``serve_notice`` / ``serve_decision``: it runs
    through the act skeleton (``perform_act``: flow lock, the case service ``notice_serve`` / ``decision_serve``
    with its stage, role and rulebook checks, the flow task completed), so the service is on the case record and
    leaves the inbox. Other documents' services are recorded here. ``service_record`` links a service already
    recorded (by the case act), which is then not recorded again."""
    _check_service_texts(
        recipient=recipient,
        place=place,
        witness=witness,
        media_reference=media_reference,
        note=note,
        late_reason=late_reason,
        public_process=public_process,
    )
    document = Document.objects.select_related("document_type").get(pk=document.pk)
    serve = partial(
        _serve,
        document=document,
        actor=actor,
        method=method,
        recipient=recipient,
        delivered_on=delivered_on,
        place=place,
        witness=witness,
        media_reference=media_reference,
        note=note,
        late_reason=late_reason,
        public_reason=public_reason,
        public_process=public_process,
        service_record=service_record,
    )
    act = SERVICE_ACTS.get(document.document_type.code) if service_record is None else None
    if act is None:
        with transaction.atomic():
            return serve()
    return perform_act(act, case=document.case, actor=actor, call=serve)


def _check_service_texts(**texts: str) -> None:
    """The typed texts of a service (送达回证), each within its column's length or the free-text limit."""
    for name, value in texts.items():
        label, limit = SERVICE_TEXTS[name]
        check_text(value, field=name, label=label, limit=limit)


def _column(name: str) -> int:
    return m.ServiceRecord._meta.get_field(name).max_length


SERVICE_TEXTS = {  # field → (label, limit)
    "recipient": ("受送达人/签收人", _column("recipient")),
    "place": ("送达地点", TEXT_MAX),
    "witness": ("见证人", _column("witness")),
    "media_reference": ("音像记录编号", _column("media_reference")),
    "note": ("备注", TEXT_MAX),
    "late_reason": ("逾期送达的理由", TEXT_MAX),
    "public_process": ("公告送达前的送达经过", TEXT_MAX),
}


def _serve(
    *,
    document: Document,
    actor,
    method: str,
    recipient: str,
    delivered_on: dt.date,
    place: str,
    witness: str,
    media_reference: str,
    note: str,
    late_reason: str,
    public_reason: str,
    public_process: str,
    service_record: m.ServiceRecord | None,
) -> Document:
    case = lock_case(document.case_id)
    require_role(actor, case, HANDLER_ROLES)
    _writable(case, actor)
    document = Document.objects.select_for_update(of=("self",)).select_related("document_type").get(pk=document.pk)
    if document.status != DocumentStatus.ISSUED:
        raise ConflictError("只有已签发的文书可以送达")
    if not document.document_type.external:
        raise InputError(f"“{document.document_type.name}”是内部文书，无须送达", field="document")
    if Document.objects.filter(for_document=document, status=DocumentStatus.ISSUED).exists():
        raise ConflictError("该文书已有送达回证")
    kind = _service_document_kind(document.document_type.code)
    if service_record is None:
        service_record = _record_service(
            case=case,
            document=document,
            kind=kind,
            actor=actor,
            method=method,
            recipient=recipient,
            delivered_on=delivered_on,
            witness=witness,
            media_reference=media_reference,
            note=note,
            late_reason=late_reason,
            public_reason=public_reason,
            public_process=public_process,
        )
    elif service_record.case_id != case.pk:
        raise InputError("送达记录不属于本案", field="service_record")
    service_record.document_ref = f"{document.document_type.name}{document.number}"[:200]
    save_tracked(service_record, reason="关联送达文书")
    officer = actor_officer(actor)
    values = {
        "served_document": service_record.document_ref,
        "recipient": service_record.recipient,
        "service_time": cn_date(service_record.delivered_on),
        "service_place": place,
        "service_method": service_record.get_method_display(),
        "server": officer.name,
        "witness": service_record.witness,
        "service_note": "；".join(
            x
            for x in (
                service_record.note,
                service_record.media_reference and f"音像记录：{service_record.media_reference}",
                service_record.served_on != service_record.delivered_on
                and f"视为送达日期：{cn_date(service_record.served_on)}",
            )
            if x
        ),
    }
    receipt = document_draft(
        case=case,
        actor=actor,
        type_code=RECEIPT,
        source_ref=f"service:{service_record.pk}",
        party=document.addressee,
        values=values,
        for_document=document,
        service_record=service_record,
    )
    return document_issue(document=receipt, actor=actor, on=service_record.delivered_on)


def _record_service(
    *,
    case,
    document,
    kind,
    actor,
    method,
    recipient,
    delivered_on,
    witness,
    media_reference,
    note,
    late_reason,
    public_reason="",
    public_process="",
):
    from casemgmt.cases import services as cs
    from casemgmt.cases.clocks import deemed_service_date
    from casemgmt.cases.services.procedure import _public_grounds

    if kind == m.ServiceDocument.DECISION and document.document_type.code != "dcxzcf_jds":
        return cs.decision_serve(
            case=case,
            actor=actor,
            method=method,
            recipient=recipient,
            delivered_on=delivered_on,
            witness=witness,
            media_reference=media_reference,
            note=note,
            late_reason=late_reason,
            public_reason=public_reason,
            public_process=public_process,
        )
    if kind == m.ServiceDocument.NOTICE:
        notice = case.notices.order_by("-issued_on", "-id").first()
        if notice is None:
            raise InputError("本案没有事先告知记录", field="document")
        return cs.notice_serve(
            notice=notice,
            actor=actor,
            method=method,
            recipient=recipient,
            delivered_on=delivered_on,
            witness=witness,
            media_reference=media_reference,
            public_reason=public_reason,
            public_process=public_process,
        )
    if method not in m.ServiceMethod.values:
        raise InputError("送达方式不正确", field="method")
    if method == m.ServiceMethod.LEFT and not (witness or media_reference):
        raise InputError("留置送达须有见证人或音像记录", field="witness")
    public_reason, public_process = _public_grounds(method, public_reason, public_process)
    if document.snapshot and delivered_on < dt.date.fromisoformat(document.snapshot["issued_on"]):
        raise InputError("送达日期早于文书签发日期", field="delivered_on")
    data = {"method": method, "public_reason": public_reason, "public_process": public_process}
    gate(case, Attempt("serve", delivered_on, actor=actor_officer(actor), data=data))
    record = m.ServiceRecord(
        case=case,
        recorded_by=actor,
        document=kind,
        document_ref=document.document_type.name,
        method=method,
        recipient=recipient,
        delivered_on=delivered_on,
        witness=witness,
        media_reference=media_reference,
        note=note,
        public_reason=public_reason,
        public_process=public_process,
        served_on=deemed_service_date(method=method, delivered_on=delivered_on, policy=case_policy(case)),
    )
    save_tracked(record, reason=f"送达{document.document_type.name}")
    touch(case, reason=f"送达{document.document_type.name}")
    record_event(
        case, action="serve_document", summary=f"送达{document.document_type.name}{document.number}", actor=actor
    )
    return record
