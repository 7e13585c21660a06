"""Participatory budgeting: admins create a round (a budget for the city or a kecamatan, and the dates
its phases start: proposals → review → voting → results); in the review staff turn feasible
aspirations into projects with a cost; in the voting each number casts one ballot (``pilih``),
within the budget, changeable until the close; at the close the worker tallies once and every
voter hears the result. The ballots stay, without phone numbers, so that anyone can repeat the count.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, insert, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from models import (Area, Aspiration, AspirationStatus, Ballot, BallotPick, Message, MessageDirection, MessageStatus,
                    Phase, Project, Resident, Round, as_utc, utcnow)
from models.people import AdminUser

from .catalog import t
from .outbox import Outbox, PendingJobs
from .supports import home_area_id

#: Aspirations that may become a project: public, and not turned down by their office.
FEASIBLE_STATUSES = (AspirationStatus.PUBLISHED, AspirationStatus.FORWARDED, AspirationStatus.IN_DISCUSSION,
                     AspirationStatus.ACCEPTED)
#: The years a round's dates may be in.
FIRST_YEAR, LAST_YEAR = 2000, 2999
#: The phases whose dates a round is created with, in order.
DATED_PHASES = (Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING, Phase.RESULTS)
#: The phases in which projects may be added or removed: until the voting starts, since a ballot
#: would otherwise change under the voters.
PROJECT_PHASES = (Phase.UPCOMING, Phase.PROPOSALS, Phase.REVIEW)
RESULT_TEMPLATE = "round_result"
TELL_VOTERS_JOB = "jobs.budgeting.tell_voters"
VOTERS_PER_BATCH = 500


class RoundError(ValueError):
    """What an admin asked of a round that cannot be: ``key`` names the console's / CLI's sentence."""

    def __init__(self, key: str, **values) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def rupiah(amount: int) -> str:
    """``Rp 250.000.000``: how Indonesians write money."""
    return "Rp " + f"{amount:,}".replace(",", ".")


def day_words(moment: datetime, zone: ZoneInfo, language: str) -> str:
    """``Rabu, 16-12-2026``: a day as the city reads it."""
    day = as_utc(moment).astimezone(zone).date()
    return t("weekday_day", language, weekday=t(f"weekday.{day.weekday()}", language), day=day.strftime("%d-%m-%Y"))


def closes_words(round_: Round, zone: ZoneInfo, language: str) -> str:
    """When the voting closes: the end of the day before the results' date."""
    return t("round_closes", language, day=day_words(as_utc(round_.results_from) - timedelta(microseconds=1), zone,
                                                     language))


def phase_start(day: date, zone: ZoneInfo) -> datetime:
    """A phase starts at 00:00 of its date where the city is."""
    return datetime.combine(day, time(), tzinfo=zone).astimezone(timezone.utc)


# --- rounds and projects (admins and staff) ---------------------------------------------------

def create_round(session: Session, *, name: str, area: Area | None, budget: int, days: dict[Phase, date],
                 zone: ZoneInfo, admin: AdminUser | None = None) -> Round:
    name = " ".join(name.split())
    if not name:
        raise RoundError("round_needs_name")
    if budget <= 0:
        raise RoundError("round_needs_budget")
    if area is not None and area.kind != "kecamatan":
        raise RoundError("round_area_kecamatan", area=area.name)
    ordered = [days[phase] for phase in DATED_PHASES]
    if not all(FIRST_YEAR <= day.year <= LAST_YEAR for day in ordered):  # 0001-01-01 would overflow in UTC
        raise RoundError("round_dates_range", first=FIRST_YEAR, last=LAST_YEAR)
    if any(later <= earlier for earlier, later in zip(ordered, ordered[1:])):
        raise RoundError("round_dates_in_order")
    starts = {phase: phase_start(days[phase], zone) for phase in DATED_PHASES}
    created = Round(name=name[:200], area_id=area.id if area else None, budget=budget,
                    proposals_from=starts[Phase.PROPOSALS], review_from=starts[Phase.REVIEW],
                    voting_from=starts[Phase.VOTING], results_from=starts[Phase.RESULTS],
                    created_by_id=admin.id if admin else None)
    session.add(created)
    session.flush()
    return created


