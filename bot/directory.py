"""Loading the directory file (CONTRACT.md): run again, it updates and never duplicates."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from handlers.areas import geometry_from_geojson
from handlers.directory import directory_changed
from handlers.escalation import ESCALATION_STEPS
from models import Area, Category, Department, DirectoryVersion, Official, Theme
from models.aspirations import DEFAULT_ANSWER_DAYS, DEFAULT_SUPPORT_THRESHOLD

from .phones import to_e164


class DirectoryError(ValueError):
    """The file says something the bot cannot act on; the message says where."""


AREA_KINDS = ("kecamatan", "kelurahan")
ROUTES = ("department", "area")


@dataclass
class LoadSummary:
    departments: int
    officials: int
    categories: int
    areas: int = 0
    themes: int = 0

    def __str__(self) -> str:
        areas = f", {self.areas} areas" if self.areas else ""
        themes = f", {self.themes} themes" if self.themes else ""
        return (f"{self.departments} departments, {self.officials} officials, {self.categories} categories"
                f"{areas}{themes}")


def load_directory_file(session: Session, path: str) -> LoadSummary:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return load_directory(session, data, base_dir=Path(path).resolve().parent)


def load_directory(session: Session, data: dict, base_dir: Path | None = None) -> LoadSummary:
    """Upsert departments, areas, officials and categories by their codes and phones; anyone or
    anything no longer listed is deactivated, not deleted (their history stays). An area's office
    is a department of its own, with the area's code, so that everything a department has (its
    officials, its cases, staff accounts) an area's office has too."""
    departments = [_upsert_department(session, entry) for entry in data.get("departments") or []]
    if not departments:
        raise DirectoryError("the directory lists no departments")
    defaults = [department for department in departments if department.is_default]
    if len(defaults) != 1:
        raise DirectoryError(f"exactly one department needs 'default: true' (found {len(defaults)})")
    area_entries = data.get("areas") or []
    offices = _upsert_areas(session, area_entries, {department.code for department in departments},
                            base_dir or Path.cwd())
    by_code = {department.code: department for department in departments}
    official_ids = {official.id for department, entry in zip(departments + offices,
                                                              data["departments"] + area_entries)
                    for official in _upsert_officials(session, department, entry.get("officials") or [])}
    for official in session.scalars(select(Official)):
        official.active = official.id in official_ids
    category_ids = {_upsert_category(session, entry, position, by_code).id
                    for position, entry in enumerate(data.get("categories") or [])}
    for category in session.scalars(select(Category)):
        category.active = category.id in category_ids
    theme_ids = {_upsert_theme(session, entry, position, by_code).id
                 for position, entry in enumerate(data.get("themes") or [])}
    for theme in session.scalars(select(Theme)):
        theme.active = theme.id in theme_ids
    settings = dict(days_off=_days_off(data.get("days_off")), digest_phones=_phones(data.get("digest"), "digest"),
                    escalation=_escalation(data.get("escalation")))
    bumped = session.execute(update(DirectoryVersion).values(version=DirectoryVersion.version + 1, **settings))
    if not bumped.rowcount:  # its one row is gone (a database emptied by hand): put it back
        session.add(DirectoryVersion(id=1, version=1, **settings))
    directory_changed()
    return LoadSummary(len(departments), len(official_ids), len(category_ids), len(offices), len(theme_ids))


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


def _upsert_areas(session: Session, entries: list[dict], department_codes: set[str],
                  base_dir: Path) -> list[Department]:
    """Each area and its office (a department with the area's code); kecamatan before their
    kelurahan, whatever the file's order. Returns the offices in the file's order."""
    areas: dict[str, Area] = {}
    for entry in sorted(entries, key=lambda entry: entry.get("kind") != "kecamatan"):
        area = _upsert_area(session, entry, areas, department_codes, base_dir)
        areas[area.code] = area
    listed = {area.id for area in areas.values()}
    for area in session.scalars(select(Area)):
        area.active = area.id in listed
    return [_upsert_office(session, areas[_required(entry, "code", "area").lower()]) for entry in entries]


def _upsert_area(session: Session, entry: dict, known: dict[str, Area], department_codes: set[str],
                 base_dir: Path) -> Area:
    code = _required(entry, "code", "area").lower()
    if code in known:
        raise DirectoryError(f"area {code}: listed twice")
    if code in department_codes:
        raise DirectoryError(f"area {code}: a department has the same code (an area's office is named by it)")
    kind = _required(entry, "kind", f"area {code}").lower()
    if kind not in AREA_KINDS:
        raise DirectoryError(f"area {code}: kind must be 'kecamatan' or 'kelurahan'")
    parent_code = (entry.get("parent") or "").strip().lower() or None
    parent = known.get(parent_code) if parent_code else None
    if parent_code and (parent is None or parent.kind != "kecamatan"):
        raise DirectoryError(f"area {code}: parent '{parent_code}' is not a kecamatan listed in this file")
    if kind == "kecamatan" and parent_code:
        raise DirectoryError(f"area {code}: a kecamatan has no parent")
    area = session.scalars(select(Area).where(Area.code == code)).first()
    if area is None:
        area = Area(code=code)
        session.add(area)
    area.name, area.kind, area.active = _required(entry, "name", f"area {code}"), kind, True
    area.parent = parent
    area.boundary = _boundary(entry.get("boundary"), code, base_dir)
    session.flush()
    return area


