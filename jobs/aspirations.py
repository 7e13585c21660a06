"""Telling every supporter of an aspiration its office's answer or its forum's outcome, a batch per
transaction, resumable: the event keeps how far it got (``handlers/aspirations.py``)."""
from __future__ import annotations

from bot.runtime import worker_runtime
from handlers.aspirations import tell_next_supporters
from handlers.outbox import Outbox
from models import ROW_LOCK, AspirationEvent


def tell_supporters(event_id: int) -> None:
    """Batch after batch until every supporter has been told; the sends go to the bulk queue, so
    that residents writing meanwhile are answered first."""
    runtime = worker_runtime()
    more = True
    while more:
        with runtime.db.session() as session:
            event = session.get(AspirationEvent, event_id, with_for_update=ROW_LOCK)
            if event is None:
                return
            outbox = Outbox(session)
            more = tell_next_supporters(session, event, outbox)
            jobs = outbox.flush()
            session.commit()
        runtime.enqueue_bulk(jobs)
