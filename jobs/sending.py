"""Sending outbox rows, one at a time per phone and at most once each."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from rq.timeouts import BaseTimeoutException
from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError

from bot.content import choice_content, content_api, ensure_choice_content
from bot.db import database_unavailable
from bot.media import signed_url
from bot.runtime import worker_runtime
from bot.twilio_client import REQUEST_TIMEOUT
from handlers.delivery import apply_early_callbacks, replace_refused_by_window
from handlers import choices as taps
from handlers.outbox import Outbox, copy_of
from handlers.window import WAITING, Plan, hold, plan_delivery, plan_retry, send_order
from models import (ROW_LOCK, FINISHED_SENDING, Conversation, Media, MediaStatus, Message, MessageDirection,
                    MessageStatus, Official, Resident, as_utc, utcnow)

from .media import download_media, first_attempt_under_way
from .transport import NotAccepted, Sent, SendFailed, Unknown, transport_for

log = logging.getLogger(__name__)

#: A row left in ``sending`` this long ago was abandoned mid-call (crash, timeout), not in flight:
#: a claim is renewed before each call to Twilio, and no call waits longer than REQUEST_TIMEOUT.
IN_FLIGHT_GRACE = timedelta(seconds=REQUEST_TIMEOUT + 5)


#: Outbound rows that still have to go (``suppressed`` ones never go).
UNSENT = (MessageStatus.PENDING, MessageStatus.SENDING)


class AttachmentStillComing(Exception):
    """The row's attachment is being fetched by another job: look again in a moment."""


class StillInFlight(Exception):
    """Another attempt may be talking to Twilio right now; look again later."""


def send_messages(message_ids: list[int]) -> None:
    """Send what one inbound message (or one decision) queued, in one job: each row at most once,
    after every earlier unsent row for the same phone, so that a message waiting for a retry is
    never overtaken by the ones decided after it. A passing failure for one phone does not stop the
    others; it is raised at the end, so that RQ retries the job (what already left is not sent again)."""
    failed: BaseException | None = None
    stuck_phones: set[str] = set()
    for row in _unsent_up_to(message_ids):
        if row.phone in stuck_phones:
            continue  # a later row for this phone must not overtake the one that failed
        try:
            _send_one_after_any_in_flight(row)
        except BaseTimeoutException:
            raise  # RQ's alarm has rung: the rows after this one would be sent with no limit at all
        except Exception as exc:
            stuck_phones.add(row.phone)
            failed = failed or exc
    if failed is not None:
        raise failed


def send_message(message_id: int) -> None:
    """One row (and the unsent rows before it for the same phone)."""
    send_messages([message_id])


@dataclass(frozen=True)
class Unsent:
    id: int
    phone: str
    resident_id: int | None
    media_id: int | None
    choices: dict | None = None


def _unsent_up_to(message_ids: list[int]) -> list[Unsent]:
    """The unsent rows for the phones of ``message_ids``, in each phone's sending order, up to the
    last of ``message_ids`` for that phone; phones in the order the ids first name them. One read:
    the claim decides under the recipient's lock whether each still goes."""
    with worker_runtime().db.session(read_only=True) as session:
        wanted = session.execute(select(Message.id, Message.phone, send_order().label("position"))
                                 .where(Message.id.in_(message_ids))).all()
        if not wanted:
            return []
        last_wanted = {}
        for row in wanted:
            last_wanted[row.phone] = max(last_wanted.get(row.phone, (0, 0)), (row.position, row.id))
        rows = session.execute(
            select(Message.id, Message.phone, Message.resident_id, Message.media_id, Message.choices,
                   send_order().label("position"))
            .where(Message.direction == MessageDirection.OUTBOUND, Message.status.in_(UNSENT),
                   Message.phone.in_(list(last_wanted)))
            .order_by(send_order(), Message.id)).all()
    asked_at = {message_id: index for index, message_id in reversed(list(enumerate(message_ids)))}
    phone_order = {phone: index for index, phone in
                   enumerate(dict.fromkeys(row.phone for row in sorted(wanted, key=lambda row: asked_at[row.id])))}
    chosen = [row for row in rows if (row.position, row.id) <= last_wanted[row.phone]]
    chosen.sort(key=lambda row: phone_order[row.phone])  # stable: each phone's own order is kept
    return [Unsent(row.id, row.phone, row.resident_id, row.media_id, row.choices) for row in chosen]


