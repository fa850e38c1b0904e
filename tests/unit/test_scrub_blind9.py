# ruff: noqa: E501  (one case a line: the text and what it becomes, side by side)
"""The families of finders added after the ninth blind corpus (bench/data/scrub/blind9.jsonl,
persona chat as users type it): passwords said near their word in many languages, rated or
reused with none; one-time codes and PINs; tokens and cookies named with words between;
logins said as "user / password"; recovery codes listed without their name; phone numbers
with other countries' words; whole addresses of more countries; national ids by their own
names (checked or not, spaced or not); driving licences; dates of birth said of oneself;
plates beside a car; one's own social handle; accounts in more languages. Every value here
is made up for this file, in other words and languages than the corpus's; and what must stay
as it is beside each family.
"""

from __future__ import annotations

import pytest

from lifelong.learning.scrub import Scrubber


# Passwords said in chat, in many languages, with or without "is".
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon mot de passe c'est Chaton_75, tu peux le retenir ?", "mon mot de passe c'est [PASSWORD], tu peux le retenir ?"),
        ('la mia password è Gatto1987, è sicura?', 'la mia password è [PASSWORD], è sicura?'),
        ('Şifrem Kartal1903 güvenli mi?', 'Şifrem [PASSWORD] güvenli mi?'),
        ('รหัสผ่านของฉันคือ Somchai1990 ปลอดภัยไหม', 'รหัสผ่านของฉันคือ [PASSWORD] ปลอดภัยไหม'),
        ('הסיסמה שלי היא Dana4821 זה בטוח?', 'הסיסמה שלי היא [PASSWORD] זה בטוח?'),
        ('kata sandi saya Budi1985, aman nggak?', 'kata sandi saya [PASSWORD], aman nggak?'),
        ('كلمة السر الخاصة بي Ahmed@2020', 'كلمة السر الخاصة بي [PASSWORD]'),
        ('is Summer2024! a strong password?', 'is [PASSWORD] a strong password?'),
        ('how strong is Tr0ub4dor&3 as a password', 'how strong is [PASSWORD] as a password'),
        ('I type Rk8Lq2Vm9Xz as the passphrase and it fails', 'I type [PASSWORD] as the passphrase and it fails'),
        ('can you remember this for me: G7#kL9pQ', 'can you remember this for me: [PASSWORD]'),
        ('the code for the Wi-Fi at home is Jabuticaba2024', 'the code for the Wi-Fi at home is [PASSWORD]'),
        ('Wi-Fi 비밀번호는 sunny0712 이에요', 'Wi-Fi 비밀번호는 [PASSWORD] 이에요'),
        # the login name too: the learned second opinion takes it (test_scrub_learned.py)
        ('my login for the school portal: jdoe22 / Blue$ky77', 'my login for the school portal: [USERNAME] / [PASSWORD]'),
        ('creds for the NAS are admin:Hx7!pQ2z', 'creds for the NAS are admin:[PASSWORD]'),
    ],
)  # fmt: skip
def test_passwords_said_in_chat_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


# One-time codes and PINs.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("your code is 483920, don't share it", "your code is [PASSWORD], don't share it"),
        ('Ihr Bestätigungscode lautet 582913', 'Ihr Bestätigungscode lautet [PASSWORD]'),
        ('【淘宝】验证码：839201，您正在登录', '【淘宝】验证码：[PASSWORD]，您正在登录'),
        ('код подтверждения 583 920, мне позвонили из банка', 'код подтверждения [PASSWORD], мне позвонили из банка'),
        ('the PIN for my debit card 2917 keeps getting rejected', 'the PIN for my debit card [PASSWORD] keeps getting rejected'),
        ('PIN-код от карты 5831', 'PIN-код от карты [PASSWORD]'),
        ('code PIN de ma carte bleue : 4821', 'code PIN de ma carte bleue : [PASSWORD]'),
    ],
)  # fmt: skip
def test_one_time_codes_and_pins_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


