"""The console's *Kabar* pages: news to the residents who typed *langganan* (handlers/broadcasts.py):
a broadcast to the subscribers of the city, a kecamatan or a kelurahan, perhaps a budget round's
announcement while it votes, and how far each one got.

Admins only, reading included: a broadcast speaks for the city, to thousands of numbers at once and,
outside each one's 24-hour window, at WhatsApp's marketing price, so staff of an office get 403 on
every page here. The worker sends it, paced (jobs/broadcasts.py); the console commits it and puts
its pace job on the broadcasts' queue."""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from flask import abort, flash, g, redirect, render_template, request, url_for
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from handlers.broadcasts import (MAX_BROADCAST, MIN_BROADCAST, PACE_JOB, BroadcastError, audience_size, counts,
                                 create_broadcast, per_second)
from handlers.outbox import PendingJobs
from models import AdminUser, Area, Broadcast, Phase, Round, utcnow

from . import bp, row_id
from .auth import login_required
from .forms import NO_ROUND, WHOLE_CITY, BroadcastForm
from .rounds import round_area
from .texts import text
from .views import runtime

log = logging.getLogger(__name__)

#: Broadcasts a page lists, newest first; each one's figures are counted from its messages.
PAGE_SIZE = 20


def admins_only(view: Callable) -> Callable:
    """Signed in (else the sign-in page), and an admin (else 403)."""

    @wraps(view)
    def checked(*args, **kwargs):
        if g.user.role != "admin":
            abort(403)
        return view(*args, **kwargs)

    return login_required(checked)


@bp.app_template_global("broadcast_area")
def broadcast_area(broadcast: Broadcast) -> str:
    return broadcast.area.label() if broadcast.area is not None else text("broadcast.whole_city", g.user.language)


def broadcast_error(exc: BroadcastError, language: str) -> str:
    """What create_broadcast (or this module, for a choice no longer offered) refused, in words."""
    return text(f"broadcast_error.{exc.key}", language, **exc.values)


# --- every broadcast, and a new one -----------------------------------------------------------

@bp.get("/broadcasts")
@admins_only
def broadcasts():
    with runtime().db.session(read_only=True) as session:
        return _broadcasts_page(session, BroadcastForm(), before=request.args.get("before", type=row_id))


@bp.post("/broadcasts")
@admins_only
def send_broadcast():
    language, form = g.user.language, BroadcastForm()
    with runtime().db.session() as session:
        if not form.validate_on_submit():  # the fields check nothing themselves: only the CSRF token fails
            flash(text("form_expired", language), "error")
            return _broadcasts_page(session, form), 400
        try:
            created = create_broadcast(session, _typed_text(form), _chosen_area(session, form.area.data),
                                       session.get(AdminUser, g.user.id),
                                       _chosen_round(session, form.round.data), utcnow())
        except BroadcastError as exc:
            flash(broadcast_error(exc, language), "error")
            return _broadcasts_page(session, form), 400
        reach = audience_size(session, created)
        session.commit()
        broadcast_id = created.id
    _start_pacing(broadcast_id)
    flash(text("broadcast.queued", language, count=reach), "ok")
    return redirect(url_for("console.broadcast_detail", broadcast_id=broadcast_id))


def _typed_text(form: BroadcastForm) -> str:
    """As the browser counted it: a textarea's line break is one character, though it posts two."""
    return (form.body.data or "").replace("\r\n", "\n")


def _chosen_area(session: Session, code: str | None) -> Area | None:
    """The whole city (None), or an active kecamatan or kelurahan; BroadcastError otherwise."""
    if not code or code == WHOLE_CITY:
        return None
    area = session.scalars(select(Area).where(Area.code == code, Area.active)
                           .options(joinedload(Area.parent))).first()
    if area is None:
        raise BroadcastError("no_such_area")
    return area


def _chosen_round(session: Session, value: str | None) -> Round | None:
    """The round to announce, or None; create_broadcast refuses one that no longer votes, by name."""
    if not value or value == NO_ROUND:
        return None
    try:
        round_ = session.get(Round, row_id(value))
    except ValueError:
        round_ = None
    if round_ is None:
        raise BroadcastError("no_such_round")
    return round_


