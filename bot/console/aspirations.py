"""The console's aspirations: the moderation queue, one aspiration, and publishing or declining it.
Staff see their office's aspirations (the theme's department); admins see all. The texts shown are
the masked ones; what the author typed stays in their transcript."""
from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, joinedload

from handlers.aspirations import ANSWERS, NotAllowed, answer, decline, forum_name, place_text, public_place, publish
from handlers.deadlines import due_words
from handlers.outbox import Outbox
from models import AdminUser, Area, Aspiration, AspirationEvent, AspirationStatus, Department, Media

from . import bp, city_timezone, local_time
from .auth import login_required
from .forms import AnswerForm, DeclineForm, PublishForm
from .texts import label, text
from .views import _csv_line, runtime

PAGE_SIZE = 50


#: What the mayor's office (the default department) oversees of other offices' aspirations: those
#: that reached an office, whose late answers climb to it.
OVERSEEN = (AspirationStatus.FORWARDED, AspirationStatus.IN_DISCUSSION, AspirationStatus.ACCEPTED,
            AspirationStatus.TURNED_DOWN)


def visible_aspirations(user: AdminUser) -> Select:
    """Every query for aspirations starts here: staff never see another office's, but the mayor's
    office's staff see every one that reached an office."""
    query = select(Aspiration)
    if user.role != "admin":
        mayors_office = select(Department.id).where(Department.is_default, Department.id == user.department_id)
        query = query.where(or_(Aspiration.department_id == user.department_id,
                                and_(mayors_office.exists(), Aspiration.status.in_(OVERSEEN))))
    return query


@bp.app_template_global("aspiration_place")
def aspiration_place(aspiration: Aspiration) -> str:
    return place_text(aspiration, g.user.language)


@bp.app_template_global("forum_title")
def forum_title(area: Area) -> str:
    return forum_name(area, g.user.language)


@bp.app_template_global("public_place")
def aspiration_public_place(aspiration: Aspiration) -> str:
    """Where it is as the public reads it: the forum's printed agenda is read aloud."""
    return public_place(aspiration, g.user.language)


@bp.get("/aspirations")
@login_required
def aspirations():
    status = _status_asked()
    with runtime().db.session(read_only=True) as session:
        rows = list(session.scalars(
            visible_aspirations(g.user).where(Aspiration.status == status)
            .options(joinedload(Aspiration.theme), joinedload(Aspiration.department),
                     joinedload(Aspiration.area).joinedload(Area.parent))
            # The queue oldest first (first come, first read); published ones by supports.
            .order_by(*((Aspiration.id,) if status == AspirationStatus.PENDING else
                        (Aspiration.support_count.desc(), Aspiration.id.desc()) if status == AspirationStatus.PUBLISHED
                        else (Aspiration.id.desc(),)))
            .limit(PAGE_SIZE)))
    return render_template("console/aspirations.html", rows=rows, status=status, statuses=tuple(AspirationStatus))


#: New columns go at the end, as in the cases' CSV.
CSV_HEADINGS = ("reference", "created", "status", "aspiration.theme", "department", "aspiration.title", "place",
                "aspiration.supports", "forwarded", "first_answer_due", "first_answer", "aspiration.answer_note",
                "aspiration.idea")


