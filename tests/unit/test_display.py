"""Report and CLI values read as sentences (issue 28: the report printed
``seconds=3.5766666666666667, price_key=None``)."""

from __future__ import annotations

from lifelong.learning.report.display import duration, estimate


def test_an_estimate_reads_as_a_sentence() -> None:
    local = {"tokens": 12400, "cost": 0.0, "seconds": 200.0, "currency": "USD",
             "price_key": None}  # fmt: skip
    assert estimate(local) == "about 3.3 min, 12,400 tokens, free (local)"
    remote = {"tokens": 900, "cost": None, "seconds": 3.5766666666666667,
              "price_key": "openai:gpt-4o-mini"}  # fmt: skip
    assert estimate(remote) == (
        "about 4 s, 900 tokens, price unknown: set training.prices['openai:gpt-4o-mini']"
    )
    assert estimate({"tokens": 10, "cost": 1.5, "seconds": 9000, "currency": "EUR"}) == (
        "about 2.5 h, 10 tokens, 1.50 EUR"
    )
    assert "=" not in estimate(remote) and "None" not in estimate(local)


def test_durations_pick_their_unit() -> None:
    assert [duration(s) for s in (0.4, 89, 90, 5399, 5400)] == [
        "0 s", "89 s", "1.5 min", "90.0 min", "1.5 h",
    ]  # fmt: skip
