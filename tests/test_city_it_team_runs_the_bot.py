"""The city's IT team sets the bot up and runs it: CLI commands, the worker process, health checks."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import requests
import yaml
from alembic import command
from sqlalchemy import func, select

from bot import create_app
from bot.cli import alembic_config
from harness import directory_file
from models import AdminUser, Area, Category, Department, Official, Theme

ROOT = Path(__file__).resolve().parent.parent


def count(city, model) -> int:
    with city.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_init_db_is_safe_to_run_again(city):
    runner = city.app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
    assert count(city, Department) == 3 + 7  # the sample's departments, and the offices of its 7 areas
    assert count(city, Area) == 7


def test_loading_the_directory_again_updates_and_never_duplicates(city, tmp_path):
    directory = yaml.safe_load((ROOT / "bot" / "sample_directory.yaml").read_text())
    directory["departments"][1]["officials"].append({"name": "Rina", "phone": "0812-3450-0003"})
    directory["departments"][2]["officials"] = []  # Sari left DLH
    path = directory_file(tmp_path, directory)
    runner = city.app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["directory", "load", str(path)])
        assert result.exit_code == 0, result.output
    assert count(city, Department) == 3 + 7 and count(city, Category) == 5 and count(city, Area) == 7
    with city.session() as session:
        officials = {official.phone: official.active for official in session.scalars(select(Official))}
    departments_officials = {phone: active for phone, active in officials.items() if phone < "+6281234500010"}
    assert departments_officials == {"+6281234500009": True, "+6281234500001": True, "+6281234500003": True,
                                     "+6281234500002": False}
    assert len(officials) == 4 + 6  # the areas' camat, lurah and staff stay as they were


def test_a_directory_file_with_a_mistake_is_refused_with_where_it_is(city, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("departments:\n  - code: pu\n    name: PU\n    default: true\n    officials:\n"
                    "      - name: X\n        phone: 'not a number'\n")
    result = city.app.test_cli_runner().invoke(args=["directory", "load", str(path)])
    assert result.exit_code != 0 and "official of pu" in result.output


def test_themes_load_with_their_office_and_defaults_and_a_theme_left_out_is_retired(city, tmp_path):
    directory = yaml.safe_load((ROOT / "bot" / "sample_directory.yaml").read_text())
    directory["themes"] = [{"code": "taman", "name": "Taman kota", "department": "dlh", "support_threshold": 20},
                           {"code": "umum", "name": "Usulan lainnya"}]
    path = directory_file(tmp_path, directory)
    runner = city.app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["directory", "load", str(path)])
        assert result.exit_code == 0, result.output
    assert "2 themes" in result.output
    with city.session() as session:
        themes = {theme.code: (theme.name, theme.department.code if theme.department else None,
                               theme.support_threshold, theme.answer_days, theme.active)
                  for theme in session.scalars(select(Theme))}
    assert themes["taman"] == ("Taman kota", "dlh", 20, 10, True)
    assert themes["umum"] == ("Usulan lainnya", None, 50, 10, True)  # the defaults: 50 supports, 10 working days
    assert themes["jalan"][-1] is False and len(themes) == 4  # in the sample, not in this file: retired, kept


def test_a_theme_with_a_mistake_is_refused_with_where_it_is(city, tmp_path):
    directory = yaml.safe_load((ROOT / "bot" / "sample_directory.yaml").read_text())
    for mistake, said in (({"department": "nope"}, "theme taman: no department 'nope'"),
                          ({"support_threshold": 0}, "theme taman: support_threshold"),
                          ({"answer_days": "ten"}, "theme taman: answer_days")):
        directory["themes"] = [{"code": "taman", "name": "Taman", **mistake}]
        result = city.app.test_cli_runner().invoke(args=["directory", "load", str(directory_file(tmp_path, directory))])
        assert result.exit_code != 0 and said in result.output


def test_admins_create_takes_the_password_from_the_environment_without_a_terminal(city, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a long enough password")
    runner = city.app.test_cli_runner()
    result = runner.invoke(args=["admins", "create", "Staf@PU.go.id", "--role", "staff", "--department", "pu"])
    assert result.exit_code == 0, result.output
    with city.session() as session:
        user = session.scalars(select(AdminUser)).one()
    assert (user.email, user.role) == ("staf@pu.go.id", "staff")
    assert "a long enough password" not in user.password_hash


def test_healthz_says_which_part_failed(city):
    assert requests.get(city.base_url + "/healthz", timeout=10).json() == {
        "status": "ok", "database": "ok", "redis": "ok", "spooled_messages": 0, "spool_oldest_seconds": None}
    city.runtime.__dict__["redis"] = type(city.runtime.redis).from_url("redis://127.0.0.1:1/0")
    response = requests.get(city.base_url + "/healthz", timeout=10)
    assert response.status_code == 503 and response.json()["redis"].startswith("failed")


def test_the_worker_process_sends_what_the_web_app_decided(city):
    """``python worker.py`` itself: RQ's forking worker, configured from the environment alone."""
    resident = city.resident()
    resident.send("halo")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    result = subprocess.run([sys.executable, "worker.py", "--burst"], cwd=ROOT, env={**env, **city.env},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(resident.received()) == 2


def test_an_account_is_staff_with_a_department_and_admin_without(city, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a long enough password")
    runner = city.app.test_cli_runner()
    assert runner.invoke(args=["admins", "create", "kepala@kota.go.id"]).exit_code == 0
    assert runner.invoke(args=["admins", "create", "staf@kota.go.id", "--department", "dlh"]).exit_code == 0
    refused = runner.invoke(args=["admins", "create", "lain@kota.go.id", "--role", "staff"])
    assert refused.exit_code != 0 and "--department" in refused.output
    with city.session() as session:
        accounts = {user.email: (user.role, user.department_id is not None)
                    for user in session.scalars(select(AdminUser))}
    assert accounts == {"kepala@kota.go.id": ("admin", False), "staf@kota.go.id": ("staff", True)}


def test_help_texts_use_the_citys_case_prefix(city):
    app = create_app({**city.env, "CASE_PREFIX": "ADU"})
    city.live_server.app = app
    resident = city.resident()
    resident.send("bantuan")
    help_text = resident.last_reply()
    assert "status ADU-00042" in help_text and "LPR" not in help_text
    app.extensions["lapor"].db.dispose()


def test_the_migrations_build_the_schema_the_models_describe(city):
    # Raises AutoGenerateDiffsDetected, naming the difference, when a model changed without a migration.
    command.check(alembic_config(city.env["DATABASE_URL"]))
