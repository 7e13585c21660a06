"""An inbound message stored but not handled yet."""
from __future__ import annotations

from bot.runtime import worker_runtime
from handlers import handle_stored
from models import Message, MessageStatus


class NotHandledYet(Exception):
    """A passing database error kept the message unhandled: RQ retries the job."""


def handle_stored_inbound(message_id: int) -> None:
    """Handle a stored message the webhook could not (the web process died mid-request, or a
    passing database error met the handler)."""
    runtime = worker_runtime()
    with runtime.db.session() as session:
        jobs = handle_stored(session, message_id, runtime.handler_config)
        session.commit()
        still_waiting = session.get(Message, message_id).status == MessageStatus.RECEIVED
    if still_waiting:
        raise NotHandledYet(f"message {message_id} met a passing database error; trying again later")
    runtime.enqueue(jobs)
