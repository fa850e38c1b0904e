# ruff: noqa: E501  (one case a line: the text and what it becomes, side by side)
"""The families of finders added after the twelfth blind corpus (bench/data/scrub/blind12.jsonl):
a sole trader's VAT number and the checksummed tax and insurance numbers said by name;
numbers said as words in a voice message; e-mails said aloud; what a scan misreads (O for 0,
l for 1, a label's letters spaced out); Wi-Fi and shop passwords after their word and a few
more words in Arabic, Persian, Vietnamese, Thai and Spanish; the codes of doors, alarms and
safes; Google app passwords; handles after Venmo and "it's @..."; profile links of more
networks; a passport's machine-readable lines; an address said to be where someone lives;
dates of birth on a child's or a patient's form. Every value here is made up for this file,
in other words and languages than the corpus's; and what must stay as it is beside each.
"""

from __future__ import annotations

import pytest

from lifelong.learning.scrub import Scrubber


def scrub(text: str) -> str:
    return Scrubber(learned=False)(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mit freundlichen Grüßen\nAnna Vogt, Übersetzerin\nUSt-IdNr. DE136695976", "Mit freundlichen Grüßen\nAnna Vogt, Übersetzerin\nUSt-IdNr. [ID]"),
        ("P.IVA IT00743110157 — fattura n. 12", "P.IVA [ID] — fattura n. 12"),
        ("Groet, Pieter (btw NL004495445B01)", "Groet, Pieter (btw [ID])"),
        ("my VAT number as a sole trader is GB 980 7806 84", "my VAT number as a sole trader is [ID]"),
        ("SIN of the new part-time barista at our café downtown: 271 448 359", "SIN of the new part-time barista at our café downtown: [ID]"),
        ("TFN for my son's very first job at the bakery down the road: 123 456 782", "TFN for my son's very first job at the bakery down the road: [ID]"),
    ],
)  # fmt: skip
def test_tax_numbers_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ok note my new mobile it's oh seven seven double nine four five one two eight three", "ok note my new mobile it's [PHONE]"),
        ("the gate keypad code is three eight one nine five, got it?", "the gate keypad code is [PASSWORD], got it?"),
        ("mi número es seis cuatro nueve, tres tres dos, cero uno ocho", "mi número es [PHONE]"),
        ("please write to marta dot kowal seventy one at gmail dot com", "please write to [EMAIL]"),
        ("card is four five three two zero one five one one two eight three zero three six six exp oh two twenty nine", "card is [CARD] exp oh two twenty nine"),
    ],
)  # fmt: skip
def test_numbers_and_addresses_said_as_words_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SCAN\nCard No : 4539 l488 O343 6467\nExp : 09/27", "SCAN\nCard No : [CARD]\nExp : 09/27"),
        ("D N I :  1234567OY", "D N I :  [ID]"),
        ("Mobile : O7700 9OO123", "Mobile : [PHONE]"),
        ("IBAN  DE89 37O4 0044 0532 0130 00", "IBAN  [IBAN]"),
    ],
)  # fmt: skip
def test_what_a_scan_misreads_is_read_back(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("كلمة السر لشبكة الواي فاي في البيت: sunriver2024", "كلمة السر لشبكة الواي فاي في البيت: [PASSWORD]"),
        ("رمز وای‌فای دفتر: sun-table-river42", "رمز وای‌فای دفتر: [PASSWORD]"),
        ("Mật khẩu wifi nhà mình: bluefish-lamp77", "Mật khẩu wifi nhà mình: [PASSWORD]"),
        ("รหัสไวไฟบ้าน: Tz8kQm2vPw", "รหัสไวไฟบ้าน: [PASSWORD]"),
        ("Contraseña del router de la oficina: nube-perro-vela23", "Contraseña del router de la oficina: [PASSWORD]"),
        ("Der Code für den Tresor im Büro ist 582913", "Der Code für den Tresor im Büro ist [PASSWORD]"),
        ("密码锁的密码是738214，周五前改掉", "密码锁的密码是[PASSWORD]，周五前改掉"),
        ("el código de la puerta del garaje es 40917", "el código de la puerta del garaje es [PASSWORD]"),
        ("Gmail app password for the printer: qwhe bnrt yuzx plok", "Gmail app password for the printer: [PASSWORD]"),
    ],
)  # fmt: skip
def test_passwords_and_codes_after_their_words_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pay me on Venmo please: @Tom-Reyes-22", "pay me on Venmo please: [PROFILE]"),
        ("my insta for the shop is new, it's @olive.crafts.bcn so tag me", "my insta for the shop is new, it's [PROFILE] so tag me"),
        ("her moodboard: https://www.pinterest.com/lena_mora_designs", "her moodboard: [PROFILE]"),
        ("MRZ:\nP<D<<BAUER<<LUKAS<<<<<<<<<<<<<<<<<<<<<<<<<<<\nC01X00T478D<<8408122M2702282<<<<<<<<<<<<<<<4", "MRZ:\n[ID]"),
        ("the plumber's customer lives at 27 Elmwood Road Bristol BS6 6QX ok", "the plumber's customer lives at [ADDRESS] ok"),
        ("Fiche cantine : enfant né le 04/05/2016, allergie aux noix", "Fiche cantine : enfant né le [BIRTHDATE], allergie aux noix"),
        ("Registo: paciente Rui Costa, nasc. 30/09/1987, tel. a confirmar", "Registo: paciente Rui Costa, nasc. [BIRTHDATE], tel. a confirmar"),
        ("Formulir: Budi Santoso, tgl lahir 17/08/1990", "Formulir: Budi Santoso, tgl lahir [BIRTHDATE]"),
    ],
)  # fmt: skip
def test_accounts_documents_addresses_and_birthdates_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "VAT is 20% in the UK and 19% in Germany",
        "the invoice total is DE 1200 EUR including VAT",
        "a SIN is nine digits long, right?",
        "one two three four, let's go!",
        "I waited twenty five minutes for the bus",
        "nineteen eighty four is my favourite book",
        "I'll be there at nine, maybe ten",
        "10 l of water and 2 kg of rice",
        "Room I10 is on the second floor",
        "the wifi password is too long 12 chars",
        "my password is older than 30 days",
        "the alarm went off at 0630 again",
        "error code 40917 when I open the garage app",
        "Venmo is down today",
        "pinterest.com/ideas has nice wallpapers",
        "The office is at 221B Baker Street, London NW1 6XE.",
        "Victor Hugo est né le 26/02/1802 à Besançon",
    ],
)
def test_what_the_twelfth_blind_corpus_families_leave_alone(text: str) -> None:
    assert scrub(text) == text
