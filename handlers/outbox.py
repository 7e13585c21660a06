"""The outbox: messages decided inside a transaction, stored as rows, sent later by the worker."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from models import Case, Message, MessageDirection, MessageStatus, Official, Resident

#: WhatsApp's (and Twilio's) cap on one message body.
MAX_BODY = 1600

SEND_JOB = "jobs.sending.send_message"
SEND_MANY_JOB = "jobs.sending.send_messages"
BATCH_JOB = "jobs.batch.run_jobs"
FORWARD_JOB = "jobs.forwarding.forward_case"
DOWNLOAD_JOB = "jobs.media.download_media"
INBOUND_JOB = "jobs.inbound.handle_stored_inbound"
LATE_CALLBACK_JOB = "jobs.sending.apply_early_refusal"

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass
class PendingJobs:
    """Jobs decided inside a transaction, to be enqueued only after it commits."""

    calls: list[tuple[str, tuple]] = field(default_factory=list)

    def add(self, func_path: str, *args) -> None:
        if (func_path, args) not in self.calls:
            self.calls.append((func_path, args))

    def as_one_job(self) -> tuple[str, tuple] | None:
        """All of it as a single job: the sends in one ``send_messages`` (in the order they were
        decided), and that beside anything else in one ``run_jobs``."""
        sends = [args[0] for func_path, args in self.calls if func_path == SEND_JOB]
        others = [(func_path, args) for func_path, args in self.calls if func_path != SEND_JOB]
        calls = ([(SEND_MANY_JOB, (sends,))] if len(sends) > 1 else
                 [(SEND_JOB, (sends[0],))] if sends else []) + others
        if len(calls) <= 1:
            return calls[0] if calls else None
        return BATCH_JOB, ([[func_path, list(args)] for func_path, args in calls],)


def split_body(text: str, limit: int = MAX_BODY) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` characters, preferring line breaks, then
    sentence ends, then spaces; a word longer than the limit is cut."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        window = rest[: limit + 1]
        cut = window.rfind("\n")
        if cut < limit // 2:
            ends = [m.start() for m in _SENTENCE_END.finditer(window)]
            cut = ends[-1] if ends and ends[-1] >= limit // 2 else window.rfind(" ")
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not parts:
        parts.append(rest)
    return parts


def copy_of(message: Message, **changes) -> Message:
    """A new outbound row with the same recipient, case and content as ``message`` (its template's
    stand-in after a 63016, or the held remainder of a shortened template)."""
    fields = dict(direction=MessageDirection.OUTBOUND, phone=message.phone, resident_id=message.resident_id,
                  official_id=message.official_id, conversation_id=message.conversation_id,
                  case_id=message.case_id, kind=message.kind, body=message.body, media_id=message.media_id,
                  choices=message.choices)
    return Message(**{**fields, **changes})


class Outbox:
    """Adds outbound rows to the session and remembers which jobs to enqueue after commit."""

    def __init__(self, session: Session, jobs: PendingJobs | None = None):
        self.session = session
        self.jobs = jobs if jobs is not None else PendingJobs()
        self._unsent: list[Message] = []

    def to_resident(self, resident: Resident, text: str, *, case: Case | None = None, kind: str = "bot",
                    media_id: int | None = None, template: str | None = None,
                    values: dict | None = None, choices: dict | None = None) -> list[Message]:
        """Text for a resident; held back (``suppressed``) while they have opted out. ``template``
        names what carries it outside their 24-hour window, filled from ``values``; ``choices``
        what they may tap instead of typing inside it (``handlers/choices.py``)."""
        status = MessageStatus.SUPPRESSED if resident.opted_out else MessageStatus.PENDING
        conversation_id = resident.conversation.id if resident.conversation else None
        messages = self._parts(text, media_id, template, values, lambda part: Message(
            direction=MessageDirection.OUTBOUND, phone=resident.phone, resident_id=resident.id,
            conversation_id=conversation_id, case_id=case.id if case else None, kind=kind, body=part, status=status,
            error_message="resident opted out" if resident.opted_out else None))
        if len(messages) == 1:  # taps replace the text they come with: never half of a long one
            messages[0].choices = choices
        return messages

    def to_official(self, official: Official, text: str, *, case: Case | None = None, kind: str = "bot",
                    media_id: int | None = None, template: str | None = None,
                    values: dict | None = None) -> list[Message]:
        return self._parts(text, media_id, template, values, lambda part: Message(
            direction=MessageDirection.OUTBOUND, phone=official.phone, official_id=official.id,
            case_id=case.id if case else None, kind=kind, body=part, status=MessageStatus.PENDING))

    def _parts(self, text: str, media_id: int | None, template: str | None, values: dict | None,
               make) -> list[Message]:
        """One row per part of a long text; the template carries the first (the rest wait for the
        window), the attachment rides on the last."""
        parts = split_body(text)
        messages = []
        for index, part in enumerate(parts):
            message = make(part)
            if index == 0 and template:
                message.template, message.template_values = template, dict(values or {})
            if index == len(parts) - 1:
                message.media_id = media_id
            messages.append(self.add(message))
        return messages

    def forward_case(self, case: Case) -> None:
        self.jobs.add(FORWARD_JOB, case.id)

    def download(self, media_id: int) -> None:
        self.jobs.add(DOWNLOAD_JOB, media_id)

    def flush(self) -> PendingJobs:
        """Give every new row an id and add its send job; call before commit."""
        self.session.flush()
        for message in self._unsent:
            if message.status == MessageStatus.PENDING:
                self.jobs.add(SEND_JOB, message.id)
        self._unsent.clear()
        return self.jobs

    def add(self, message: Message) -> Message:
        """A row made elsewhere (a template's prompt, a held remainder); sent like the others."""
        self.session.add(message)
        self._unsent.append(message)
        return message
