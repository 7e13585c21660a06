"""twilio-python's REST client, pointed at ``TWILIO_API_BASE_URL`` when that is set."""
from __future__ import annotations

import re

from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

TWILIO_API_ORIGIN = "https://api.twilio.com"
#: Every Twilio REST domain twilio-python calls: api., content., messaging., … (regional ones too).
_TWILIO_ORIGIN = re.compile(r"^https://[a-z0-9.-]+\.twilio\.com(?=/|$)")

#: Seconds before a REST call to Twilio counts as a (retryable) timeout.
REQUEST_TIMEOUT = 15


class RedirectingHttpClient(TwilioHttpClient):
    """Sends every request for a Twilio domain (``api.twilio.com``, ``content.twilio.com``, …) to
    another origin (staging, a local fake); the path stays as it is."""

    def __init__(self, api_base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.api_base_url = api_base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        url = _TWILIO_ORIGIN.sub(lambda _match: self.api_base_url, url, count=1)
        return super().request(method, url, *args, **kwargs)


def make_client(account_sid: str, auth_token: str, api_base_url: str | None = None) -> Client:
    """A Twilio ``Client``; with ``api_base_url`` its REST calls go there instead of Twilio."""
    if api_base_url:
        http_client = RedirectingHttpClient(api_base_url, timeout=REQUEST_TIMEOUT)
    else:
        http_client = TwilioHttpClient(timeout=REQUEST_TIMEOUT)
    return Client(account_sid, auth_token, http_client=http_client)


def api_origin(api_base_url: str | None) -> str:
    """The origin that may receive our Twilio credentials (media downloads check it)."""
    return (api_base_url or TWILIO_API_ORIGIN).rstrip("/")
