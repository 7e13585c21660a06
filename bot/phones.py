"""Phone numbers as E.164, whatever form Twilio or a directory file gives them."""
from __future__ import annotations

import phonenumbers

WHATSAPP_PREFIX = "whatsapp:"


def to_e164(raw: str, default_region: str = "ID") -> str:
    """``whatsapp:+62 812-3450-0001`` or ``0812 3450 0001`` → ``+6281234500001``.

    Raises ValueError for something that is not a possible phone number."""
    number = raw.strip()
    if number.lower().startswith(WHATSAPP_PREFIX):
        number = number[len(WHATSAPP_PREFIX):]
    try:
        parsed = phonenumbers.parse(number, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"not a phone number: {raw!r}") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise ValueError(f"not a possible phone number: {raw!r}")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def whatsapp_address(e164: str) -> str:
    return f"{WHATSAPP_PREFIX}{e164}"
