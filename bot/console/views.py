"""The console's pages. They read through ``queries`` and act through ``handlers.admin``; anything
a resident or an official must hear goes to the outbox, and the worker sends it."""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from flask import (Response, abort, current_app, flash, g, redirect, render_template, request, send_file,
                   stream_with_context, url_for)
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from handlers.admin import (NotAllowed, add_internal_note, reassign, reply_as_office, set_status)
from handlers.cases import area_text, location_text
from handlers.deadlines import due_of, due_words, last_day
from handlers.outbox import Outbox
from models import (AdminUser, Area, Aspiration, Case, CaseEvent, CaseStatus, Category, Department, Media, MediaStatus, Message,
                    Official, Resident, utcnow)

from ..media import protect
from . import bp, city_timezone, local_time, row_id
from .auth import LogoutForm, login_required
from .forms import LanguageForm, NoteForm, ReassignForm, ReplyForm, StatusForm
from .overview import (FIGURE_DAYS, day_summary, office_figures, office_sort, oldest_unanswered, open_counts,
                       sort_offices)
from .queries import (PAGE_SIZE, CaseFilters, case_page, cases_for_export, failing_numbers, failing_officials,
                      may_see, visible_cases)
from .texts import text

#: Messages shown per page on a resident's page, newest page first.
RESIDENT_PAGE_SIZE = 200


def runtime():
    return current_app.extensions["lapor"]


@bp.context_processor
def common() -> dict:
    return {"logout_form": LogoutForm(), "language_form": LanguageForm()}


@bp.get("/")
@login_required
def home():
    return redirect(url_for("console.cases"))


@bp.get("/cases")
@login_required
def cases():
    filters = _filters()
    before = request.args.get("before", type=row_id)
    with runtime().db.session(read_only=True) as session:
        rows = case_page(session, g.user, filters, before)
        choices = _filter_choices(session)
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    older = url_for("console.cases", before=rows[-1].id, **filters.as_args()) if has_more else None
    return render_template("console/cases.html", rows=rows, filters=filters, older=older,
                           newer=url_for("console.cases", **filters.as_args()) if before else None,
                           **choices)


def _filters() -> CaseFilters:
    return CaseFilters.for_account(request.args, g.user, runtime().settings.case_prefix, city_timezone())


def _filter_choices(session: Session) -> dict:
    return {"categories": list(session.scalars(select(Category).order_by(Category.position))),
            "departments": list(session.scalars(select(Department).order_by(Department.name))),
            "statuses": tuple(CaseStatus)}


