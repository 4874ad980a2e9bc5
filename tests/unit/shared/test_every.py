"""A periodic job (shared.worker.every) goes on after a failure and ends when told to stop."""

from __future__ import annotations

import threading

from shared.worker import every


def test_a_failing_round_is_logged_and_the_next_round_runs(caplog):
    stop = threading.Event()
    rounds = []

    def job() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("database away")
        if len(rounds) == 3:
            stop.set()

    every(0, job, "test job")(stop)

    assert rounds == [0, 1, 2]
    assert "test job failed; retrying next round" in caplog.text


def test_a_stopped_loop_runs_no_round():
    stop = threading.Event()
    stop.set()
    rounds = []
    every(0, lambda: rounds.append(1), "test job")(stop)
    assert rounds == []
