"""What a handler works with: the session, the stored inbound message, the outbox, the clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from models import Case, Conversation, Message, Resident, utcnow

from .catalog import t
from .choices import Tap, tapped
from .directory import DirectoryCache
from .references import ASPIRATION, CASE, ReferenceKinds
from .outbox import Outbox


@dataclass(frozen=True)
class HandlerConfig:
    """The few settings conversation logic needs; no Flask, RQ or Twilio in here."""

    case_prefix: str = "LPR"
    aspiration_prefix: str = "ASP"
    #: Aspirations one number may file per day of the city (ASPIRATIONS_PER_DAY).
    aspirations_per_day: int = 3
    #: A draft untouched this long is dropped at the resident's next message.
    draft_ttl_hours: int = 24
    #: The city's zone (CITY_TIMEZONE): every time a resident or official reads is in it.
    city_timezone: ZoneInfo = ZoneInfo("Asia/Jakarta")
    #: Categories and officials' phones, read once and not per message.
    directory: DirectoryCache = field(default_factory=DirectoryCache, compare=False, repr=False)

    @cached_property
    def references(self) -> ReferenceKinds:
        """The reference prefixes residents and officials type, by kind."""
        return ReferenceKinds({CASE: self.case_prefix, ASPIRATION: self.aspiration_prefix})

    @property
    def example_ref(self) -> str:
        """The reference the help texts show, in this city's prefix."""
        return self.references.format(CASE, 42)


@dataclass
class Turn:
    """One inbound message from a resident, being handled."""

    session: Session
    message: Message
    resident: Resident
    conversation: Conversation
    outbox: Outbox
    config: HandlerConfig = field(default_factory=HandlerConfig)
    now: datetime = field(default_factory=utcnow)
    _tap: Tap | bool | None = field(default=None, init=False, repr=False)

    @property
    def language(self) -> str:
        return self.resident.language

    @property
    def tap(self) -> Tap | None:
        """The list row or button the resident tapped, if they tapped one."""
        if self._tap is None:
            self._tap = tapped(self.session, self.message, self.language) or False
        return self._tap or None

    @property
    def text(self) -> str:
        """What the resident said: the word behind what they tapped, else what they typed."""
        return (self.tap.word if self.tap else self.message.body or "").strip()

    def say(self, key: str, *, kind: str = "bot", choices: dict | None = None, **values) -> None:
        """The catalog's text ``key``; ``choices`` offers taps for it inside the window."""
        values.setdefault("example", self.config.example_ref)
        self.outbox.to_resident(self.resident, t(key, self.language, **values), kind=kind, choices=choices)

    def say_text(self, text: str, *, about: Case | None = None, kind: str = "bot") -> None:
        self.outbox.to_resident(self.resident, text, case=about, kind=kind)
