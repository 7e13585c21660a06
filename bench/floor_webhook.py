"""The floor under the bot's webhook: the same requests, the same signature check, the same tables and
the same one RQ enqueue, but only the minimum of database work any version of the bot must do for an
inbound message, written as bare SQLAlchemy Core statements with no ORM and no conversation logic:

    INSERT the message … ON CONFLICT DO NOTHING RETURNING id   (store it, once per MessageSid)
    SELECT the resident's conversation … FOR UPDATE            (one person at a time, in order)
    UPDATE the conversation's state
    INSERT one outbound answer RETURNING id                    (the outbox)
    UPDATE the message as handled
    COMMIT, then one pipelined RQ enqueue

bench/webhook_throughput.py --floor serves it beside the bot and the bare route: what it reaches is
what rewriting the bot's request path in Core could reach at best on this machine. It answers the
bot's own schema (``flask init-db``) and marks its rows with an ``F`` before the MessageSid.
"""
from __future__ import annotations

from flask import Flask, Response, abort, request
from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from twilio.request_validator import RequestValidator

from bot.config import load_settings
from bot.db import Database
from bot.phones import to_e164
from bot.queueing import QUEUE_NAMES, enqueue_all, job_queue, redis_connection
from handlers.outbox import SEND_JOB, PendingJobs
from models import Conversation, Message, Resident, utcnow

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

settings = load_settings()
database = Database(settings.database_url, wait_seconds=5)
_redis = redis_connection(settings)
queues = [job_queue(_redis, name) for name in QUEUE_NAMES]
validator = RequestValidator(settings.signing_token)
dialect_insert = postgresql.insert if database.engine.dialect.name == "postgresql" else sqlite.insert
messages, conversations, residents = Message.__table__, Conversation.__table__, Resident.__table__
app = Flask(__name__)


@app.post("/webhooks/twilio/whatsapp")
def inbound_message():
    url = settings.public_base_url + request.full_path.rstrip("?")
    if not validator.validate(url, request.form, request.headers.get("X-Twilio-Signature", "")):
        abort(403)
    form = request.form
    phone = to_e164(form["From"])
    jobs = PendingJobs()
    with database.engine.begin() as connection:
        message_id = connection.scalar(
            dialect_insert(messages).values(direction="in", sid="F" + form["MessageSid"], phone=phone,
                                            status="received", kind="text", body=form.get("Body", ""),
                                            raw=form.to_dict(flat=True), created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["sid"]).returning(messages.c.id))
        if message_id is None:
            return Response(EMPTY_TWIML, mimetype="text/xml")  # a re-delivery
        row = connection.execute(
            select(residents.c.id, conversations.c.id, conversations.c.state)
            .join(conversations, conversations.c.resident_id == residents.c.id)
            .where(residents.c.phone == phone).with_for_update(of=conversations)).first()
        if row is None:  # first contact
            resident_id = connection.scalar(insert(residents).values(phone=phone, created_at=utcnow())
                                            .returning(residents.c.id))
            conversation_id = connection.scalar(
                insert(conversations).values(resident_id=resident_id, state="new", draft={}, updated_at=utcnow())
                .returning(conversations.c.id))
        else:
            resident_id, conversation_id, _state = row
        connection.execute(update(conversations).where(conversations.c.id == conversation_id)
                           .values(state="menu", updated_at=utcnow()))
        answer_id = connection.scalar(
            insert(messages).values(direction="out", phone=phone, resident_id=resident_id,
                                    conversation_id=conversation_id, kind="bot", status="pending",
                                    body="Terima kasih, pesan Anda kami terima.", created_at=utcnow())
            .returning(messages.c.id))
        connection.execute(update(messages).where(messages.c.id == message_id)
                           .values(status="processed", processed_at=utcnow(), resident_id=resident_id,
                                   conversation_id=conversation_id))
    jobs.add(SEND_JOB, answer_id)
    enqueue_all(queues, jobs, list(settings.retry_intervals), lane=request.form.get("From"))
    return Response(EMPTY_TWIML, mimetype="text/xml")