# Tokens said with words between, cookies.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('mi clave de API de Mistral es Zp7Qw2Lm9Xk4Rt8Vn3Bc6Hd1Jf5Gs0Ty', 'mi clave de API de Mistral es [TOKEN]'),
        ('the webhook signing secret: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b', 'the webhook signing secret: [TOKEN]'),
        ('Groq said 401 for gsk_Q7wE2rT9yU4iO1pA6sD3fG8hJ5kL0zXcV2bN7mQ4wE9rT1yU6iO3pA8s', 'Groq said 401 for [API_KEY]'),
        ('hier mein Session-Cookie, ist der noch gültig? ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr78St90Uv12Wx34Yz56Ab78Cd90Ef12Gh34', 'hier mein Session-Cookie, ist der noch gültig? [TOKEN]'),
        ('here is my Roblox cookie _|WARNING:-DO-NOT-SHARE-THIS.--Sharing-this-will-allow-someone-to-log-in-as-you-and-to-steal-your-ROBUX-and-items.|_9F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C5B4A39281706F5E4D3C2B1A0', 'here is my Roblox cookie [TOKEN]'),
    ],
)  # fmt: skip
def test_tokens_named_with_words_between_and_cookies_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


# Recovery codes listed without their name, and with it.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('keep these safe pls: 8k2q-x7m4 / p9w3-z1r6 / t5y8-c2v7 / h4n6-b9d1', 'keep these safe pls: [TOKEN] / [TOKEN] / [TOKEN] / [TOKEN]'),
        ('Dropbox gave me these: a8k2-9xq1, p0z7-m3w5, r6t4-h8j2, e1y9-c5v3', 'Dropbox gave me these: [TOKEN], [TOKEN], [TOKEN], [TOKEN]'),
        ('my Epic Games backup codes: 4KQ7P2, 9XW3M8, R4T2N8, V6L9B1, Y2H5C5', 'my Epic Games backup codes: [TOKEN], [TOKEN], [TOKEN], [TOKEN], [TOKEN]'),
        ('Microsoft recovery code: K7QP3-M9XW2-R4TN8-V6LB1-Y2HC5', 'Microsoft recovery code: [TOKEN]'),
    ],
)  # fmt: skip
def test_recovery_codes_listed_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


# Phones with the words of other countries.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('whatsapp 0812 3456 7890 ya kak', 'whatsapp [PHONE] ya kak'),
        ('số điện thoại của tôi là 0912 345 678', 'số điện thoại của tôi là [PHONE]'),
        ('मेरा नंबर 98765 43210 है', 'मेरा नंबर [PHONE] है'),
    ],
)  # fmt: skip
def test_phone_numbers_with_other_countries_words_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


# Addresses of more countries, whole.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("J'habite 18 avenue de la Gare, 31000 Toulouse, France. Merci", "J'habite [ADDRESS]. Merci"),
        ('Mijn adres: Prinsengracht 263-1, 1016 GV Amsterdam', 'Mijn adres: [ADDRESS]'),
        ('Kirim ke Jl. Sudirman No. 12A, RT 04/RW 02, Menteng, Jakarta Pusat 10310 ya kak', 'Kirim ke [ADDRESS] ya kak'),
        ('Deliver to House 14, Road 7, Dhanmondi, Dhaka 1205 please', 'Deliver to [ADDRESS] please'),
        ('Endereço: Av. Paulista, 1578, apto 12, Bela Vista, São Paulo - SP, 01310-200', 'Endereço: [ADDRESS]'),
        ('Ship to:\nTom Baker\n17 Kent Road\nSpringfield, IL 62704\nUSA\n\nthanks', 'Ship to:\nTom Baker\n[ADDRESS]\n\nthanks'),
        ('My address is H.No. 12-3-456, Road No. 10, Banjara Hills, Hyderabad 500034', 'My address is [ADDRESS]'),
        ('Mi dirección: Calle 5 de Mayo 123, Col. Centro, 06000 Ciudad de México', 'Mi dirección: [ADDRESS]'),
    ],
)  # fmt: skip
def test_whole_addresses_of_more_countries_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


# National ids by their own names, valid or not, with spaces.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('my PESEL: 9001 0112 345 (with spaces)', 'my PESEL: [ID] (with spaces)'),
        ('NIK: 3174 0123 4567 0001', 'NIK: [ID]'),
        ('CNIC: 35202-1234567-1, please fill the form', 'CNIC: [ID], please fill the form'),
        ('số CCCD của tôi là 001099012345', 'số CCCD của tôi là [ID]'),
        ('我的身份证号码是42010619701017903X，为什么认证失败？', '我的身份证号码是[ID]，为什么认证失败？'),
        ('Emirates ID 784 1985 1234567 1', 'Emirates ID [ID]'),
    ],
)  # fmt: skip
def test_national_ids_by_their_own_names_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


