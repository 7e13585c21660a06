"""The admin console: a server-rendered Flask blueprint under ``/admin`` for the mayor's office
(every case) and department staff (their department's cases)."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask, current_app, g
from werkzeug.routing import IntegerConverter

from handlers.cases import area_text, location_text, map_link
from handlers.deadlines import due_of
from models import Case, as_utc, utcnow

bp = Blueprint("console", __name__, url_prefix="/admin")


def init_app(app: Flask, *, https: bool) -> None:
    """Sign-in cookies: HttpOnly, SameSite=Lax, Secure when the public URL is https."""
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      SESSION_COOKIE_SECURE=https, PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
                      WTF_CSRF_TIME_LIMIT=12 * 3600)
    app.url_map.converters["row_id"] = RowIdConverter
    from . import aspirations, auth, broadcasts, forum, map, rounds, views  # noqa: F401  (routes register on bp)

    app.register_blueprint(bp)


#: Row ids are 64-bit at most; a longer number in a URL is no row, not a database error.
MAX_ROW_ID = 2**63 - 1


class RowIdConverter(IntegerConverter):
    """``<row_id:name>``: a positive integer that fits a database id; anything else is a 404."""

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=MAX_ROW_ID)


def row_id(value: str) -> int:
    """A row id from a query string (``request.args.get(..., type=row_id)``); ValueError otherwise."""
    number = int(value)
    if not 1 <= number <= MAX_ROW_ID:
        raise ValueError(value)
    return number


bp.add_app_template_global(map_link, "map_link")
bp.add_app_template_global(location_text, "location_text")
bp.add_app_template_global(area_text, "area_text")


@bp.app_template_global("due")
def due(case: Case) -> dict:
    """What the case is due next, as the console shows it: ``{"label": "first_answer_due", "words":
    "paling lambat Senin, 30-11-2026", "late": False}``; a closed case is due nothing."""
    from .texts import deadline_words

    next_due = due_of(case, utcnow())
    if next_due is None:
        return {"label": "due", "words": "—", "late": False}
    return {"label": f"{next_due.what}_due", "words": deadline_words(next_due.deadline), "late": next_due.late}


@bp.app_template_global("_")
def translate(key: str, **values) -> str:
    from .texts import text

    user = g.get("user")
    return text(key, user.language if user is not None else "id", **values)


def city_timezone() -> ZoneInfo:
    """The city's zone (CITY_TIMEZONE): the console shows times and takes whole days in it."""
    return current_app.extensions["lapor"].settings.city_timezone


@bp.app_template_filter("local_time")
def local_time(moment: datetime | None) -> str:
    return as_utc(moment).astimezone(city_timezone()).strftime("%d-%m-%Y %H:%M") if moment else "—"
