"""The bot's WhatsApp templates at Twilio's Content API: ``flask templates sync`` creates what is
new or changed and asks WhatsApp to approve it; the worker's sweep notices approvals and releases
the messages that waited for them. Offline (no Twilio account) templates count as approved at once,
so that the simulator shows what a person outside the window would receive.
"""
from __future__ import annotations

import logging
from functools import lru_cache
import secrets
from dataclasses import dataclass

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioException
from twilio.rest.content.v1.content import ContentList
from twilio.rest.content.v1.content.approval_create import ApprovalCreateList

from sqlalchemy.exc import IntegrityError

from handlers import choices as taps
from handlers.outbox import PendingJobs
from handlers import whatsapp_templates as templates
from handlers.whatsapp_templates import LANGUAGES, TEMPLATES, definition_hash, template_name
from handlers.window import release_waiting_for_templates
from models import ApprovalStatus, WhatsAppTemplate, utcnow

from .config import Settings
from .twilio_client import make_client

log = logging.getLogger(__name__)

#: Approval states after which nothing changes without a new submission.
SETTLED = {ApprovalStatus.APPROVED, ApprovalStatus.REJECTED, ApprovalStatus.DISABLED, ApprovalStatus.SESSION_ONLY}


@dataclass(frozen=True)
class SyncLine:
    purpose: str
    language: str
    action: str  # created | replaced | submitted | unchanged
    template: WhatsAppTemplate


class ContentApi:
    """The three calls the bot makes to Twilio's Content API."""

    def __init__(self, settings: Settings):
        self.client = make_client(settings.twilio_account_sid, settings.twilio_auth_token,
                                  settings.twilio_api_base_url)

    def create(self, request: dict) -> str:
        return self.client.content.v1.contents.create(ContentList.ContentCreateRequest(request)).sid

    def submit(self, content_sid: str, name: str, category: str) -> str:
        """Ask WhatsApp to approve the content in ``category`` (``UTILITY`` or ``MARKETING``)."""
        answer = self.client.content.v1.contents(content_sid).approval_create.create(
            ApprovalCreateList.ContentApprovalRequest({"name": name, "category": category}))
        return (getattr(answer, "status", None) or ApprovalStatus.RECEIVED).lower()

    def approval(self, content_sid: str) -> tuple[str, str | None]:
        whatsapp = self.client.content.v1.contents(content_sid).approval_fetch().fetch().whatsapp or {}
        return (str(whatsapp.get("status") or ApprovalStatus.UNSUBMITTED).lower(),
                whatsapp.get("rejection_reason") or None)


class OfflineContent:
    """No Twilio account: nothing to ask; every template is taken as approved."""

    def create(self, request: dict) -> str:
        return "HXDEV" + secrets.token_hex(14)

    def submit(self, content_sid: str, name: str, category: str) -> str:
        return ApprovalStatus.APPROVED

    def approval(self, content_sid: str) -> tuple[str, str | None]:
        return ApprovalStatus.APPROVED, None


@lru_cache(maxsize=4)
def content_api(settings: Settings):
    """One per process and settings, like the sending transport (its connections are kept alive)."""
    return ContentApi(settings) if settings.uses_twilio else OfflineContent()


def sync_templates(session: Session, api) -> list[SyncLine]:
    """Create each template whose text is new or changed, and submit every one not yet submitted.
    Running it again changes nothing that did not change."""
    lines = []
    for purpose in TEMPLATES:
        for language in LANGUAGES:
            lines.append(_sync_one(session, api, purpose, language))
            session.commit()  # each template as soon as it exists at Twilio: a failure later loses nothing
    return lines


# --- the Content API's create requests (Twilio ``ContentCreateRequest``) ----------------------

def template_request(purpose: str, language: str) -> dict:
    """One template: its approved text as a quick reply whose first button (*Baca*) opens the window."""
    quick_reply = {"body": TEMPLATES[purpose].body(language), "actions": TEMPLATES[purpose].actions(language)}
    return {"friendly_name": template_name(purpose, language), "language": language,
            "variables": templates.samples(purpose, language), "types": {taps.QUICK_REPLY: quick_reply}}


def taps_request(offered: dict, language: str) -> dict:
    """A list picker or quick-reply buttons for use inside the window."""
    kind = taps.CHOICES[offered["purpose"]].kind
    texts, rows = taps.texts(offered, language), taps.rows_of(offered, language)
    if kind == taps.LIST_PICKER:
        content = {"body": texts["body"], "button": texts["button"],
                   "items": [{"item": title, "id": choice_id, "description": description or title}
                             for title, choice_id, description in rows]}
    else:
        content = {"body": texts["body"], "actions": [{"title": title, "id": choice_id}
                                                      for title, choice_id, _ in rows]}
    return {"friendly_name": taps.content_name(offered, language), "language": language,
            "variables": taps.samples(offered, language), "types": {kind: content}}


