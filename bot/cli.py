"""``flask init-db``, ``flask directory load FILE``, ``flask admins create EMAIL`` (CONTRACT.md)."""
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

from models import AdminUser, Department

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
    """Load departments, categories and officials from a YAML file."""
    with _runtime().db.session() as session:
        try:
            summary = load_directory_file(session, file)
        except DirectoryError as exc:
            raise click.ClickException(str(exc)) from exc
        session.commit()
    click.echo(f"loaded {summary}")


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