def candidates(session: Session, round_: Round) -> list[Aspiration]:
    """The round's area's feasible aspirations not yet among its projects, the most supported first."""
    taken = select(Project.aspiration_id).where(Project.round_id == round_.id, Project.aspiration_id.is_not(None))
    query = (select(Aspiration).options(selectinload(Aspiration.theme), selectinload(Aspiration.area))
             .where(Aspiration.status.in_(FEASIBLE_STATUSES), Aspiration.id.not_in(taken), _in_area(round_))
             .order_by(Aspiration.support_count.desc(), Aspiration.id))
    return list(session.scalars(query.limit(200)))


def in_round_area(session: Session, round_: Round, aspiration: Aspiration) -> bool:
    """An idea of the round's kecamatan (or of one of its kelurahan); any idea for a city's round."""
    return session.scalar(select(func.count()).select_from(Aspiration).where(
        Aspiration.id == aspiration.id, _in_area(round_))) == 1


def _in_area(round_: Round):
    if round_.area_id is None:
        return true()
    kelurahan = select(Area.id).where(Area.parent_id == round_.area_id)
    return or_(Aspiration.area_id == round_.area_id, Aspiration.area_id.in_(kelurahan))


def add_project(session: Session, round_: Round, aspiration: Aspiration | None, title: str, cost: int,
                admin: AdminUser | None, now: datetime) -> Project:
    """A project, until the voting starts: its ballot would change under the voters otherwise."""
    if round_.phase(now) not in PROJECT_PHASES:
        raise RoundError("projects_fixed")
    title = " ".join(title.split()) or (aspiration.title if aspiration else "")
    if not title:
        raise RoundError("project_needs_title")
    if not 0 < cost <= round_.budget:
        raise RoundError("project_cost", budget=rupiah(round_.budget))
    if aspiration is not None and aspiration.status not in FEASIBLE_STATUSES:
        raise RoundError("project_not_feasible", ref=aspiration.ref)
    if aspiration is not None and not in_round_area(session, round_, aspiration):
        raise RoundError("project_elsewhere", ref=aspiration.ref)
    # After the highest code, not the count: with P01-P03 and P02 removed, the count would name the
    # next one P03 again, which is taken.
    taken_codes = session.scalars(select(Project.code).where(Project.round_id == round_.id)).all()
    number = max((int(code[1:]) for code in taken_codes), default=0) + 1
    project = Project(round_id=round_.id, aspiration_id=aspiration.id if aspiration else None,
                      code=f"P{number:02d}", title=title[:200], cost=cost, created_by_id=admin.id if admin else None)
    try:
        with session.begin_nested():
            session.add(project)
    except IntegrityError:  # the same aspiration twice, or two staff adding at the same moment
        raise RoundError("project_taken") from None
    return project


def remove_project(session: Session, round_: Round, project: Project, now: datetime) -> None:
    if round_.phase(now) not in PROJECT_PHASES:
        raise RoundError("projects_fixed")
    session.delete(project)
    session.flush()


# --- ballots (residents) -----------------------------------------------------------------------

def rounds_to_vote_in(session: Session, resident: Resident, now: datetime) -> list[Round]:
    """The rounds voting now that the resident may vote in: the city's, and their kecamatan's (any
    kecamatan's when the bot does not know where they live: residence is declared, not checked)."""
    voting = list(session.scalars(select(Round).options(selectinload(Round.area)).where(
        Round.voting_from <= now, Round.results_from > now).order_by(Round.results_from, Round.id)))
    home_id = home_area_id(session, resident)
    home = session.get(Area, home_id) if home_id else None
    kecamatan = (home.parent_id or home.id) if home is not None else None
    return [round_ for round_ in voting
            if round_.area_id is None or kecamatan is None or round_.area_id == kecamatan]