def _sync_one(session: Session, api, purpose: str, language: str) -> SyncLine:
    digest = definition_hash(purpose, language)
    row = session.scalars(select(WhatsAppTemplate).where(
        WhatsAppTemplate.purpose == purpose, WhatsAppTemplate.language == language)).first()
    action = "unchanged"
    if row is None or row.definition_hash != digest or row.content_sid is None:
        action = "created" if row is None else "replaced"
        if row is None:
            row = WhatsAppTemplate(purpose=purpose, language=language)
            session.add(row)
        row.name, row.definition_hash = template_name(purpose, language), digest
        row.content_sid = api.create(template_request(purpose, language))
        row.approval_status, row.rejection_reason = ApprovalStatus.UNSUBMITTED, None
    if row.approval_status == ApprovalStatus.UNSUBMITTED:
        row.approval_status = api.submit(row.content_sid, row.name, TEMPLATES[purpose].category)
        row.checked_at = utcnow()
        action = action if action != "unchanged" else "submitted"
    return SyncLine(purpose, language, action, row)


def sync_choices(session: Session, api) -> list[SyncLine]:
    """The list pickers and buttons whose rows never change with the city's data, created at
    Twilio now rather than at their first use (the categories' list follows the directory and is
    created when first sent)."""
    lines = []
    for purpose in taps.STATIC_PURPOSES:
        for language in LANGUAGES:
            offered = taps.offer(purpose)
            row = choice_content(session, offered, language)
            action = "unchanged"
            if row is None:
                row, action = create_choice_content(session, api, offered, language), "created"
            lines.append(SyncLine(purpose, language, action, row))
            session.commit()
    return lines


def choice_content(session: Session, offered: dict, language: str) -> WhatsAppTemplate | None:
    """The Content that carries these taps in ``language``, if it exists as they are now defined."""
    row = _template_row(session, offered["purpose"], language)
    current = row is not None and row.content_sid and row.definition_hash == taps.definition_hash(offered, language)
    return row if current else None


def create_choice_content(session: Session, api, offered: dict, language: str) -> WhatsAppTemplate:
    """Create the Content for these taps (replacing an older definition) and keep its sid."""
    row = _template_row(session, offered["purpose"], language)
    if row is None:
        row = WhatsAppTemplate(purpose=offered["purpose"], language=language)
        session.add(row)
    row.name, row.definition_hash = taps.content_name(offered, language), taps.definition_hash(offered, language)
    row.content_sid = api.create(taps_request(offered, language))
    row.approval_status, row.rejection_reason, row.checked_at = ApprovalStatus.SESSION_ONLY, None, utcnow()
    return row


def ensure_choice_content(session: Session, api, offered: dict, language: str) -> bool:
    """Make sure the Content for these taps exists before a message offering them leaves; False
    (logged) if Twilio could not create it now: the message goes as typed text instead."""
    if choice_content(session, offered, language) is not None:
        return True
    try:
        create_choice_content(session, api, offered, language)
        session.commit()
    except IntegrityError:
        session.rollback()  # another worker created it at the same moment
        return choice_content(session, offered, language) is not None
    except (TwilioException, requests.RequestException) as exc:
        session.rollback()
        log.warning("could not create the %s content (%s): %s", offered["purpose"], language, exc)
        return False
    return True


def _template_row(session: Session, purpose: str, language: str) -> WhatsAppTemplate | None:
    return session.scalars(select(WhatsAppTemplate).where(
        WhatsAppTemplate.purpose == purpose, WhatsAppTemplate.language == language)).first()


def refresh_approvals(session: Session, api) -> PendingJobs:
    """Ask Twilio about every template still under review; the messages waiting for one that is now
    approved go back to the worker."""
    pending = session.scalars(select(WhatsAppTemplate).where(
        WhatsAppTemplate.content_sid.is_not(None), WhatsAppTemplate.approval_status.not_in(SETTLED))).all()
    for row in pending:
        try:
            status, reason = api.approval(row.content_sid)
        except (TwilioException, requests.RequestException) as exc:
            log.warning("could not check template %s: %s", row.name, exc)
            continue
        row.approval_status, row.rejection_reason, row.checked_at = status, reason, utcnow()
        if status == ApprovalStatus.REJECTED:
            log.error("WhatsApp rejected template %s: %s", row.name, reason or "no reason given")
    return release_waiting_for_templates(session)


def template_rows(session: Session) -> list[WhatsAppTemplate]:
    return list(session.scalars(select(WhatsAppTemplate).order_by(WhatsAppTemplate.purpose,
                                                                  WhatsAppTemplate.language)))
