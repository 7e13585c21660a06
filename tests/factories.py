"""Rows made directly, for tests that need many cases rather than many conversations."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from models import Case, Category, Conversation, Department, Resident, utcnow


def add_cases(city, count: int, *, category: str = "jalan", phone: str = "+6281200000099",
              description: str = "Jalan berlubang di depan pasar", status: str = "open",
              created_at: datetime | None = None, answered_after: timedelta | None = None) -> list[str]:
    """``count`` cases of one resident, routed as their category routes; returns their refs."""
    with city.session() as session:
        resident = session.scalars(select(Resident).where(Resident.phone == phone)).first()
        if resident is None:
            resident = Resident(phone=phone, profile_name="Warga Uji")
            session.add(resident)
            session.flush()
            session.add(Conversation(resident_id=resident.id, state="menu", draft={}))
        chosen = session.scalars(select(Category).where(Category.code == category)).one()
        # The default department read in this session: another one would wait for this one's lock (SQLite).
        department_id = chosen.department_id or session.scalars(
            select(Department.id).where(Department.is_default)).one()
        refs = []
        for _ in range(count):
            created = created_at or utcnow()
            case = Case(resident_id=resident.id, category_id=chosen.id, department_id=department_id,
                        description=description, address="Jl. Uji No. 1", status=status,
                        created_at=created, updated_at=created,
                        first_answer_at=created + answered_after if answered_after else None)
            session.add(case)
            session.flush()
            case.ref = f"LPR-{case.id:05d}"
            refs.append(case.ref)
        session.commit()
    return refs
