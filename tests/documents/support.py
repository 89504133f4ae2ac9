"""Helpers: draft and issue documents on cases built with tests.builders."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from documents import services as ds
from documents.models import Document

CORRECTION = {
    "violation": "占用人行道摆摊经营",
    "legal_basis": "《城市道路管理条例》第二十七条",
    "correction": "立即停止占道经营、清理占道物品",
    "correction_deadline": "2026年4月1日",
}
# The provision violated, written into the draft of a case without a catalogue matter (with one, it is cited from
# the matter).
VIOLATED = {"violated_provision": "《城市道路管理条例》第二十七条第（六）项"}
DISCRETION = {"discretion_tier": "一般", "benchmark_ref": "示范县城市管理行政处罚裁量基准第3项", **VIOLATED}


def pdf_text(document: Document) -> str:
    with document.pdf.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
        return "\n".join(p.extract_text() for p in reader.pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def issue(world, case, code: str, values: dict | None = None, actor=None, on=None, **kw) -> Document:
    actor = actor or world.officer.user
    doc = ds.document_draft(case=case, actor=actor, type_code=code, values=values, **kw)
    return ds.document_issue(document=doc, actor=actor, on=on)