# Driving licences.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('my driving licence number is HARRI702155JJ9AB, do I need it for the hire car?', 'my driving licence number is [ID], do I need it for the hire car?'),
        ('Führerschein-Nr. B07ZX1Y4M21', 'Führerschein-Nr. [ID]'),
        ('ehliyet numaram 582913, kiralık araç için', 'ehliyet numaram [ID], kiralık araç için'),
        ("numéro de permis 120975300514, pour l'assurance", "numéro de permis [ID], pour l'assurance"),
        ('Medicare card 2953 36752 1', 'Medicare card [ID]'),
    ],
)  # fmt: skip
def test_driving_licences_and_health_cards_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


# Dates of birth said of oneself.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('I was born on March 3, 1990', 'I was born on [BIRTHDATE]'),
        ('je suis née le 04/11/1993, quel est mon signe ?', 'je suis née le [BIRTHDATE], quel est mon signe ?'),
        ('我的生日是1995年3月2日', '我的生日是[BIRTHDATE]'),
        ('doğum tarihim 12.05.1990', 'doğum tarihim [BIRTHDATE]'),
    ],
)  # fmt: skip
def test_dates_of_birth_said_of_oneself_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


# Plates, handles, accounts, MACs.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('mein Auto M-KL 4821 wurde abgeschleppt', 'mein Auto [PLATE] wurde abgeschleppt'),
        ('ma voiture GH-417-PK a été flashée', 'ma voiture [PLATE] a été flashée'),
        ('my ig is @sara.draws_22', 'my ig is [PROFILE]'),
        ('моя инста @anya.photo', 'моя инста [PROFILE]'),
        ('mein Konto: 4820193756 bei der Sparkasse', 'mein Konto: [ACCOUNT] bei der Sparkasse'),
        ("mein Konto: DE89 3704 0044 0532 0130 00, bitte", "mein Konto: [IBAN], bitte"),
        ('मेरा खाता संख्या 50291746381 है', 'मेरा खाता संख्या [ACCOUNT] है'),
        ("my Raspberry Pi's MAC is b8:27:eb:4a:91:3c", "my Raspberry Pi's MAC is [MAC]"),
    ],
)  # fmt: skip
def test_plates_handles_accounts_and_macs_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


def test_a_turn_that_lower_casing_lengthens_keeps_its_spans() -> None:
    # "İ" lower-cases to two characters: the word lists then run on the turn itself.
    text = "İZMİR şubesi: doğum tarihim 12.05.1990, şifrem Kartal1903 güvenli mi?"
    assert len(text.lower()) != len(text)
    assert (
        Scrubber()(text) == "İZMİR şubesi: doğum tarihim [BIRTHDATE], şifrem [PASSWORD] güvenli mi?"
    )


