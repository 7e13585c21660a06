"""The console's *Anggaran* pages: participatory budgeting rounds (handlers/budgeting.py).

Every account reads every round: nothing on these pages is personal (a ballot has a code, never a
phone number). Admins create rounds. Until the voting starts, a project is added or removed by an
admin or by the staff of the office that answers its aspiration; from then on the ballot is fixed.
The running count stays unpublished until the worker's tally, so that it sways no voter: only
then do the results and the ballots' CSV show, and anyone can repeat the count from the CSV."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from flask import Response, abort, flash, g, redirect, render_template, stream_with_context, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, joinedload, selectinload

from handlers.budgeting import (DATED_PHASES, PROJECT_PHASES, RoundError, add_project, ballot_rows, candidates,
                                closes_words, create_round, day_words, remove_project, rupiah)
from models import AdminUser, Area, Aspiration, Ballot, Phase, Project, Round, utcnow

from . import bp, city_timezone
from .auth import login_required
from .forms import WHOLE_CITY, ProjectForm, RemoveProjectForm, RoundForm
from .texts import text
from .views import _csv_line, runtime

bp.add_app_template_filter(rupiah, "rupiah")


@bp.app_template_filter("city_day")
def city_day(moment: datetime) -> str:
    """``Rabu, 16-12-2026``: the day a phase starts, in the city's zone and the account's language."""
    return day_words(moment, city_timezone(), g.user.language)


@bp.app_template_global("phase_days")
def phase_days(round_: Round) -> list[tuple[Phase, datetime]]:
    """Each dated phase of the round and when it starts, in order."""
    return list(zip(DATED_PHASES, (round_.proposals_from, round_.review_from, round_.voting_from,
                                   round_.results_from)))


@bp.app_template_global("voting_closes")
def voting_closes(round_: Round) -> str:
    return closes_words(round_, city_timezone(), g.user.language)


@bp.app_template_global("round_area")
def round_area(round_: Round) -> str:
    return round_.area.label() if round_.area is not None else text("round.city", g.user.language)


@bp.app_template_global("may_change_project")
def may_change_project(aspiration: Aspiration | None) -> bool:
    """Admins, and the staff of the office that answers the aspiration (a project without one:
    admins only)."""
    if g.user.role == "admin":
        return True
    return (aspiration is not None and g.user.department_id is not None
            and aspiration.department_id == g.user.department_id)


def round_error(exc: RoundError, language: str) -> str:
    """What create_round, add_project or remove_project refused, in words."""
    return text(f"round_error.{exc.key}", language, **exc.values)


# --- every round ---------------------------------------------------------------------------------

@bp.get("/rounds")
@login_required
def rounds():
    with runtime().db.session(read_only=True) as session:
        return _rounds_page(session, RoundForm())


@bp.post("/rounds")
@login_required
def create_round_page():
    if g.user.role != "admin":
        abort(403)
    language, form = g.user.language, RoundForm()
    with runtime().db.session() as session:
        if not form.validate_on_submit():
            flash(text("form_expired" if "csrf_token" in form.errors else "round.form_invalid", language), "error")
            return _rounds_page(session, form), 400
        area = None
        if form.area.data != WHOLE_CITY:
            # Any active area: create_round refuses a kelurahan in words.
            area = session.scalars(select(Area).where(Area.code == form.area.data, Area.active)).first()
            if area is None:
                flash(text("round.no_such_area", language), "error")
                return _rounds_page(session, form), 400
        try:
            created = create_round(session, name=form.name.data or "", area=area, budget=form.budget.data,
                                   days={phase: form[phase.value].data for phase in DATED_PHASES},
                                   zone=city_timezone(), admin=session.get(AdminUser, g.user.id))
        except RoundError as exc:
            flash(round_error(exc, language), "error")
            return _rounds_page(session, form), 400
        session.commit()
        round_id = created.id
    flash(text("round.created", language), "ok")
    return redirect(url_for("console.round_detail", round_id=round_id))


def _rounds_page(session: Session, form: RoundForm) -> str:
    """The list (newest round first) and, for admins, the form to create one: ``form`` as posted
    when it comes back with a mistake, so that nothing typed is lost."""
    every_round = list(session.scalars(select(Round).options(joinedload(Round.area).joinedload(Area.parent))
                                       .order_by(Round.proposals_from.desc(), Round.id.desc())))
    kecamatan = list(session.scalars(select(Area).where(Area.kind == "kecamatan", Area.active).order_by(Area.name)))
    form.offer_areas(text("round.city", g.user.language), kecamatan)
    return render_template("console/rounds.html", rounds=every_round, now=utcnow(), form=form,
                           dated_phases=DATED_PHASES, projects=_counts(session, Project.round_id),
                           ballots=_counts(session, Ballot.round_id))


def _counts(session: Session, round_column: InstrumentedAttribute[int]) -> dict[int, int]:
    return dict(session.execute(select(round_column, func.count()).group_by(round_column)).all())


# --- one round -----------------------------------------------------------------------------------

@bp.get("/rounds/<row_id:round_id>")
@login_required
def round_detail(round_id: int):
    now = utcnow()
    with runtime().db.session(read_only=True) as session:
        round_ = _round(session, round_id)
        phase = round_.phase(now)
        open_ideas = candidates(session, round_) if phase in PROJECT_PHASES else []
        ballots = session.scalar(select(func.count()).select_from(Ballot).where(Ballot.round_id == round_id)) or 0
    projects = list(round_.projects)
    ranked = sorted(projects, key=lambda project: project.rank or 0) if round_.tallied_at is not None else []
    funded = sum(project.cost for project in ranked if project.funded)
    return render_template("console/round.html", round=round_, phase=phase, projects=projects, ranked=ranked,
                           funded=funded, candidates=open_ideas, ballots=ballots,
                           editable=phase in PROJECT_PHASES, counting=phase == Phase.RESULTS and not ranked,
                           project_form=ProjectForm(), remove_form=RemoveProjectForm())


def _round(session: Session, round_id: int) -> Round:
    round_ = session.scalars(select(Round).where(Round.id == round_id).options(
        joinedload(Round.area).joinedload(Area.parent),
        selectinload(Round.projects).joinedload(Project.aspiration))).first()
    if round_ is None:
        abort(404)
    return round_


@bp.post("/rounds/<row_id:round_id>/projects")
@login_required
def add_round_project(round_id: int):
    language, form = g.user.language, ProjectForm()
    back = redirect(url_for("console.round_detail", round_id=round_id) + "#projects")
    if not form.validate_on_submit():
        flash(text("form_expired" if "csrf_token" in form.errors else "round.project_form_invalid", language), "error")
        return back
    with runtime().db.session() as session:
        round_ = _round(session, round_id)
        aspiration = session.scalars(select(Aspiration).where(Aspiration.ref == form.aspiration.data.upper())
                                     .options(joinedload(Aspiration.area))).first()
        if aspiration is None or not _in_round_area(aspiration, round_):
            abort(404)  # never offered on this round's page
        if not may_change_project(aspiration):
            abort(403)
        try:
            project = add_project(session, round_, aspiration, form.title.data or "", form.cost.data,
                                  session.get(AdminUser, g.user.id), utcnow())
        except RoundError as exc:
            flash(round_error(exc, language), "error")
            return back
        code = project.code
        session.commit()
    flash(text("round.project_added", language, code=code), "ok")
    return back


def _in_round_area(aspiration: Aspiration, round_: Round) -> bool:
    """As candidates() chooses: a kecamatan's round takes the ideas of it and its kelurahan."""
    if round_.area_id is None:
        return True
    area = aspiration.area
    return area is not None and round_.area_id in (area.id, area.parent_id)


