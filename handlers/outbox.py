"""The outbox: messages decided inside a transaction, stored as rows, sent later by the worker."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from models import Case, Message, Official, Resident

#: WhatsApp's (and Twilio's) cap on one message body.
MAX_BODY = 1600

SEND_JOB = "bot.jobs.send_message"
FORWARD_JOB = "bot.jobs.forward_case"
DOWNLOAD_JOB = "bot.jobs.download_media"

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass
class PendingJobs:
    """Jobs decided inside a transaction, to be enqueued only after it commits."""

    calls: list[tuple[str, tuple]] = field(default_factory=list)

    def add(self, func_path: str, *args) -> None:
        if (func_path, args) not in self.calls:
            self.calls.append((func_path, args))


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


class Outbox:
    """Adds outbound rows to the session and remembers which jobs to enqueue after commit."""

    def __init__(self, session: Session, jobs: PendingJobs | None = None):
        self.session = session
        self.jobs = jobs if jobs is not None else PendingJobs()
        self._unsent: list[Message] = []

    def to_resident(self, resident: Resident, text: str, *, case: Case | None = None,
                    kind: str = "bot", media_id: int | None = None) -> list[Message]:
        """Text for a resident; held back (``suppressed``) while they have opted out."""
        status = "suppressed" if resident.opted_out else "pending"
        conversation_id = resident.conversation.id if resident.conversation else None
        parts = split_body(text)
        return [
            self._add(Message(direction="out", phone=resident.phone, resident_id=resident.id,
                              conversation_id=conversation_id, case_id=case.id if case else None,
                              kind=kind, body=part, status=status,
                              media_id=media_id if index == len(parts) - 1 else None,
                              error_message="resident opted out" if resident.opted_out else None))
            for index, part in enumerate(parts)
        ]

    def to_official(self, official: Official, text: str, *, case: Case | None = None,
                    kind: str = "bot", media_id: int | None = None) -> list[Message]:
        parts = split_body(text)
        return [
            self._add(Message(direction="out", phone=official.phone, official_id=official.id,
                              case_id=case.id if case else None, kind=kind, body=part,
                              status="pending", media_id=media_id if index == len(parts) - 1 else None))
            for index, part in enumerate(parts)
        ]

    def forward_case(self, case: Case) -> None:
        self.jobs.add(FORWARD_JOB, case.id)

    def download(self, media_id: int) -> None:
        self.jobs.add(DOWNLOAD_JOB, media_id)

    def flush(self) -> PendingJobs:
        """Give every new row an id and add its send job; call before commit."""
        self.session.flush()
        for message in self._unsent:
            if message.status == "pending":
                self.jobs.add(SEND_JOB, message.id)
        self._unsent.clear()
        return self.jobs

    def _add(self, message: Message) -> Message:
        self.session.add(message)
        self._unsent.append(message)
        return message
