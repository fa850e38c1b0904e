"""The scrubber's learned second opinion (:mod:`lifelong.learning.scrub.learned`): which
stretches of a turn it judges, what it reads around them, that the weights shipped are those
of today's features, and what it finds that no rule does."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lifelong.learning.scrub import Scrubber
from lifelong.learning.scrub.learned import (
    WEIGHTS,
    candidates,
    features,
    fingerprint,
    learned_finders,
)

CORPORA = Path(__file__).resolve().parents[2] / "bench" / "data" / "scrub"

CERTIFICATE = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n"
    "RTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYD\n"
    "-----END CERTIFICATE-----"
)


def _judged(text: str) -> list[str]:
    return [text[start:end] for start, end in candidates(text)]


@pytest.mark.parametrize(
    ("text", "judged"),
    [
        # a value written in groups is judged whole, and none of its groups alone
        ("mob 07696 175882, ring after six", ["07696 175882"]),
        ("Steuer-ID: 27 047 196 582", ["27 047 196 582"]),
        # digits said as words, as a voice message's transcript has them
        (
            "my number is oh seven nine four six two one three eight thanks",
            ["oh seven nine four six two one three eight"],
        ),
        # the value after a name, without the name
        ('api_key="Zq81mPx0Lw9" and pin: 55341894F', ["Zq81mPx0Lw9", "55341894F"]),
        # lists of numbers, words, names of code, links, encoded prose, specimens, parcels
        ("Scores: 98, 87, 91, 78, 85, 90", []),
        ("Fibonacci: 1 1 2 3 5 8 13 21 34 55 89 144", []),
        ("authDomain and Access-Control-Allow-Origin and pneumonoultramicroscopic", []),
        ("export OPENAI_API_KEY=$OPENAI_API_KEY; echo ${DB_PASSWORD1} %APPDATA2%", []),
        (r"is ^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}$ too strict?", []),
        ("see https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/x9.min.js", []),
        ("echo SGVsbG8sIHdvcmxkISBUaGlzIGlzIGp1c3QgYSB0ZXN0Lg== | jq", []),
        ("boarding pass: 12345678, SSN on the form: 000-00-0000", []),
        ("tracking RR123456785DE arrived", []),  # S10 check digit holds
        (f"is this chain right?\n{CERTIFICATE}", []),
    ],
)
def test_what_the_model_judges(text: str, judged: list[str]) -> None:
    assert _judged(text) == judged


def test_a_value_in_a_pasted_table_is_read_with_its_columns_header() -> None:
    text = "name;telefon;kundennummer\nAna Ruiz;0612 345 678;KD-88213\n"
    phone = text.index("0612 345 678")
    assert (phone, phone + len("0612 345 678")) in candidates(text)
    assert "col=telefon" in features(text, phone, phone + len("0612 345 678"))
    customer = text.index("KD-88213")
    assert "col=kundennummer" in features(text, customer, customer + len("KD-88213"))


def test_the_shipped_weights_are_those_of_todays_candidates_features_and_corpora() -> None:
    with np.load(WEIGHTS) as data:
        corpora = [str(name) for name in data["corpora"]]
        stored = str(data["fingerprint"])
        threshold = float(data["threshold"])
    texts = [
        json.loads(line)["text"]
        for name in corpora
        for line in (CORPORA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        if line
    ]
    assert len(texts) > 5000
    assert fingerprint(texts) == stored, (
        "candidates(), features() or the corpora changed after the weights were trained: "
        "run `python bench/data/scrub/train_learned.py` and commit learned.npz"
    )
    assert 0.5 <= threshold < 1.0
    assert learned_finders(), "learned.npz did not load"


# Values no rule names, in the words of languages and channels the rules have no entry for
# (none of them in the corpora): the rules alone leave them, the scrubber with its second
# opinion does not.
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("cartão do clube 4471 2291 8830", "4471 2291 8830"),
        ("USt-IdNr.: DE285719470", "DE285719470"),  # its check fails: no rule takes it
        ("Mi número de abonado es 40318877, ¿lo guardas?", "40318877"),
        ("我的会员号是 8837 2291 04", "8837 2291 04"),
    ],
)
def test_the_model_finds_what_the_rules_leave(text: str, value: str) -> None:
    assert value in Scrubber(learned=False)(text)
    out = Scrubber()(text)
    assert value not in out
    assert "[PERSONAL]" in out or "[SECRET]" in out


def test_the_model_only_judges_what_the_rules_left() -> None:
    text = "IBAN DE89 3704 0044 0532 0130 00, mail ana.ruiz@gmx.de"
    scrub = Scrubber()
    assert scrub(text) == Scrubber(learned=False)(text)
    assert scrub(text) == "IBAN [IBAN], mail [EMAIL]"


@pytest.mark.parametrize(
    "text",
    [
        "Python 3.11.7 came out on 2023-12-04; port 8080; 2 + 2 = 4.",
        "sku;name;price\nWX-2231;oak shelf;49.90\nWX-2232;pine shelf;39.90",
        "We sold 1,250,000 units in 2023 and 1,400,000 in 2024.",
        "commit 3f786850e387550fdab836ed7e6dc881de23001b fixed the build",
        "the error is ERR_CONNECTION_REFUSED on localhost:3000 after npm run dev",
        # named as what they are right before them: an order's number, a network's name
        "Remember my order number is 114-2250037-8812301 for the return.",
        "My wifi network Vodafone-A3B7 keeps dropping at night",
        "Bérleti díj 250 000 Ft, e.g. AB-1234-C as the code format",
    ],
)
def test_ordinary_turns_stay(text: str) -> None:
    assert Scrubber()(text) == text