def _start_pacing(broadcast_id: int) -> None:
    """Its pace job, on the broadcasts' queue. Redis refusing it loses nothing, as the broadcast is
    committed and the worker's sweep starts any broadcast left untouched for two minutes; an error
    page now would only have the admin send the news twice."""
    try:
        runtime().enqueue_broadcast(PendingJobs([(PACE_JOB, (broadcast_id,))]))
    except RedisError:
        log.warning("broadcast %s: its pace job could not be queued; the sweep starts it", broadcast_id)


def _broadcasts_page(session: Session, form: BroadcastForm, before: int | None = None) -> str:
    """The form (``form`` as posted when it comes back with a mistake, so that nothing typed is
    lost) and the broadcasts, newest first, a page at a time."""
    language, now = g.user.language, utcnow()
    areas = _areas(session)
    form.offer(text("broadcast.city", language), areas, text("none", language),
               [(round_.id, f"{round_.name} · {round_area(round_)}") for round_ in _voting_rounds(session, now)])
    query = (select(Broadcast).options(joinedload(Broadcast.area).joinedload(Area.parent),
                                       joinedload(Broadcast.round), joinedload(Broadcast.created_by))
             .order_by(Broadcast.id.desc()).limit(PAGE_SIZE + 1))
    rows = list(session.scalars(query.where(Broadcast.id < before) if before else query))
    older = url_for("console.broadcasts", before=rows[PAGE_SIZE - 1].id) if len(rows) > PAGE_SIZE else None
    rows = rows[:PAGE_SIZE]
    chosen = next((area for area in areas if area.code == form.area.data), None)
    return render_template("console/broadcasts.html", form=form, rows=rows,
                           figures={broadcast.id: counts(session, broadcast) for broadcast in rows},
                           older=older, newer=url_for("console.broadcasts") if before else None,
                           audience=text("broadcast.audience", language,
                                         area=chosen.label() if chosen else text("broadcast.whole_city", language),
                                         count=_subscribers_of(session, chosen)),
                           rate=per_second(runtime().settings.twilio_sender_mps),
                           sender_mps=runtime().settings.twilio_sender_mps,
                           min_length=MIN_BROADCAST, max_length=MAX_BROADCAST)


def _areas(session: Session) -> list[Area]:
    """Every active kecamatan, each followed by its kelurahan, as a select reads best."""
    areas = session.scalars(select(Area).where(Area.active).options(joinedload(Area.parent))).all()
    return sorted(areas, key=lambda area: ((area.parent or area).name, area.kind != "kecamatan", area.name))


def _voting_rounds(session: Session, now: datetime) -> list[Round]:
    """The rounds an announcement may be for: those in their voting now."""
    rounds = session.scalars(select(Round).where(Round.voting_from <= now, Round.results_from > now)
                             .options(joinedload(Round.area).joinedload(Area.parent))
                             .order_by(Round.results_from, Round.id))
    return [round_ for round_ in rounds if round_.phase(now) == Phase.VOTING]


def _subscribers_of(session: Session, area: Area | None) -> int:
    """Whom a broadcast to ``area`` would reach now, by the rule the worker follows (a broadcast
    not added to the session: only asked about)."""
    return audience_size(session, Broadcast(area=area))


# --- one broadcast ------------------------------------------------------------------------------

@bp.get("/broadcasts/<row_id:broadcast_id>")
@admins_only
def broadcast_detail(broadcast_id: int):
    with runtime().db.session(read_only=True) as session:
        broadcast = session.scalars(select(Broadcast).where(Broadcast.id == broadcast_id).options(
            joinedload(Broadcast.area).joinedload(Area.parent), joinedload(Broadcast.round),
            joinedload(Broadcast.created_by))).first()
        if broadcast is None:
            abort(404)
        figures = counts(session, broadcast)
    return render_template("console/broadcast.html", broadcast=broadcast, figures=figures)
