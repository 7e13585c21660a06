"""What the mayor's office does to a case from the console. Each action is an audit event with who
did it; whatever residents or officials must hear goes through the same outbox as everything else."""
from __future__ import annotations

from sqlalchemy.orm import Session

from models import AdminUser, Case, CaseEvent, CaseStatus, Department, utcnow

from .cases import active_officials, change_status, default_department
from .catalog import official_text, status_label, t
from .forwarding import case_officials
from .outbox import Outbox

#: The statuses an admin may set; the resident hears of each.
SETTABLE_STATUSES = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED, CaseStatus.DECLINED)


class NotAllowed(ValueError):
    """The action makes no sense for this case (same status, same department, empty text)."""


def set_status(session: Session, case: Case, to_status: str, note: str, admin: AdminUser,
               outbox: Outbox) -> None:
    if to_status not in SETTABLE_STATUSES:
        raise NotAllowed(f"unknown status {to_status!r}")
    if to_status == case.status:
        raise NotAllowed("the case already has that status")
    office, note = default_department(session), note.strip() or None
    change_status(session, case, CaseStatus(to_status), outbox, actor="admin", note=note,
                  admin_user_id=admin.id, acting_office=office)
    _tell_officials(session, case, outbox, "office_set_status", office=office.name,
                    status=status_label(to_status), note=official_text("office_note", note=note) if note else "")


def reassign(session: Session, case: Case, department: Department, admin: AdminUser, outbox: Outbox) -> None:
    """Hand the case to another department: its officials get the forward, as a new case's would;
    the officials it leaves and its resident are told who moved it where."""
    if department.id == case.department_id:
        raise NotAllowed("the case is already with that department")
    office = default_department(session)
    session.add(CaseEvent(case_id=case.id, kind="reassigned", actor="admin", admin_user_id=admin.id,
                          note=f"{case.department.name} → {department.name}"))
    # Only the department's own officials: the mayor's office, standing in for an empty one, did
    # not lose the case, and may well be who gets the forward next.
    leaving = active_officials(case.department) if case.forwarded_at is not None else []
    for official in leaving:
        outbox.to_official(official, official_text("office_reassigned", ref=case.ref, office=office.name,
                                                   department=department.name), case=case, kind="office_action")
    case.department_id, case.department = department.id, department
    case.forwarded_at, case.updated_at = None, utcnow()
    outbox.forward_case(case)
    resident = case.resident
    outbox.to_resident(resident, t("reassigned", resident.language, ref=case.ref, office=office.name,
                                   department=department.name), case=case, kind="status")


def reply_as_office(session: Session, case: Case, text: str, admin: AdminUser, outbox: Outbox) -> None:
    """A message to the case's resident, marked as coming from the mayor's office."""
    text = _required(text)
    office = default_department(session)
    resident = case.resident
    outbox.to_resident(resident, t("relay_to_resident", resident.language, department=office.name,
                                   ref=case.ref, text=text), case=case, kind="relay",
                       template="answer", values={"ref": case.ref, "who": office.name, "text": text})
    case.updated_at = utcnow()
    session.add(CaseEvent(case_id=case.id, kind="admin_reply", actor="admin", admin_user_id=admin.id,
                          note=text))
    _tell_officials(session, case, outbox, "office_replied", office=office.name, text=text)


def add_internal_note(session: Session, case: Case, text: str, admin: AdminUser) -> None:
    """A note for staff only: it is on the timeline, never in a message."""
    session.add(CaseEvent(case_id=case.id, kind="internal_note", actor="admin", admin_user_id=admin.id,
                          note=_required(text)))


def _tell_officials(session: Session, case: Case, outbox: Outbox, key: str, **values) -> None:
    """What the mayor's office did, to the officials who answer the case: they must not learn it
    from the resident. Outside an official's window it waits behind a ``news_official`` prompt.
    Nothing before the case reached them: the forward, when it goes, shows where it stands."""
    if case.forwarded_at is None:
        return
    for official in case_officials(session, case):
        outbox.to_official(official, official_text(key, ref=case.ref, **values), case=case, kind="office_action")


def _required(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise NotAllowed("the text is empty")
    return text
