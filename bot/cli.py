"""``flask init-db``, ``flask directory load FILE``, ``flask admins create EMAIL``, ``flask templates
sync|status``, ``flask rounds create``."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from handlers.budgeting import DATED_PHASES, RoundError, create_round, rupiah
from handlers.official import onboard_new_officials
from handlers.outbox import Outbox
from models import AdminUser, Area, Department

from .console.texts import text
from .content import content_api, refresh_approvals, sync_choices, sync_templates, template_rows
from .directory import DirectoryError, load_directory_file

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = database_url
    return config


def upgrade_database(database_url: str) -> None:
    """Create or migrate the schema to the newest version; safe to run again."""
    command.upgrade(alembic_config(database_url), "head")


def _runtime():
    return current_app.extensions["lapor"]


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or migrate the schema to the newest version."""
    upgrade_database(_runtime().settings.database_url)
    click.echo("database is at the newest schema")


directory_cli = AppGroup("directory", help="The city's departments, officials and categories.")


@directory_cli.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def directory_load(file: str) -> None:
    """Load departments, categories and officials from a YAML file; welcome new officials."""
    runtime = _runtime()
    with runtime.db.session() as session:
        try:
            summary = load_directory_file(session, file)
        except DirectoryError as exc:
            raise click.ClickException(str(exc)) from exc
        outbox = Outbox(session)
        welcomed = onboard_new_officials(session, outbox, runtime.handler_config)
        jobs = outbox.flush()
        session.commit()
    runtime.enqueue(jobs)
    click.echo(f"loaded {summary}")
    if welcomed:
        click.echo(f"onboarding message queued for {len(welcomed)} new official(s): "
                   + ", ".join(official.name for official in welcomed))


admins_cli = AppGroup("admins", help="Admin console accounts.")


@admins_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "staff"]),
              help="admin: everything; staff: the cases of --department only. "
                   "Default: staff with --department, admin without.")
@click.option("--department", "department_code", help="Department code (staff accounts).")
def admins_create(email: str, role: str | None, department_code: str | None) -> None:
    """Create an account, or update it (password, role, department) when it exists."""
    email = email.strip().lower()
    role = role or ("staff" if department_code else "admin")
    if role == "staff" and not department_code:
        raise click.ClickException("a staff account needs --department CODE (or give --role admin)")
    password = _password()
    with _runtime().db.session() as session:
        department_id = None
        if department_code:
            department = session.scalars(select(Department).where(Department.code == department_code)).first()
            if department is None:
                raise click.ClickException(f"no department '{department_code}' (load the directory first)")
            department_id = department.id
        user = session.scalars(select(AdminUser).where(AdminUser.email == email)).first()
        created = user is None
        if created:
            user = AdminUser(email=email)
            session.add(user)
        user.password_hash = generate_password_hash(password)
        user.session_epoch = 0 if created else user.session_epoch + 1  # a new password signs out the old one
        user.role, user.department_id = role, department_id
        session.commit()
    click.echo(f"{'created' if created else 'updated'} {role} account {email}")


templates_cli = AppGroup("templates", help="The bot's WhatsApp templates (Twilio Content API).")


@templates_cli.command("sync")
def templates_sync() -> None:
    """Create or update the templates at Twilio and submit them for WhatsApp approval (UTILITY);
    create the list pickers and buttons residents tap inside their window (never submitted)."""
    runtime = _runtime()
    api = content_api(runtime.settings)
    with runtime.db.session() as session:
        try:
            lines = sync_templates(session, api) + sync_choices(session, api)
            jobs = refresh_approvals(session, api)
        except Exception as exc:  # Twilio down or credentials wrong: say so, keep what was done
            raise click.ClickException(f"template sync stopped: {exc}") from exc
        session.commit()
        for line in lines:
            click.echo(f"{line.template.name:40} {line.action:10} {line.template.approval_status}")
    runtime.enqueue(jobs)
    if not runtime.settings.uses_twilio:
        click.echo("offline (no Twilio account): templates count as approved locally")


@templates_cli.command("status")
def templates_status() -> None:
    """Each template, its language, ContentSid and WhatsApp approval status."""
    runtime = _runtime()
    api = content_api(runtime.settings)
    with runtime.db.session() as session:
        try:
            jobs = refresh_approvals(session, api)
        except Exception as exc:
            click.echo(f"(could not ask Twilio: {exc}; showing what was last known)", err=True)
            session.rollback()
            jobs = None
        session.commit()
        rows = template_rows(session)
        if not rows:
            click.echo("no templates yet: run `flask templates sync`")
        for row in rows:
            reason = f" — {row.rejection_reason}" if row.rejection_reason else ""
            click.echo(f"{row.purpose:18} {row.language:3} {row.content_sid or '-':36} {row.approval_status}{reason}")
    if jobs:
        runtime.enqueue(jobs)


rounds_cli = AppGroup("rounds", help="Participatory budgeting rounds.")


@rounds_cli.command("create")
@click.option("--name", required=True, help="What residents read: \"Anggaran Partisipatif Oebobo 2027\".")
@click.option("--area", "area_code", default="city", show_default=True,
              help="A kecamatan's code from the directory file, or city for the whole city.")
@click.option("--budget", type=click.IntRange(min=1), required=True, help="Rupiah.")
@click.option("--proposals", type=click.DateTime(["%Y-%m-%d"]), required=True, help="The proposals phase's first day.")
@click.option("--review", type=click.DateTime(["%Y-%m-%d"]), required=True, help="The review's first day.")
@click.option("--voting", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Voting's first day.")
@click.option("--results", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="The results' day: voting closes the night before, then the worker tallies.")
def rounds_create(name: str, area_code: str, budget: int, **days) -> None:
    """Create a round; each phase starts at 00:00 of its date in CITY_TIMEZONE."""
    runtime = _runtime()
    with runtime.db.session() as session:
        area = None
        if area_code != "city":
            area = session.scalars(select(Area).where(Area.code == area_code)).first()
            if area is None:
                raise click.ClickException(f"no area '{area_code}' (load the directory first, or give city)")
        try:
            created = create_round(session, name=name, area=area, budget=budget,
                                   days={phase: days[phase.value].date() for phase in DATED_PHASES},
                                   zone=runtime.handler_config.city_timezone)
        except RoundError as exc:
            # The console's sentence, in English: each is written once, in bot/console/texts.py.
            raise click.ClickException(text(f"round_error.{exc.key}", "en", **exc.values)) from exc
        session.commit()
        click.echo(f"created round {created.id}: {created.name}, {rupiah(created.budget)}, "
                   f"{area.name if area else 'whole city'}")


def _password() -> str:
    if not sys.stdin.isatty():
        password = os.environ.get("ADMIN_PASSWORD", "")
        if not password:
            raise click.ClickException("no terminal: set ADMIN_PASSWORD")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("the password needs at least 10 characters")
    return password


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(directory_cli)
    app.cli.add_command(admins_cli)
    app.cli.add_command(templates_cli)
    app.cli.add_command(rounds_cli)
