"""Time from a resident's ``ya`` to the official's forward reaching Twilio, on loopback.

The real web app (served over HTTP), the real ``python worker.py`` process, Redis and the twilio
library, sending to the test suite's fake Twilio API. Each of ``--runs`` residents files a report
with one photo and answers ``ya`` once the summary has reached their phone (as a person would); the
clock starts when the ``ya`` webhook is posted and stops when the forward's text arrives at the
fake Twilio. Prints the median, p95 and the spread.

    .venv/bin/python bench/forward_latency.py [--runs 20] [--db sqlite|postgres] [--database-url URL] [--redis-url URL]
"""
from __future__ import annotations

import argparse
import time

from world import add_arguments, bench_city, chosen_database_url, describe, summary, walk_to_confirmation
from fake_twilio import FakeTwilio


def forward_count(fake: FakeTwilio, official: str) -> int:
    """Forwards that reached Twilio: free-form, or the template for an official who never wrote."""
    return sum(1 for message in fake.messages_to(official) if "Laporan" in message.rendered and "baru" in message.rendered)


def measure(city, runs: int) -> list[float]:
    official = "whatsapp:+6281234500001"
    timings = []
    for number in range(1, runs + 1):
        resident = walk_to_confirmation(city, number)
        # A resident types "ya" after the summary reached their phone, not before.
        city.fake.wait_for(lambda message: message.to == resident.address and "ya" in message.body
                           and "Periksa laporan" in message.body, timeout=60)
        before = forward_count(city.fake, official)
        started = time.perf_counter()
        resident.send("ya")
        while forward_count(city.fake, official) == before:
            if time.perf_counter() - started > 60:
                raise SystemExit(f"run {number}: no forward within 60 s")
            time.sleep(0.002)
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    args = parser.parse_args()
    with bench_city(chosen_database_url(args), args.redis_url) as city:
        timings = measure(city, args.runs)
        where = describe(city, args.redis_url)
    print(f"ya -> official's forward at Twilio, {len(timings)} runs, {where}:")
    print("  " + summary([timing * 1000 for timing in timings]))


if __name__ == "__main__":
    main()
