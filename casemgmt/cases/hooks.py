"""Extension points between the case spine and the modules built on it (documents, archive, powers).

The spine does not import those modules; they register here when their app is ready, and the callers ask here.
Each registry keeps insertion order and ignores a second registration of the same function (``ready()`` can run
twice in tests).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casemgmt.cases.models import Case
    from casemgmt.org.models import Officer


@dataclass(frozen=True)
class TextPart:
    """A piece of searchable text belonging to a case: an issued document, an evidence file, the decision…

    ``kind`` is a short code (``document``, ``evidence``, ``decision``…), ``title`` what a user would call it
    (e.g. 行政处罚决定书), ``number`` its 文号 when it has one, ``ref`` an identifier the owner can resolve
    (e.g. ``document:12``)."""

    kind: str
    title: str
    text: str
    number: str = ""
    ref: str = ""


@dataclass(frozen=True)
class CaseFileInfo:
    """The assembled case file (案卷) of a case: where its PDF is stored, its SHA-256 and size."""

    storage_name: str
    sha256: str
    page_count: int
    document_count: int
    archive_number: str = ""


TextSource = Callable[["Case"], Iterable[TextPart]]
CaseFileBuilder = Callable[..., CaseFileInfo]

_text_sources: list[TextSource] = []
_case_file_builders: list[CaseFileBuilder] = []


def _add(registry: list, fn) -> Any:
    if fn not in registry:
        registry.append(fn)
    return fn


def register_text_source(fn: TextSource) -> TextSource:
    """Register ``fn(case) -> iterable of TextPart`` (usable as a decorator)."""
    return _add(_text_sources, fn)


def register_case_file_builder(fn: CaseFileBuilder) -> CaseFileBuilder:
    """Register ``fn(case, *, actor, retention_label, archive_number, **options) -> CaseFileInfo``; the last one
    wins. Options (``progress``, ``expected_version``, ``on_record``) are passed through from ``build_case_file``."""
    return _add(_case_file_builders, fn)


def has_case_file_builder() -> bool:
    return bool(_case_file_builders)


def case_texts(case: Case) -> list[TextPart]:
    """Every searchable text of ``case`` from every registered source, in registration order."""
    parts: list[TextPart] = []
    for source in _text_sources:
        parts.extend(source(case))
    return parts


def build_case_file(
    case: Case, *, actor: Officer | None, retention_label: str = "", archive_number: str = "", **options
) -> CaseFileInfo | None:
    """Assemble the case file with the registered builder; ``None`` when no builder is installed.

    ``options`` (all optional): ``progress(done, total, message)`` for a progress bar; ``expected_version``: the
    case version the file is built for (a case changed meanwhile is a ``ConflictError``); ``on_record(case,
    info)``: called in the transaction that records the file, with the case row locked."""
    if not _case_file_builders:
        return None
    return _case_file_builders[-1](
        case, actor=actor, retention_label=retention_label, archive_number=archive_number, **options
    )


# --- acts ---------------------------------------------------------------------------------------------------------
# The act skeleton (``casemgmt.cases.services.act.perform_act``) lets the modules above the spine take part in
# every act without the spine importing them: the workflow engine locks the case's process before the case row
# and completes the flow task after the service; the search index and the supervision snapshot follow a changed
# case after commit.

ActWrapper = Callable[..., Any]
CaseChanged = Callable[[int], None]

_act_wrappers: list[ActWrapper] = []
_case_changed: list[CaseChanged] = []


def register_act_wrapper(fn: ActWrapper) -> ActWrapper:
    """Register ``fn(*, case, actor, action, run) -> result``: it must call ``run()`` once and return its result
    (the workflow engine wraps every act with its flow lock and task completion)."""
    return _add(_act_wrappers, fn)


def act_wrappers() -> list[ActWrapper]:
    return list(_act_wrappers)


def register_case_changed(fn: CaseChanged) -> CaseChanged:
    """Register ``fn(case_pk)``, called by every write to a case (``services.base.touch``). The function defers
    its work to the commit itself (``transaction.on_commit``, once per transaction), so a refused act, rolled
    back, leaves no trace."""
    return _add(_case_changed, fn)


def case_changed(case_pk: int) -> None:
    batch = _changed_batch.get()
    if batch is not None:
        batch.add(case_pk)
        return
    for fn in _case_changed:
        fn(case_pk)


_changed_batch: ContextVar[set[int] | None] = ContextVar("case_changed_batch", default=None)


@contextmanager
def case_changes_batched() -> Iterator[set[int]]:
    """Collect the cases changed inside the block and pass each of them to the registered case-changed functions
    once, when the block ends, instead of after each commit inside it.

    For bulk work that changes every case many times in a row (the demo loader: a case's acts, then its
    documents, then its archiving): the search index and the dashboard snapshot depend only on the case as it
    stands, so computing them once from the final state gives what computing them after every commit would
    have left, at a fraction of the work. The functions are called in one transaction, so each module handles
    all the cases together after its commit. Only the current thread (context) is batched; a nested block
    joins the outer one. A block left by an exception passes nothing on (the work it stopped is redone anyway;
    the nightly sweep and ``manage.py reindex`` bring any committed case up to date)."""
    if _changed_batch.get() is not None:
        yield _changed_batch.get()
        return
    changed: set[int] = set()
    token = _changed_batch.set(changed)
    try:
        yield changed
    finally:
        _changed_batch.reset(token)
    if changed:
        from django.db import transaction

        with transaction.atomic():
            for pk in sorted(changed):
                case_changed(pk)


CaseOpened = Callable[["Case"], None]
_case_opened: list[CaseOpened] = []


def register_case_opened(fn: CaseOpened) -> CaseOpened:
    """Register ``fn(case)``, called in the registering transaction of a new case (the engine starts its flow)."""
    return _add(_case_opened, fn)


def case_opened(case: Case) -> None:
    for fn in _case_opened:
        fn(case)


# --- recorded files -----------------------------------------------------------------------------------------------
# The event log records the SHA-256 of every file an act stores (an evidence file, an issued document's PDF, a
# signed receipt, the case file). ``verify_case_log`` re-hashes each file and compares it with the event and with
# its row; the modules that store files tell it where they are.


@dataclass(frozen=True)
class RecordedFile:
    """A stored file of a case whose hash an event recorded: the event is the case's ``action`` event whose payload
    has ``key`` = ``object_id`` and a ``sha256``. ``label`` names the file for a reader (证据“…”, 行政处罚决定书 …号);
    ``event_required`` is false for files an act may store without an event."""

    case_id: int
    action: str
    key: str
    object_id: int
    label: str
    name: str
    sha256: str
    event_required: bool = True


RecordedFiles = Callable[[list[int] | None], Iterable[RecordedFile]]
_recorded_files: list[RecordedFiles] = []


def register_recorded_files(fn: RecordedFiles) -> RecordedFiles:
    """Register ``fn(case_ids or None for all) -> iterable of RecordedFile``."""
    return _add(_recorded_files, fn)


def recorded_files(case_ids: list[int] | None) -> Iterable[RecordedFile]:
    for fn in _recorded_files:
        yield from fn(case_ids)
