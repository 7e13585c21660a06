"""The bot's data: directory, residents, conversations, cases, aspirations, budget rounds, news
subscriptions and broadcasts, messages and media."""
from .aspirations import Aspiration, AspirationEvent, AspirationStatus, Support, Theme
from .broadcasts import Broadcast, Subscription
from .budgeting import Ballot, BallotPick, Phase, Project, Round
from .base import ROW_LOCK, Base, as_utc, utcnow
from .cases import CLOSED_STATUSES, OPEN_STATUSES, Case, CaseConfirmation, CaseEvent, CaseStatus, DailyDigest
from .directory import Area, Category, Department, DirectoryVersion, Official
from .messages import (DELIVERY_RANK, FINISHED_SENDING, DeliveryEvent, Media, MediaStatus, Message, MessageDirection,
                       MessageStatus)
from .people import AdminUser, Conversation, Resident
from .templates import ApprovalStatus, WhatsAppTemplate

__all__ = [
    "ROW_LOCK", "Base", "as_utc", "utcnow", "Case", "CaseEvent", "CaseStatus", "CaseConfirmation", "DailyDigest",
    "OPEN_STATUSES", "CLOSED_STATUSES", "Area", "Category", "Department", "DirectoryVersion", "Official",
    "DeliveryEvent", "Media", "MediaStatus", "Message", "MessageDirection", "MessageStatus", "DELIVERY_RANK",
    "FINISHED_SENDING", "Aspiration", "AspirationEvent", "AspirationStatus", "Support", "Theme", "Broadcast", "Subscription", "Ballot", "BallotPick", "Phase", "Project", "Round", "AdminUser", "Conversation", "Resident", "ApprovalStatus", "WhatsAppTemplate",
]
