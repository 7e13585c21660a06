"""Deadlines are counted in the city's working days: Monday to Friday, less Indonesia's national
holidays and the city's own days off. A case filed at any moment of a day is due at the end of the
N-th working day after that day, in the city's time zone (``models/workdays.py``)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
import pytest

from models.workdays import WorkingDays

JAKARTA = WorkingDays("Asia/Jakarta")  # WIB, UTC+7
JAYAPURA = WorkingDays("Asia/Jayapura")  # WIT, UTC+9


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment read on a clock in Jakarta, as the UTC datetime we store."""
    return datetime(year, month, day, hour, minute, tzinfo=JAKARTA.zone).astimezone(UTC)


def end_of_day_wib(year: int, month: int, day: int) -> datetime:
    """Midnight in Jakarta at the end of the given day, in UTC (17:00 UTC that day)."""
    return wib(year, month, day) + timedelta(days=1)


# --- which days are working days ---------------------------------------------------------------

def test_weekdays_work_and_weekends_do_not():
    assert JAKARTA.is_working_day(date(2026, 11, 27))  # Friday
    assert not JAKARTA.is_working_day(date(2026, 11, 28))  # Saturday
    assert not JAKARTA.is_working_day(date(2026, 11, 29))  # Sunday
    assert JAKARTA.is_working_day(date(2026, 11, 30))  # Monday


def test_national_holidays_come_from_the_holidays_package():
    """Eid al-Fitr 2026 is on 21 and 22 March according to the package, not on the 20th."""
    eid = {day for day, name in holidays.Indonesia(years=2026).items() if "Eid al-Fitr" in name}
    assert eid == {date(2026, 3, 21), date(2026, 3, 22)}
    assert JAKARTA.is_working_day(date(2026, 3, 20))
    assert not JAKARTA.is_working_day(date(2026, 3, 19))  # Day of Silence (Nyepi), a Thursday
    assert not JAKARTA.is_working_day(date(2026, 12, 25))  # Christmas, a Friday


def test_the_next_working_day_is_strictly_after_the_day_given():
    assert JAKARTA.next_working_day(date(2026, 11, 26)) == date(2026, 11, 27)  # Thursday → Friday
    assert JAKARTA.next_working_day(date(2026, 11, 27)) == date(2026, 11, 30)  # Friday → Monday


# --- deadlines ---------------------------------------------------------------------------------

def test_a_day_to_answer_counts_from_the_day_after_the_case_arrived():
    filed = wib(2026, 11, 25, 9, 0)  # Wednesday morning
    assert JAKARTA.deadline(filed, 1) == end_of_day_wib(2026, 11, 26)


def test_a_case_filed_on_friday_with_one_day_is_due_at_the_end_of_monday():
    filed = wib(2026, 11, 27, 15, 0)
    due = JAKARTA.deadline(filed, 1)
    assert due == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # 1 Dec 00:00 WIB
    assert due.tzinfo is UTC


def test_a_case_filed_on_the_weekend_with_one_day_is_due_at_the_end_of_monday():
    assert JAKARTA.deadline(wib(2026, 11, 28, 10, 0), 1) == end_of_day_wib(2026, 11, 30)
    assert JAKARTA.deadline(wib(2026, 11, 29, 23, 59), 1) == end_of_day_wib(2026, 11, 30)


def test_ten_days_to_resolve_skip_two_weekends():
    filed = wib(2026, 11, 27, 15, 0)  # Friday
    assert JAKARTA.deadline(filed, 10) == end_of_day_wib(2026, 12, 11)  # the Friday two weeks on


def test_a_national_holiday_is_skipped_like_a_weekend():
    filed = wib(2026, 3, 18, 10, 0)  # Wednesday; Thursday 19 March is Nyepi
    assert JAKARTA.deadline(filed, 1) == end_of_day_wib(2026, 3, 20)


def test_eid_al_fitr_on_weekdays_is_skipped():
    filed = wib(2025, 3, 28, 10, 0)  # Friday; Eid al-Fitr is Monday 31 March and Tuesday 1 April 2025
    assert JAKARTA.deadline(filed, 1) == end_of_day_wib(2025, 4, 2)


def test_christmas_and_the_citys_own_day_off_are_skipped():
    city = WorkingDays("Asia/Jakarta", days_off=[date(2026, 12, 24)])  # cuti bersama
    filed = wib(2026, 12, 23, 10, 0)  # Wednesday; Thursday off, Friday Christmas
    assert city.deadline(filed, 1) == end_of_day_wib(2026, 12, 28)
    assert JAKARTA.deadline(filed, 1) == end_of_day_wib(2026, 12, 24)  # a city without that day off


def test_zero_days_means_by_the_end_of_the_day_it_arrived_if_that_is_a_working_day():
    assert JAKARTA.deadline(wib(2026, 11, 27, 15, 0), 0) == end_of_day_wib(2026, 11, 27)


def test_zero_days_on_a_sunday_means_by_the_end_of_monday():
    assert JAKARTA.deadline(wib(2026, 11, 29, 15, 0), 0) == end_of_day_wib(2026, 11, 30)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        JAKARTA.deadline(wib(2026, 11, 27), -1)


# --- time zones --------------------------------------------------------------------------------

def test_the_day_is_the_citys_day_not_the_utc_day():
    filed = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)  # Thursday in UTC, Friday 01:30 in Jakarta
    assert JAKARTA.local_date(filed) == date(2026, 11, 27)
    assert JAKARTA.deadline(filed, 1) == end_of_day_wib(2026, 11, 30)


def test_the_same_moment_can_be_thursday_in_jakarta_and_friday_in_jayapura():
    filed = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)  # Thursday 22:30 WIB, Friday 00:30 WIT
    assert JAKARTA.local_date(filed) == date(2026, 11, 26)
    assert JAYAPURA.local_date(filed) == date(2026, 11, 27)
    assert JAKARTA.deadline(filed, 1) == datetime(2026, 11, 27, 17, 0, tzinfo=UTC)  # end of Fri WIB
    assert JAYAPURA.deadline(filed, 1) == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # end of Mon WIT


def test_naive_times_are_utc_as_sqlite_hands_them_back():
    naive = datetime(2026, 11, 26, 18, 30)
    aware = naive.replace(tzinfo=UTC)
    assert JAKARTA.local_date(naive) == JAKARTA.local_date(aware) == date(2026, 11, 27)
    assert JAKARTA.deadline(naive, 1) == JAKARTA.deadline(aware, 1)


def test_a_zoneinfo_can_be_given_instead_of_a_name():
    assert WorkingDays(JAYAPURA.zone).zone == JAYAPURA.zone


# --- a days-off list gone wrong -----------------------------------------------------------------

def test_a_days_off_list_covering_years_raises_instead_of_looping():
    first = date(2027, 1, 1)
    every_day = [first + timedelta(days=n) for n in range(366 * 3)]
    city = WorkingDays("Asia/Jakarta", days_off=every_day)
    with pytest.raises(ValueError, match="days off"):
        city.deadline(wib(2026, 12, 31, 10, 0), 1)
