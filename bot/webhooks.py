"""Twilio's webhooks: check the signature, store, hand to handlers/, commit, enqueue, answer."""
from __future__ import annotations

import logging
from functools import wraps

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator

from sqlalchemy.exc import SQLAlchemyError

from handlers.delivery import record_delivery
from handlers.outbox import DRAIN_JOB, PendingJobs

from . import spool
from .db import database_unavailable
from .inbound import BadPayload, receive_inbound

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
        if spool.is_empty(app_runtime.settings.instance_dir):
            with app_runtime.db.session() as session:
                jobs = receive_inbound(session, request.form, app_runtime.handler_config)
        else:  # the worker is still moving earlier messages in: this one goes after them
            jobs = _spooled(app_runtime, request.form)
    except BadPayload as exc:
        log.warning("ignored a signed but malformed webhook: %s", exc)
        abort(400)
    except SQLAlchemyError as exc:
        if not database_unavailable(exc):
            raise
        log.error("the database did not answer (%s); message %s spooled", type(exc).__name__,
                  request.form.get("MessageSid"))
        jobs = _spooled(app_runtime, request.form)
    app_runtime.enqueue(jobs)
    return Response(EMPTY_TWIML, mimetype="text/xml")


def _spooled(app_runtime, form) -> PendingJobs:
    """Keep the signed form on disk and have the worker move it in once the database answers."""
    spool.append(app_runtime.settings.instance_dir, form)
    jobs = PendingJobs()
    jobs.add(DRAIN_JOB)
    return jobs


@bp.post("/webhooks/twilio/status")
@signed_by_twilio
def status_callback():
    form = request.form
    sid, status = form.get("MessageSid"), form.get("MessageStatus")
    if sid and status:
        app_runtime = runtime()
        with app_runtime.db.session() as session:
            jobs = record_delivery(session, sid, status, form.get("ErrorCode") or None, form.to_dict(flat=True))
            session.commit()
        if jobs:
            app_runtime.enqueue(jobs)
    return Response("", status=200)
