"""Telling many people one piece of news (an aspiration's answer to its supporters, a round's result
to its voters), a batch per transaction under the news' row lock, resumable: the row keeps how far
it got, so that a repeated or resumed job tells nobody twice."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.runtime import worker_runtime
from handlers.outbox import Outbox
from models import ROW_LOCK

#: Tells the next batch about the locked row; False once everyone has been told.
Step = Callable[[Session, object, Outbox], bool]


def tell_until_done(model: type, row_id: int, step: Step) -> None:
    """Batch after batch until ``step`` says everyone was told; the sends go to the bulk queue, so
    that residents writing meanwhile are answered first."""
    runtime = worker_runtime()
    more = True
    while more:
        with runtime.db.session() as session:
            row = session.get(model, row_id, with_for_update=ROW_LOCK)
            if row is None:
                return
            outbox = Outbox(session)
            more = step(session, row, outbox)
            jobs = outbox.flush()
            session.commit()
        runtime.enqueue_bulk(jobs)
