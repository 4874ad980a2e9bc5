"""The web processes' access log keeps every error and slow answer, and samples the rest."""

from __future__ import annotations

from services.mallctl.sampled_access_log import kept


def test_errors_and_slow_answers_are_always_kept():
    never = lambda: 1.0  # noqa: E731 - a draw that never falls in the sample
    assert kept(500, 0.01, sample=0.0, draw=never)
    assert kept(503, 0.01, sample=0.0, draw=never)
    assert kept(201, 5.0, sample=0.0, draw=never)


def test_the_rest_is_sampled():
    assert not kept(201, 0.01, sample=0.01, draw=lambda: 0.5)
    assert kept(201, 0.01, sample=0.01, draw=lambda: 0.001)
    assert not kept(409, 0.01, sample=0.0, draw=lambda: 0.0)
    assert kept(200, 0.01, sample=1.0, draw=lambda: 0.99)
