"""The scrubber's recall and false positives on a labelled corpus, before and after.

    python bench/scrub.py --json

``bench/data/scrub/corpus.jsonl`` (written by ``bench/data/scrub/make_corpus.py``) holds chat
turns with secrets or personal data in them, each with the exact substrings that must not
survive, and ordinary turns that must come out unchanged. For the scrubber of
``lifelong.learning.scrub`` and, in the same process, for the rules it had before
(``_baseline_scrub``, copied below as they were), this prints:

- recall per kind: a turn is caught when none of its substrings is left, nor 6 characters
  running of a long one (what a match cut short leaves); recall over secrets and over
  personal data; the share of caught turns given the kind's own placeholder;
- the false-positive rate: the share of ordinary turns changed at all;
- the time per turn, mean and p99 over every turn of the corpus (each turn's time the median
  of 5 runs, after a warm-up);
- whether the goals are met. It only reports: the exit status is 0 whatever the figures.

The same figures for ``bench/data/scrub/heldout.jsonl`` (written by
``bench/data/scrub/make_heldout.py``) come apart, under ``"heldout"``: a corpus written
without looking at the detectors, their tests or the first corpus, so that its recall is not
that of examples the detectors were built for. It is not mixed into the figures above.

Both have since been used to tune the scrubber. ``bench/data/scrub/blind.jsonl`` (written by
``bench/data/scrub/make_blind.py``, without opening the scrubber, its tests, the other two
corpora or their scripts) comes apart too, under ``"blind"``; its misses were then fixed, so
it is tuned on as well. ``bench/data/scrub/blind2.jsonl`` (``make_blind2.py``, written the
same blind way, after those fixes) came apart under ``"blind2"``; its misses were fixed in
turn. ``bench/data/scrub/blind3.jsonl`` (``make_blind3.py``, written blind after those) is the
blind one now, under ``"blind3"``: it also asks for personal data the scrubber has no finder
for (national ids, passport numbers, street addresses, dates of birth, licence plates, IP and
MAC addresses), so its PII recall said what a user's text still carried; its misses were
fixed too. ``bench/data/scrub/blind4.jsonl`` (``make_blind4.py``, written blind after those)
came apart under ``"blind4"``, and its misses were fixed as well. ``blind5.jsonl``
(``make_blind5.py``: long pasted documents, fourteen languages, no published test values at
all) came apart under ``"blind5"``; its misses were fixed too. ``blind6.jsonl``
(``make_blind6.py``, written blind after those: ~75 named services, unnamed secrets, the ids
of 30 countries, composite records) came apart under ``"blind6"``, its misses fixed in turn;
``blind7.jsonl`` (``make_blind7.py``: chat turns in about 30 languages) under ``"blind7"``,
and ``blind8.jsonl`` (``make_blind8.py``: what developers, admins and office workers paste)
under ``"blind8"``, and ``blind9.jsonl`` (``make_blind9.py``: what users of a persona chat
type, in about 28 languages) under ``"blind9"``, the same: each measured once before its
misses were fixed (the figures are in docs/benchmarks.md); ``blind10.jsonl``
(``make_blind10.py``: a companion app's chat and support channel and what people paste from
their phones, about 30 languages, written blind while blind9's misses were being fixed)
under ``"blind10"``, measured once and then partly fixed; ``blind11.jsonl``
(``make_blind11.py``: users telling a companion character about their lives, about 33
languages, written blind while blind10's were) under ``"blind11"``, the same.
``blind12.jsonl`` (``make_blind12.py``: small businesses and households using a persona chat,
about 30 languages, written blind while blind11's were fixed) the same, and ``blind13.jsonl``
(``make_blind13.py``: voice transcripts, OCR'd scans, forwarded e-mails, chat exports and
pastes, written blind before the learned second opinion shipped) too: each measured once,
then its misses fixed by families and trained on. ``blind14.jsonl`` (``make_blind14.py``:
people at work pasting tickets, records, spreadsheets and configs, about 30 languages,
written blind while those fixes were made) the same. ``blind15.jsonl`` (``make_blind15.py``:
long chats with a companion, tutor, coach or game persona, code-switched, typo-ridden, values
split over messages, about 30 languages; written blind while blind14's were fixed) was
measured once, then trained on (its misses not fixed by rules yet). ``blind16.jsonl``
(``make_blind16.py``: life admin and paperwork, travel, health, money, housing, government,
devices; about 30 languages; written blind after all that) is the blind one now: its misses
are not fixed and the learned model is not trained on it, so it measures the scrubber
honestly until they are. Every corpus found is measured, in the order
written (``blind*.jsonl``).

Each corpus shows three scrubbers: ``baseline`` (the old rules), ``rules`` (today's finders
alone, ``Scrubber(learned=False)``) and ``scrubber`` (the finders, then the learned second
opinion of ``lifelong.learning.scrub.learned``).
``--details`` lists the misses and false positives of each.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lifelong.learning.scrub import Scrubber

CORPUS = Path(__file__).resolve().parent / "data" / "scrub" / "corpus.jsonl"
HELDOUT = CORPUS.with_name("heldout.jsonl")
# blind.jsonl, blind2.jsonl ... in the order they were written; the last is the honest one.
BLINDS = sorted(
    CORPUS.parent.glob("blind*.jsonl"), key=lambda p: int(p.stem.removeprefix("blind") or 1)
)
# The placeholder each kind should become (a turn caught under another label still counts as
# caught; ``labelled_right`` says how many got the right one).
EXPECTED = {
    "url_password": "PASSWORD", "keyword_secret": ("PASSWORD", "TOKEN"), "private_key":
    "PRIVATE_KEY", "jwt": "TOKEN", "bearer_token": "TOKEN", "lifelong_token": "TOKEN",
    "email": "EMAIL", "email_obfuscated": "EMAIL", "phone_us": "PHONE", "phone_intl": "PHONE",
    "card": "CARD", "iban": "IBAN",
}  # fmt: skip
GOALS = {"secret_recall": 0.98, "pii_recall": 0.95, "false_positive_rate": 0.02}

# -- the scrubber as it was before detect-secrets, phonenumbers and python-stdnum -----------


def _old_luhn_ok(candidate: str) -> bool:
    digits = [int(c) for c in candidate if c.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _old_iban_ok(candidate: str) -> bool:
    """The ISO 13616 check: move the first four characters to the end, letters become 10..35,
    and the number is 1 modulo 97. One random look-alike in 97 passes; typos do not."""
    iban = candidate.replace(" ", "")
    if not 15 <= len(iban) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def _old_mixed_base64(candidate: str) -> bool:
    # AWS secret keys are random base64: upper, lower and digits all but always occur. Git
    # SHAs and other hex digests (one case only) must not be taken for one.
    return (
        any(c.islower() for c in candidate)
        and any(c.isupper() for c in candidate)
        and any(c.isdigit() for c in candidate)
    )


# Order matters: keys and tokens before the looser patterns that could eat parts of them.
_OLD_RULES: list[tuple[str, re.Pattern[str], Callable[[str], bool] | None]] = [
    (
        "API_KEY",
        re.compile(
            r"\b(sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|"
            r"gh[pousr]_[A-Za-z0-9]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|hf_[A-Za-z0-9]{30,})"
        ),
        None,
    ),
    # An AWS secret access key after its name (credentials file, env, JSON): any 40 characters.
    (
        "API_KEY",
        re.compile(
            r"(?i)\b(?:aws_?)?secret_?access_?key[\"']?\s*[:=]\s*[\"']?"
            r"(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
        ),
        None,
    ),
    # ... and standing alone: exactly 40 base64 characters of mixed case with digits.
    (
        "API_KEY",
        re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
        _old_mixed_base64,
    ),
    # IBAN, printed in groups of four or run together: country, check digits, account.
    (
        "IBAN",
        re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"),
        _old_iban_ok,
    ),
    ("TOKEN", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"), None),
    ("TOKEN", re.compile(r"(?i)\bbearer\s+(?P<secret>[A-Za-z0-9._~+/-]{16,}=*)"), None),
    (
        "TOKEN",
        re.compile(
            r"(?i)\b(?:api[_-]?key|secret|token|password|passwd)[\"']?\s?[:=]\s?[\"']?"
            r"(?P<secret>[^\s\"',;]{8,})"
        ),
        None,
    ),
    ("EMAIL", re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"), None),
    ("CARD", re.compile(r"\b(?:\d[ -]?){12,18}\d\b"), _old_luhn_ok),
    (
        "PHONE",
        re.compile(
            r"(?<![\w.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,5}){1,3}"
            r"(?![\w.])"
        ),
        lambda s: 9 <= sum(c.isdigit() for c in s) <= 15,
    ),
]


def _baseline_scrub(text: str) -> str:
    for label, pattern, check in _OLD_RULES:

        def replace(m: re.Match[str], lb: str = label, ck: Any = check) -> str:
            whole = m.group(0)
            if ck is not None and not ck(whole):
                return whole
            if "secret" in m.re.groupindex:
                start, end = m.span("secret")
                offset = m.start()
                return whole[: start - offset] + f"[{lb}]" + whole[end - offset :]
            return f"[{lb}]"

        text = pattern.sub(replace, text)
    return text


# -- the measure --------------------------------------------------------------------------


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# The placeholders a scrubber writes: a run of a secret found in one ("PRIVAT" of "BEGIN RSA
# PRIVATE KEY" in "[PRIVATE_KEY]") is not what was left of the secret.
PLACEHOLDERS = " ".join(f"[{label}]" for label in (
    "API_KEY", "TOKEN", "PASSWORD", "PRIVATE_KEY", "IBAN", "EMAIL", "CARD", "PHONE"))  # fmt: skip


def leaked(secret: str, out: str, text: str = "") -> bool:
    """The secret, or a run of 6 of its characters when it is 10 or longer (what a match cut
    short, or ending too early, leaves behind), is still in the scrubbed text. A run that the
    turn holds elsewhere too ("Kowals" of giulia_kowalski18@... beside the name "Giulia
    Kowalski") or that a placeholder holds proves nothing, and is not counted."""
    if secret in out:
        return True
    if len(secret) < 10:
        return False
    elsewhere = text.replace(secret, "\0") + PLACEHOLDERS
    runs = (secret[i : i + 6] for i in range(len(secret) - 5))
    return any(run in out and run not in elsewhere for run in runs)


def measure(
    scrub: Callable[[str], str], rows: list[dict[str, Any]], repeat: int = 5
) -> dict[str, Any]:
    for row in rows:  # warm-up: lazy imports, regex caches
        scrub(row["text"])
    caught: dict[str, list[bool]] = defaultdict(list)
    by_category: dict[str, list[bool]] = defaultdict(list)
    changed: list[str] = []
    missed: list[dict[str, Any]] = []
    times: list[float] = []
    right: list[bool] = []
    for row in rows:
        runs = []
        for _ in range(repeat):  # a turn's time is the median of a few runs: less noise
            start = time.perf_counter()
            out = scrub(row["text"])
            runs.append(time.perf_counter() - start)
        times.append(statistics.median(runs))
        if row["category"] == "negative":
            if out != row["text"]:
                changed.append(out)
            continue
        hit = not any(leaked(secret, out, row["text"]) for secret in row["secrets"])
        caught[row["kind"]].append(hit)
        by_category[row["category"]].append(hit)
        if not hit:
            missed.append({"kind": row["kind"], "out": out})
        want = EXPECTED.get(row["kind"], "API_KEY")
        right.append(any(f"[{w}]" in out for w in ((want,) if isinstance(want, str) else want)))
    negatives = sum(1 for row in rows if row["category"] == "negative")
    times_us = sorted(t * 1e6 for t in times)
    return {
        "recall": {kind: round(sum(v) / len(v), 3) for kind, v in sorted(caught.items())},
        "secret_recall": round(sum(by_category["secret"]) / len(by_category["secret"]), 4),
        "pii_recall": round(sum(by_category["pii"]) / len(by_category["pii"]), 4),
        "false_positive_rate": round(len(changed) / negatives, 4),
        "labelled_right": round(sum(right) / len(right), 4),
        "time_per_turn_us": {
            "mean": round(statistics.fmean(times_us), 1),
            "p99": round(times_us[min(len(times_us) - 1, int(0.99 * len(times_us)))], 1),
        },
        "missed": missed,
        "false_positives": changed,
    }


def goals_met(result: dict[str, Any]) -> dict[str, bool]:
    return {
        "secret_recall": result["secret_recall"] >= GOALS["secret_recall"],
        "pii_recall": result["pii_recall"] >= GOALS["pii_recall"],
        "false_positive_rate": result["false_positive_rate"] <= GOALS["false_positive_rate"],
    }


def evaluate(
    rows: list[dict[str, Any]], scrubber: Callable[[str], str], details: bool
) -> dict[str, Any]:
    """The corpus's counts and the figures of the old rules, of today's rules alone (no
    learned second opinion) and of ``scrubber`` on it."""
    baseline = measure(_baseline_scrub, rows)
    rules = measure(Scrubber(learned=False), rows)
    after = measure(scrubber, rows)
    if not details:
        for part in (baseline, rules, after):
            part["missed"] = len(part["missed"])
            part["false_positives"] = len(part["false_positives"])
    return {
        "corpus": {
            "positives": sum(1 for r in rows if r["category"] != "negative"),
            "secret": sum(1 for r in rows if r["category"] == "secret"),
            "pii": sum(1 for r in rows if r["category"] == "pii"),
            "negatives": sum(1 for r in rows if r["category"] == "negative"),
        },
        "baseline": {**baseline, "goals_met": goals_met(baseline)},
        "rules": {**rules, "goals_met": goals_met(rules)},
        "scrubber": {**after, "goals_met": goals_met(after)},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object on one line")
    parser.add_argument("--details", action="store_true", help="list misses and false positives")
    args = parser.parse_args()
    scrubber = Scrubber()
    first = evaluate(load(), scrubber, args.details)
    result = {"corpus": first["corpus"], "goals": GOALS, **first}
    if HELDOUT.exists():  # written apart from the detectors: reported apart, never mixed in
        result["heldout"] = evaluate(load(HELDOUT), scrubber, args.details)
    for path in BLINDS:  # each written blind after the fixes the one before led to
        result[path.stem] = evaluate(load(path), scrubber, args.details)
    print(json.dumps(result, indent=None if args.json else 1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
