"""Run a batch's per-file task on Ray: a local instance, or a cluster with ``--address``.

The same ``extract.batch_worker.run_one`` runs as a Ray task (one CPU each, one Tesseract
thread each); Ray does the scheduling, this module only keeps a bounded window of tasks in
flight (so a per-file timeout can be measured from submission) and cancels with
``force=True`` (which kills the worker process) any task past its timeout. Results come back
to the driver, which writes every output, so workers need no shared output folder; input
paths must be readable at the same path on every node (a shared or mounted archive).

Needs the optional extra: ``pip install 'sohoa[ray]'``. On a cluster, sohoa must be installed
on every node (or shipped with a runtime environment).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from extract.batch_worker import TaskResult, limit_threads, run_one, top_up, warm_up
from extract.pipeline import Options

try:
    import ray
except ImportError as error:  # pragma: no cover - exercised only without the extra
    raise ImportError("the Ray engine needs Ray: pip install 'sohoa[ray]'") from error


class RayEngine:
    """Submit files as Ray tasks and yield their TaskResults as they finish (any order)."""

    def __init__(self, jobs: int | None, timeout: float | None, options: Options,
                 address: str | None = None) -> None:
        self._options = options
        self._timeout = timeout
        self._started_here = not ray.is_initialized()
        if self._started_here:
            runtime_env = {"env_vars": {"OMP_THREAD_LIMIT": "1"}}
            if address:
                ray.init(address=address, runtime_env=runtime_env, log_to_driver=False)
            else:
                ray.init(num_cpus=jobs, runtime_env=runtime_env, log_to_driver=False,
                         include_dashboard=False)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self._window = max(1, cpus if jobs is None else min(jobs, cpus))
        # A crashed worker is retried once (a node lost); a failing file is data, not retried.
        self._task = ray.remote(num_cpus=1, max_retries=1)(run_one)
        self._warm_workers(options)

    def _warm_workers(self, options: Options) -> None:
        """Start one worker per slot and load the pipeline in it before the first file, so
        that a file's timeout (counted from submission) is not spent starting a worker."""
        warm = ray.remote(num_cpus=1)(_warm)
        ray.get([warm.remote(options) for _ in range(self._window)])

    def run(self, paths: Iterator[str]) -> Iterator[TaskResult]:
        pending: dict[ray.ObjectRef, tuple[str, float]] = {}
        source = iter(paths)
        more = True
        while True:
            if more:
                more = top_up(pending, source, self._window, lambda path: (
                    self._task.remote(path, self._options), (path, time.monotonic())))
            if not pending:
                return
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=self._poll())
            for ref in ready:
                path, _started = pending.pop(ref)
                yield self._result(ref, path)
            yield from self._expire(pending)

    def _poll(self) -> float | None:
        return None if self._timeout is None else min(1.0, self._timeout)

    def _expire(self, pending: dict) -> Iterator[TaskResult]:
        if self._timeout is None:
            return
        now = time.monotonic()
        for ref, (path, started) in list(pending.items()):
            if now - started > self._timeout:
                ray.cancel(ref, force=True)
                del pending[ref]
                yield TaskResult.failure(path, "timeout",
                                         f"took longer than {self._timeout:g} s; stopped")

    @staticmethod
    def _result(ref: ray.ObjectRef, path: str) -> TaskResult:
        try:
            return ray.get(ref)
        except ray.exceptions.RayError as error:
            return TaskResult.failure(path, "crash", f"{type(error).__name__}: {error}")

    def close(self) -> None:
        if self._started_here:
            ray.shutdown()


def _warm(options: Options) -> None:
    limit_threads()
    warm_up(options)
    time.sleep(0.2)  # hold the slot briefly so the other warm-up tasks land on other workers