def _boundary(value, code: str, base_dir: Path) -> dict | None:
    """A GeoJSON geometry or Feature, inline or in a file named relative to the directory file."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        path = base_dir / value
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise DirectoryError(f"area {code}: cannot read boundary file {path}: {exc.strerror}") from exc
        except ValueError as exc:
            raise DirectoryError(f"area {code}: boundary file {path} is not JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise DirectoryError(f"area {code}: boundary must be GeoJSON or a path to a GeoJSON file")
    try:
        return geometry_from_geojson(value)
    except ValueError as exc:
        raise DirectoryError(f"area {code}: boundary: {exc}") from exc


def _upsert_office(session: Session, area: Area) -> Department:
    office = session.scalars(select(Department).where(Department.area_id == area.id)).first()
    if office is None:
        office = session.scalars(select(Department).where(Department.code == area.code)).first()
    if office is None:
        office = Department(code=area.code)
        session.add(office)
    office.code, office.area_id, office.is_default = area.code, area.id, False
    office.name = f"{'Kelurahan' if area.kind == 'kelurahan' else 'Kecamatan'} {area.name}"
    session.flush()
    return office


def _days_off(value) -> list[str]:
    days = []
    for item in value or []:
        try:
            days.append((item if isinstance(item, date) else date.fromisoformat(str(item).strip())).isoformat())
        except ValueError:
            raise DirectoryError(f"days_off: '{item}' is not a date (YYYY-MM-DD)") from None
    return sorted(set(days))


def _escalation(value) -> dict[str, int] | None:
    """``escalation: {reminder: 0, head: 1, mayor: 2}``: the steps a late case climbs, each with the
    working days after the missed deadline at which it happens; a step left out is not taken
    (``{reminder: 0, mayor: 2}`` never tells the head). Left out entirely: the defaults."""
    if value is None:
        return None
    if not isinstance(value, dict) or not value or set(value) - set(ESCALATION_STEPS):
        raise DirectoryError(f"escalation: give working days for some of {', '.join(ESCALATION_STEPS)}")
    for step, days in value.items():
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 60:
            raise DirectoryError(f"escalation: {step} must be a whole number of working days (0-60)")
    delays = [value[step] for step in ESCALATION_STEPS if step in value]
    if delays != sorted(delays):
        raise DirectoryError("escalation: the steps must come in order (reminder, head, mayor)")
    return {step: value[step] for step in ESCALATION_STEPS if step in value}


def _phones(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    try:
        return [to_e164(str(phone)) for phone in value or []]
    except ValueError as exc:
        raise DirectoryError(f"{where}: {exc}") from exc


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
        official.is_head = bool(entry.get("head", False))
        officials.append(official)
    session.flush()
    return officials


def _upsert_category(session: Session, entry: dict, position: int, departments: dict) -> Category:
    code = _required(entry, "code", "category").lower()
    department_id = _department_id(entry, departments, f"category {code}")
    evidence = str(entry.get("evidence", "required")).lower()
    if evidence not in ("required", "optional"):
        raise DirectoryError(f"category {code}: evidence must be 'required' or 'optional'")
    route = str(entry.get("route", "department")).lower()
    if route not in ROUTES:
        raise DirectoryError(f"category {code}: route must be 'department' or 'area'")
    first_answer_days = _working_days(entry, "first_answer_days", code)
    resolve_days = _working_days(entry, "resolve_days", code)
    category = session.scalars(select(Category).where(Category.code == code)).first()
    if category is None:
        category = Category(code=code)
        session.add(category)
    category.name = _required(entry, "name", f"category {code}")
    category.name_en = entry.get("name_en")
    category.department_id = department_id
    category.evidence_required = evidence == "required"
    category.position, category.active = position, True
    category.route, category.first_answer_days, category.resolve_days = route, first_answer_days, resolve_days
    session.flush()
    return category


def _department_id(entry: dict, departments: dict, where: str) -> int | None:
    """The listed department's id; left out, None (the default department answers)."""
    code = entry.get("department")
    if code and code not in departments:
        raise DirectoryError(f"{where}: no department '{code}'")
    return departments[code].id if code else None


def _working_days(entry: dict, key: str, code: str, where: str = "category") -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 365:
        raise DirectoryError(f"{where} {code}: {key} must be a whole number of working days (0-365)")
    return value


def _upsert_theme(session: Session, entry: dict, position: int, departments: dict) -> Theme:
    """A theme residents file aspirations under; its department moderates and answers them."""
    code = _required(entry, "code", "theme").lower()
    department_id = _department_id(entry, departments, f"theme {code}")
    threshold = entry.get("support_threshold", DEFAULT_SUPPORT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 1 <= threshold <= 1_000_000:
        raise DirectoryError(f"theme {code}: support_threshold must be a whole number of supports (1 or more)")
    answer_days = _working_days(entry, "answer_days", code, "theme")
    theme = session.scalars(select(Theme).where(Theme.code == code)).first()
    if theme is None:
        theme = Theme(code=code)
        session.add(theme)
    theme.name = _required(entry, "name", f"theme {code}")
    theme.name_en = entry.get("name_en")
    theme.department_id = department_id
    theme.support_threshold = threshold
    theme.answer_days = DEFAULT_ANSWER_DAYS if answer_days is None else answer_days
    theme.position, theme.active = position, True
    session.flush()
    return theme
