"""Twilio's webhooks: check the signature, store, hand to handlers/, commit, enqueue, answer."""
from __future__ import annotations

import logging
from functools import wraps

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator

from sqlalchemy.exc import SQLAlchemyError

from handlers.outbox import PendingJobs

from . import spool
from .db import database_unavailable
from .inbound import BadPayload, receive_inbound, receive_status

log = logging.getLogger(__name__)
bp = Blueprint("webhooks", __name__)

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def runtime():
    return current_app.extensions["lapor"]


def signed_by_twilio(view):
    """403 unless X-Twilio-Signature matches the URL Twilio called (PUBLIC_BASE_URL + path)."""

    @wraps(view)
    def checked(*args, **kwargs):
        settings = runtime().settings
        url = settings.public_base_url + request.full_path.rstrip("?")
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature or not RequestValidator(settings.signing_token).validate(url, request.form, signature):
            log.warning("rejected %s: bad or missing X-Twilio-Signature", request.path)
            abort(403)
        return view(*args, **kwargs)

    return checked


@bp.post("/webhooks/twilio/whatsapp")
@signed_by_twilio
def inbound_message():
    """Store, handle and commit in one transaction, then one enqueue; when the database does not
    answer, the signed form goes to the spool and Twilio still hears 200 (nothing is lost)."""
    app_runtime = runtime()
    try:
        jobs = _received_or_spooled(app_runtime, spool.MESSAGE, lambda session: receive_inbound(
            session, request.form, app_runtime.handler_config))
    except BadPayload as exc:
        log.warning("ignored a signed but malformed webhook: %s", exc)
        abort(400)
    app_runtime.enqueue(jobs, lane=request.form.get("From"))
    return Response(EMPTY_TWIML, mimetype="text/xml")


@bp.post("/webhooks/twilio/status")
@signed_by_twilio
def status_callback():
    """Record a delivery status; spooled like a message when the database does not answer (a
    63016 met then must still get its template)."""
    app_runtime = runtime()
    jobs = _received_or_spooled(app_runtime, spool.STATUS, lambda session: receive_status(session, request.form))
    app_runtime.enqueue(jobs)
    return Response("", status=200)


def _received_or_spooled(app_runtime, kind: str, receive) -> PendingJobs:
    """``receive`` in a session of its own, or the signed post kept in the spool: when the database
    does not answer, and while earlier posts still wait there (this one goes after them). This
    process moves the spool in once the database answers."""
    try:
        if spool.is_empty(app_runtime.settings.instance_dir):
            with app_runtime.db.session() as session:
                return receive(session)
    except SQLAlchemyError as exc:
        if not database_unavailable(exc):
            raise
        log.error("the database did not answer (%s); %s %s spooled", type(exc).__name__, kind,
                  request.form.get("MessageSid"))
    spool.append(app_runtime.settings.instance_dir, request.form, kind)
    current_app.extensions["lapor_drainer"].wake()
    return PendingJobs()