@bp.get("/cases.csv")
@login_required
def export_cases():
    """The filtered list as CSV, streamed row by row; UTF-8 with a BOM so spreadsheets read it right."""
    filters = _filters()
    user = g.user
    language = user.language

    def rows() -> Iterator[str]:
        yield "\ufeff" + _csv_line([text(key, language) for key in EXPORT_HEADINGS])
        with runtime().db.session(read_only=True) as session:
            for case in cases_for_export(session, user, filters):
                yield _csv_line(_export_row(case, language))

    return Response(stream_with_context(rows()), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="laporan.csv"'})


#: New columns go at the end, so that the sheets cities already built on this file keep working.
EXPORT_HEADINGS = ("reference", "created", "status", "category", "department", "place", "description",
                   "resident", "first_answer", "area", "first_answer_due", "resolve_due", "late",
                   "first_answer_due_date", "resolve_due_date")


def _export_row(case: Case, language: str) -> list[str]:
    return [case.ref, local_time(case.created_at), text(f"status.{case.status}", language),
            case.category.label(language), case.department.name,
            location_text(case.address, case.place_label, case.latitude, case.longitude),
            case.description, case.resident.profile_name or "", local_time(case.first_answer_at),
            area_text(case.area) if case.area is not None else "",
            due_words(case.first_answer_due_at, city_timezone(), language),
            due_words(case.resolve_due_at, city_timezone(), language),
            text(f"late.{due.what}", language) if (due := due_of(case, utcnow())) and due.late else "",
            _iso_day(case.first_answer_due_at), _iso_day(case.resolve_due_at)]


def _iso_day(deadline) -> str:
    """The same last day as the words beside it, as a date a spreadsheet sorts."""
    return last_day(deadline, city_timezone()).isoformat() if deadline is not None else ""


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    # A cell that starts like a formula would run as one in a spreadsheet: make it plain text.
    csv.writer(buffer).writerow(["'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell for cell in cells])
    return buffer.getvalue()


@bp.get("/cases/<ref>")
@login_required
def case_detail(ref: str):
    with runtime().db.session(read_only=True) as session:
        case = _visible_case(session, ref, joinedload(Case.resident), joinedload(Case.category),
                             joinedload(Case.department), joinedload(Case.area).joinedload(Area.parent))
        events = list(session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                      .options(joinedload(CaseEvent.official), joinedload(CaseEvent.admin_user))
                                      .order_by(CaseEvent.id)))
        transcript = list(session.scalars(select(Message).where(Message.case_id == case.id)
                                          .options(selectinload(Message.media)).order_by(Message.id)))
        evidence = list(session.scalars(select(Media).where(Media.case_id == case.id).order_by(Media.id)))
        officials = _names_of_officials(session, transcript)
        departments = list(session.scalars(select(Department).order_by(Department.name)))
    forms = {"status_form": StatusForm(status=case.status), "note_form": NoteForm(), "reply_form": ReplyForm(),
             "reassign_form": ReassignForm.for_departments(departments, case.department_id)}
    return render_template("console/case.html", case=case, events=events, transcript=transcript,
                           evidence=evidence, officials=officials, **forms)


def _visible_case(session: Session, ref: str, *options) -> Case:
    """The case, if this account may see it; 404 otherwise, so other departments' refs stay hidden."""
    case = session.scalars(visible_cases(g.user).where(Case.ref == ref.upper()).options(*options)).first()
    if case is None:
        abort(404)
    return case


def _names_of_officials(session: Session, messages: list[Message]) -> dict[int, str]:
    ids = {message.official_id for message in messages if message.official_id}
    if not ids:
        return {}
    return dict(session.execute(select(Official.id, Official.name).where(Official.id.in_(ids))).all())


# --- acting on a case ----------------------------------------------------------------------

def _act(ref: str, form, action: Callable[[Session, Case, AdminUser, Outbox], None], done: str):
    """Validate the form (CSRF included), run the action in one transaction, enqueue what it decided."""
    if not form.validate_on_submit():
        expired = "csrf_token" in form.errors
        flash(text("form_expired" if expired else "form_incomplete", g.user.language), "error")
        return redirect(url_for("console.case_detail", ref=ref))
    with runtime().db.session() as session:
        case = _visible_case(session, ref)
        admin = session.get(AdminUser, g.user.id)
        outbox = Outbox(session)
        try:
            action(session, case, admin, outbox)
        except NotAllowed as exc:
            flash(text("not_allowed", g.user.language, reason=str(exc)), "error")
            return redirect(url_for("console.case_detail", ref=ref))
        jobs = outbox.flush()
        session.commit()
    runtime().enqueue(jobs)
    flash(text(done, g.user.language), "ok")
    return redirect(url_for("console.case_detail", ref=ref))


@bp.post("/cases/<ref>/status")
@login_required
def change_case_status(ref: str):
    form = StatusForm()
    return _act(ref, form, lambda session, case, admin, outbox: set_status(
        session, case, form.status.data, form.note.data or "", admin, outbox), "queued")


@bp.post("/cases/<ref>/reassign")
@login_required
def reassign_case(ref: str):
    with runtime().db.session(read_only=True) as session:
        departments = list(session.scalars(select(Department)))
    form = ReassignForm.for_departments(departments)

    def action(session, case, admin, outbox):
        reassign(session, case, session.get(Department, form.department.data), admin, outbox)

    return _act(ref, form, action, "queued")


@bp.post("/cases/<ref>/reply")
@login_required
def reply_to_resident(ref: str):
    form = ReplyForm()
    return _act(ref, form, lambda session, case, admin, outbox: reply_as_office(
        session, case, form.text.data, admin, outbox), "queued")


@bp.post("/cases/<ref>/note")
@login_required
def internal_note(ref: str):
    form = NoteForm()
    return _act(ref, form, lambda session, case, admin, outbox: add_internal_note(
        session, case, form.text.data, admin), "saved")


# --- residents, evidence, overview ------------------------------------------------------------

@bp.get("/residents/<row_id:resident_id>")
@login_required
def resident_detail(resident_id: int):
    before = request.args.get("before", type=row_id)
    with runtime().db.session(read_only=True) as session:
        resident = session.get(Resident, resident_id) or abort(404)
        cases = list(session.scalars(visible_cases(g.user).where(Case.resident_id == resident_id)
                                     .options(joinedload(Case.category)).order_by(Case.id.desc())))
        if g.user.role != "admin" and not cases:
            abort(404)
        messages = _resident_messages(session, resident, [case.id for case in cases], before)
        officials = _names_of_officials(session, messages)
        unreachable = failing_numbers(session, [resident.phone]).get(resident.phone)
    earlier = (url_for("console.resident_detail", resident_id=resident_id, before=messages[0].id)
               if len(messages) == RESIDENT_PAGE_SIZE else None)
    return render_template("console/resident.html", resident=resident, cases=cases, messages=messages,
                           officials=officials, earlier=earlier, unreachable=unreachable)


def _resident_messages(session: Session, resident: Resident, case_ids: list[int], before: int | None):
    """Every message this number exchanged with the bot (staff: those about their cases), a page
    of the newest first, shown oldest first."""
    query = select(Message).where(Message.phone == resident.phone).options(selectinload(Message.media))
    if g.user.role != "admin":
        query = query.where(Message.case_id.in_(case_ids))
    if before:
        query = query.where(Message.id < before)
    page = list(session.scalars(query.order_by(Message.id.desc()).limit(RESIDENT_PAGE_SIZE)))
    return page[::-1]


@bp.get("/media/<row_id:media_id>")
@login_required
def evidence_file(media_id: int):
    """Evidence for signed-in accounts that may see its case (or its aspiration's pictures)."""
    with runtime().db.session(read_only=True) as session:
        media = session.get(Media, media_id)
        if media is None or media.status != MediaStatus.STORED:
            abort(404)
        case = session.get(Case, media.case_id) if media.case_id else None
        owner_visible = (may_see(g.user, case) if case is not None else
                         _may_see_aspiration(session, media.aspiration_id) if media.aspiration_id else False)
        if g.user.role != "admin" and not owner_visible:
            abort(404)
        path, content_type = runtime().settings.media_dir / media.path, media.content_type
    response = protect(send_file(path, mimetype=content_type, max_age=3600))
    response.cache_control.private = True
    return response


def _may_see_aspiration(session: Session, aspiration_id: int) -> bool:
    from .aspirations import visible_aspirations  # it builds on this module

    return session.scalar(visible_aspirations(g.user).where(Aspiration.id == aspiration_id)) is not None


@bp.get("/overview")
@login_required
def overview():
    from .aspirations import counts_by_status as aspiration_counts  # it builds on this module

    user = g.user
    sort, direction = office_sort(request.args.get("sort"), request.args.get("dir"))
    with runtime().db.session(read_only=True) as session:
        categories = {category.id: category.label(user.language) for category in session.scalars(select(Category))}
        departments = dict(session.execute(select(Department.id, Department.name)).all())
        figures = {
            "today": day_summary(session, user, city_timezone()),
            "by_status": open_counts(session, user, "status",
                                     lambda status: text(f"status.{status}", user.language)),
            "by_category": open_counts(session, user, "category_id", categories.__getitem__),
            "by_department": open_counts(session, user, "department_id", departments.__getitem__),
            "per_office": sort_offices(office_figures(session, user, "department"), sort, direction),
            "per_area": sort_offices(office_figures(session, user, "area"), sort, direction),
            "oldest": oldest_unanswered(session, user),
            "failing": failing_officials(session, user),
            "aspirations": aspiration_counts(session, user, utcnow()),
        }
    return render_template("console/overview.html", sort=sort, direction=direction, days=FIGURE_DAYS, **figures)


@bp.post("/language")
@login_required
def switch_language():
    if LanguageForm().validate_on_submit():
        with runtime().db.session() as session:
            user = session.get(AdminUser, g.user.id)
            user.language = "en" if user.language == "id" else "id"
            session.commit()
    return redirect(request.referrer if (request.referrer or "").startswith(request.host_url)
                    else url_for("console.cases"))