#: How long a job waits for another job's attempt on the same row to end before it leaves the row
#: to RQ's retry: an attempt under way usually ends within Twilio's answer, a fraction of a second.
#: Not longer: an attempt a killed worker left looks the same, and every job for that phone (an
#: official's, often) would hold a worker process that long until its grace is over.
IN_FLIGHT_WAIT = 1.0


def _send_one_after_any_in_flight(row: Unsent) -> None:
    """``_send_one``, waiting a moment when another job is talking to Twilio about this row (two
    jobs for one phone, a webhook's and the sweep's, often meet): a retry in RQ's seconds would
    keep the phone's later rows waiting that long."""
    deadline = time.monotonic() + IN_FLIGHT_WAIT
    while True:
        try:
            return _send_one(row)
        except StillInFlight:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _send_one(row: Unsent) -> None:
    runtime = worker_runtime()
    if row.media_id is not None and not download_media(row.media_id, first_try_only=True):
        if first_attempt_under_way(row.media_id):
            # Another job is fetching it now: wait (the phone's later rows with it) rather than
            # let a caption overtake its photo; RQ retries this job in a moment.
            raise AttachmentStillComing(f"attachment {row.media_id} of message {row.id} is being fetched")
        return  # its download failed and is being retried: jobs/media.py sends this row once it settles
    message_id = row.id
    if row.choices and row.resident_id is not None:
        _prepare_choices(row)
    claim = _claim_for_sending(row)
    if claim is None:
        return
    transport = transport_for(runtime.settings)
    try:
        sent = _earlier_attempt(transport, claim) if claim.was_sending else None
        if sent is None and claim.was_sending and not _renewed(message_id, claim.attempt):
            raise StillInFlight(f"message {message_id} was claimed again while its earlier attempt was looked for")
        if sent is None and claim.content_sid:
            sent = transport.send_template(claim.to, claim.content_sid, claim.variables)
        sent = sent or transport.send(claim.to, claim.body, claim.media_url)
    except NotAccepted as exc:
        _store_attempt(message_id, status=MessageStatus.PENDING, error=str(exc))
        raise
    except Unknown as exc:
        _store_attempt(message_id, status=MessageStatus.SENDING, error=str(exc))
        raise
    except SendFailed as exc:
        _store_attempt(message_id, status=MessageStatus.FAILED, error=exc.text, code=exc.code)
        return
    _store_attempt(message_id, status=sent.status, sid=sent.sid, queue_rest=not claim.complete)


def _renewed(message_id: int, attempt: int) -> bool:
    """Renew this attempt's claim before it sends, the look for an earlier attempt having taken a
    call's time: the send gets a grace of its own. False if another job claimed the row meanwhile
    (it took this one for abandoned): then it is that job's to send."""
    with worker_runtime().db.session() as session:
        renewed = session.execute(
            update(Message).where(Message.id == message_id, Message.status == MessageStatus.SENDING,
                                  Message.attempts == attempt).values(status_updated_at=utcnow())).rowcount
        session.commit()
    return bool(renewed)


def _earlier_attempt(transport, claim: "Claim") -> Sent | None:
    """The message an earlier attempt got to Twilio, if any: same recipient, body and media, and
    a SID that no stored message has yet (an identical earlier message is not this one)."""
    candidates = transport.recently_sent(claim.to, claim.body, claim.media_url is not None)
    if not candidates:
        return None
    with worker_runtime().db.session() as session:
        known = set(session.scalars(select(Message.sid).where(
            Message.sid.in_([candidate.sid for candidate in candidates]))))
    return next((candidate for candidate in candidates if candidate.sid not in known), None)


