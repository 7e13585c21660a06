"""Forwarding a new case to its officials."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select

from bot.media import signed_url
from bot.runtime import worker_runtime
from handlers.catalog import official_text
from handlers.cases import area_text, location_text, map_link
from handlers.deadlines import due_words
from handlers.forwarding import case_officials
from handlers.outbox import Outbox
from models import ROW_LOCK, Case, CaseEvent, Media, MediaStatus, utcnow

from .media import download_media

log = logging.getLogger(__name__)


def forward_case(case_id: int) -> None:
    """Hand a new case to every official of its department, evidence included, once. It does not
    wait for an attachment whose download keeps failing: it says that one is still coming, and
    the attachment follows, or a note that it could not be fetched (``handlers/forwarding.py``)."""
    runtime = worker_runtime()
    with runtime.db.session() as session:
        pending = session.scalars(select(Media.id).where(Media.case_id == case_id,
                                                         Media.status == MediaStatus.PENDING)).all()
    for media_id in pending:  # a first try before the case's row is locked: network stays outside
        download_media(media_id, first_try_only=True)
    with runtime.db.session() as session:
        case = session.get(Case, case_id, with_for_update=ROW_LOCK)
        if case is None or case.forwarded_at is not None:
            return
        officials = case_officials(session, case)
        if not officials:
            log.error("case %s has no official to go to; the sweep will try again", case.ref)
            return
        outbox = Outbox(session)
        attachments = session.scalars(select(Media).where(Media.case_id == case.id).order_by(Media.id)).all()
        evidence = [media for media in attachments if media.status == MediaStatus.STORED]
        missing = Missing(coming=sum(media.status == MediaStatus.PENDING for media in attachments),
                          lost=sum(media.status == MediaStatus.FAILED for media in attachments))
        links = [signed_url(runtime.settings, media.id, media.content_type) for media in evidence]
        text = _forward_text(case, links, missing, runtime.settings.city_timezone)
        values = _forward_values(case, links, missing)
        for official in officials:
            outbox.to_official(official, text, case=case, kind="forward", template="forward", values=values)
            for index, media in enumerate(evidence, start=1):
                outbox.to_official(official, official_text("forward_evidence", ref=case.ref, index=index,
                                                           count=len(evidence)),
                                   case=case, kind="forward", media_id=media.id)
        case.forwarded_at = utcnow()
        session.add(CaseEvent(case_id=case.id, kind="forwarded", actor="system",
                              note=", ".join(official.name for official in officials)))
        jobs = outbox.flush()
        session.commit()
    runtime.enqueue(jobs)


@dataclass(frozen=True)
class Missing:
    """Attachments of the case the forward goes without: still downloading, or given up."""

    coming: int = 0
    lost: int = 0

    def note(self, separator: str) -> str:
        parts = [official_text("evidence_coming", count=self.coming)] if self.coming else []
        parts += [official_text("evidence_lost", count=self.lost)] if self.lost else []
        return "".join(separator + part for part in parts)


def _forward_text(case: Case, links: list[str], missing: Missing, zone) -> str:
    link = map_link(case.latitude, case.longitude)
    evidence = "\n".join(f"{number}) {url}" for number, url in enumerate(links, start=1))
    evidence = f"\n{evidence}" if links else official_text("no_evidence")
    return official_text(
        "forward", ref=case.ref, category=case.category.name,
        resident=case.resident.profile_name or "-", description=case.description,
        location=location_text(case.address, case.place_label, case.latitude, case.longitude),
        map=f"\n{link}" if link else "", evidence=evidence + missing.note("\n"), area=area_text(case.area),
        first_due=due_words(case.first_answer_due_at, zone), resolve_due=due_words(case.resolve_due_at, zone),
    )


def _place(case: Case) -> str:
    """The location with its area, in one line (a template's value holds no line breaks)."""
    place = location_text(case.address, case.place_label, case.latitude, case.longitude)
    return f"{place} ({case.area.label()})" if case.area is not None else place


def _forward_values(case: Case, links: list[str], missing: Missing) -> dict:
    """What the ``forward`` template shows when the official's window is closed: one evidence link
    (the rest, and the attachments, follow once the official answers or taps *Baca*)."""
    evidence = links[0] if links else official_text("no_evidence")
    if len(links) > 1:
        evidence += official_text("more_evidence", count=len(links) - 1)
    evidence += missing.note(" ")  # a template's value holds no line breaks
    return {"ref": case.ref, "category": case.category.name, "description": case.description,
            "place": _place(case),
            "evidence": evidence}
