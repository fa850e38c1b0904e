"""The scrubber's AWS secret key and IBAN rules, and what they must leave alone."""

from __future__ import annotations

import pytest

from lifelong.learning.scrub import Scrubber

AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"aws_secret_access_key = {AWS_SECRET}", "aws_secret_access_key = [API_KEY]"),
        (f"export AWS_SECRET_ACCESS_KEY={AWS_SECRET}", "export AWS_SECRET_ACCESS_KEY=[API_KEY]"),
        (f'{{"SecretAccessKey": "{AWS_SECRET}"}}', '{"SecretAccessKey": "[API_KEY]"}'),
        (f"my key is {AWS_SECRET}, keep it", "my key is [API_KEY], keep it"),
        # With its name in front even a one-case key goes.
        ("aws_secret_access_key=" + "a" * 40, "aws_secret_access_key=[API_KEY]"),
    ],
)
def test_aws_secret_access_keys_are_scrubbed(text: str, expected: str) -> None:
    scrub = Scrubber()
    assert scrub(text) == expected
    assert scrub.counts == {"API_KEY": 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00, thanks", "IBAN [IBAN], thanks"),
        ("send it to GB82WEST12345698765432 today", "send it to [IBAN] today"),
        ("FR14 2004 1010 0505 0001 3M02 606", "[IBAN]"),
    ],
)
def test_ibans_with_a_valid_check_are_scrubbed(text: str, expected: str) -> None:
    scrub = Scrubber()
    assert scrub(text) == expected
    assert scrub.counts == {"IBAN": 1}


@pytest.mark.parametrize(
    "text",
    [
        "commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it",  # git SHA: 40 hex
        "SHA1 DA39A3EE5E6B4B0D3255BFEF95601890AFD80709",  # upper-case hex
        "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "the word pneumonoultramicroscopicsilicovolcanoconiosis is 45 letters",
        "GB82WEST12345698765433 has a typo, so the check fails",
        "part AB12 CDEF GHIJ KLMN and order XY99 ABCD EFGH 12",
        "Python 3.11.7 came out on 2023-12-04; port 8080; 2 + 2 = 4.",
        "see src/lifelong/persona/messages.py and https://example.com/a/B/c?d=1",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    scrub = Scrubber()
    assert scrub(text) == text
    assert not scrub.counts
