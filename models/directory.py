"""The city's directory: departments, their officials, and the categories residents pick."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, created_at_column


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Receives every case whose category routes nowhere else.
    is_default: Mapped[bool] = mapped_column(default=False)
    #: Set for the office of a kecamatan or kelurahan (the directory file's ``areas``): its officials
    #: (camat, lurah, staff) are this department's, and cases routed by area come here.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), unique=True)
    officials: Mapped[list[Official]] = relationship(back_populates="department", order_by="Official.id")


class Official(Base):
    __tablename__ = "officials"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: E.164; only numbers listed here act as officials.
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    #: False once the directory file no longer lists this official.
    active: Mapped[bool] = mapped_column(default=True)
    #: The head of the office (``head: true``): told when one of its cases is late.
    is_head: Mapped[bool] = mapped_column(default=False)
    #: When the onboarding template was decided for this official (``flask directory load``).
    onboarded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_at_column()
    department: Mapped[Department] = relationship(back_populates="officials")


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    #: None routes to the default department.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    evidence_required: Mapped[bool] = mapped_column(default=True)
    #: Order in the list residents see (the directory file's order).
    position: Mapped[int] = mapped_column(default=0)
    #: ``department``, or ``area``: the office of the kelurahan the case is in, else of its
    #: kecamatan, else the department.
    route: Mapped[str] = mapped_column(String(20), default="department")
    #: Working days to a first answer and to resolving; None takes the defaults (handlers/deadlines.py).
    first_answer_days: Mapped[int | None]
    resolve_days: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    department: Mapped[Department | None] = relationship()

    def label(self, language: str) -> str:
        return (self.name_en or self.name) if language == "en" else self.name


class Area(Base):
    """A kecamatan or kelurahan: where a case is, and (through its office) who answers it."""

    __tablename__ = "areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: ``kecamatan`` or ``kelurahan``
    kind: Mapped[str] = mapped_column(String(20))
    #: A kelurahan's kecamatan.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    #: A GeoJSON Polygon or MultiPolygon (longitude, latitude); None: found by name only.
    boundary: Mapped[dict | None] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True)
    parent: Mapped[Area | None] = relationship(remote_side="Area.id")

    def label(self) -> str:
        return area_label(self.kind, self.name, self.parent.name if self.parent is not None else None)


def area_label(kind: str, name: str, parent_name: str | None = None) -> str:
    """``Kel. Fatululi, Kec. Oebobo``: how residents, forwards, the console and the CSV show an area."""
    own = f"{'Kel.' if kind == 'kelurahan' else 'Kec.'} {name}"
    return f"{own}, Kec. {parent_name}" if parent_name else own


class DirectoryVersion(Base):
    """One row, bumped by every ``flask directory load``: processes that cache the directory
    reload it when this changes. It also keeps the file's city-wide settings."""

    __tablename__ = "directory_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    #: The city's own days off (ISO dates), beyond national public holidays.
    days_off: Mapped[list | None] = mapped_column(JSON)
    #: Phones (E.164) that get the mayor's morning digest besides the default department's officials.
    digest_phones: Mapped[list | None] = mapped_column(JSON)
    #: Working days after a missed deadline at which each escalation step happens
    #: (``{"reminder": 0, "head": 1, "mayor": 2}``); None takes handlers/escalation.py's defaults.
    escalation: Mapped[dict | None] = mapped_column(JSON)
