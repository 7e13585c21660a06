"""The references people type, one prefix per kind: ``LPR-00042`` is a case (``CASE_PREFIX``),
``ASP-00012`` an aspiration (``ASPIRATION_PREFIX``); a reference with a prefix
no kind declares is not read as any of them. ``ReferenceKinds.parse`` is the one place that reads
one, whatever the text around it."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

CASE = "case"
ASPIRATION = "aspiration"
#: Digits in a reference: as many as people type, at most a 32-bit id's.
_DIGITS = r"(\d{1,9})"


def format_ref(prefix: str, number: int) -> str:
    return f"{prefix}-{number:05d}"


@dataclass(frozen=True)
class Reference:
    kind: str
    text: str


@dataclass(frozen=True)
class ReferenceKinds:
    """The city's reference prefixes by kind."""

    prefixes: Mapping[str, str] = field(default_factory=lambda: {CASE: "LPR"})

    @cached_property
    def pattern(self) -> str:
        """A regular expression matching any declared reference: the prefix (in any case, with or
        without the dash) in group 1, the number in group 2."""
        names = "|".join(re.escape(prefix) for prefix in sorted(self.prefixes.values(), key=len, reverse=True))
        return rf"(?i:({names}))\s*-?\s*{_DIGITS}"

    def read(self, prefix: str, digits: str) -> Reference:
        """The reference a match of ``pattern`` found."""
        prefix = prefix.upper()
        kind = next(kind for kind, declared in self.prefixes.items() if declared.upper() == prefix)
        return Reference(kind, format_ref(self.prefixes[kind], int(digits)))

    def parse(self, text: str) -> Reference | None:
        """``text`` as a whole, if it is one reference (``lpr 42`` → LPR-00042)."""
        match = re.fullmatch(self.pattern, text.strip())
        return self.read(*match.groups()) if match else None

    def format(self, kind: str, number: int) -> str:
        return format_ref(self.prefixes[kind], number)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.prefixes.items())))


#: Before the city's settings are read (and in tests): cases only, as ``LPR``.
DEFAULT_KINDS = ReferenceKinds()