@dataclass(frozen=True)
class Claim:
    to: str
    #: What the phone will show: the free-form text, or the filled template.
    body: str
    media_url: str | None
    #: An earlier attempt got as far as Twilio, maybe: look for its message before sending again.
    was_sending: bool
    content_sid: str | None = None
    variables: dict | None = None
    #: False when the template carried only part of the message: the rest is held for the window.
    complete: bool = True
    #: Which attempt this is (the row's ``attempts`` once claimed).
    attempt: int = 0


def _claim_for_sending(row: Unsent) -> Claim | None:
    """Mark the row ``sending`` in its own commit, so a second job knows one is under way. Here,
    at the moment it leaves, the row's way out is chosen: free-form inside the recipient's window,
    else its template, else it waits (``handlers/window.py``)."""
    runtime = worker_runtime()
    message_id = row.id
    with runtime.db.session() as session:
        resident = _lock_recipient(session, row)
        message = session.get(Message, message_id, with_for_update=ROW_LOCK, populate_existing=True)
        if message.status in FINISHED_SENDING or message.status in WAITING:
            return None
        claimed = as_utc(message.status_updated_at or message.created_at)
        was_sending = message.status == MessageStatus.SENDING
        if was_sending and utcnow() - claimed < IN_FLIGHT_GRACE:
            raise StillInFlight(f"message {message_id} was claimed at {claimed.isoformat()}")
        if resident is not None and resident.opted_out and message.kind != "opt_out":
            plan = Plan("drop", reason="resident opted out")
        elif was_sending:
            plan = plan_retry(session, message)
        else:
            plan = plan_delivery(session, message, utcnow(), runtime.settings.window_margin)
        # Taps on a first attempt only: a retry goes in the shape Twilio may already hold.
        choices = _choices_content(session, message, resident) if plan.how == "text" and not was_sending else None
        if choices is not None:
            plan = choices
        if plan.how not in ("text", "template", "choices"):
            jobs = _set_aside(session, message, plan)
            session.commit()
            runtime.enqueue(jobs)
            return None
        message.content_sid = plan.content_sid
        message.template_body = plan.filled.text if plan.filled else None
        media = session.get(Media, message.media_id) if message.media_id and not plan.filled else None
        media_url = (signed_url(runtime.settings, media.id, media.content_type)
                     if media is not None and media.status == MediaStatus.STORED else None)
        message.status, message.status_updated_at = MessageStatus.SENDING, utcnow()
        message.attempts += 1
        session.commit()
        attempt = message.attempts
        if plan.how == "choices":
            return Claim(message.phone, plan.filled.text, None, was_sending, plan.content_sid, plan.filled.variables,
                         attempt=attempt)
        if plan.filled:
            return Claim(message.phone, plan.filled.text, None, was_sending, plan.content_sid,
                         plan.filled.variables, plan.filled.complete and message.media_id is None, attempt)
        return Claim(message.phone, message.body, media_url, was_sending, attempt=attempt)


def _prepare_choices(row: Unsent) -> None:
    """Have the Content for the row's list picker or buttons created at Twilio, once, before the
    claim: a Content API call does not belong inside the recipient's lock."""
    runtime = worker_runtime()
    with runtime.db.session() as session:
        language = session.scalar(select(Resident.language).where(Resident.id == row.resident_id)) or "id"
        ensure_choice_content(session, content_api(runtime.settings), row.choices, language)


def _choices_content(session, message: Message, resident: Resident | None) -> Plan | None:
    """Inside the window, a prompt that offers taps goes as its list picker or buttons, when their
    Content exists; else (Twilio could not create it) as the typed text."""
    if not message.choices or resident is None:
        return None
    content = choice_content(session, message.choices, resident.language)
    if content is None:
        return None
    return Plan("choices", content_sid=content.content_sid, filled=taps.fill(message.choices, resident.language))