def ballot_of(session: Session, round_: Round, resident: Resident) -> Ballot | None:
    return session.scalar(select(Ballot).options(selectinload(Ballot.picks))
                          .where(Ballot.round_id == round_.id, Ballot.resident_id == resident.id))


@dataclass(frozen=True)
class Cast:
    ballot: Ballot | None
    #: ``cast``, ``changed``, ``closed`` (the voting closed meanwhile), ``empty``, ``over_budget``.
    what: str


def cast_ballot(session: Session, round_: Round, resident: Resident, project_ids: list[int],
                now: datetime) -> Cast:
    """The resident's ballot, new or replacing their earlier one (the last one counts). The round's
    row is read FOR SHARE: the tally's UPDATE of it waits for ballots being cast, and a ballot cast
    after it sees the round tallied."""
    session.execute(select(Round.id).where(Round.id == round_.id).with_for_update(read=True))
    session.refresh(round_)
    if round_.phase(now) != Phase.VOTING or round_.tallied_at is not None:
        return Cast(None, "closed")
    costs = dict(session.execute(select(Project.id, Project.cost).where(
        Project.round_id == round_.id, Project.id.in_(project_ids))).all())
    if not costs:
        return Cast(None, "empty")
    total = sum(costs.values())
    if total > round_.budget:
        return Cast(None, "over_budget")
    ballot = ballot_of(session, round_, resident)
    what = "changed" if ballot is not None else "cast"
    if ballot is None:
        try:
            with session.begin_nested():
                ballot = Ballot(round_id=round_.id, resident_id=resident.id, code=secrets.token_hex(5), total=total,
                                cast_at=now, changed_at=now)
                session.add(ballot)
        except IntegrityError:  # the same number's other message cast one at this moment: replace it
            ballot, what = ballot_of(session, round_, resident), "changed"
    if what == "changed":
        session.execute(update(Ballot).where(Ballot.id == ballot.id).values(
            total=total, changed_at=now, changes=Ballot.changes + 1).execution_options(synchronize_session=False))
        session.execute(delete(BallotPick).where(BallotPick.ballot_id == ballot.id))
        session.expire(ballot)
    session.execute(insert(BallotPick), [{"ballot_id": ballot.id, "project_id": project_id} for project_id in costs])
    return Cast(ballot, what)


# --- the close --------------------------------------------------------------------------------

def votes_by_project(session: Session, round_: Round) -> dict[int, int]:
    return dict(session.execute(
        select(BallotPick.project_id, func.count()).join(Project, Project.id == BallotPick.project_id)
        .where(Project.round_id == round_.id).group_by(BallotPick.project_id)).all())


def ranking(projects: list[Project], votes: dict[int, int], budget: int) -> list[tuple[Project, int, bool]]:
    """Most votes first, the lower cost winning a tie (then the earlier project); going down the
    ranking, each project the budget left still covers is funded."""
    ordered = sorted(projects, key=lambda project: (-votes.get(project.id, 0), project.cost, project.id))
    left, ranked = budget, []
    for project in ordered:
        funded = votes.get(project.id, 0) > 0 and project.cost <= left
        left -= project.cost if funded else 0
        ranked.append((project, votes.get(project.id, 0), funded))
    return ranked


def tally(session: Session, round_: Round, now: datetime) -> bool:
    """Count a closed round once (of two workers, one tallies); the caller commits."""
    if round_.phase(now) != Phase.RESULTS:
        return False
    claimed = session.execute(update(Round).where(Round.id == round_.id, Round.tallied_at.is_(None))
                              .values(tallied_at=now, told_up_to_ballot_id=0)
                              .execution_options(synchronize_session=False)).rowcount
    if not claimed:
        return False
    session.refresh(round_)
    for position, (project, votes, funded) in enumerate(
            ranking(list(round_.projects), votes_by_project(session, round_), round_.budget), start=1):
        project.votes, project.rank, project.funded = votes, position, funded
    return True


