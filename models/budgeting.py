"""Participatory budgeting: a round with a budget and four phases, the projects residents vote on,
and the ballots, one per number per round, stored so that anyone can repeat the count."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .aspirations import Aspiration
from .base import Base, as_utc, created_at_column
from .directory import Area
from .people import AdminUser, Resident


class Phase(StrEnum):
    """Each phase starts at 00:00 (city time) of its date and lasts until the next one starts."""

    UPCOMING = "upcoming"
    PROPOSALS = "proposals"
    REVIEW = "review"
    VOTING = "voting"
    RESULTS = "results"


class Round(Base):
    __tablename__ = "budget_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: None: the whole city votes; else a kecamatan, whose residents vote.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    #: Rupiah.
    budget: Mapped[int] = mapped_column(BigInteger)
    proposals_from: Mapped[datetime]
    review_from: Mapped[datetime]
    voting_from: Mapped[datetime]
    #: Voting closes then, and the worker tallies once.
    results_from: Mapped[datetime] = mapped_column(index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    created_at: Mapped[datetime] = created_at_column()
    tallied_at: Mapped[datetime | None]
    #: The voters are told the result in batches by the worker: the last ballot told so far (0:
    #: none yet), and when every voter was.
    told_up_to_ballot_id: Mapped[int | None]
    told_at: Mapped[datetime | None]

    area: Mapped[Area | None] = relationship()
    created_by: Mapped[AdminUser | None] = relationship()
    projects: Mapped[list[Project]] = relationship(back_populates="round", order_by="Project.id")

    def phase(self, now: datetime) -> Phase:
        for phase, starts in ((Phase.RESULTS, self.results_from), (Phase.VOTING, self.voting_from),
                              (Phase.REVIEW, self.review_from), (Phase.PROPOSALS, self.proposals_from)):
            if now >= as_utc(starts):
                return phase
        return Phase.UPCOMING


class Project(Base):
    """An aspiration staff found feasible in the review, with its cost; after the tally, its votes,
    its place in the ranking and whether the budget funds it."""

    __tablename__ = "budget_projects"
    __table_args__ = (UniqueConstraint("round_id", "aspiration_id", name="uq_budget_projects_round_id_aspiration_id"),
                      UniqueConstraint("round_id", "code", name="uq_budget_projects_round_id_code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("budget_rounds.id"))
    aspiration_id: Mapped[int | None] = mapped_column(ForeignKey("aspirations.id"))
    #: ``P01``, ``P02`` … in the round: the columns of the ballots' CSV.
    code: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    #: Rupiah.
    cost: Mapped[int] = mapped_column(BigInteger)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    created_at: Mapped[datetime] = created_at_column()
    votes: Mapped[int | None]
    rank: Mapped[int | None]
    funded: Mapped[bool | None]

    round: Mapped[Round] = relationship(back_populates="projects")
    aspiration: Mapped[Aspiration | None] = relationship()


class Ballot(Base):
    """A number's ballot in a round: the unique constraint keeps it to one; a changed ballot
    replaces its picks (the last one counts). ``code`` names it in the CSV instead of the phone."""

    __tablename__ = "budget_ballots"
    __table_args__ = (UniqueConstraint("round_id", "resident_id"),
                      # The result's news goes to voters in ballot order.
                      Index("ix_budget_ballots_round_id_id", "round_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("budget_rounds.id"))
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    #: Rupiah: the picked projects' costs, within the budget.
    total: Mapped[int] = mapped_column(BigInteger)
    changes: Mapped[int] = mapped_column(default=0)
    cast_at: Mapped[datetime] = created_at_column()
    changed_at: Mapped[datetime] = created_at_column()

    resident: Mapped[Resident] = relationship()
    picks: Mapped[list[BallotPick]] = relationship(cascade="all, delete-orphan", order_by="BallotPick.project_id")


class BallotPick(Base):
    __tablename__ = "budget_ballot_picks"

    ballot_id: Mapped[int] = mapped_column(ForeignKey("budget_ballots.id"), primary_key=True)
    #: Indexed for the tally's count per project.
    project_id: Mapped[int] = mapped_column(ForeignKey("budget_projects.id"), primary_key=True, index=True)
