# ruff: noqa: E501  (one case a line: the text and what it becomes, side by side)
"""The families of finders added after the thirteenth blind corpus (bench/data/scrub/blind13.jsonl),
which is made of voice-message transcripts, OCR'd cards and letters, forwarded mails, chat
exports, pasted data and terminal output: codes and PINs said as words; e-mails said aloud in
more languages; passwords said as a few words and a number; record numbers whose name is on
the line before (a card's field) or in the message before (a chat's question); secrets where
programs and labels keep them (a connect call's password, KeePass's XML, a router's sticker,
a login link, an access code); a server's or a client's address in a terminal's output; VINs
and plates; addresses of more countries; dates of birth in a Japanese era or with a Thai
month. Every value here is made up for this file, in other words and languages than the
corpus's; and what must stay as it is beside each family.
"""

from __future__ import annotations

import pytest

from lifelong.learning.scrub import Scrubber


def scrub(text: str) -> str:
    return Scrubber(learned=False)(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hey the pin for my debit card is seven three one nine don't lose it", "hey the pin for my debit card is [PASSWORD] don't lose it"),
        ("le code du portail c'est cinq deux neuf huit et tu pousses fort", "le code du portail c'est [PASSWORD] et tu pousses fort"),
        ("il codice della cassaforte è sei uno otto tre due", "il codice della cassaforte è [PASSWORD]"),
        ("şifre kapı için dört yedi iki dokuz", "şifre kapı için [PASSWORD]"),
        ("my sim pin is 90317 in case I forget", "my sim pin is [PASSWORD] in case I forget"),
        ("HomeKit setup code on the plug: 481-27-305", "HomeKit setup code on the plug: [PASSWORD]"),
        ("[14:02] Ana: o código do alarme é 8 1 5 2", "[14:02] Ana: o código do alarme é [PASSWORD]"),
        ("ok so the verification code they texted is two nine four zero six one", "ok so the verification code they texted is [PASSWORD]"),
        ("my social is six two one, four four, seven zero nine one if they ask", "my social is [ID] if they ask"),
    ],
)  # fmt: skip
def test_codes_said_as_words_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("manda no email joao dot pires ninety one at hotmail dot com obrigado", "manda no email [EMAIL] obrigado"),
        ("mail id is kiran underscore rao at the rate gmail dot com", "mail id is [EMAIL]"),
        ("пишите на ivan.petrov собака mail точка ru", "пишите на [EMAIL]"),
        ("yusuf nokta kaya et outlook nokta com adresine gönder", "[EMAIL] adresine gönder"),
        ("送り先は hana.sato アットマーク gmail ドット com です", "送り先は [EMAIL] です"),
    ],
)  # fmt: skip
def test_emails_said_aloud_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a senha da internet é gato preto 1987 tudo junto", "a senha da internet é [PASSWORD] tudo junto"),
        ("the wifi password at the cabin is silver canoe forty one no spaces", "the wifi password at the cabin is [PASSWORD] no spaces"),
        ("[09:12] Omar: باسورد الراوتر الجديد bluedate9981", "[09:12] Omar: باسورد الراوتر الجديد [PASSWORD]"),
        ("the password for the team vault is: maple orbit velvet drum\nthanks", "the password for the team vault is: [PASSWORD]\nthanks"),
    ],
)  # fmt: skip
def test_passwords_said_as_words_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[10:01] Clinic: please send your NHS number\n[10:05] Tom: 943 476 5919", "[10:01] Clinic: please send your NHS number\n[10:05] Tom: [ID]"),
        ("[3/4/24, 9:00 AM] HR: need your employee ID for the badge\n[3/4/24, 9:02 AM] Lea: EMP-448213", "[3/4/24, 9:00 AM] HR: need your employee ID for the badge\n[3/4/24, 9:02 AM] Lea: [ID]"),
        ("[10:01] 조교: 학번 알려주세요\n[10:03] 민수: 202311870", "[10:01] 조교: 학번 알려주세요\n[10:03] 민수: [ID]"),
        ("Hospital No: GH4471029\nDear Mr Shah", "Hospital No: [ID]\nDear Mr Shah"),
        ("el número de socio de mi padre es SOC55120, apúntalo", "el número de socio de mi padre es [ID], apúntalo"),
        ("新护照下来了，号码是 EH2087731", "新护照下来了，号码是 [ID]"),
        ("WeChat: lily_chen2291 加我吧", "WeChat: [PROFILE] 加我吧"),
        ("[11:20] Agent: número do passaporte?\n[11:24] Carla: FZ903318, obrigada", "[11:20] Agent: número do passaporte?\n[11:24] Carla: [ID], obrigada"),
        ("ID CARD\nI<ESPBAA0001234<<<<<<<<<<<<<<<\n8501017F3001019ESP<<<<<<<<<<<2\nGARCIA<<MARIA<<<<<<<<<<<<<<<<<", "ID CARD\n[ID]"),
    ],
)  # fmt: skip
def test_record_numbers_named_on_another_line_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$db = mysqli_connect('localhost', 'shop', 'Rt5#kq2Lm9', 'shopdb');", "$db = mysqli_connect('localhost', 'shop', '[PASSWORD]', 'shopdb');"),
        ("<String><Key>Password</Key><Value>Lq9-vvx2-PPa1</Value></String>", "<String><Key>Password</Key><Value>[PASSWORD]</Value></String>"),
        ('{"key": "key", "value": "9f1c2e7ab44d0c6e8f2a31b7d5e9c0aa"}', '{"key": "key", "value": "[API_KEY]"}'),
        ("Wire1ess Key: h7mx2kq9rt4w\nSSID: Home-5G", "Wire1ess Key: [PASSWORD]\nSSID: Home-5G"),
        ("Log in here: https://portal.example-gym.com/login/magic?t=Zq8xL2mN4pR6tV8yB1cD3fG5hJ7k", "Log in here: https://portal.example-gym.com/login/magic?t=[TOKEN]"),
        ("Zugangscode: K7PX42QD\nGültig 24 Stunden", "Zugangscode: [PASSWORD]\nGültig 24 Stunden"),
    ],
)  # fmt: skip
def test_secrets_where_programs_and_labels_keep_them_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$ curl -s ipinfo.io/ip\n81.2.69.142\nwhy does my camera not connect", "$ curl -s ipinfo.io/ip\n[IP]\nwhy does my camera not connect"),
        ("Jun 2 10:01:12 pi sshd[881]: Accepted password for anna from 81.2.69.160 port 50122 ssh2", "Jun 2 10:01:12 pi sshd[881]: Accepted password for anna from [IP] port 50122 ssh2"),
        ('{"Hostname": "plug-1", "Mac": "5C:CF:7F:1A:2B:3D"}', '{"Hostname": "plug-1", "Mac": "[MAC]"}'),
        ("[20:10] Kuba: VIN poproszę\n[20:12] Ola: WBA3A5C51CF256985", "[20:10] Kuba: VIN poproszę\n[20:12] Ola: [ID]"),
        ("my scooter got towed, number KA 05 MJ 2291", "my scooter got towed, number [PLATE]"),
        ("Customer: Bianca\nVIN: 1FTFW1ET5DFC10312\nService: brakes", "Customer: Bianca\nVIN: [ID]\nService: brakes"),
    ],
)  # fmt: skip
def test_addresses_in_terminal_output_and_vehicles_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Доставка: вул. Франка, 12, кв. 7, Львів, 79000", "Доставка: [ADDRESS]"),
        ("آدرس: اصفهان، خیابان چهارباغ، کوچه نسترن، پلاک 9", "آدرس: [ADDRESS]"),
        ("padala sa Blk 4 Lot 17, Phase 2, Villa Verde Subd., Brgy. Maly", "padala sa [ADDRESS]"),
        ("giao tới số 25 ngõ 68 phố Hào Nam nhé", "giao tới [ADDRESS] nhé"),
        ("send it to House No. 12, Moi Avenue, Kilimani please", "send it to [ADDRESS] please"),
        ("Amex 3714 4963 5398 431 exp 05/28", "Amex [CARD] exp 05/28"),
        ("生年月日 平成3年11月2日", "生年月日 [BIRTHDATE]"),
        ("วันเกิด 14 มีนาคม 2535", "วันเกิด [BIRTHDATE]"),
        ("PERMIS DE CONDUIRE\n1. MARTIN\n3. 12.03.1990 LYON\n5. 13AB45678", "PERMIS DE CONDUIRE\n1. MARTIN\n3. [BIRTHDATE] LYON\n5. [ID]"),
        ("Kentekenbewijs deel I\nA  KL-904-T\nE  VF1RFB00X63012345", "Kentekenbewijs deel I\nA  [PLATE]\nE  [ID]"),
        ("⑆021000021⑆ 0012345678⑈ 0117", "⑆[ACCOUNT]⑆ [ACCOUNT]⑈ 0117"),
        ("pošlete to prosím na účet 1928374650/0800", "pošlete to prosím na účet [ACCOUNT]/0800"),
        ("deliver to Flat 3, Green Park Residency, 4th Main, Jayanagar near the temple", "deliver to [ADDRESS] near the temple"),
    ],
)  # fmt: skip
def test_more_countries_addresses_cards_birthdates(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "the door code system at work is broken again",
        "the alarm went off three times last night",
        "error code 4021 on the gate controller",
        "count with me: one two three four five",
        "I was born in nineteen ninety",
        "the password must be at least 12 characters",
        "[10:01] Teacher: what's the student number format?\n[10:02] Ana: I don't know",
        "[09:00] Bob: my order number is below\n[09:01] Bob: 114-2250037-8812301",
        "$ ifconfig en0\n\tether a4:83:e7:11:22:33\n\tinet 192.168.1.20",
        "$ curl ifconfig.me\ncurl: (6) Could not resolve host",
        "VIN 1HGCM82633A004352 - can you decode the model year?",
        "The office is at 221B Baker Street, London NW1 6XE.",
        "Harrods is at 87–135 Brompton Road, London SW1X 7XL.",
        "ICD code I10 is hypertension",
        "昭和は1926年から1989年までです",
        "spelling list: anchor, bridge, cactus",
        "A PAN has the format AAAAA9999A",
        "the HomeKit app keeps crashing since 17.2",
        "is WeChat popular outside China?",
        "pin 1234 is the default on most phones",
        "Driving licence checklist:\n3. Take two photos\n5. Pay the 43 EUR fee",
        "Registration certificate questions:\nA  few of them are about tax",
        "the shop is opposite the station, near the museum",
    ],
)
def test_what_the_thirteenth_blind_corpus_families_leave_alone(text: str) -> None:
    assert scrub(text) == text
