"""The dashboard's words without a browser: decisions as sentences, the trend's bucket from the
span, and a stored evaluation shaped for the version page (a missing key is a dash, never an
error).
"""

from __future__ import annotations

from typing import Any

import pytest

from lifelong.runtime.personas import TREND_BUCKETS, trend_bucket
from lifelong.service.dashboard import sentences
from lifelong.service.dashboard.pages import bucket_words
from lifelong.service.dashboard.versions import evaluation_view

HOUR, DAY = 3600, 86_400


@pytest.mark.parametrize(
    ("span", "size"),
    [
        (0, 10),  # one turn: any bucket is one point
        (600, 10),  # ten minutes: 60 points of 10 s
        (HOUR, 60),  # an hour: a point a minute
        (DAY, 1800),  # a day: 48 half hours (an hourly bucket made it 24; one dot for an hour)
        (7 * DAY, 3 * HOUR),  # a week: 56 points
        (90 * DAY, 2 * DAY),  # a quarter: 45 points of two days
        (365 * DAY, 7 * DAY),  # a year: 53 weeks
        (10 * 365 * DAY, 30 * DAY),  # beyond the ladder: the largest bucket
    ],
)
def test_the_trend_bucket_follows_the_span(span: float, size: int) -> None:
    assert trend_bucket(span) == size


def test_every_span_over_a_few_minutes_has_a_few_dozen_points() -> None:
    for span in range(601, 4 * 365 * DAY, 3571):  # to the last bucket (30 days x 60)
        points = span / trend_bucket(span)
        assert 60 / 3 < points <= 60, span
    assert trend_bucket(20 * 365 * DAY) == TREND_BUCKETS[-1]


def test_bucket_sizes_in_words() -> None:
    assert [bucket_words(s) for s in (10, 60, 1800, 3 * HOUR, DAY, 7 * DAY, 30 * DAY)] == [
        "10 s", "1 min", "30 min", "3 h", "1 day", "1 week", "30 days"]  # fmt: skip


def test_decisions_read_as_sentences() -> None:
    said = sentences.decision_text
    assert said({"provider": "openai", "action": "retry", "attempt": 2, "error": "RateLimited",
                 "message": "429", "delay_s": 130.0}) == (
        "openai failed on attempt 2 (RateLimited: 429); trying it again in 2.2 min."
    )  # fmt: skip
    assert said({"provider": "openai", "action": "next", "attempt": 0, "error": "ProviderError",
                 "message": "no key"}) == (
        "openai could not take the job (ProviderError: no key); moving on to the next provider."
    )  # fmt: skip
    assert said({"provider": "openai", "action": "over_budget", "message": "5.00 > 1.00"}) == (
        "openai was skipped: over the budget (5.00 > 1.00); approve the job to let it train anyway."
    )
    assert said({"provider": "local", "action": "succeeded", "attempt": 1}) == (
        "local finished training on attempt 1."
    )
    assert said({"provider": "x", "action": "new-kind", "ts": 1.0, "n": 3}) == 'x: {"action": ' \
        '"new-kind", "n": 3}'  # fmt: skip
    assert said("not a dict") == '"not a dict"'
    assert sentences.clock(0) == "1970-01-01 00:00:00 UTC"
    assert sentences.clock(None) == sentences.clock("soon") == "—"
    assert sentences.pct(0.034, 1, sign=True) == "+3.4%" and sentences.pct(None) == "—"
    assert sentences.method_label({"method": "sft", "preference": "kto"}) == "sft+kto"
    assert sentences.method_label({"method": "dpo"}) == "dpo"
    assert sentences.method_label({}) is None and sentences.method_label(None) is None


def test_an_evaluation_missing_its_keys_still_shows() -> None:
    assert evaluation_view(None, 1) is None and evaluation_view("junk", 1) is None
    remote = evaluation_view(
        {"skipped": "a remote model cannot be measured locally",
         "gate": {"passed": True, "reason": "remote layer accepted"}}, 3,
    )  # fmt: skip
    assert remote is not None
    assert remote["passed"] is True and remote["skipped"].startswith("a remote model")
    assert remote["samples"] == [] and remote["facts"] == [] and remote["nll"] == []
    assert remote["win_rate"] is None and remote["anchor_regression"] is None
    odd: dict[str, Any] = {
        "gate": {"passed": False},
        "heldout": {"base": {"nll": 2.0}, "candidate": None},
        "samples": [{"prompt": "p", "expected": "e", "base": "b", "candidate": "c"}, "junk"],
        "facts": {"rates": {"base": {"recalled": 1}}, "prompts": [{"prompt": "other"}]},
    }
    view = evaluation_view(odd, 2)
    assert view is not None and view["reason"] is None
    assert [c["name"] for c in view["columns"]] == ["base", "candidate"]
    (sample,) = view["samples"]
    assert [a["verdict"] for a in sample["answers"]] == [None, None]  # another prompt's verdicts
    assert view["facts"] == [{"name": "base", "label": "base model", "recalled": 1}]
    assert [r["name"] for r in view["nll"]] == ["base", "candidate"]
