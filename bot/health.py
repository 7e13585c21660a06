"""``GET /healthz``: does the database answer, does Redis answer, what waits in the spool."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from models import utcnow

from . import spool

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    runtime = current_app.extensions["lapor"]
    checks = {}
    try:
        with runtime.db.read_engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # report, don't raise: this page exists to say what is down
        checks["database"] = f"failed: {type(exc).__name__}"
    try:
        runtime.redis.ping()
        checks["redis"] = "ok"
    except Exception as exc:
        checks["redis"] = f"failed: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    # Posts kept on disk while the database was down, not yet moved into it, and how long the
    # oldest has waited: a number that grows says the drain is stuck.
    waiting, oldest = spool.depth(runtime.settings.instance_dir)
    age = round((utcnow() - oldest).total_seconds(), 1) if oldest else None
    return jsonify(status="ok" if healthy else "failed", spooled_messages=waiting, spool_oldest_seconds=age,
                   **checks), 200 if healthy else 503
