# ruff: noqa: E501  (one case a line: the text and what it becomes, side by side)
"""The families of finders added after the sixteenth blind corpus (bench/data/scrub/blind16.jsonl),
which is made of life admin and paperwork in many languages: the token of a reset, magic-login
or activation link; an authenticator's key typed in by hand; a recovery key and a row of
recovery codes; passwords after their word in Georgian, Armenian and Czech, passphrases of
joined words, a field's password after a comma; SMS codes in Bengali, Persian and Chinese, a
push-TAN's release code, a NIP, the codes of intercoms, alarms and key safes; national ids,
residence permits, passports, driving licences and insurance policies after their local names,
an immigration or benefit office's case numbers; dates of birth after declined labels, usernames
after the word for one, a home's IP address, Polish and Ukrainian plates; addresses whole, with
the town before the street and the block, flat and town after it, in more scripts; and a public
office's address left alone. Every value here is made up for this file; and what must stay as
it is beside each family.
"""

from __future__ import annotations

import pytest

from lifelong.learning.scrub import Scrubber


def scrub(text: str) -> str:
    return Scrubber(learned=False)(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Got this from the bank: https://secure.example-bank.com/reset-password/Tq8LmZ2xVbN4pR7wKd9sYc3H — is it safe to click?', 'Got this from the bank: https://secure.example-bank.com/reset-password/[TOKEN] — is it safe to click?'),
        ('Ссылка для активации: https://portal.example.ru/activate?uid=77&key=hG4kP9sQ2mVx7TnB8cRz5LwY1e', 'Ссылка для активации: https://portal.example.ru/activate?uid=77&key=[TOKEN]'),
        ('2段階認証のセットアップキーは K7MZQ4XW2PLD5RTY6BNC3VHA です', '2段階認証のセットアップキーは [TOKEN] です'),
        ('Mi código de recuperación de Proton: 7KQ2-MX9T-4PLA-W3RN, ¿dónde lo guardo?', 'Mi código de recuperación de Proton: [TOKEN], ¿dónde lo guardo?'),
        ('Sicherungscodes für mein Konto:\nK7PQ2MX9TA  R4LW8ZN3QB  M2XC7VK5HD  T9BN4QW6JS', 'Sicherungscodes für mein Konto:\n[TOKEN]  [TOKEN]  [TOKEN]  [TOKEN]'),
    ],
)  # fmt: skip
def test_account_links_keys_and_recovery_codes_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Το συνθηματικό του router: κωδικός Wi-Fi σπιτιού lantern-pebble-orchid-violet42, μην το δώσεις.', 'Το συνθηματικό του router: κωδικός Wi-Fi σπιτιού [PASSWORD] μην το δώσεις.'),
        ('ჩემი ფოსტის პაროლი არის Tbil_4471xq, არ გამიზიარო.', 'ჩემი ფოსტის პაროლი არის [PASSWORD], არ გამიზიარო.'),
        ('Իմ բանկի գաղտնաբառն է Kq_7731Zr, ինչպես փոխեմ', 'Իմ բանկի գաղտնաբառն է [PASSWORD], ինչպես փոխեմ'),
        ("Bilgiler: 'ağ adı EvNet_5G, şifre RzqTbwKmdfLpX'. Bağlanamıyorum.", "Bilgiler: 'ağ adı EvNet_5G, şifre [PASSWORD]'. Bağlanamıyorum."),
    ],
)  # fmt: skip
def test_passwords_said_in_more_languages_and_as_passphrases_are_scrubbed(
    text: str, expected: str
) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('SMS এসেছে: আপনার ভেরিফিকেশন কোড 583920, কাউকে বলবেন না।', 'SMS এসেছে: আপনার ভেরিফিকেশন কোড [PASSWORD], কাউকে বলবেন না।'),
        ('پیامک بانک: کد تایید شما 417305 است', 'پیامک بانک: کد تایید شما [PASSWORD] است'),
        ('收到簡訊「您的驗證碼為 720418，請勿告訴他人」', '收到簡訊「您的驗證碼為 [PASSWORD]，請勿告訴他人」'),
        ('Die push-TAN App will den Freigabecode, meiner lautet 318264.', 'Die push-TAN App will den Freigabecode, meiner lautet [PASSWORD].'),
        ('Mi NIP de la tarjeta de la tienda departamental es 5820-1937, ¿lo cambio?', 'Mi NIP de la tarjeta de la tienda departamental es [PASSWORD], ¿lo cambio?'),
        ('Codul de la interfon este 730591, apartamentul 4.', 'Codul de la interfon este [PASSWORD], apartamentul 4.'),
        ('Die Alarmanlage hat den Entschärfcode 73019264, bitte nicht weitergeben.', 'Die Alarmanlage hat den Entschärfcode [PASSWORD], bitte nicht weitergeben.'),
        ('Der Zugangscode für die Haupttür lautet 58291#.', 'Der Zugangscode für die Haupttür lautet [PASSWORD].'),
        ('Sleutelkluisje naast de voordeur, code K48215.', 'Sleutelkluisje naast de voordeur, code [PASSWORD].'),
        ('Kod do skrytki na klucze: 482*913', 'Kod do skrytki na klucze: [PASSWORD]'),
    ],
)  # fmt: skip
def test_codes_sent_by_sms_pins_and_door_codes_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('আমার এনআইডি নম্বর 19927315048261739, কোথায় লিখব?', 'আমার এনআইডি নম্বর [ID], কোথায় লিখব?'),
        ('პირადი ნომერი 61004052781 — სად შევიყვანო?', 'პირადი ნომერი [ID] — სად შევიყვანო?'),
        ('Սոցիալական քարտի համարը 5710394826 է', 'Սոցիալական քարտի համարը [ID] է'),
        ('签证表格里护照号码填G58302741对吗？', '签证表格里护照号码填[ID]对吗？'),
        ('運転免許証番号は304718295063です。', '運転免許証番号は[ID]です。'),
        ('Mijn verblijfsvergunning nummer is YK4820617, verloopt volgend jaar.', 'Mijn verblijfsvergunning nummer is [ID], verloopt volgend jaar.'),
        ('Titre de séjour n° 7504182936, renouvellement en cours.', 'Titre de séjour n° [ID], renouvellement en cours.'),
        ('Numero di polizza 482.913.570264 per la casa', 'Numero di polizza [ID] per la casa'),
        ('Versicherungsnummer 241/583920-7 bei der Krankenkasse.', 'Versicherungsnummer [ID] bei der Krankenkasse.'),
        ('My USCIS receipt number is MSC2190457312 and the case is still pending.', 'My USCIS receipt number is [ID] and the case is still pending.'),
        ('My Employment Insurance claim number is 718204395, how do I report?', 'My Employment Insurance claim number is [ID], how do I report?'),
        ("Numéro d'allocataire CAF : 5820391, changement d'adresse", "Numéro d'allocataire CAF : [ID], changement d'adresse"),
        ('Checking my visa grant on VEVO: grant number 53018264.', 'Checking my visa grant on VEVO: grant number [ID].'),
    ],
)  # fmt: skip
def test_ids_permits_and_case_numbers_after_their_local_names_are_scrubbed(
    text: str, expected: str
) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('W formularzu wpisałam datę urodzenia 03.11.1962, czy to dobrze?', 'W formularzu wpisałam datę urodzenia [BIRTHDATE], czy to dobrze?'),
        ('Datum narození 14.02.1977 je v občance špatně.', 'Datum narození [BIRTHDATE] je v občance špatně.'),
        ("Instagram'da kullanıcı adım @deniz.kaya88, biri sahte hesap açtı.", "Instagram'da kullanıcı adım [PROFILE], biri sahte hesap açtı."),
        ('Mi nombre de usuario en la tienda es PABLO447MX y no puedo entrar.', 'Mi nombre de usuario en la tienda es [PROFILE] y no puedo entrar.'),
        ('母のLINE IDはhanako_1958です。', '母のLINE IDは[PROFILE]です。'),
        ('Moderator says the ban came from IP 91.204.17.33. Is that our home address?', 'Moderator says the ban came from IP [IP]. Is that our home address?'),
        ('Polisa na auto o numerze rejestracyjnym KR 58201 wygasa w maju.', 'Polisa na auto o numerze rejestracyjnym [PLATE] wygasa w maju.'),
        ('Прийшов штраф на авто АІ7391КХ, що робити?', 'Прийшов штраф на авто [PLATE], що робити?'),
    ],
)  # fmt: skip
def test_birth_dates_handles_ips_and_plates_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Am trecut domiciliul: Str. Avram Iancu nr. 12, bl. C4, ap. 17, Cluj-Napoca.', 'Am trecut domiciliul: [ADDRESS].'),
        ('العنوان: إربد، الحي الشرقي، شارع بغداد، عمارة 14، شقة 3', 'العنوان: [ADDRESS]'),
        ('पता बदलना है: मकान नं. 41, सेक्टर 9, गोमती नगर, लखनऊ 226010।', 'पता बदलना है: [ADDRESS]।'),
        ('ที่อยู่: 88/12 ซอยลาดพร้าว 64 แขวงวังทองหลาง กรุงเทพฯ 10310', 'ที่อยู่: [ADDRESS]'),
        ('Adresa pentru card: Barış Mah. Lale Sk. No:7 D:3, Karşıyaka/İzmir.', 'Adresa pentru card: [ADDRESS].'),
        ('צריך לשלוח לכתובת רחוב הרצל 41 דירה 7, חיפה — איך כותבים?', 'צריך לשלוח לכתובת [ADDRESS] — איך כותבים?'),
        ('Для пільги: адреса м. Львів, вул. Городоцька, буд. 52, кв. 11.', 'Для пільги: адреса [ADDRESS].'),
    ],
)  # fmt: skip
def test_addresses_are_scrubbed_whole(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'Here is my CV: https://docs.example.com/document/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit',
        'Read https://en.example.org/wiki/Password_strength_and_entropy_2024 for more',
        'Die Seriennummer MQ2ZX7RTPLKW4BNC3 steht auf dem Karton.',
        'Recovery job 3f2a9c1e-4b7d-4e2a-9c1f-8a7b6c5d4e3f finished in 12s',
        'Modelle im Angebot:  RX500  TX700  ZX900  QX300',
        'Meine Passwort-Regeln: keine Wörter wie state-of-the-art und nichts aus accounts.example.com',
        'Heslo je dlouhé, ale jménem a heslem se přihlásíš snadno.',
        'Şifre politikası nedir, kaç karakter olmalı?',
        'Die Fehlernummer 504785 kam beim Start der App.',
        'Der Fehlercode 4711 erscheint an der Haustür-Steuerung.',
        'Receipt #4820-1193 Paid with Visa •••• 1234',
        'The support case number is 58203917, please reply to the ticket.',
        'Bitwa pod Grunwaldem: data 15.07.1410',
        'Username must be 3–20 characters.',
        'The public DNS is 8.8.8.8.',
        'Le commissariat est au 12 rue des Orfèvres, 75001 Paris, ouvert le samedi ?',
        'La mairie se trouve 4 place de la Liberté, 69001 Lyon.',
    ],
)  # fmt: skip
def test_what_stands_beside_the_new_families_stays(text: str) -> None:
    assert scrub(text) == text
