"""An official's message: a command, an answer to a case (``#REF`` or swipe-reply), or neither."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import OPEN_STATUSES, AspirationStatus, Case, CaseStatus, Message, Official, utcnow

from .aspirations import NotAllowed as AspirationNotAllowed
from .aspirations import answer, find_aspiration
from .cases import case_for_reply, change_status, find_case, offices_overseen, relay_to_resident
from .catalog import official_text, status_label, t
from .context import HandlerConfig
from .deadlines import due_of, due_words, is_late
from .outbox import Outbox
from .references import ASPIRATION
from .words import Command, hash_ref_message, official_command

#: How many open cases ``/kasus`` lists (WhatsApp shows long messages poorly).
LISTED_CASES = 30
#: Where each command takes a case.
TARGET_STATUS = {"process": CaseStatus.IN_PROGRESS, "resolve": CaseStatus.RESOLVED, "decline": CaseStatus.DECLINED}
#: The Indonesian command names, for the texts that quote them.
COMMAND_WORD = {"process": "proses", "resolve": "selesai", "decline": "tolak"}


@dataclass
class OfficialTurn:
    session: Session
    message: Message
    official: Official
    outbox: Outbox
    config: HandlerConfig

    @property
    def text(self) -> str:
        return (self.message.body or "").strip()

    def say(self, key: str, **values) -> None:
        values.setdefault("example", self.config.example_ref)
        self.outbox.to_official(self.official, official_text(key, **values))


def handle_official(turn: OfficialTurn) -> None:
    command = official_command(turn.text, turn.config.references)
    if command is not None:
        COMMANDS[command.name](turn, command)
        return
    tagged = hash_ref_message(turn.text, turn.config.references)
    if tagged is not None:
        _answer(turn, tagged.ref, tagged.text)
        return
    case = case_for_reply(turn.session, turn.message.replied_to_sid, turn.official.phone)
    if case is not None:
        _answer(turn, case.ref, turn.text)
        return
    turn.say("unknown")


def _allowed_case(turn: OfficialTurn, ref: str) -> Case | None:
    """The case, if this official may act on it: their department's, or any for the default one."""
    case = find_case(turn.session, ref)
    if case is None:
        turn.say("no_such_case", ref=ref)
        return None
    department = turn.official.department
    if not department.is_default and case.department_id not in offices_overseen(turn.session, department):
        turn.say("not_your_case", ref=ref, department=case.department.name)
        return None
    return case


def _answer(turn: OfficialTurn, ref: str, text: str) -> None:
    case = _allowed_case(turn, ref)
    if case is None:
        return
    if not text and not turn.message.media:
        turn.say("need_text", ref=ref)
        return
    relay_to_resident(turn.session, case, turn.official, turn.message, turn.outbox, text)
    turn.say("resident_opted_out" if case.resident.opted_out else "reply_sent", ref=case.ref)


def _change(turn: OfficialTurn, command: Command) -> None:
    if command.ref is None:
        turn.say("need_ref", command=COMMAND_WORD[command.name])
        return
    if turn.config.references.parse(command.ref).kind == ASPIRATION:
        _answer_aspiration(turn, command)
        return
    case = _allowed_case(turn, command.ref)
    if case is None:
        return
    target = TARGET_STATUS[command.name]
    if case.status == target:
        turn.say("already", ref=case.ref, status=status_label(case.status))
    elif not case.is_open:
        turn.say("closed", ref=case.ref, status=status_label(case.status))
    elif command.name == "decline" and not command.text:
        turn.say("need_reason", ref=case.ref)
    else:
        turn.message.case_id, turn.message.kind = case.id, "command"
        change_status(turn.session, case, target, turn.outbox, actor="official",
                      note=command.text or None, official=turn.official)
        turn.say("status_set", ref=case.ref, status=status_label(target))


#: The same commands answer an aspiration that reached the office: what each says of it.
ASPIRATION_OUTCOME = {"process": AspirationStatus.IN_DISCUSSION, "resolve": AspirationStatus.ACCEPTED,
                      "decline": AspirationStatus.TURNED_DOWN}


