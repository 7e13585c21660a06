"""The console's forms; Flask-WTF puts a CSRF token in each and checks it on every POST."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from handlers.admin import SETTABLE_STATUSES
from handlers.aspirations import ANSWER_OUTCOMES
from handlers.outbox import MAX_BODY
from models import Area, Department


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



#: Rupiah as people type them: ``500000000``, ``500.000.000`` (Indonesian), ``500,000,000`` (English),
#: with or without ``Rp``.
_RUPIAH = re.compile(r"(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)", re.IGNORECASE)
#: More than any city's budget, and well inside the database's 64-bit column.
MAX_RUPIAH = 10**15


class RupiahField(StringField):
    """A whole amount of rupiah, as an int; anything else typed (``1,5 juta``) fails the form."""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        match = _RUPIAH.fullmatch(valuelist[0].strip())
        amount = int(re.sub(r"\D", "", match.group(1))) if match else None
        if amount is None or amount >= MAX_RUPIAH:
            raise ValueError("not an amount of rupiah")
        self.data = amount

    def _value(self) -> str:
        """Shown again as typed when the form comes back with a mistake."""
        return self.raw_data[0] if self.raw_data else ("" if self.data is None else str(self.data))


def plausible_day(form: FlaskForm, field: DateField) -> None:
    """A date input takes years such as 0001, whose midnight in the city is before the first UTC
    day Python can hold: a round's days are this millennium's."""
    if field.data is not None and not 2000 <= field.data.year <= 2999:
        raise ValidationError("not a plausible day")


#: The area value of a round for the whole city, as ``flask rounds create --area city`` has it.
WHOLE_CITY = "city"


class RoundForm(FlaskForm):
    """A new budgeting round (admins). The name and budget are checked by create_round, which says
    what is wrong in words; the form only checks that each is there and is what it says."""

    name = StringField(validators=[Length(max=200)])
    #: An area's code. Not checked against the choices: create_round refuses any area but a
    #: kecamatan, and says so.
    area = SelectField(validate_choice=False, default=WHOLE_CITY)
    budget = RupiahField(validators=[InputRequired()])
    #: The day each phase starts (00:00 city time); voting closes the night before ``results``.
    proposals = DateField(validators=[InputRequired(), plausible_day])
    review = DateField(validators=[InputRequired(), plausible_day])
    voting = DateField(validators=[InputRequired(), plausible_day])
    results = DateField(validators=[InputRequired(), plausible_day])

    def offer_areas(self, city: str, kecamatan: list[Area]) -> "RoundForm":
        self.area.choices = [SelectChoice(WHOLE_CITY, city)] + [SelectChoice(area.code, area.label())
                                                               for area in kecamatan]
        return self


class ProjectForm(FlaskForm):
    """An aspiration made a project of a round, with its cost; the title residents read on the
    ballot starts as the aspiration's and may be shortened."""

    aspiration = HiddenField(validators=[DataRequired(), Length(max=20)])
    title = StringField(validators=[Length(max=200)])
    cost = RupiahField(validators=[InputRequired()])


class RemoveProjectForm(FlaskForm):
    """Only a CSRF token: the project goes from its round (before the voting only)."""


#: The round value of a broadcast that announces none.
NO_ROUND = ""


class BroadcastForm(FlaskForm):
    """News to the subscribers of an area (admins). Its text's length is checked by
    create_broadcast, which says what is wrong in words; the form only carries what was chosen,
    and a choice that is not offered (an area gone, a round no longer voting) is refused there
    too, by name."""

    #: An area's code, or WHOLE_CITY.
    area = SelectField(validate_choice=False, default=WHOLE_CITY)
    body = TextAreaField()
    #: A round's id, or NO_ROUND.
    round = SelectField(validate_choice=False, default=NO_ROUND)

    def offer(self, city: str, areas: list[Area], no_round: str, rounds: list[tuple[int, str]]) -> "BroadcastForm":
        """``rounds``: (id, label) of each round in its voting."""
        self.area.choices = [SelectChoice(WHOLE_CITY, city)] + [SelectChoice(area.code, area.label())
                                                               for area in areas]
        self.round.choices = [SelectChoice(NO_ROUND, no_round)] + [SelectChoice(str(round_id), label)
                                                                  for round_id, label in rounds]
        return self
