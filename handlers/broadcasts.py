"""News with consent. ``langganan`` / ``subscribe`` opts a number in to the news of its kelurahan and
of the city's budget rounds, recording when and by which message (WhatsApp requires the opt-in
before any marketing template); ``berhenti langganan`` ends it, and ``berhenti`` ends everything.
An admin's broadcast goes to the subscribers of an area, a batch at a time, each subscriber once:
the broadcast keeps the last subscription it reached (``jobs/broadcasts.py`` paces the sending)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, selectinload

from models import Area, Broadcast, Message, MessageStatus, Phase, Resident, Round, Subscription, utcnow
from models.people import AdminUser

from .budgeting import closes_words
from .catalog import t
from .choices import ROUND_ANNOUNCEMENT_BUTTONS, offer
from .outbox import Outbox

BROADCAST_TEMPLATE = "broadcast"
ANNOUNCEMENT_TEMPLATE = "round_announcement"
#: A broadcast's text: it fits whole in either template's 1,024 characters beside the longest area,
#: round and closing time (the round's announcement leaves the least room).
MAX_BROADCAST = 500
MIN_BROADCAST = 10
PACE_JOB = "jobs.broadcasts.pace"


class BroadcastError(ValueError):
    def __init__(self, key: str, **values) -> None:
        super().__init__(key)
        self.key, self.values = key, values


# --- consent ----------------------------------------------------------------------------------

def subscription_of(session: Session, resident: Resident) -> Subscription | None:
    return session.scalar(select(Subscription).where(Subscription.resident_id == resident.id))


def subscribe(session: Session, resident: Resident, area: Area | None, message: Message | None,
              now: datetime) -> str:
    """The number's opt-in (renewed if it had ended): ``subscribed``, ``renewed`` or ``moved``
    (already subscribed, now to another kelurahan's news) or ``already``."""
    subscription = subscription_of(session, resident)
    area_id = area.id if area is not None else None
    if subscription is None:
        session.add(Subscription(resident_id=resident.id, area_id=area_id, consented_at=now,
                                 consent_message_id=message.id if message else None))
        return "subscribed"
    if subscription.ended_at is None and subscription.area_id == area_id:
        return "already"
    what = "renewed" if subscription.ended_at is not None else "moved"
    subscription.area_id, subscription.ended_at, subscription.ended_by = area_id, None, None
    subscription.consented_at, subscription.consent_message_id = now, message.id if message else None
    return what


def unsubscribe(session: Session, resident: Resident, by: str, now: datetime) -> bool:
    """The opt-in ended (``by``: ``stop`` or ``unsubscribe``); False if there was none to end."""
    subscription = subscription_of(session, resident)
    if subscription is None or subscription.ended_at is not None:
        return False
    subscription.ended_at, subscription.ended_by = now, by
    # News not yet sent (waiting for a template's approval, held for the window) never goes now.
    session.execute(update(Message).where(
        Message.resident_id == resident.id, Message.broadcast_id.is_not(None),
        Message.status.in_((MessageStatus.PENDING, MessageStatus.HELD, MessageStatus.WAITING_TEMPLATE)))
        .values(status=MessageStatus.SUPPRESSED, error_message="the resident unsubscribed", status_updated_at=now)
        .execution_options(synchronize_session=False))
    return True


# --- broadcasts -------------------------------------------------------------------------------

def create_broadcast(session: Session, body: str, area: Area | None, admin: AdminUser | None,
                     round_: Round | None = None, now: datetime | None = None) -> Broadcast:
    """A broadcast to the subscribers of ``area`` (None: every subscriber), or a budget round's
    announcement while it votes (its message offers *Pilih*); the caller commits and enqueues its
    pace job."""
    body = body.strip()
    if not MIN_BROADCAST <= len(body) <= MAX_BROADCAST:
        raise BroadcastError("broadcast_length", low=MIN_BROADCAST, high=MAX_BROADCAST)
    now = now or utcnow()
    if round_ is not None and round_.phase(now) != Phase.VOTING:
        raise BroadcastError("round_not_voting", round=round_.name)
    if round_ is not None and not _within(session, area, round_.area):
        raise BroadcastError("round_elsewhere", round=round_.name)
    if admin is not None:  # two posts at once: the second waits here for the first, then sees it
        session.execute(select(AdminUser.id).where(AdminUser.id == admin.id).with_for_update())
    if _sent_just_now(session, body, area, round_, now):  # a double click would reach everyone twice
        raise BroadcastError("broadcast_repeated", minutes=int(SAME_BROADCAST_WITHIN.total_seconds() // 60))
    broadcast = Broadcast(body=body, area_id=area.id if area else None, created_by_id=admin.id if admin else None,
                          round_id=round_.id if round_ else None)
    session.add(broadcast)
    session.flush()
    return broadcast


#: The same text to the same area again within this long is taken for a double submit.
SAME_BROADCAST_WITHIN = timedelta(minutes=30)


def _sent_just_now(session: Session, body: str, area: Area | None, round_: Round | None, now: datetime) -> bool:
    return session.scalar(select(func.count()).select_from(Broadcast).where(
        Broadcast.body == body, Broadcast.area_id.is_(None) if area is None else Broadcast.area_id == area.id,
        Broadcast.round_id.is_(None) if round_ is None else Broadcast.round_id == round_.id,
        Broadcast.created_at >= now - SAME_BROADCAST_WITHIN)) > 0


def _within(session: Session, area: Area | None, round_area: Area | None) -> bool:
    """A round's announcement goes to those who may vote in it: its kecamatan or a kelurahan of it
    (any area for a city's round)."""
    if round_area is None:
        return True
    return area is not None and (area.id == round_area.id or area.parent_id == round_area.id)


def _audience(broadcast: Broadcast):
    """The active subscriptions a broadcast reaches: a kelurahan's own, a kecamatan's kelurahan's,
    or every one; never a number that said ``berhenti``."""
    query = (select(Subscription).join(Resident, Resident.id == Subscription.resident_id)
             .where(Subscription.ended_at.is_(None), Resident.opted_out.is_(False)))
    area = broadcast.area
    if area is not None and area.kind == "kecamatan":
        kelurahan = select(Area.id).where(Area.parent_id == area.id)
        query = query.where(or_(Subscription.area_id.in_(kelurahan), Subscription.area_id == area.id))
    elif area is not None:
        query = query.where(Subscription.area_id == area.id)
    return query


def audience_size(session: Session, broadcast: Broadcast) -> int:
    return session.scalar(select(func.count()).select_from(_audience(broadcast).subquery())) or 0


def next_recipients(session: Session, broadcast: Broadcast, outbox: Outbox, limit: int, now: datetime,
                    zone: ZoneInfo) -> list[int]:
    """The broadcast's messages for its next ``limit`` subscribers (the caller holds the
    broadcast's row lock and commits); their ids, none once every subscriber has one."""
    if broadcast.finished_at is not None:
        return []
    subscriptions = session.scalars(
        _audience(broadcast).options(selectinload(Subscription.resident).selectinload(Resident.conversation),
                                     selectinload(Subscription.area))
        .where(Subscription.id > broadcast.up_to_subscription_id).order_by(Subscription.id).limit(limit)).all()
    broadcast.touched_at = now
    if not subscriptions:
        broadcast.finished_at = now
        return []
    made: list[Message] = []
    for subscription in subscriptions:
        made += _news_for(subscription.resident, broadcast, outbox, zone)
    outbox.session.flush()
    broadcast.up_to_subscription_id = subscriptions[-1].id
    broadcast.recipients += len(subscriptions)
    return [message.id for message in made]


def _news_for(resident: Resident, broadcast: Broadcast, outbox: Outbox, zone: ZoneInfo) -> list[Message]:
    language = resident.language
    where = broadcast.area.label() if broadcast.area is not None else t("round_city", language)
    if broadcast.round is not None:  # an announcement: *Pilih* opens the ballot, in the window and out
        values = {"where": where, "round": broadcast.round.name, "text": broadcast.body,
                  "closes": closes_words(broadcast.round, zone, language)}
        messages = outbox.to_resident(resident, t("round_announcement", language, **values), kind="broadcast",
                                      template=ANNOUNCEMENT_TEMPLATE, values={**values, "area": where},
                                      choices=offer(ROUND_ANNOUNCEMENT_BUTTONS, values))
    else:
        messages = outbox.to_resident(resident, t("broadcast_text", language, where=where, text=broadcast.body),
                                      kind="broadcast", template=BROADCAST_TEMPLATE,
                                      values={"area": where, "text": broadcast.body})
    for message in messages:
        message.broadcast_id = broadcast.id
    return messages


def per_second(sender_mps: int) -> int:
    """Broadcast messages a second: the sender's rate less a tenth, kept for answering residents."""
    return max(1, sender_mps - math.ceil(sender_mps / 10))


@dataclass(frozen=True)
class BroadcastCounts:
    recipients: int
    sent: int
    delivered: int
    failed: int
    #: Held back (the number said ``berhenti`` before its turn came), or the news stopped after it.
    opted_out: int
    waiting: int


#: Handed to Twilio, whatever its callbacks said since.
SENT = (MessageStatus.ACCEPTED, MessageStatus.QUEUED, MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ)
DELIVERED = (MessageStatus.DELIVERED, MessageStatus.READ)
FAILED = (MessageStatus.FAILED, MessageStatus.UNDELIVERED)


def counts(session: Session, broadcast: Broadcast) -> BroadcastCounts:
    by_status = dict(session.execute(select(Message.status, func.count()).where(
        Message.broadcast_id == broadcast.id).group_by(Message.status)).all())
    total = lambda statuses: sum(by_status.get(status, 0) for status in statuses)  # noqa: E731
    stopped_after = session.scalar(
        select(func.count()).select_from(Subscription).join(Message, Message.resident_id == Subscription.resident_id)
        .where(Message.broadcast_id == broadcast.id, Message.status != MessageStatus.SUPPRESSED,
               Subscription.ended_at >= broadcast.created_at)) or 0
    return BroadcastCounts(recipients=broadcast.recipients, sent=total(SENT), delivered=total(DELIVERED),
                           failed=total(FAILED), opted_out=by_status.get(MessageStatus.SUPPRESSED, 0) + stopped_after,
                           waiting=total((MessageStatus.PENDING, MessageStatus.SENDING, MessageStatus.HELD,
                                          MessageStatus.WAITING_TEMPLATE)))


def stalled_broadcasts(session: Session, older_than: datetime) -> list[int]:
    """Unfinished broadcasts the worker has not touched since ``older_than``: their job was lost."""
    return list(session.scalars(select(Broadcast.id).where(
        Broadcast.finished_at.is_(None),
        or_(Broadcast.touched_at < older_than, (Broadcast.touched_at.is_(None)) & (Broadcast.created_at < older_than)))))
