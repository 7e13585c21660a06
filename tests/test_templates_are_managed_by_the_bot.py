"""The city's IT team manages the bot's WhatsApp templates from the command line, and officials
are welcomed once with a template when the directory lists them."""
from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import delete, select

from handlers.choices import STATIC_PURPOSES
from handlers.whatsapp_templates import LANGUAGES, TEMPLATES
from harness import directory_file
from models import Message, Official, WhatsAppTemplate

ROOT = Path(__file__).resolve().parent.parent
EVERY_TEMPLATE = len(TEMPLATES) * len(LANGUAGES)
#: The list pickers and buttons residents tap, created beside the templates and never submitted.
EVERY_CHOICE = len(STATIC_PURPOSES) * len(LANGUAGES)


def fresh_city(city) -> None:
    """A city that has not synced any template yet (the fixture synced and approved them)."""
    with city.session() as session:
        session.execute(delete(WhatsAppTemplate))
        session.commit()


def test_sync_creates_each_template_once_and_submits_it_in_its_category(city):
    fresh_city(city)
    created_before = len(city.fake.contents)
    runner = city.app.test_cli_runner()
    first = runner.invoke(args=["templates", "sync"])
    assert first.exit_code == 0, first.output
    assert len(city.fake.contents) == created_before + EVERY_TEMPLATE + EVERY_CHOICE
    assert first.output.count("created") == EVERY_TEMPLATE + EVERY_CHOICE
    with city.session() as session:
        rows = session.scalars(select(WhatsAppTemplate)).all()
    templates = [row for row in rows if row.purpose in TEMPLATES]
    assert {(row.purpose, row.language) for row in templates} == {(p, l) for p in TEMPLATES for l in LANGUAGES}
    assert all(row.approval_status in ("received", "pending") for row in templates)
    categories = {row.purpose: city.fake.content(row.content_sid).approval.category for row in templates}
    # News residents opted in to is marketing; everything else is news of what they started.
    assert {purpose for purpose, category in categories.items() if category == "MARKETING"} == {"broadcast",
                                                                                           "round_announcement"}
    assert all(category in ("UTILITY", "MARKETING") for category in categories.values())
    choices = [row for row in rows if row.purpose not in TEMPLATES]
    assert {(row.purpose, row.language) for row in choices} == {(p, l) for p in STATIC_PURPOSES for l in LANGUAGES}
    assert all(row.approval_status == "session" and city.fake.content(row.content_sid).approval is None
               for row in choices), "list pickers and session buttons are never submitted"

    again = runner.invoke(args=["templates", "sync"])
    assert again.exit_code == 0, again.output
    assert len(city.fake.contents) == created_before + EVERY_TEMPLATE + EVERY_CHOICE, "nothing changed, nothing created"
    assert "created" not in again.output and again.output.count("unchanged") == EVERY_TEMPLATE + EVERY_CHOICE


def test_status_lists_each_template_its_language_and_approval_with_the_reason_for_a_rejection(city):
    fresh_city(city)
    runner = city.app.test_cli_runner()
    runner.invoke(args=["templates", "sync"])
    with city.session() as session:
        answer_id = session.scalars(select(WhatsAppTemplate).where(
            WhatsAppTemplate.purpose == "answer", WhatsAppTemplate.language == "id")).one()
    city.fake.approve_all()
    city.fake.reject(answer_id.content_sid, "The template contains a variable at the end")
    status = runner.invoke(args=["templates", "status"])
    assert status.exit_code == 0, status.output
    lines = status.output.splitlines()
    assert len([line for line in lines if " approved" in line]) == EVERY_TEMPLATE - 1
    rejected = next(line for line in lines if answer_id.content_sid in line)
    assert rejected.startswith("answer") and " id " in rejected
    assert "rejected — The template contains a variable at the end" in rejected


def test_loading_the_directory_welcomes_each_new_official_once_with_a_template(city, tmp_path):
    directory = yaml.safe_load((ROOT / "bot" / "sample_directory.yaml").read_text())
    path = directory_file(tmp_path, directory)
    runner = city.app.test_cli_runner()
    result = runner.invoke(args=["directory", "load", str(path)])
    assert result.exit_code == 0 and "onboarding message queued for 9 new official(s)" in result.output
    city.work()
    welcome = city.official("+6281234500001").received()
    assert len(welcome) == 1 and welcome[0].content_sid, "they never wrote: only a template can reach them"
    assert "Budi Santoso" in welcome[0].rendered and "Dinas Pekerjaan Umum" in welcome[0].rendered

    directory["departments"][1]["officials"].append({"name": "Rina", "phone": "+6281234500003"})
    path = directory_file(tmp_path, directory)
    again = runner.invoke(args=["directory", "load", str(path)])
    assert "for 1 new official(s): Rina" in again.output
    city.work()
    assert len(city.official("+6281234500001").received()) == 1, "never twice"
    with city.session() as session:
        assert all(official.onboarded_at for official in session.scalars(select(Official)))
        assert len(session.scalars(select(Message).where(Message.kind == "onboarding")).all()) == 9 + 1  # Rina joined
