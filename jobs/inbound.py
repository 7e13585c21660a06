"""An inbound message stored but not handled yet."""
from __future__ import annotations

from bot.runtime import worker_runtime
from handlers import handle_or_apologise


def handle_stored_inbound(message_id: int) -> None:
    """An inbound message stored but never handled (the web process died mid-request)."""
    runtime = worker_runtime()
    with runtime.db.session() as session:
        jobs = handle_or_apologise(session, message_id, runtime.handler_config)
    runtime.enqueue(jobs)
