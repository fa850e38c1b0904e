"""A second opinion learned from labelled turns: a linear model over hashed features of each
value-shaped stretch of a turn (its shape, the words before and after it, the field label of
its line), trained on the scrub corpora by ``bench/data/scrub/train_learned.py``.

The hand-written finders know the forms someone wrote a rule for; a value said in a way no
rule names ("رمز وای‌فای خانه: lamp-piano-garden95", "USt-IdNr.: DE310720676") slips through
them. What the model learns is what the words around a value and its shape say, across the
~30 languages of the corpora, so it catches some of what no rule was written for. It runs
after every finder and only on what they left; a candidate becomes ``[SECRET]`` or
``[PERSONAL]`` (the likelier) when the model's probability that it is either is over the
threshold stored with the weights, chosen on corpora left out of training so that few
ordinary turns change.

Features are hashed with CRC-32 (stable across processes, unlike ``hash``) into a fixed
number of buckets, so the weights are one small array and a feature never seen in training
costs nothing.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from lifelong.learning.scrub.documents import specimen
from lifelong.learning.scrub.ordinary import ordinary
from lifelong.learning.scrub.rules import Span, named_as_reference

__all__ = [
    "BUCKETS", "CLASSES", "WEIGHTS", "Candidate", "LearnedFinder", "candidates", "features",
    "fingerprint", "hashed", "learned_finders",
]  # fmt: skip

BUCKETS = 1 << 18
WEIGHTS = Path(__file__).with_name("learned.npz")
CLASSES = ("none", "SECRET", "PERSONAL")

# A token ends at white space and at the quotes and separators of code and data ("key": "...",
# a=1;b=2), and at CJK punctuation, which stands where other scripts put a space (a fullwidth
# bracket, comma or full stop between a number and the next words); a name before "=" or
# ":" is not part of the value after it.
_WORD = re.compile(r"[^\s\"'`,;|（）「」『』【】〔〕《》〈〉、。，；：！？〜～]+")
_NAMED = re.compile(r"[A-Za-z_][\w.-]*[=:](?=[^=:/])")
# Public material in PEM form (certificates, public keys): its lines are random-looking and
# never a secret; private keys are the finders' (the whole block goes).
_PEM = re.compile(r"-----BEGIN [A-Z ]+-----.*?(?:-----END [A-Z ]+-----|\Z)", re.DOTALL)
_EDGE = "\"'()[]{}<>,.;:!?¿¡«»“”„‘’`*=（）「」『』【】、。，；：！？"
# A token that can be one part of a value written in groups ("07696 175882", "GM 35 61 83 A",
# "3415 0035 9688 295"): short, and digits or letters-with-digits.
_GROUP_PART = re.compile(r"[0-9A-Za-z+()./-]{1,9}")
# Digits said as words (a transcript of a voice message), in the corpora's commonest languages.
_DIGIT_WORDS = frozenset((
    "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "double", "triple", "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete",
    "ocho", "nueve", "zéro", "un", "deux", "trois", "quatre", "cinq", "sept", "huit", "neuf",
    "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "due",
    "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "um", "dois", "três", "sete",
    "oito",
))  # fmt: skip

# ($HOME, ${DB_PASSWORD}, %APPDATA%, {{ token }}, a Symfony parameter '%env(API_KEY)%')
_REFERENCE = re.compile(r"\$\{?[A-Za-z_]|%[A-Za-z_]\w*[%(]|\{\{")
_CODE = re.compile(r"\\[dwsbDWSB.]|\[[^\]]*-[^\]]*\]|\(\?[:=!<]")
# A value given as an example of a format, in the corpora's languages.
_EXAMPLE_BEFORE = re.compile(
    r"(?i)(?:\be\.\s?g\.|\bi\.\s?e\.|\bfor example|\bsuch as|\bz\.\s?b\.|\bbeispiel\w*|"
    r"\bp\.\s?ej\.|\bpor ejemplo|\bex\.|\bpar exemple|\bper esempio|\bpor exemplo|"
    r"\bnp\.|\bör\.|\börneğin|\bnapř\.|\bbijv\.|\bt\.\s?ex\.|\bnapr\.|例如|例えば|예:|"
    r"\bнапример|\bнапр\.)[\s:(]*$"
)
# An amount: digits followed by a currency or a unit ("250 000 Ft", "1 200 zł", "35 MB").
_AMOUNT_AFTER = re.compile(
    r"\s?(?:%|€|\$|£|¥|₹|₽|₺|₴|₩|₫|฿|ft|huf|zł|pln|kč|czk|kr|sek|nok|dkk|eur|usd|gbp|chf|"
    r"lei|ron|лв|руб|грн|tl|rs|inr|rp|idr|rm|myr|php|₱|mxn|brl|r\$|dh|mad|egp|sar|aed|"
    r"yen|yuan|元|円|원|đ|kg|km|ml|mb|gb|tb|ms)(?![A-Za-z])",
    re.IGNORECASE,
)
_S10 = re.compile(r"[A-Z]{2}[0-9]{9}[A-Z]{2}")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")

Candidate = tuple[int, int]


def _strip(text: str, start: int, end: int) -> Candidate:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _parcel(token: str) -> bool:
    """A postal item's number (UPU S10: two letters, eight digits, a check digit, the
    country), whose check digit holds: a parcel's, not a person's."""
    if not _S10.fullmatch(token):
        return False
    total = sum(int(d) * w for d, w in zip(token[2:10], (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    check = 11 - total % 11
    return int(token[10]) == {10: 0, 11: 5}.get(check, check)


def _valueish(token: str) -> bool:
    """A token that could be a value on its own: six characters or more holding a digit or a
    sign (letters alone, "authDomain" or "Access-Control-Allow-Origin", are words and names
    of code), and not text in base64 ("SGVsbG8sIHdvcmxk...": encoded prose is not a key)."""
    if len(token) < 6 or all(c.isalpha() or c in "_-." for c in token):
        return False
    return not _encoded_text(token) and not _parcel(token)


def _encoded_text(token: str) -> bool:
    if len(token) < 16 or not _BASE64.fullmatch(token):
        return False
    try:
        decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
        plain = decoded.decode("utf-8")
    except (binascii.Error, ValueError):
        return False
    return sum(c.isprintable() for c in plain) >= 0.95 * len(plain)


def _words(text: str) -> list[Candidate]:
    """The tokens of ``text`` that may be values or parts of one, edges stripped."""
    blocks = [m.span() for m in _PEM.finditer(text)] if "-----BEGIN" in text else []
    words = []
    for m in _WORD.finditer(text):
        start, end = m.span()
        if any(s <= start < e for s, e in blocks) or "://" in m.group():
            continue  # links are the finders' (a password in one, a signed query string)
        named = _NAMED.match(text, start, end)
        if named is not None:
            start = named.end()
        if _REFERENCE.match(text, start, end) or _CODE.search(text, start, end):
            continue  # $OPENAI_API_KEY, ${DB_PASSWORD}, %APPDATA%, a regex: code, no value
        start, end = _strip(text, start, end)
        if end > start:
            words.append((start, end))
    return words


def _group_run(text: str, words: list[Candidate], i: int) -> tuple[int, int]:
    """How many words from ``words[i]`` on are digit groups of one value, and their digits."""
    j, digits = i, 0
    while j < len(words):
        s, e = words[j]
        token = text[s:e]
        gap = text[words[j - 1][1] : s] if j > i else " "
        if gap.strip(" \t()-./") or not _GROUP_PART.fullmatch(token):
            break
        if not any(c.isdigit() for c in token):
            break
        digits += sum(c.isdigit() for c in token)
        j += 1
    return j - i, digits


def candidates(text: str) -> list[Candidate]:
    """The stretches of ``text`` the model judges: single value-shaped tokens, runs of short
    digit groups (six digits or more in all), and runs of six digit words or more."""
    words = _words(text)
    found: list[Candidate] = []
    i = 0
    while i < len(words):
        run, digits = _group_run(text, words, i)
        if run > 8:  # a list of numbers, not one value
            i += run
            continue
        if run >= 2 and digits >= 6:
            found.append((words[i][0], words[i + run - 1][1]))
            i += run
            continue
        j = i
        while j < len(words) and text[words[j][0] : words[j][1]].lower() in _DIGIT_WORDS:
            j += 1
        if j - i >= 6:
            found.append((words[i][0], words[j - 1][1]))
            i = j
            continue
        i += 1
    # A token on its own, unless it is part of a run judged whole.
    for s, e in words:
        if _valueish(text[s:e]) and not any(gs <= s and e <= ge for gs, ge in found):
            found.append((s, e))
    # 12345678, 000-00-0000: what forms and examples print, nobody's; an order's or a
    # network's number or name, said so right before it; an example ("e.g. AB-1234-C"); an
    # amount ("250 000 Ft"); opening hours, an error's code, a barcode, a model or version
    # number, a range of document numbers (:mod:`~lifelong.learning.scrub.ordinary`).
    return sorted(
        (start, end)
        for start, end in found
        if not _specimen(text[start:end])
        and not ordinary(text, start, end)
        and not named_as_reference(text, start)
        and not _EXAMPLE_BEFORE.search(text, max(0, start - 12), start)
        and not (_AMOUNT_AFTER.match(text, end) and not any(c.isalpha() for c in text[start:end]))
    )


def _specimen(value: str) -> bool:
    return not any(c.isalpha() for c in value) and specimen(value)


def _shape(token: str) -> str:
    """A token's shape: A / a for ASCII upper / lower case, L for other letters, 9 for a
    digit, signs as they are; a run of one kind cut to two ("Ab12-xyz" -> "Aa99-aa")."""
    out = []
    for c in token:
        if c.isdigit():
            k = "9"
        elif c.isalpha():
            k = ("A" if c.isupper() else "a") if c.isascii() else "L"
        elif c.isspace():
            k = " "
        else:
            k = c
        out.append(k)
    collapsed: list[str] = []
    for k in out:
        if len(collapsed) >= 2 and collapsed[-1] == k and collapsed[-2] == k:
            continue
        collapsed.append(k)
    return "".join(collapsed)


def _norm(word: str) -> str:
    word = word.strip(_EDGE).lower()
    return "".join("9" if c.isdigit() else c for c in word)[:24]


def _grams(prefix: str, word: str) -> list[str]:
    padded = f"<{word}>"
    return [f"{prefix}{padded[i : i + 3]}" for i in range(max(1, len(padded) - 2))]


def _column_header(text: str, line_start: int, start: int, line_end: int) -> str:
    """In a table pasted as CSV or TSV, the name its first line gives the column the value
    stands in ("phone", "IBAN", "sku"): what the column holds, in whatever language."""
    line = text[line_start:line_end]
    sep = (
        "\t"
        if "\t" in line
        else ("," if line.count(",") >= 2 else ";" if line.count(";") >= 2 else "")
    )
    if not sep:
        return ""
    first_end = text.find("\n")
    if first_end < 0 or line_start == 0:
        return ""
    cells = text[:first_end].split(sep)
    if len(cells) != line.count(sep) + 1:
        # the table may start further down: the first line above with as many cells
        above = text[:line_start].splitlines()
        cells = next((r.split(sep) for r in above if r.count(sep) == line.count(sep)), [])
    column = text[line_start:start].count(sep)
    return _norm(cells[column]) if column < len(cells) else ""


def features(text: str, start: int, end: int) -> list[str]:
    """What the model reads of ``text[start:end]``, as feature names: the value's shape,
    length, digits, letters and signs; the words before it on its line (the nearest two
    whole and as character trigrams, six as a bag, the nearest pair), its line's first word
    (a form's label), its column's header in a pasted table, the words on the line before
    and the words after it."""
    value = text[start:end]
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isalpha() for c in value)
    classes = (
        any(c.isupper() for c in value) + any(c.islower() for c in value) + (digits > 0)
        + any(not c.isalnum() and not c.isspace() for c in value)
    )  # fmt: skip
    shape = _shape(value)
    feats = [
        "bias",
        f"shape={shape[:20]}",
        f"len={min(len(value), 40) // 2}",
        f"digits={min(digits, 24)}",
        f"letters={min(letters, 24) // 2}",
        f"classes={classes}",
        f"parts={min(value.count(' ') + 1, 8)}",
        f"first={shape[:1]}",
        f"last={shape[-1:]}",
        f"head={shape[:4]}",
        f"tail={shape[-4:]}",
    ]
    feats += [f"has{c}" for c in "@.-_/:=+#*!$%&?<>~" if c in value]
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    feats.append(f"lastchar={before.rstrip()[-1:]}")
    words_before = before.split()
    for i, word in enumerate(reversed(words_before[-6:])):
        w = _norm(word)
        if not w:
            continue
        if i < 3:
            feats.append(f"p{i}={w}")
        if i < 2:
            feats += _grams(f"p{i}g", w)
        feats.append(f"pb={w}")
        feats += _grams("pbg", w)
    if len(words_before) >= 2:
        feats.append(f"p10={_norm(words_before[-2])}_{_norm(words_before[-1])}")
    if words_before:
        feats.append(f"label={_norm(words_before[0])}")
    earlier = text[max(0, line_start - 200) : line_start].split()
    for word in earlier[-8:]:
        feats.append(f"eb={_norm(word)}")
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    header = _column_header(text, line_start, start, line_end)
    if header:
        feats.append(f"col={header}")
        feats += _grams("colg", header)
    after = text[end:line_end].split()
    for i, word in enumerate(after[:3]):
        w = _norm(word)
        if w:
            feats.append(f"n{min(i, 1)}={w}")
    return feats


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8", "surrogatepass")) % BUCKETS


def hashed(feats: list[str]) -> list[int]:
    """The buckets of the weight table the features fall in."""
    return [_hash(f) for f in feats]


class LearnedFinder:
    """The model as a finder: a candidate whose probability of being a secret or personal
    data is over the threshold becomes the placeholder of the likelier of the two."""

    def __init__(self, weights: np.ndarray, threshold: float) -> None:
        self._weights = weights  # (BUCKETS, classes) float32
        self._threshold = threshold

    def probabilities(self, text: str, start: int, end: int) -> np.ndarray:
        rows = hashed(features(text, start, end))
        scores = self._weights[rows].sum(axis=0)
        scores = scores - scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def __call__(self, text: str, lower: str) -> Iterator[Span]:
        for start, end in candidates(text):
            p = self.probabilities(text, start, end)
            # Whether it is something to hide at all (1 - p[none]) is what the threshold
            # judges; which of the two it is only names the placeholder.
            if 1.0 - p[0] >= self._threshold:
                yield start, end, CLASSES[int(p[1:].argmax()) + 1]


@functools.cache
def learned_finders() -> tuple[LearnedFinder, ...]:
    """The trained model, or nothing where its weights were not shipped."""
    if not WEIGHTS.exists():
        return ()
    with np.load(WEIGHTS) as data:  # only the buckets some feature fell in are stored
        weights = np.zeros((BUCKETS, len(CLASSES)), dtype=np.float32)
        weights[data["rows"]] = data["values"].astype(np.float32)
        threshold = float(data["threshold"])
    return (LearnedFinder(weights, threshold),)


def fingerprint(texts: Iterable[str]) -> str:
    """A digest of every candidate and its hashed features over ``texts``: stored with the
    weights, so that a change to :func:`candidates` or :func:`features` (or to the corpora)
    that was not followed by training again is seen (``tests/unit/test_scrub_learned.py``)."""
    digest = hashlib.sha256()
    for text in texts:
        for start, end in candidates(text):
            digest.update(f"{start},{end}:".encode())
            digest.update(np.asarray(hashed(features(text, start, end)), np.int64).tobytes())
    return digest.hexdigest()
