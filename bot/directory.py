"""Loading the directory file (CONTRACT.md): run again, it updates and never duplicates."""
from __future__ import annotations

from dataclasses import dataclass

import yaml
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from handlers.directory import directory_changed
from models import Category, Department, DirectoryVersion, Official

from .phones import to_e164


class DirectoryError(ValueError):
    """The file says something the bot cannot act on; the message says where."""


@dataclass
class LoadSummary:
    departments: int
    officials: int
    categories: int

    def __str__(self) -> str:
        return f"{self.departments} departments, {self.officials} officials, {self.categories} categories"


def load_directory_file(session: Session, path: str) -> LoadSummary:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return load_directory(session, data)


def load_directory(session: Session, data: dict) -> LoadSummary:
    """Upsert departments, officials and categories by their codes and phones; anyone or
    anything no longer listed is deactivated, not deleted (their history stays)."""
    departments = [_upsert_department(session, entry) for entry in data.get("departments") or []]
    if not departments:
        raise DirectoryError("the directory lists no departments")
    defaults = [department for department in departments if department.is_default]
    if len(defaults) != 1:
        raise DirectoryError(f"exactly one department needs 'default: true' (found {len(defaults)})")
    by_code = {department.code: department for department in departments}
    official_ids = {official.id for department, entry in zip(departments, data["departments"])
                    for official in _upsert_officials(session, department, entry.get("officials") or [])}
    for official in session.scalars(select(Official)):
        official.active = official.id in official_ids
    category_ids = {_upsert_category(session, entry, position, by_code).id
                    for position, entry in enumerate(data.get("categories") or [])}
    for category in session.scalars(select(Category)):
        category.active = category.id in category_ids
    session.execute(update(DirectoryVersion).values(version=DirectoryVersion.version + 1))
    directory_changed()
    return LoadSummary(len(departments), len(official_ids), len(category_ids))


def _required(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if value in (None, ""):
        raise DirectoryError(f"{where}: '{key}' is missing")
    return str(value).strip()


def _upsert_department(session: Session, entry: dict) -> Department:
    code = _required(entry, "code", "department").lower()
    department = session.scalars(select(Department).where(Department.code == code)).first()
    if department is None:
        department = Department(code=code)
        session.add(department)
    department.name = _required(entry, "name", f"department {code}")
    department.is_default = bool(entry.get("default", False))
    session.flush()
    return department


def _upsert_officials(session: Session, department: Department, entries: list[dict]) -> list[Official]:
    officials = []
    for entry in entries:
        where = f"official of {department.code}"
        try:
            phone = to_e164(_required(entry, "phone", where))
        except ValueError as exc:
            raise DirectoryError(f"{where}: {exc}") from exc
        official = session.scalars(select(Official).where(Official.phone == phone)).first()
        if official is None:
            official = Official(phone=phone, department_id=department.id)
            session.add(official)
        official.name = _required(entry, "name", where)
        official.department_id, official.active = department.id, True
        officials.append(official)
    session.flush()
    return officials


def _upsert_category(session: Session, entry: dict, position: int, departments: dict) -> Category:
    code = _required(entry, "code", "category").lower()
    department_code = entry.get("department")
    if department_code and department_code not in departments:
        raise DirectoryError(f"category {code}: no department '{department_code}'")
    evidence = str(entry.get("evidence", "required")).lower()
    if evidence not in ("required", "optional"):
        raise DirectoryError(f"category {code}: evidence must be 'required' or 'optional'")
    category = session.scalars(select(Category).where(Category.code == code)).first()
    if category is None:
        category = Category(code=code)
        session.add(category)
    category.name = _required(entry, "name", f"category {code}")
    category.name_en = entry.get("name_en")
    category.department_id = departments[department_code].id if department_code else None
    category.evidence_required = evidence == "required"
    category.position, category.active = position, True
    session.flush()
    return category
