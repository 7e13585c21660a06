"""The console's map: open cases as pins coloured by status and age over the city's area boundaries,
filtered as the list is; and the same cases as GeoJSON for the city's GIS staff.

The page draws with Leaflet, vendored in ``static/vendor/leaflet`` (no CDN: it works offline, the
pins on a plain background). What residents wrote reaches the page only as JSON (``|tojson``) that
``static/map.js`` puts into the page as text, never as HTML.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, g, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.deadlines import Due, due_of, due_words, last_day
from models import OPEN_STATUSES, Area, Case, CaseStatus, Category, Department, as_utc, utcnow

from . import bp, city_timezone
from .auth import login_required
from .queries import CaseFilters, pinned_open_cases, unpinned_open_count
from .texts import text

#: A case open this many days or more gets the darker shade of its status's colour.
AGED_DAYS = 7
#: The pins' colours, in the legend's order; each is a CSS class ``m-…`` (templates/console/map.html).
MARKERS = (CaseStatus.OPEN, f"{CaseStatus.OPEN}-aged", CaseStatus.IN_PROGRESS, f"{CaseStatus.IN_PROGRESS}-aged",
           "late")
#: OpenStreetMap's licence asks for this wherever its tiles show.
TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'

def map_text(key: str, language: str | None = None, **values) -> str:
    """A word of the map (``map.…`` in the console's catalog), in ``language`` or else the
    signed-in account's."""
    return text(f"map.{key}", language or g.user.language, **values)


def runtime():
    return current_app.extensions["lapor"]


@bp.get("/map")
@login_required
def case_map():
    filters = _filters()
    language = g.user.language
    with runtime().db.session(read_only=True) as session:
        cases = case_features(pinned_open_cases(session, g.user, filters), utcnow(), language)
        unpinned = unpinned_open_count(session, g.user, filters)
        data = {"cases": cases, "areas": area_features(session), "tiles": runtime().settings.map_tile_url,
                "attribution": TILE_ATTRIBUTION, "labels": _popup_labels(language)}
        choices = {"categories": list(session.scalars(select(Category).order_by(Category.position))),
                   "departments": list(session.scalars(select(Department).order_by(Department.name)))}
    counts = dict.fromkeys(MARKERS, 0)
    for feature in cases["features"]:
        counts[feature["properties"]["marker"]] += 1
    return render_template("console/map.html", data=data, filters=filters, unpinned=unpinned, counts=counts,
                           markers=MARKERS, aged_days=AGED_DAYS, statuses=OPEN_STATUSES, m=map_text,
                           **choices)


@bp.get("/map.geojson")
@login_required
def case_map_geojson():
    """The map's cases as a file GIS software opens (QGIS, ArcGIS): one Point per case."""
    filters = _filters()
    with runtime().db.session(read_only=True) as session:
        collection = case_features(pinned_open_cases(session, g.user, filters), utcnow(), g.user.language)
    response = current_app.response_class(current_app.json.dumps(collection), mimetype="application/geo+json")
    response.headers["Content-Disposition"] = 'inline; filename="laporan-terbuka.geojson"'
    response.cache_control.private = True
    response.cache_control.no_store = True
    return response


def _filters() -> CaseFilters:
    return CaseFilters.for_account(request.args, g.user, runtime().settings.case_prefix, city_timezone())


def case_features(cases: list[Case], now: datetime, language: str) -> dict:
    """A GeoJSON FeatureCollection of ``cases``, late ones last so that their pins lie on top."""
    features = [_case_feature(case, now, language) for case in cases]
    features.sort(key=lambda feature: feature["properties"]["marker"] == "late")
    return {"type": "FeatureCollection", "features": features}


def _case_feature(case: Case, now: datetime, language: str) -> dict:
    created = as_utc(case.created_at)
    due = due_of(case, now)
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [case.longitude, case.latitude]},
        "properties": {
            "ref": case.ref,
            "status": case.status,
            "status_label": text(f"status.{case.status}", language),
            "category": case.category.label(language),
            "category_code": case.category.code,
            "department": case.department.name,
            "department_code": case.department.code,
            "area": case.area.label() if case.area is not None else None,
            "area_code": case.area.code if case.area is not None else None,
            "description": case.description,
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "created_local": created.astimezone(city_timezone()).isoformat(timespec="seconds"),
            "age_days": (now - created).days,
            "due": _last_day(due),
            "due_what": due.what if due is not None else None,
            "due_label": text(f"{due.what}_due", language) if due is not None else None,
            "due_text": due_words(due.deadline, city_timezone(), language) if due is not None else None,
            "late": bool(due and due.late),
            "marker": marker(case, due, now),
            "url": url_for("console.case_detail", ref=case.ref, _external=True),
        },
    }


def marker(case: Case, due: Due | None, now: datetime) -> str:
    """The pin's colour: late (past a deadline) first, else the status, darker once it is aged."""
    if due is not None and due.late:
        return "late"
    aged = now - as_utc(case.created_at) >= timedelta(days=AGED_DAYS)
    return f"{case.status}-aged" if aged else case.status


def _last_day(due: Due | None) -> str | None:
    """The last day the deadline allows, in the city's zone (ISO), for programs that read the map."""
    return last_day(due.deadline, city_timezone()).isoformat() if due is not None else None


def area_features(session: Session) -> dict:
    """The boundaries of the city's areas; ``label`` names those with no smaller area drawn inside
    (kelurahan, or a kecamatan listed without its kelurahan), so names do not pile up."""
    areas = [area for area in session.scalars(select(Area).where(Area.active).order_by(Area.id)) if area.boundary]
    parents = {area.parent_id for area in areas}
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": area.boundary,
         "properties": {"code": area.code, "name": area.name, "kind": area.kind, "label": area.id not in parents}}
        for area in areas]}


def _popup_labels(language: str) -> dict:
    """The words ``map.js`` writes into a pin's popup."""
    return {**{key: text(key, language) for key in ("area", "age", "late")},
            **{key: map_text(key, language) for key in ("days", "today", "open_case")}}