def tally_closed_rounds(session: Session, now: datetime) -> PendingJobs:
    """The sweep's part: each round whose voting closed, tallied, and its voters' news queued (a
    lost job's is found again by the sweep's stranded work). The caller commits."""
    jobs = PendingJobs()
    for round_ in session.scalars(select(Round).where(Round.results_from <= now, Round.tallied_at.is_(None))).all():
        if _messages_before_the_close_unhandled(session, round_):
            continue  # a "kirim" that came at 23:59 and waits in the queue counts: the next sweep tallies
        if tally(session, round_, now):
            jobs.add(TELL_VOTERS_JOB, round_.id)
    return jobs


def _messages_before_the_close_unhandled(session: Session, round_: Round) -> bool:
    return session.scalar(select(func.count()).select_from(Message).where(
        Message.direction == MessageDirection.INBOUND, Message.status == MessageStatus.RECEIVED,
        Message.created_at < round_.results_from, Message.created_at >= round_.voting_from)) > 0


def tell_next_voters(session: Session, round_: Round, outbox: Outbox, limit: int = VOTERS_PER_BATCH) -> bool:
    """The next ``limit`` voters told the result (the caller holds the round's row and commits);
    False once every one has been, so that a repeated job tells nobody twice."""
    if round_.told_at is not None or round_.told_up_to_ballot_id is None:
        return False
    ballots = session.scalars(select(Ballot).options(selectinload(Ballot.resident).selectinload(Resident.conversation),
                                                     selectinload(Ballot.picks))
                              .where(Ballot.round_id == round_.id, Ballot.id > round_.told_up_to_ballot_id)
                              .order_by(Ballot.id).limit(limit)).all()
    if not ballots:
        round_.told_at = utcnow()
        return False
    funded = [project for project in sorted(round_.projects, key=lambda project: project.rank or 0) if project.funded]
    for ballot in ballots:
        _tell_result(ballot, round_, funded, outbox)
    round_.told_up_to_ballot_id = ballots[-1].id
    return True


def _tell_result(ballot: Ballot, round_: Round, funded: list[Project], outbox: Outbox) -> None:
    language = ballot.resident.language
    picked = {pick.project_id for pick in ballot.picks}
    titles = ", ".join(project.title for project in funded) or t("round_nothing_funded", language)
    yours = ", ".join(project.title for project in funded if project.id in picked) or t("round_none_of_yours", language)
    lines = "\n".join(t("round_result_line", language, title=project.title, votes=project.votes,
                        cost=rupiah(project.cost)) for project in funded)
    outbox.to_resident(ballot.resident, t("round_result", language, round=round_.name, lines=lines or titles,
                                          yours=yours), kind="round", template=RESULT_TEMPLATE,
                       values={"round": round_.name, "funded": titles, "yours": yours})


# --- the audit ---------------------------------------------------------------------------------

def ballot_rows(session: Session, round_: Round, zone: ZoneInfo):
    """The ballots' CSV: a header, then one row per ballot, its random code (never the phone), the day
    it was last changed (city time) and a 1 under each project it picked: a column's sum is the
    project's votes. Rows go by code, and times only to the day: the order of the votes or their
    minute would match each ballot to the ``kirim`` in some resident's transcript."""
    projects = list(round_.projects)
    yield ["ballot", "changed_on", *[project.code for project in projects]]
    last_code = ""
    while True:
        page = session.scalars(select(Ballot).options(selectinload(Ballot.picks))
                               .where(Ballot.round_id == round_.id, Ballot.code > last_code)
                               .order_by(Ballot.code).limit(1000)).all()
        if not page:
            return
        for ballot in page:
            picked = {pick.project_id for pick in ballot.picks}
            yield [ballot.code, as_utc(ballot.changed_at).astimezone(zone).strftime("%Y-%m-%d"),
                   *["1" if project.id in picked else "0" for project in projects]]
        last_code = page[-1].code
        for ballot in page:  # a round's ballots are read a page at a time, never all held at once
            session.expunge(ballot)