# What each family must leave alone: product names, famous passwords, codes of no login,
# postcodes and prices, public accounts, history, places asked about, counts and dates.
@pytest.mark.parametrize(
    "text",
    [
        'My password manager is 1Password, should I switch to Bitwarden?',
        'Is WPA3-Personal better than WPA2 for my home wifi?',
        'My wifi network Vodafone-A3B7 keeps dropping at night',
        'The code of conduct was updated in 2024; section 3 covers harassment',
        'Use code SAVE20 at checkout for 20% off, valid until Friday',
        'I reset my PIN last week and now the app asks for Face ID',
        'Code 128 barcodes encode 106 characters, how do I print one?',
        'The verification code never arrives, I waited 10 minutes. Any fix?',
        'The passcode must be 6 digits and cannot repeat',
        'Backup plan: 4 nodes, 3 replicas, RAID 10 over 8 disks',
        'I was born in 1990 and moved to Berlin in 2015',
        'Mi cumpleaños es en julio, ¿qué regalo me recomiendas?',
        'Follow @nasa on Twitter for launch updates',
        "Twitter's @elonmusk posted again about rockets",
        'The Emirates ID card design changed in 2021',
        'NIK KTP terdiri dari 16 digit, apa artinya setiap digit?',
        'My car is a 2019 Toyota Corolla with 45000 km',
        'The MAC address format is six groups of two hex digits',
        'My Raspberry Pi runs Pi-hole on port 8080',
        'The session lasted 3600 seconds and the cookie banner annoyed me',
        'The 2FA codes from Google Authenticator change every 30 seconds',
        'Mój PESEL zaczyna się od 90, czy to znaczy że urodziłem się w 1990?',
        "Kimlik numaramı unuttum, e-Devlet'ten nasıl bakarım?",
        'My TFN letter arrived, where do I find the number on it?',
        'The Aadhaar number has 12 digits and a Verhoeff check digit',
        'how many digits does a WhatsApp verification code have? mine came as 3+3',
        'Enter the code from the SMS. The code expires in 10 minutes. Ref 20240611',
        'Error code 0x80070005 when I log in to the Microsoft Store',
        'Pin 13 on the Arduino drives the LED; PIN 2 is ground',
        'The DL in DL-model stands for deep learning, e.g. DL 2024 conference',
        'He got a fine for parking in Zone 4, about 60 EUR',
        'I drive a VW Golf GTI Mk7, great car',
        'Flight LH 2024 from Frankfurt departs at 14:05',
        'the code is on github, commit a1b2c3d, branch feature-2024',
        'My address is not updating in the app, I changed it 3 times, any idea?',
        'Our address changed last month, how do I tell the bank? We moved from Paris to Lyon, 2 kids, 1 dog.',
        'my new address is in Berlin, near Alexanderplatz, 10 minutes from the station',
        'What is the population of Jakarta, Surabaya and Bandung in 2020?',
        'Recipe: 200 g flour, 3 eggs, 1 cup milk, bake at 180 C for 25 minutes',
        'I scored 98765 points in Tetris yesterday, a new record!',
        'The invoice total was 1.234.567 IDR including tax',
        'Population of Vietnam is 98 186 856 according to the 2023 census',
        'The model number is XR-2049-B, the serial is on the back',
        'My phone is a Samsung Galaxy S23, the PIN screen freezes',
        'The SWIFT code is DEUTDEFF for Deutsche Bank Frankfurt',
        'The conference is on 12.05.2025 in Vienna, register by 01.04.2025',
        'Tôi muốn mua điện thoại giá 5.990.000 đồng, có trả góp không?',
        'Harga HP ini Rp 2.499.000, cicilan 0% 12 bulan',
        'the @Override annotation in Java, what does it do?',
        'I need 3 tickets for the 19:30 show, row 12, seats 4-6',
        'Rate my passphrase idea: four random words from a dictionary, no digits',
        'My TikTok has 12000 followers now, how do I monetize?',
        'mi TikTok es de recetas, ¿qué hashtags uso?',
        'Мой телеграм канал про путешествия, 5000 подписчиков',
        'How do I set a strong Wi-Fi password on a TP-Link Archer C6?',
        'The wifi password on the sticker has 8 characters, is that safe?',
        'Mi clave del wifi es muy larga y no la recuerdo, ¿cómo la veo en Windows?',
        'Código postal 28013 es Madrid centro, ¿verdad?',
        'El código de descuento VERANO2024 no funciona',
        'My bank sent a letter about a new PIN policy starting 2025',
        'The key to good bread is time: 18 hours of cold fermentation',
        'Session 2 of the workshop starts at 14:00 in room B204',
        'The Steam sale ends June 27, any game recommendations under $20?',
        'We\'re studying SHA-256: hash of "abc" is ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        'Driving licence categories in the UK: B, C1, D1 — what can I drive with B?',
        'My DL expires in 2026, can I renew online in California?',
        'The Führerschein costs about 3000 euros in Germany, is that normal?',
        'Mi DNI caduca en 2027, ¿cómo lo renuevo?',
        'Ich habe meine Steuer-ID verloren, wo finde ich sie?',
        'Where is Jl. Malioboro in Yogyakarta? Is it far from the station?',
        "What's the best area to stay in Dubai, Al Barsha or Marina?",
        'Shipping to Australia usually takes 10 days via Australia Post',
    ],
)  # fmt: skip
def test_what_the_ninth_blind_corpus_families_leave_alone(text: str) -> None:
    assert Scrubber()(text) == text
