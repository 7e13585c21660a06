"""Telling every voter of a tallied round its result, a batch per transaction, resumable: the round
keeps how far it got (``handlers/budgeting.py``)."""
from __future__ import annotations

from bot.runtime import worker_runtime
from handlers.budgeting import tell_next_voters
from handlers.outbox import Outbox
from models import ROW_LOCK, Round


def tell_voters(round_id: int) -> None:
    """Batch after batch until every voter has been told; the sends go to the bulk queue, so that
    residents writing meanwhile are answered first."""
    runtime = worker_runtime()
    more = True
    while more:
        with runtime.db.session() as session:
            round_ = session.get(Round, round_id, with_for_update=ROW_LOCK)
            if round_ is None:
                return
            outbox = Outbox(session)
            more = tell_next_voters(session, round_, outbox)
            jobs = outbox.flush()
            session.commit()
        runtime.enqueue_bulk(jobs)
