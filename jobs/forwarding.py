"""Forwarding a new case to its officials."""
from __future__ import annotations

import logging

from sqlalchemy import select

from bot.media import signed_url
from bot.runtime import worker_runtime
from handlers.catalog import official_text
from handlers.cases import active_officials, default_department, location_text, map_link
from handlers.outbox import Outbox
from models import Case, CaseEvent, Media, utcnow

from .media import download_media

log = logging.getLogger(__name__)


def forward_case(case_id: int) -> None:
    """Hand a new case to every official of its department, evidence included, once."""
    runtime = worker_runtime()
    with runtime.db.session() as session:
        pending = session.scalars(select(Media.id).where(Media.case_id == case_id,
                                                         Media.status == "pending")).all()
    for media_id in pending:  # downloaded before the case's row is locked: network stays outside
        download_media(media_id)
    with runtime.db.session() as session:
        case = session.get(Case, case_id, with_for_update=True)
        if case is None or case.forwarded_at is not None:
            return
        officials = active_officials(case.department) or active_officials(default_department(session))
        if not officials:
            log.error("case %s has no official to go to; the sweep will try again", case.ref)
            return
        outbox = Outbox(session)
        evidence = session.scalars(select(Media).where(Media.case_id == case.id, Media.status == "stored")
                                   .order_by(Media.id)).all()
        links = [signed_url(runtime.settings, media.id, media.content_type) for media in evidence]
        text = _forward_text(case, links)
        values = _forward_values(case, links)
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


def _forward_text(case: Case, links: list[str]) -> str:
    link = map_link(case.latitude, case.longitude)
    evidence = "\n".join(f"{number}) {url}" for number, url in enumerate(links, start=1))
    return official_text(
        "forward", ref=case.ref, category=case.category.name,
        resident=case.resident.profile_name or "-", description=case.description,
        location=location_text(case.address, case.place_label, case.latitude, case.longitude),
        map=f"\n{link}" if link else "", evidence=f"\n{evidence}" if links else official_text("no_evidence"),
    )


def _forward_values(case: Case, links: list[str]) -> dict:
    """What the ``forward`` template shows when the official's window is closed: one evidence link
    (the rest, and the attachments, follow once the official answers or taps *Baca*)."""
    evidence = links[0] if links else official_text("no_evidence")
    if len(links) > 1:
        evidence += official_text("more_evidence", count=len(links) - 1)
    return {"ref": case.ref, "category": case.category.name, "description": case.description,
            "place": location_text(case.address, case.place_label, case.latitude, case.longitude),
            "evidence": evidence}
