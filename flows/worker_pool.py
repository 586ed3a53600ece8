"""The inbox flow's worker processes: Prefect's process pool, each worker keeping one API client and
the run's settings.

For every task run in a worker Prefect builds two API clients (one to rebuild the flow's context,
one in the task engine), and each loads the CA bundle into a new SSL context (about 20 ms of CPU) and
asks the server for its version; a national inbox has two task runs per file. A client context held
for the worker's life is the one Prefect's `get_client` hands out instead, so a worker makes one
client and checks the server once. Likewise the settings: Prefect sends the run's settings with
every task run and builds them again there (pydantic-settings reading the environment and the
settings files for each of some fifty sections: about 30 ms of CPU a task run, a tenth of a national
file's validation); the workers enter them once, so the task runs after the first are sent without.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from prefect.context import SettingsContext, SyncClientContext
from prefect.task_runners import ProcessPoolTaskRunner

from cadres.read_marks import forget_marks_when_stopped

_HELD: list[ExitStack] = []
"""The worker's client context, open until the process ends."""


def worker_pool(workers: int) -> ProcessPoolTaskRunner:
    """Prefect's process pool, its workers talking to the API this run talks to."""
    current = SettingsContext.get()
    settings = current.serialize() if current else None
    return _ExitingPool(max_workers=workers, initializer=_hold_one_client, initargs=(settings,))


class _ExitingPool(ProcessPoolTaskRunner):
    """Prefect's pool, whose end cannot keep the process from ending. A worker that died while sending
    a log line or event through the pool's message queue (killed by a file, or stopped) holds the
    queue's write lock for ever: Prefect then gives up stopping its forwarding of the workers' messages
    (after 5 s) and leaves the queue, whose feeder thread the interpreter waits for at exit, for ever (a
    test session hung so in CI; a nightly run's process would never end)."""

    def submit(self, *args: Any, **kwargs: Any) -> Any:
        """Prefect's submit; the run's context it keeps for the pool's task runs (Prefect 3.8 serialises
        it at the first submit) then goes without the settings where they are the ones each worker
        entered at its start (`_hold_one_client`; settings changed between the pool's making and its
        first submit still go: Prefect keeps the first submit's context for the pool's life).
        Replaced, not changed: the first task run's copy may be being sent."""
        future = super().submit(*args, **kwargs)
        kept = getattr(self, "_cached_context", None)
        held = getattr(self, "_initargs", ())
        if kept and kept.get("settings_context") and held and kept["settings_context"] == held[0]:
            self._cached_context = {**kept, "settings_context": {}}
        return future

    def __exit__(self, *exc_info: object) -> None:
        try:
            super().__exit__(*exc_info)
        finally:
            left = self._subprocess_message_queue  # Prefect 3.8 sets it to None once forwarding stops
            if left is not None:
                left.cancel_join_thread()  # what is still unsent is lost: the workers are gone


def _hold_one_client(settings: dict[str, Any] | None) -> None:
    """Run once in each worker: enter the parent's settings (its API URL, a test server's too), then a
    client context that every task run in this process reuses. A stop from outside (systemd stops the
    whole service) removes the worker's crash-guard marks first (cadres.read_marks)."""
    forget_marks_when_stopped()
    stack = ExitStack()
    if settings:
        stack.enter_context(SettingsContext(**settings))
    stack.enter_context(SyncClientContext())
    _HELD.append(stack)
