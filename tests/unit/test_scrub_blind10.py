# ruff: noqa: E501  (one case a line: the text and what it becomes, side by side)
"""The families of finders added after the tenth blind corpus (bench/data/scrub/blind10.jsonl):
values dictated one character at a time; national ids of more countries by their own names
and checks; institutional numbers (students, staff, patients); a VIN of one's own car;
passphrases of words; the user name typed with a password; security answers; phone numbers
with their country code and no "+". Every value here is made up for this file, in other
words and languages than the corpus's; and what must stay as it is beside each family
(the shapes of the corpus's false positives among them, rewritten).
"""

from __future__ import annotations

import pytest

from lifelong.learning.scrub import Scrubber


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the verification code is 3 0 7 1 5 8, read it back to me", "the verification code is [PASSWORD], read it back to me"),
        ("card 4 5 3 2 0 1 5 1 1 2 8 3 0 3 6 6 expires soon", "card [CARD] expires soon"),
        ("мой номер 7 9 1 6 2 3 4 5 6 7 8", "мой номер [PHONE]"),
        ("Temporäres Passwort: q 7 x 2 m 9 p 4", "Temporäres Passwort: [PASSWORD]"),
    ],
)  # fmt: skip
def test_dictated_values_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Α.Φ.Μ. 090000045 για το τιμολόγιο", "Α.Φ.Μ. [ID] για το τιμολόγιο"),
        ("adóazonosító: 8472619354", "adóazonosító: [ID]"),
        ("a TAJ számom 739 182 640", "a TAJ számom [ID]"),
        ("mi CUIT es 20-12345678-6 para la factura", "mi CUIT es [ID] para la factura"),
        ("ІПН: 3057182645", "ІПН: [ID]"),
        ("My KRA PIN is P051234567Q for the return", "My KRA PIN is [ID] for the return"),
        ("voter id: XYZ5830164", "voter id: [ID]"),
        ("Namba ya kitambulisho: 27654321", "Namba ya kitambulisho: [ID]"),
        ("Matrikelnr. 31415926 bitte eintragen", "Matrikelnr. [ID] bitte eintragen"),
        ("staff ID: ZX-40917 for the badge", "staff ID: [ID] for the badge"),
        ("the MRN is 00731842 on the wristband", "the MRN is [ID] on the wristband"),
        ("mon VIN est WVWZZZ1KZ6W612345, une idée ?", "mon VIN est [ID], une idée ?"),
    ],
)  # fmt: skip
def test_more_ids_by_their_names_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Parola: river glass oven fiddle", "Parola: [PASSWORD]"),
        ("my password is maple.orbit.candle.seven", "my password is [PASSWORD]"),
        ("পাসওয়ার্ড ocean-tiger-lamp-north দিয়ে ঢুকি", "পাসওয়ার্ড [PASSWORD] দিয়ে ঢুকি"),
        ("nenosiri yangu ni Kx9#tree2 usimwambie mtu", "nenosiri yangu ni [PASSWORD] usimwambie mtu"),
        ("Passwörter\nNetflix → Qm7$abPz-42x", "Passwörter\nNetflix → [PASSWORD]"),
        ("Benutzername: lena.berg84\nPasswort: Zq8#mnp2Lk", "Benutzername: [USERNAME]\nPasswort: [PASSWORD]"),
        ("docker login -u ravi2291 -p Hj7$kk2Lq", "docker login -u [USERNAME] -p [PASSWORD]"),
        ("security answer: Rex the dog, password Bb7#qq12Lm", "security answer: [PASSWORD], password [PASSWORD]"),
    ],
)  # fmt: skip
def test_passphrases_user_names_and_answers_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ranks 1 2 3 4 5 6 7 8 9 10 in the table",
        "spell it N A S A please",
        "docker run -p 8080:80 -e ADMIN_PASSWORD nginx",
        "WIFI:T:WPA;S:<ssid>;P:{your key};;  is the QR format right?",
        "decode VIN 1HGCM82633A004352 please, what year is it?",
        "password: ********\nusername: maria.lopez (the password is hidden)",
        "docker run -u 1001:1001 -v /data:/data app --password-file /run/secret",
        "my password is too long to type on the phone",
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ\n-----END CERTIFICATE----- is this password protected?",
    ],
)
def test_what_must_stay(text: str) -> None:
    assert Scrubber()(text) == text