def _answer_aspiration(turn: OfficialTurn, command: Command) -> None:
    """``/selesai ASP-00012 catatan`` (accepted into a plan), ``/proses …`` (in discussion), ``/tolak
    …`` (turned down), from an official of its office or of the mayor's; the note is required: the
    author and every supporter read it."""
    aspiration = find_aspiration(turn.session, command.ref)
    if aspiration is None or aspiration.status in (AspirationStatus.PENDING, AspirationStatus.DECLINED):
        turn.say("no_such_aspiration", ref=command.ref)
        return
    department = turn.official.department
    if not department.is_default and aspiration.department_id not in offices_overseen(turn.session, department):
        turn.say("not_your_aspiration", ref=aspiration.ref, department=aspiration.department.name)
        return
    turn.message.kind = "command"
    try:
        answer(turn.session, aspiration, ASPIRATION_OUTCOME[command.name], command.text, None, turn.outbox,
               official=turn.official)
    except AspirationNotAllowed as refused:
        turn.say(f"aspiration_{refused}", ref=aspiration.ref,
                 status=t(f"aspiration_status.{aspiration.status}"))
        return
    turn.say("aspiration_answered", ref=aspiration.ref, outcome=t(f"aspiration_status.{aspiration.status}"),
             count=aspiration.support_count)


def _list_cases(turn: OfficialTurn, command: Command) -> None:
    """The oldest open cases first: they are the ones waiting longest."""
    _list(turn, select(Case).where(Case.status.in_(OPEN_STATUSES)), "open_cases", "no_open_cases")


def _list_late(turn: OfficialTurn, command: Command) -> None:
    """The open cases past a deadline, oldest first."""
    _list(turn, select(Case).where(is_late(utcnow())), "late_cases", "no_late_cases")


def _list(turn: OfficialTurn, query, heading: str, none: str) -> None:
    department = turn.official.department
    if not department.is_default:
        query = query.where(Case.department_id.in_(offices_overseen(turn.session, department)))
    total = turn.session.scalar(select(func.count()).select_from(query.subquery()))
    if not total:
        turn.say(none)
        return
    cases = turn.session.scalars(query.order_by(Case.id).limit(LISTED_CASES))
    lines = "\n".join(_case_line(turn, case) for case in cases)
    turn.say(heading, count=total, lines=lines,
             more=official_text("more_cases", count=total - LISTED_CASES) if total > LISTED_CASES else "")


def _case_line(turn: OfficialTurn, case: Case) -> str:
    """``• LPR-00042 – Jalan rusak (Fatululi) – diterima – jawab paling lambat Senin, 30-11-2026``."""
    due = due_of(case, utcnow())
    when = "-"
    if due is not None:
        key = f"{'late' if due.late else 'due'}_{due.what}"
        when = official_text(key, due=due_words(due.deadline, turn.config.city_timezone))
    return official_text("case_line", ref=case.ref, category=case.category.name,
                         area=f" ({case.area.name})" if case.area is not None else "",
                         status=status_label(case.status), due=when)


def _help(turn: OfficialTurn, command: Command) -> None:
    turn.say("help")


COMMANDS = {
    "process": _change,
    "resolve": _change,
    "decline": _change,
    "cases": _list_cases,
    "late": _list_late,
    "help": _help,
}


def onboard_new_officials(session: Session, outbox: Outbox, config: HandlerConfig) -> list[Official]:
    """Every active official not yet welcomed gets, once, who they serve, what the bot will send
    them and the commands, so that they save the number before the first case arrives."""
    newcomers = list(session.scalars(select(Official).where(Official.active, Official.onboarded_at.is_(None))
                                     .order_by(Official.id)))
    for official in newcomers:
        department = official.department.name
        outbox.to_official(official, official_text("onboarding", name=official.name, department=department,
                                                   example=config.example_ref),
                           kind="onboarding", template="onboarding",
                           values={"name": official.name, "department": department})
        official.onboarded_at = utcnow()
    return newcomers
