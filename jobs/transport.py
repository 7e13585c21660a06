"""How an outbound message leaves: through Twilio's REST API, or (offline) nowhere at all."""
from __future__ import annotations

import json
import secrets
from functools import lru_cache
from dataclasses import dataclass
from typing import Protocol

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException

from bot.config import Settings
from bot.phones import whatsapp_address
from bot.twilio_client import make_client
from models import MessageStatus

#: Twilio error codes that say the message was certainly not taken: send it again later.
NOT_ACCEPTED_CODES = {20429}


@dataclass(frozen=True)
class Sent:
    sid: str
    #: What Twilio said of the message: a :class:`MessageStatus` (``queued``, ``accepted``, …).
    status: str


class SendFailed(Exception):
    """Twilio refused the message for good (invalid number, opted out, …)."""

    def __init__(self, code: str, text: str):
        super().__init__(f"{code}: {text}")
        self.code, self.text = code, text


class NotAccepted(Exception):
    """Twilio said no for now (429): the message certainly did not go; retry it."""


class Unknown(Exception):
    """A timeout or 5xx: the message may or may not have gone; look before resending."""


class Transport(Protocol):
    def send(self, to: str, body: str, media_url: str | None) -> Sent: ...

    def send_template(self, to: str, content_sid: str, variables: dict[str, str]) -> Sent: ...

    def recently_sent(self, to: str, body: str, with_media: bool) -> list[Sent]: ...


class TwilioTransport:
    def __init__(self, settings: Settings):
        self.client = make_client(settings.twilio_account_sid, settings.twilio_auth_token,
                                  settings.twilio_api_base_url)
        self.sender = settings.sender
        self.status_callback = f"{settings.public_base_url}/webhooks/twilio/status"

    def send(self, to: str, body: str, media_url: str | None) -> Sent:
        options = {"media_url": [media_url]} if media_url else {}
        return self._create(to, body=body, **options)

    def send_template(self, to: str, content_sid: str, variables: dict[str, str]) -> Sent:
        """An approved template (Content API): no body, the ContentSid and its variables."""
        return self._create(to, content_sid=content_sid, content_variables=json.dumps(variables, ensure_ascii=False))

    def _create(self, to: str, **content) -> Sent:
        try:
            message = self.client.messages.create(from_=self.sender, to=whatsapp_address(to),
                                                  status_callback=self.status_callback, **content)
        except TwilioRestException as exc:
            raise _classify(exc) from exc
        except requests.RequestException as exc:
            raise Unknown(f"{type(exc).__name__}: {exc}") from exc
        return Sent(sid=message.sid, status=message.status or MessageStatus.QUEUED)

    def recently_sent(self, to: str, body: str, with_media: bool) -> list[Sent]:
        """Messages Twilio took from us for ``to`` with this body (newest first), to find out
        whether an attempt that failed to hear back (timeout, 5xx, crash) reached Twilio. Not
        filtered by date: a message still queued at Twilio has no date_sent yet."""
        try:
            candidates = self.client.messages.list(to=whatsapp_address(to), from_=self.sender, limit=50)
        except (TwilioException, requests.RequestException) as exc:  # a failed page is a bare TwilioException
            raise Unknown(f"could not check earlier attempt: {exc}") from exc
        return [Sent(sid=message.sid, status=message.status or MessageStatus.QUEUED) for message in candidates
                if (message.body or "") == body and (int(message.num_media or 0) > 0) == with_media]


def _classify(exc: TwilioRestException) -> Exception:
    if exc.status == 429 or exc.code in NOT_ACCEPTED_CODES:
        return NotAccepted(f"HTTP {exc.status}, code {exc.code}")
    if exc.status >= 500:  # Twilio may have taken it before failing: look before sending again
        return Unknown(f"HTTP {exc.status}, code {exc.code}")
    return SendFailed(str(exc.code or exc.status), exc.msg)


class DevTransport:
    """Offline: nothing leaves the machine; the stored row is the record the simulator shows."""

    def send(self, to: str, body: str, media_url: str | None) -> Sent:
        return Sent(sid="DEV" + secrets.token_hex(16), status=MessageStatus.DELIVERED)

    def send_template(self, to: str, content_sid: str, variables: dict[str, str]) -> Sent:
        return Sent(sid="DEV" + secrets.token_hex(16), status=MessageStatus.DELIVERED)

    def recently_sent(self, to: str, body: str, with_media: bool) -> list[Sent]:
        return []


@lru_cache(maxsize=4)
def transport_for(settings: Settings) -> Transport:
    """One per process and settings: its HTTP connections to Twilio are kept alive between
    messages (a TLS handshake with api.twilio.com costs more than the message)."""
    return TwilioTransport(settings) if settings.uses_twilio else DevTransport()

