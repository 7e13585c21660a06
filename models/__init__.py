"""The bot's data: directory, residents, conversations, cases, messages and media."""
from .base import Base, as_utc, utcnow
from .cases import CLOSED_STATUSES, OPEN_STATUSES, Case, CaseEvent, DailyDigest
from .directory import Area, Category, Department, DirectoryVersion, Official
from .messages import DELIVERY_RANK, FINISHED_SENDING, DeliveryEvent, Media, Message
from .people import AdminUser, Conversation, Resident
from .templates import APPROVAL_STATUSES, WhatsAppTemplate

__all__ = [
    "Base", "as_utc", "utcnow", "Case", "CaseEvent", "DailyDigest", "OPEN_STATUSES", "CLOSED_STATUSES",
    "Area", "Category", "Department", "DirectoryVersion", "Official", "DeliveryEvent", "Media", "Message",
    "DELIVERY_RANK", "FINISHED_SENDING", "AdminUser", "Conversation", "Resident",
    "APPROVAL_STATUSES", "WhatsAppTemplate",
]
