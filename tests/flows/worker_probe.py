"""State a test's task keeps across the task runs of one pool worker (see test_worker_pool)."""

SEEN: list[object] = []
