"""Who gets a case forwarded, and what follows the forward."""
from __future__ import annotations

from models import Case, Media

from .cases import active_officials, default_department
from .catalog import official_text
from .outbox import Outbox


def case_officials(session, case: Case) -> list:
    """Who gets a case: its department's active officials, else the mayor's office's."""
    return active_officials(case.department) or active_officials(default_department(session))


def follow_up_evidence(session, case: Case, media: Media, outbox: Outbox) -> None:
    """An attachment the forward said was still coming has settled (``jobs/media.py``, under the
    case's lock): its officials get it, or a note that it could not be fetched."""
    for official in case_officials(session, case):
        if media.status == "stored":
            outbox.to_official(official, official_text("forward_evidence_late", ref=case.ref),
                               case=case, kind="forward", media_id=media.id)
        else:
            outbox.to_official(official, official_text("evidence_given_up", ref=case.ref),
                               case=case, kind="forward")
