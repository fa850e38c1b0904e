"""Numbers said as words, as speech-to-text writes a voice message and people type what they
read aloud: "oh seven nine double two one five...", "ocho dos cero cero seis cinco", "zwei
sieben vier fünf", "tám bảy bốn không". The digits' words of the languages people chat in,
English's tens and teens ("eighty eight", "nineteen sixty one") and "double" / "triple"; and
digits of other scripts (Persian, Arabic, Devanagari...), which read as ASCII ones.

:func:`numeral_runs` finds each run of such words and the digits it says; the scrubber reads
the turn once more with each run written as its digits
(:mod:`~lifelong.learning.scrub.dictated`), so that every finder of numbers finds them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lifelong.learning.scrub.personal import card_ok
from lifelong.learning.scrub.rules import Finder, Span

__all__ = ["NUMBER_WORD", "numeral_finders", "numeral_runs"]

# The words for 0 to 9, by language (a word that is also a common word of another language
# where numbers are said, "en", "to", "ni", "a", is left out).
_DIGIT_WORDS: dict[str, tuple[str, ...]] = {
    "0": ("zero", "oh", "nought", "cero", "zéro", "null", "nul", "sıfır", "ноль", "нуль",
          "μηδέν", "μηδεν", "không", "nol", "kosong", "sifuri", "nula", "sero", "noll"),
    "1": ("one", "uno", "una", "um", "uma", "un", "une", "eins", "één", "een", "jeden", "jedna",
          "bir", "один", "одна", "ένα", "ενα", "một", "satu", "moja", "isa", "ett"),
    "2": ("two", "dos", "dois", "duas", "deux", "due", "zwei", "zwo", "twee", "dwa", "dwie",
          "iki", "два", "две", "дві", "δύο", "δυο", "hai", "dua", "mbili", "dva", "dalawa",
          "två"),
    "3": ("three", "tres", "três", "trois", "tre", "drei", "drie", "trzy", "üç", "три", "τρία",
          "τρια", "ba", "tiga", "tatu", "tři", "tri", "tatlo"),
    "4": ("four", "cuatro", "quatro", "quatre", "quattro", "vier", "cztery", "dört", "четыре",
          "чотири", "τέσσερα", "τεσσερα", "bốn", "empat", "nne", "čtyři", "ctyri", "apat",
          "fyra"),
    "5": ("five", "cinco", "cinq", "cinque", "fünf", "fuenf", "vijf", "pięć", "piec", "beş",
          "bes", "пять", "п'ять", "пʼять", "πέντε", "πεντε", "năm", "lima", "tano", "pět",
           "fem"),
    "6": ("six", "seis", "sei", "sechs", "zes", "sześć", "szesc", "altı", "alti", "шесть",
          "шість", "έξι", "εξι", "sáu", "enam", "sita", "šest", "anim", "sex"),
    "7": ("seven", "siete", "sete", "sept", "sette", "sieben", "zeven", "siedem", "yedi", "семь",
          "сім", "επτά", "εφτά", "επτα", "εφτα", "bảy", "tujuh", "saba", "sedm", "pito",
          "sju"),
    "8": ("eight", "ocho", "oito", "huit", "otto", "acht", "osiem", "sekiz", "восемь", "вісім",
          "οκτώ", "οχτώ", "οκτω", "tám", "delapan", "lapan", "nane", "osm", "walo",
          "åtta"),
    "9": ("nine", "nueve", "nove", "neuf", "neun", "negen", "dziewięć", "dziewiec", "dokuz",
          "девять", "дев'ять", "девʼять", "εννέα", "εννιά", "εννεα", "chín",
          "sembilan", "tisa", "devět", "devet", "siyam", "nio"),
}  # fmt: skip
_DIGIT_OF = {word: digit for digit, words in _DIGIT_WORDS.items() for word in words}
# English's teens and tens ("eighty eight", "nineteen sixty one") and the words that repeat
# the digit after them.
_TEENS = {
    word: str(10 + i)
    for i, word in enumerate(("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
                              "sixteen", "seventeen", "eighteen", "nineteen"))
}  # fmt: skip
_TENS = {
    word: str(i + 2)
    for i, word in enumerate(("twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                              "eighty", "ninety"))
}  # fmt: skip
_REPEAT = {"double": 2, "triple": 3}

_ALL = frozenset((*_DIGIT_OF, *_TEENS, *_TENS, *_REPEAT))
NUMBER_WORD = "|".join(sorted((*_DIGIT_OF, *_TEENS, *_TENS, *_REPEAT), key=len, reverse=True))
# (a letter said among the digits is one of a code's characters: "trois huit b un quatre";
# not a vowel, which is a word of its own in some languages: "y", "e", "a", "o")
_LETTERS = "bcdfghjklmnpqrstvwxz"
_WORD = re.compile(rf"(?<![^\W\d_])(?:{NUMBER_WORD}|[{_LETTERS}])(?![^\W\d_'ʼ])")
# What may stand between the words of one number: spaces, a comma or a dash.
_BETWEEN = re.compile(r"(?:\s*[,\-–]\s*|\s+)")
# Digits of other scripts: a run of them reads as the ASCII digits.
_OTHER_DIGITS = re.compile(r"(?:(?![0-9])\d)+")
# A run says a number in three words or more, of three digits or more ("six three eight",
# a card's security code; "oh" is a digit only among others).
_SHORTEST = 3


def _words(text: str, lower: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m[0]) for m in _WORD.finditer(lower)]


def _runs(words: list[tuple[int, int, str]], text: str) -> Iterator[list[tuple[int, int, str]]]:
    """Runs of number words, a single letter among them (never two together, nor at an end)."""
    run: list[tuple[int, int, str]] = []
    for word in [*words, (len(text) + 1, len(text) + 1, "")]:
        letter = len(word[2]) == 1
        if run and (
            not _BETWEEN.fullmatch(text, run[-1][1], word[0]) or (letter and len(run[-1][2]) == 1)
        ):
            while run and len(run[-1][2]) == 1:
                run.pop()
            if run:
                yield run
            run = []
        if word[2] and (run or not letter):
            run.append(word)


def _said(run: list[tuple[int, int, str]], text: str) -> str:
    """The digits a run of words says; a comma between them, a pause, a space between its
    groups ("seis uno dos, cuatro cuatro ocho" is "612 448")."""
    digits: list[str] = []
    repeat = 1
    i = 0
    while i < len(run):
        word = run[i][2]
        if i and "," in text[run[i - 1][1] : run[i][0]]:
            digits.append(" ")
        if len(word) == 1:
            digits.append(word)
        elif word in _REPEAT:
            repeat = _REPEAT[word]
        elif word in _TENS:
            following = run[i + 1][2] if i + 1 < len(run) else ""
            unit = _DIGIT_OF.get(following)
            if unit is not None and unit != "0" and following not in ("oh", "nought"):
                digits.append(_TENS[word] + unit)
                i += 1
            else:
                digits.append(_TENS[word] + "0")
        elif word in _TEENS:
            digits.append(_TEENS[word])
        else:
            digits.append(_DIGIT_OF[word] * repeat)
            repeat = 1
        i += 1
    return "".join(digits)


def numeral_runs(text: str, lower: str) -> Iterator[tuple[int, int, str]]:
    """Each run of numbers said as words (three digits or more) or written in another script's
    digits: its start, end and the ASCII digits it says."""
    # (the cheap test first: two of the words standing alone, which a run of three holds)
    if len(lower) == len(text) and sum(word in _ALL for word in lower.split()) >= 2:
        for run in _runs(_words(text, lower), text):
            if run[0][2] in _REPEAT or run[-1][2] in _REPEAT:
                continue
            digits = _said(run, text)
            # (or a tens word and its unit, which a password says: "purple elephant seventy two")
            if (len(digits.replace(" ", "")) >= _SHORTEST and len(run) >= 3) or (
                len(run) == 2 and run[0][2] in _TENS and run[1][2] in _DIGIT_OF
            ):
                yield run[0][0], run[-1][1], digits
    if not text.isascii():
        for match in _OTHER_DIGITS.finditer(text):
            digits = "".join(str(unicodedata.digit(c)) for c in match[0])
            yield match.start(), match.end(), digits


def _said_cards(text: str, lower: str) -> Iterator[Span]:
    """A card's number said as words ("five one three six ..."): sixteen of them pass for a
    wallet's seed phrase (number words are in BIP-39's list), so this goes first."""
    for start, end, said in numeral_runs(text, lower):
        digits = said.replace(" ", "")
        if 13 <= len(digits) <= 19 and digits.isdigit() and card_ok(digits):
            yield start, end, "CARD"


def numeral_finders() -> list[Finder]:
    """The finders that must see numbers said as words before any other finder does."""
    return [_said_cards]
