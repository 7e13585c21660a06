"""Supporting a published aspiration: one support per number and aspiration (a unique constraint),
withdrawn with ``batal dukung``; and which ideas a resident is shown, by where they live."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, or_, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from models import Area, Aspiration, AspirationStatus, Case, Resident, Support

#: Aspirations residents may support (and browse).
OPEN_TO_SUPPORT = (AspirationStatus.PUBLISHED, AspirationStatus.FORWARDED, AspirationStatus.IN_DISCUSSION)


@dataclass(frozen=True)
class SupportOutcome:
    """``added``, ``already``, ``withdrawn``, ``not_supporting``, ``own`` or ``not_open``; and the
    aspiration's count afterwards."""

    what: str
    count: int


def add_support(session: Session, aspiration: Aspiration, resident: Resident) -> SupportOutcome:
    """The resident's support, once: a second ``dukung`` (or two at the same moment, from two
    workers) meets the unique constraint and changes nothing."""
    if aspiration.resident_id == resident.id:
        return SupportOutcome("own", aspiration.support_count)
    if aspiration.status not in OPEN_TO_SUPPORT:
        return SupportOutcome("not_open", aspiration.support_count)
    try:
        with session.begin_nested():
            session.add(Support(aspiration_id=aspiration.id, resident_id=resident.id))
            session.flush()
            count = _count_by(session, aspiration, +1)
    except IntegrityError:
        session.refresh(aspiration, ["support_count"])
        return SupportOutcome("already", aspiration.support_count)
    except _ClosedMeanwhile:  # answered while this support waited for its row: not counted
        session.refresh(aspiration)
        return SupportOutcome("not_open", aspiration.support_count)
    return SupportOutcome("added", count)


def withdraw_support(session: Session, aspiration: Aspiration, resident: Resident) -> SupportOutcome:
    removed = session.execute(delete(Support).where(Support.aspiration_id == aspiration.id,
                                                    Support.resident_id == resident.id)).rowcount
    if not removed:
        return SupportOutcome("not_supporting", aspiration.support_count)
    return SupportOutcome("withdrawn", _count_by(session, aspiration, -1))


class _ClosedMeanwhile(Exception):
    """The aspiration stopped taking supports between reading it and counting this one."""


def _count_by(session: Session, aspiration: Aspiration, step: int) -> int:
    """The stored count moved in SQL (two supporters at once both count), and read back. A support
    is counted only while the aspiration takes them: the UPDATE waits for an answer being given
    and then finds it closed, so that nobody is told "counted" on an idea its supporters were
    already told the answer of."""
    condition = Aspiration.status.in_(OPEN_TO_SUPPORT) if step > 0 else true()
    count = session.execute(update(Aspiration).where(Aspiration.id == aspiration.id, condition)
                            .values(support_count=Aspiration.support_count + step)
                            .returning(Aspiration.support_count)
                            .execution_options(synchronize_session=False)).scalar_one_or_none()
    if count is None:
        raise _ClosedMeanwhile
    set_committed_value(aspiration, "support_count", count)
    return count


def supports(session: Session, resident: Resident, aspiration: Aspiration) -> bool:
    return session.scalar(select(Support.id).where(Support.aspiration_id == aspiration.id,
                                                   Support.resident_id == resident.id)) is not None


def home_area_id(session: Session, resident: Resident) -> int | None:
    """Where the resident lives, as far as we know: the area of their latest report or aspiration
    that has one, else the kelurahan they named when asked."""
    latest = [row for row in (
        session.execute(select(Case.created_at, Case.area_id).where(
            Case.resident_id == resident.id, Case.area_id.is_not(None)).order_by(Case.id.desc()).limit(1)).first(),
        session.execute(select(Aspiration.created_at, Aspiration.area_id).where(
            Aspiration.resident_id == resident.id, Aspiration.area_id.is_not(None))
            .order_by(Aspiration.id.desc()).limit(1)).first()) if row is not None]
    if latest:
        return max(latest, key=lambda row: row.created_at).area_id
    return resident.home_area_id


def ideas_for(session: Session, area: Area | None, *, offset: int = 0, limit: int = 10) -> list[Aspiration]:
    """The most supported ideas open to support, for ``area`` (its own, its kecamatan's or its
    kelurahan's, and the whole city's), or the whole city's when None; ``limit`` of them from ``offset``."""
    query = (select(Aspiration).where(Aspiration.status.in_(OPEN_TO_SUPPORT))
             .options(joinedload(Aspiration.theme), joinedload(Aspiration.area).joinedload(Area.parent)))
    if area is not None:
        places = [area.id] + ([area.parent_id] if area.parent_id else [])
        within = select(Area.id).where(Area.parent_id == area.id)
        query = query.where(or_(Aspiration.area_id.in_(places), Aspiration.area_id.in_(within), Aspiration.city_wide))
    return list(session.scalars(query.order_by(Aspiration.support_count.desc(), Aspiration.id.desc())
                                .offset(offset).limit(limit)))
