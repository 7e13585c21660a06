"""Who gets a case forwarded, and what follows the forward."""
from __future__ import annotations

from sqlalchemy.orm import Session

from models import Case, Media, MediaStatus

from .cases import active_officials, default_department
from .catalog import official_text
from .outbox import Outbox, PendingJobs


def case_officials(session: Session, case: Case) -> list:
    """Who gets a case: its department's active officials, else the mayor's office's."""
    return active_officials(case.department) or active_officials(default_department(session))


def follow_up_evidence(session: Session, case: Case | None, media: Media) -> PendingJobs:
    """What an attachment that has just settled owes its case's officials: nothing, unless the
    case was forwarded while it was still coming; then the attachment, or a note that it could
    not be fetched. ``jobs/media.py`` asks under the case's lock, so that a forward beside it and
    this follow-up each see the other's outcome; it enqueues the sends returned after commit."""
    outbox = Outbox(session)
    if case is None or case.forwarded_at is None:
        return outbox.flush()
    for official in case_officials(session, case):
        if media.status == MediaStatus.STORED:
            outbox.to_official(official, official_text("forward_evidence_late", ref=case.ref),
                               case=case, kind="forward", media_id=media.id)
        else:
            outbox.to_official(official, official_text("evidence_given_up", ref=case.ref),
                               case=case, kind="forward")
    return outbox.flush()