@bp.post("/rounds/<row_id:round_id>/projects/<row_id:project_id>/remove")
@login_required
def remove_round_project(round_id: int, project_id: int):
    language = g.user.language
    back = redirect(url_for("console.round_detail", round_id=round_id) + "#projects")
    if not RemoveProjectForm().validate_on_submit():
        flash(text("form_expired", language), "error")
        return back
    with runtime().db.session() as session:
        round_ = _round(session, round_id)
        project = next((project for project in round_.projects if project.id == project_id), None)
        if project is None:
            abort(404)
        if not may_change_project(project.aspiration):
            abort(403)
        code = project.code
        try:
            remove_project(session, round_, project, utcnow())
        except RoundError as exc:
            flash(round_error(exc, language), "error")
            return back
        session.commit()
    flash(text("round.project_removed", language, code=code), "ok")
    return back


@bp.get("/rounds/<row_id:round_id>/ballots.csv")
@login_required
def round_ballots_csv(round_id: int):
    """Every ballot of a tallied round, streamed (UTF-8 with a BOM, as the other exports): a code,
    when it was last changed, a 1 under each project picked; a project column's sum is its votes."""
    zone = city_timezone()
    with runtime().db.session(read_only=True) as session:
        if session.scalar(select(Round.tallied_at).where(Round.id == round_id)) is None:
            abort(404)  # no round, or not counted yet: the running count is not published

    def lines() -> Iterator[str]:
        with runtime().db.session(read_only=True) as session:
            rows = ballot_rows(session, _round(session, round_id), zone)
            yield "\ufeff" + _csv_line(next(rows))
            for row in rows:
                yield _csv_line(row)

    return Response(stream_with_context(lines()), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="ballots-round-{round_id}.csv"'})
