"""The console's forms; Flask-WTF puts a CSRF token in each and checks it on every POST."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from handlers.admin import SETTABLE_STATUSES
from handlers.aspirations import ANSWER_OUTCOMES
from handlers.outbox import MAX_BODY
from models import Department


class StatusForm(FlaskForm):
    status = SelectField(choices=[SelectChoice(status, status) for status in SETTABLE_STATUSES])
    note = TextAreaField(validators=[Optional(), Length(max=1000)])


class ReassignForm(FlaskForm):
    department = SelectField(coerce=int)

    @classmethod
    def for_departments(cls, departments: list[Department], current: int | None = None) -> "ReassignForm":
        form = cls(department=current)
        form.department.choices = [SelectChoice(department.id, department.name) for department in departments]
        return form


class ReplyForm(FlaskForm):
    text = TextAreaField(validators=[DataRequired(), Length(max=MAX_BODY * 2)])


class NoteForm(FlaskForm):
    text = TextAreaField(validators=[DataRequired(), Length(max=5000)])


class PublishForm(FlaskForm):
    """Only a CSRF token: the aspiration goes public as it stands (masked)."""


class DeclineForm(FlaskForm):
    #: Its author reads it.
    reason = TextAreaField(validators=[DataRequired(), Length(min=5, max=1000)])


class AnswerForm(FlaskForm):
    """The office's answer to an aspiration that reached its threshold; author and supporters read the note."""
    outcome = SelectField(choices=[SelectChoice(outcome, outcome) for outcome in ANSWER_OUTCOMES])
    note = TextAreaField(validators=[DataRequired(), Length(min=5, max=1000)])


class ForumOutcomeForm(FlaskForm):
    """What the forum made of one aspiration on its agenda; its author and supporters read it."""
    note = TextAreaField(validators=[DataRequired(), Length(min=5, max=1000)])


class LanguageForm(FlaskForm):
    """Only a CSRF token: the account's language flips between Indonesian and English."""

