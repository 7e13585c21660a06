"""The city's directory: departments, their officials, and the categories residents pick."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, created_at_column


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Receives every case whose category routes nowhere else.
    is_default: Mapped[bool] = mapped_column(default=False)
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
    active: Mapped[bool] = mapped_column(default=True)
    department: Mapped[Department | None] = relationship()

    def label(self, language: str) -> str:
        return (self.name_en or self.name) if language == "en" else self.name


class DirectoryVersion(Base):
    """One row, bumped by every ``flask directory load``: processes that cache the directory
    reload it when this changes."""

    __tablename__ = "directory_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
