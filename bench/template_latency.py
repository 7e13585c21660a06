"""Time from an official's answer to it reaching (a fake) Twilio, when the resident last wrote 25
hours earlier (the answer must go as the ``answer`` template), against the same answer inside the
window (free-form text) in the same run, as the baseline.

The real web app over HTTP, the real ``python worker.py`` process, Redis and the twilio library,
sending to the test suite's fake Twilio, which enforces the 24-hour window. Each run: a resident
files a report, the forward reaches the official, the official answers once inside the resident's
window and once after the resident's messages have been moved 25 hours into the past (in the bot's
database and in the fake's record of who wrote when); the clock starts when the official's webhook
is posted and stops when the answer arrives at the fake Twilio.

    .venv/bin/python bench/template_latency.py [--runs 20] [--db sqlite|postgres] [--database-url URL] [--redis-url URL]
"""
from __future__ import annotations

import argparse
import time
from datetime import timedelta

from sqlalchemy import select

from world import add_arguments, bench_city, chosen_database_url, describe, summary, walk_to_confirmation
from models import Case, Message, Resident, as_utc, utcnow

OFFICIAL = "+6281234500001"
A_DAY_AND_AN_HOUR = timedelta(hours=25)


def wait_for_new(city, address: str, before: int, started: float) -> float:
    while len(city.fake.messages_to(address)) == before:
        if time.perf_counter() - started > 60:
            with city.session() as session:
                stuck = session.execute(select(Message.id, Message.kind, Message.status, Message.body).where(
                    Message.phone == address.removeprefix("whatsapp:")).order_by(Message.id.desc()).limit(3)).all()
            raise SystemExit(f"no answer to {address} within 60 s; the latest rows: {stuck}")
        time.sleep(0.002)
    return (time.perf_counter() - started) * 1000


def answer_and_time(city, official, forward_sid: str, resident, text: str) -> tuple[float, bool]:
    before = len(city.fake.messages_to(resident.address))
    started = time.perf_counter()
    official.reply_to(forward_sid, text)
    elapsed = wait_for_new(city, resident.address, before, started)
    return elapsed, city.fake.messages_to(resident.address)[before].content_sid is not None


def case_ref_of(city, resident) -> str:
    """The resident's newest case (a database used before may hold older ones)."""
    with city.session() as session:
        return session.scalars(select(Case.ref).join(Resident).where(Resident.phone == resident.number)
                               .order_by(Case.id.desc())).first()


def stored_by_the_bot(city, sid: str) -> None:
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:
        with city.session() as session:
            if session.scalar(select(Message.id).where(Message.sid == sid)) is not None:
                return
        time.sleep(0.005)
    raise SystemExit(f"the bot never stored {sid}")


def resident_wrote_long_ago(city, resident) -> None:
    """Move everything the resident sent 25 hours into the past, for the bot and for Twilio."""
    with city.session() as session:  # row by row: SQLite has no date arithmetic on these columns
        for message in session.scalars(select(Message).where(Message.phone == resident.number,
                                                             Message.direction == "in")):
            message.created_at = as_utc(message.created_at) - A_DAY_AND_AN_HOUR
        session.commit()
    city.fake.received_from(resident.address, at=utcnow() - A_DAY_AND_AN_HOUR)


def measure(city, runs: int) -> tuple[list[float], list[float]]:
    official = city.official(OFFICIAL)
    free_form, template = [], []
    for number in range(1, runs + 1):
        resident = walk_to_confirmation(city, number)
        city.fake.wait_for(lambda m: m.to == resident.address and "Periksa laporan" in m.body, timeout=60)
        resident.send("ya")
        ref = case_ref_of(city, resident)
        forward = city.fake.wait_for(lambda m: m.to == official.address and ref in m.rendered, timeout=60)[0]
        stored_by_the_bot(city, forward.sid)  # a person cannot swipe-reply before the bot knows the SID
        elapsed, as_template = answer_and_time(city, official, forward.sid, resident, "Besok kami datang.")
        assert not as_template, "inside the window the answer must go free-form"
        free_form.append(elapsed)
        resident_wrote_long_ago(city, resident)
        elapsed, as_template = answer_and_time(city, official, forward.sid, resident, "Sudah kami tambal.")
        assert as_template, "25 hours on, the answer must go as a template"
        template.append(elapsed)
    return free_form, template


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    args = parser.parse_args()
    with bench_city(chosen_database_url(args), args.redis_url) as city:
        free_form, template = measure(city, args.runs)
        where = describe(city, args.redis_url)
    import statistics

    print(f"official's answer -> resident's phone at Twilio, {args.runs} runs each, {where}:")
    print(f"  inside the window (free-form, baseline): {summary(free_form)}")
    print(f"  25 hours after the resident wrote (template): {summary(template)}")
    print(f"  template / free-form median: {statistics.median(template) / statistics.median(free_form):.2f}")


if __name__ == "__main__":
    main()