@bp.get("/aspirations.csv")
@login_required
def export_aspirations():
    """The list of one status as CSV (UTF-8 with a BOM), masked as the console shows it."""
    status = _status_asked()
    language = g.user.language
    with runtime().db.session(read_only=True) as session:
        rows = session.scalars(
            visible_aspirations(g.user).where(Aspiration.status == status)
            .options(joinedload(Aspiration.theme), joinedload(Aspiration.department),
                     joinedload(Aspiration.area).joinedload(Area.parent)).order_by(Aspiration.id))
        lines = ["\ufeff" + _csv_line([text(key, language) for key in CSV_HEADINGS])] + [
            _csv_line([aspiration.ref, local_time(aspiration.created_at), label("aspiration_status", aspiration.status,
                                                                               language),
                       aspiration.theme.label(language), aspiration.department.name, aspiration.title,
                       place_text(aspiration, language), str(aspiration.support_count),
                       local_time(aspiration.forwarded_at) if aspiration.forwarded_at else "",
                       due_words(aspiration.answer_due_at, city_timezone(), language) if aspiration.answer_due_at else "",
                       local_time(aspiration.answered_at) if aspiration.answered_at else "",
                       aspiration.answer_note or "", aspiration.body])
            for aspiration in rows]
    return Response(lines, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="aspirasi-{status}.csv"'})


def counts_by_status(session: Session, user: AdminUser, now) -> dict:
    """The overview's line: how many of the aspirations this account sees stand where, and how many
    wait for their office's answer past the deadline."""
    visible = visible_aspirations(user).subquery()
    counted = dict(session.execute(select(visible.c.status, func.count()).group_by(visible.c.status)).all())
    late = session.scalar(select(func.count()).select_from(visible).where(
        visible.c.status == AspirationStatus.FORWARDED, visible.c.answer_due_at < now)) or 0
    return {"by_status": counted, "late": late}


def _status_asked() -> str:
    status = request.args.get("status", AspirationStatus.PENDING)
    return status if status in tuple(AspirationStatus) else AspirationStatus.PENDING


@bp.get("/aspirations/<ref>")
@login_required
def aspiration_detail(ref: str):
    with runtime().db.session(read_only=True) as session:
        aspiration = _visible(session, ref)
        events = list(session.scalars(select(AspirationEvent).where(AspirationEvent.aspiration_id == aspiration.id)
                                      .options(joinedload(AspirationEvent.admin_user), joinedload(AspirationEvent.official),
                                               joinedload(AspirationEvent.area).joinedload(Area.parent))
                                      .order_by(AspirationEvent.id)))
        pictures = list(session.scalars(select(Media).where(Media.aspiration_id == aspiration.id).order_by(Media.id)))
    answer_form = AnswerForm()
    answer_form.outcome.choices = [choice for choice in answer_form.outcome.choices
                                   if choice.value in ANSWERS.get(aspiration.status, ())]
    return render_template("console/aspiration.html", aspiration=aspiration, events=events, pictures=pictures,
                           publish_form=PublishForm(), decline_form=DeclineForm(), answer_form=answer_form)


def _visible(session: Session, ref: str) -> Aspiration:
    aspiration = session.scalars(visible_aspirations(g.user).where(Aspiration.ref == ref.upper()).options(
        joinedload(Aspiration.theme), joinedload(Aspiration.department), joinedload(Aspiration.resident),
        joinedload(Aspiration.moderated_by), joinedload(Aspiration.area).joinedload(Area.parent))).first()
    if aspiration is None:
        abort(404)
    return aspiration


@bp.post("/aspirations/<ref>/publish")
@login_required
def publish_aspiration(ref: str):
    return _moderate(ref, PublishForm(), lambda session, aspiration, admin, outbox, form: publish(
        session, aspiration, admin, outbox), "aspiration.published")


@bp.post("/aspirations/<ref>/decline")
@login_required
def decline_aspiration(ref: str):
    return _moderate(ref, DeclineForm(), lambda session, aspiration, admin, outbox, form: decline(
        session, aspiration, form.reason.data or "", admin, outbox), "aspiration.declined")


@bp.post("/aspirations/<ref>/answer")
@login_required
def answer_aspiration(ref: str):
    return _moderate(ref, AnswerForm(), lambda session, aspiration, admin, outbox, form: answer(
        session, aspiration, form.outcome.data, form.note.data or "", admin, outbox), "aspiration.answered",
        invalid="aspiration.note_required")


def _moderate(ref: str, form, action, done: str, invalid: str = "aspiration.reason_required"):
    """Validate the form (CSRF included), moderate in one transaction, enqueue what it decided."""
    back = redirect(url_for("console.aspiration_detail", ref=ref))
    if not form.validate_on_submit():
        expired = "csrf_token" in form.errors
        flash(text("form_expired" if expired else invalid, g.user.language), "error")
        return back
    with runtime().db.session() as session:
        aspiration = _visible(session, ref)
        outbox = Outbox(session)
        try:
            action(session, aspiration, session.get(AdminUser, g.user.id), outbox, form)
        except NotAllowed as exc:
            flash(text(f"aspiration.{exc}", g.user.language), "error")
            return back
        jobs = outbox.flush()
        session.commit()
    runtime().enqueue(jobs)
    flash(text(done, g.user.language), "ok")
    return back
