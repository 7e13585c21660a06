"""Twilio's webhooks: check the signature, store, hand to handlers/, commit, enqueue, answer."""
from __future__ import annotations

import logging
from functools import wraps

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator

from handlers import handle_or_apologise
from handlers.delivery import record_delivery

from .inbound import BadPayload, store_inbound

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
    app_runtime = runtime()
    try:
        with app_runtime.db.session() as session:
            message = store_inbound(session, request.form)
            jobs = (handle_or_apologise(session, message.id, app_runtime.handler_config)
                    if message.status == "received" else None)
    except BadPayload as exc:
        log.warning("ignored a signed but malformed webhook: %s", exc)
        abort(400)
    if jobs:
        app_runtime.enqueue(jobs)
    return Response(EMPTY_TWIML, mimetype="text/xml")


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
