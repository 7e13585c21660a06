"""The console's *Forum* page: per kelurahan and kecamatan, the most supported open aspirations as
the agenda of its next forum (musrenbang kelurahan, Forum Komunikasi Publik), printable and as CSV;
after the forum, staff record what it made of each, and the author and supporters are told.

The agenda holds public aspirations only (published, with the office or in discussion), and where
each is as the public reads it (its kelurahan, never the author's pin or address), so every account
may read any area's; recording an outcome is for admins, the area's office and the
aspiration's own office."""
from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from handlers.aspirations import NotAllowed, forum_name, on_area_agenda, public_place, record_forum_outcome
from handlers.outbox import Outbox
from handlers.supports import ideas_for
from models import AdminUser, Area, Aspiration, AspirationStatus, Department

from . import bp
from .auth import login_required
from .forms import ForumOutcomeForm
from .texts import label, text
from .views import _csv_line, runtime

#: Aspirations on one forum's agenda.
AGENDA_SIZE = 20
#: What a forum may have discussed, when its outcome is recorded: an idea open then, and perhaps
#: answered since.
DISCUSSED = (AspirationStatus.PUBLISHED, AspirationStatus.FORWARDED, AspirationStatus.IN_DISCUSSION,
             AspirationStatus.ACCEPTED, AspirationStatus.TURNED_DOWN)
CSV_HEADINGS = ("forum.rank", "reference", "aspiration.title", "aspiration.theme", "aspiration.supports", "status",
                "place", "aspiration.idea")


@bp.get("/forum")
@login_required
def forum():
    with runtime().db.session(read_only=True) as session:
        areas = _areas(session)
        area = _area(session, request.args.get("area"))
        agenda = ideas_for(session, area, limit=AGENDA_SIZE) if area is not None else []
        may_record = area is not None and _may_record_for_area(session, area)
    return render_template("console/forum.html", areas=areas, area=area, agenda=agenda, may_record=may_record,
                           forum_title=forum_name(area, g.user.language) if area is not None else "",
                           outcome_form=ForumOutcomeForm())


@bp.get("/forum.csv")
@login_required
def forum_csv():
    language = g.user.language
    with runtime().db.session(read_only=True) as session:
        area = _area(session, request.args.get("area")) or abort(404)
        code = area.code
        agenda = ideas_for(session, area, limit=AGENDA_SIZE)
        lines = ["\ufeff" + _csv_line([text(key, language) for key in CSV_HEADINGS])] + [
            _csv_line([str(rank), aspiration.ref, aspiration.title, aspiration.theme.label(language),
                       str(aspiration.support_count), label("aspiration_status", aspiration.status, language),
                       public_place(aspiration, language), aspiration.body])
            for rank, aspiration in enumerate(agenda, start=1)]
    return Response(lines, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="forum-{code}.csv"'})


@bp.post("/forum/<ref>/outcome")
@login_required
def forum_outcome(ref: str):
    form = ForumOutcomeForm()
    code = request.form.get("area", "")
    back = redirect(url_for("console.forum", area=code) + f"#{ref.upper()}")
    if not form.validate_on_submit():
        expired = "csrf_token" in form.errors
        flash(text("form_expired" if expired else "aspiration.note_required", g.user.language), "error")
        return back
    with runtime().db.session() as session:
        area = _area(session, code) or abort(404)
        aspiration = session.scalars(select(Aspiration).where(Aspiration.ref == ref.upper())).first()
        # Recorded after the forum: the agenda may have moved on (new supports, an answer) since.
        if aspiration is None or aspiration.status not in DISCUSSED or not on_area_agenda(aspiration, area):
            abort(404)
        if not (_may_record_for_area(session, area) or g.user.department_id == aspiration.department_id):
            abort(404)
        outbox = Outbox(session)
        try:
            record_forum_outcome(session, aspiration, area, form.note.data, session.get(AdminUser, g.user.id), outbox)
        except NotAllowed as exc:
            flash(text(f"aspiration.{exc}", g.user.language), "error")
            return back
        jobs = outbox.flush()
        session.commit()
    runtime().enqueue(jobs)
    flash(text("forum.recorded", g.user.language), "ok")
    return back


def _areas(session: Session) -> list[Area]:
    return list(session.scalars(select(Area).where(Area.active).options(joinedload(Area.parent))
                                .order_by(Area.kind, Area.name)))


def _area(session: Session, code: str | None) -> Area | None:
    if not code:
        return None
    return session.scalars(select(Area).where(Area.code == code.lower(), Area.active)
                           .options(joinedload(Area.parent))).first()


def _may_record_for_area(session: Session, area: Area) -> bool:
    """Admins, and the staff of the area's own office (the kelurahan's, or the kecamatan's)."""
    if g.user.role == "admin":
        return True
    office = session.scalar(select(Department.id).where(Department.area_id == area.id))
    return office is not None and office == g.user.department_id
