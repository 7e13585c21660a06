"""Working days, for case deadlines ("answer within 1 working day, resolve within 10").

A working day is a Monday to Friday in the city's time zone (``CITY_TIMEZONE``) that is neither one
of Indonesia's national public holidays (the ``holidays`` package) nor one of the city's own days off
(cuti bersama and the like, from the directory file).

The rule: a case filed at moment T with N working days is due at the END of the N-th working day
AFTER T's local day, that is at midnight, city time, at the start of the day that follows it. The day
it arrives never counts, even if it is a working day, so a case filed at 08:00 and one filed at 23:59
get the same deadline. For example, filed Friday 27 Nov 2026 at 15:00 WIB with N=1, it is due at the
end of Monday 30 Nov (1 Dec 00:00 WIB, 30 Nov 17:00 UTC); filed on the Saturday, also at the end of
that Monday. N=0 means by the end of the day it arrived if that is a working day, else by the end of
the next working day.

Times come in and go out as UTC (naive ones are taken as UTC, as SQLite hands them back); only the
counting of days happens in the city's zone.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from .base import as_utc

#: The longest run of non-working days we believe; a longer one means a days-off list gone wrong.
MAX_DAYS_OFF_IN_A_ROW = 366 * 2
ONE_DAY = timedelta(days=1)
SATURDAY = 5


@lru_cache(maxsize=None)
def national_holidays(year: int) -> frozenset[date]:
    """Indonesia's public holidays in ``year``, computed once per year for the whole process.

    A frozenset rather than the ``holidays`` object: membership is then a plain hash lookup, which
    matters when the console computes a deadline for each of thousands of cases.
    """
    return frozenset(holidays.Indonesia(years=year))


class WorkingDays:
    """The city's calendar of working days, and deadlines counted in them."""

    def __init__(self, timezone: str | ZoneInfo = "Asia/Jakarta", days_off: Iterable[date] = ()) -> None:
        self.zone: ZoneInfo = timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)
        self.days_off: frozenset[date] = frozenset(days_off)

    def is_working_day(self, day: date) -> bool:
        return (day.weekday() < SATURDAY
                and day not in self.days_off
                and day not in national_holidays(day.year))

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        for _ in range(MAX_DAYS_OFF_IN_A_ROW):
            day += ONE_DAY
            if self.is_working_day(day):
                return day
        raise ValueError(f"no working day in the {MAX_DAYS_OFF_IN_A_ROW} days after {day:%Y-%m-%d}; "
                         "is the list of days off right?")

    def local_date(self, moment: datetime) -> date:
        """The day ``moment`` (UTC, aware or naive) falls on in the city."""
        return as_utc(moment).astimezone(self.zone).date()

    def deadline(self, start: datetime, days: int) -> datetime:
        """When a case filed at ``start`` with ``days`` working days is due (see the module's rule)."""
        _check_not_negative(days)
        day = self.local_date(start)
        if days == 0 and self.is_working_day(day):
            return self._end_of(day)
        for _ in range(max(days, 1)):
            day = self.next_working_day(day)
        return self._end_of(day)

    def _end_of(self, day: date) -> datetime:
        """Midnight in the city at the start of the day after ``day``, in UTC."""
        return datetime.combine(day + ONE_DAY, time(0), tzinfo=self.zone).astimezone(UTC)


def _check_not_negative(days: int) -> None:
    if days < 0:
        raise ValueError(f"a number of working days cannot be negative: {days}")