def _lock_recipient(session, row: Unsent) -> Resident | None:
    """Take the lock the webhook takes for this person (their conversation, or their official row)
    before deciding: a message held just as they write would otherwise miss their message's
    release. The person first, then the message: the webhook locks in that order too."""
    if row.resident_id is None:
        session.scalars(select(Official.id).where(Official.phone == row.phone).with_for_update(**ROW_LOCK)).first()
        return None
    return session.scalars(
        select(Resident).join(Conversation, Conversation.resident_id == Resident.id)
        .where(Resident.id == row.resident_id).with_for_update(of=Conversation, **ROW_LOCK)
        .execution_options(populate_existing=True)).first()


def _set_aside(session, message: Message, plan: Plan):
    """The row cannot leave now: held for the recipient's next message, waiting for its template's
    approval, or dropped (a prompt whose window opened meanwhile)."""
    outbox = Outbox(session)
    message.status_updated_at = utcnow()
    if plan.how == "hold":
        hold(session, message, outbox)
    elif plan.how == "wait":
        message.status = MessageStatus.WAITING_TEMPLATE
        message.error_message = f"waiting for WhatsApp to approve the '{message.template}' template"
    else:
        message.status, message.error_message = MessageStatus.SUPPRESSED, f"not sent: {plan.reason}"
    return outbox.flush()


#: How long the outcome of a call to Twilio is kept trying to be stored while the database does not
#: answer: this job alone knows it, and a row left ``sending`` waits out IN_FLIGHT_GRACE before
#: anyone looks for it at Twilio (an outage of a few seconds would cost every later row that much).
STORE_RETRY_SECONDS = 15.0


def _store_attempt(message_id: int, **outcome) -> None:
    deadline, pause = time.monotonic() + STORE_RETRY_SECONDS, 0.2
    while True:
        try:
            return _store_attempt_once(message_id, **outcome)
        except SQLAlchemyError as exc:
            if not database_unavailable(exc) or time.monotonic() + pause > deadline:
                raise
            log.warning("could not store the outcome of message %s (%s); trying again", message_id, exc)
        time.sleep(pause)
        pause = min(pause * 2, 2.0)


def _store_attempt_once(message_id: int, *, status: str, sid: str | None = None, error: str | None = None,
                        code: str | None = None, queue_rest: bool = False) -> None:
    runtime = worker_runtime()
    with runtime.db.session() as session:
        outbox = Outbox(session)
        message = session.get(Message, message_id, with_for_update=ROW_LOCK)
        message.status, message.status_updated_at = status, utcnow()
        if sid:
            message.sid, message.sent_at, message.error_message = sid, utcnow(), None
            apply_early_callbacks(session, message)
            replace_refused_by_window(session, message, outbox)
            if queue_rest:
                _queue_rest(session, message, outbox)
        if error:
            message.error_message = error
        if code:
            message.error_code = code
        jobs = outbox.flush()
        session.commit()
    runtime.enqueue(jobs)


def apply_early_refusal(sid: str) -> None:
    """A refusal (an error callback) that reached the app before this worker had stored the SID of
    its message, applied now that both are committed: the message's error, and for a 63016 its
    stand-in. Nothing if the message never got that SID."""
    runtime = worker_runtime()
    with runtime.db.session() as session:
        message = session.scalars(select(Message).where(Message.sid == sid).with_for_update(**ROW_LOCK)).first()
        if message is None:
            return
        outbox = Outbox(session)
        apply_early_callbacks(session, message)
        replace_refused_by_window(session, message, outbox)
        jobs = outbox.flush()
        session.commit()
    runtime.enqueue(jobs)


def _queue_rest(session, message: Message, outbox: Outbox) -> None:
    """The template showed part of the message: the whole of it follows, as a row of its own that the
    worker holds until the recipient writes (or sends at once, if they wrote meanwhile)."""
    if session.scalar(select(Message.id).where(Message.rest_of_id == message.id)) is None:
        outbox.add(copy_of(message, status=MessageStatus.PENDING, rest_of_id=message.id))
