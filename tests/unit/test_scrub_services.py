# ruff: noqa: E501  (one case a line: the text and what it becomes, side by side)
"""The scrubber's finders added after the fifth blind corpus (bench/data/scrub/blind5.jsonl):
tokens known by their service's prefix (CredSweeper's list), secrets of no service (seed
phrases, recovery codes and keys, authenticator seeds, password hashes, Wi-Fi and WireGuard
keys, webhook URLs), passwords in more languages, more national ids, driving licence and
insurance numbers, addresses with their flat, postal code and town, a client's IP address;
and what must stay as it is (history, company hotlines, public places, prose, placeholders).
Every value here is made up for this file, in other words than the corpus's.
"""

from __future__ import annotations

import pytest

from lifelong.learning.scrub import Scrubber

# Twelve words of the BIP-39 list, as a wallet prints them.
SEED = "ladder orbit tissue glove hamster fiction velvet mango pulse reunion satoshi wrist"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("doctl auth init --access-token dop_v1_" + "4be19c07d2a8f35e6b1d0c9e7a2f4d8b3c6e1a9f0d7b2e5c8a4f1d3b6e9c0a7d", "doctl auth init --access-token [API_KEY]"),
        ("push fails with ATBB" + "Kq7Zr2Lm9Xp4Wd6Tn1Hs8Bv3Jc5Gf0Ya" + " as password", "push fails with [API_KEY] as password"),
        ("Header: NRAK-7QW2E9R4T6Y8U1I3O5P0A2S4D6F", "Header: [API_KEY]"),
        ("Client(auth=\"ntn_418273645" + "Zx8Cv7Bn6Mq5Wr4Et3Yu2Io1PaSdFgHjKlLz\")", 'Client(auth="[API_KEY]")'),
        ("GET /api/v1/users\nAuthorization: SSWS 00qX7-pL3mN8vB2cR6tY1wZ9kJ4hG5fD0sA", "GET /api/v1/users\nAuthorization: SSWS [TOKEN]"),
        ("cat ~/.config/age/key.txt\nAGE-SECRET-KEY-1" + "QZ7X2M9K4P8R3T6W1Y5V0N2L7J4H9G3F8D2S6A1Z5Q0W4E8R3T7Y2U6IPQ", "cat ~/.config/age/key.txt\n[API_KEY]"),
        (f"my seed is {SEED}, thanks for keeping it", "my seed is [PRIVATE_KEY], thanks for keeping it"),
        ("BitLocker key 401236-118492-560771-235113-690327-017264-448129-602915 for the laptop", "BitLocker key [TOKEN] for the laptop"),
        ("Secret Key from the kit: A3-K7PQ2M-X9RT4W-Z8LNB-Q3VHC-7YJDS-M2FKP", "Secret Key from the kit: [TOKEN]"),
        ("Backup codes for my account:\n7f3a1-c9e20\n55b8d-0a4e7\n91c6f-d3b82\n0e7a4-6f19c\n", "Backup codes for my account:\n[TOKEN]\n[TOKEN]\n[TOKEN]\n[TOKEN]\n"),
        ("authenticator setup key: q4tz 7mxe k2pa w6rj d3nb y5sv", "authenticator setup key: [TOKEN]"),
        ("admin,$2b$12$Qm8xR2vT7pL4nB9cW3yZ6eK1hJ5fD0sA8gU2iO7tR4wE9qY3zX6vC", "admin,[PASSWORD]"),
        ("WIFI:S:Gartenhaus;T:WPA;P:Kr0kus!Wiese77;; scanned from the sticker", "WIFI:S:Gartenhaus;T:WPA;P:[PASSWORD];; scanned from the sticker"),
        ('network={\n  ssid="Werkbank"\n  psk="Tulpe_88!Regen"\n}', 'network={\n  ssid="Werkbank"\n  psk="[PASSWORD]"\n}'),
        ("[Peer]\nPresharedKey = R2d8Kq7Zr2Lm9Xp4Wd6Tn1Hs8Bv3Jc5Gf0YaQe1Lo4=\n", "[Peer]\nPresharedKey = [PRIVATE_KEY]\n"),
        ("hook = 'https://discord.com/api/webhooks/1190345678123456789/" + "aZ3" * 22 + "'", "hook = '[TOKEN]'"),
        ("link: https://s3.eu-central-1.amazonaws.com/b/r.pdf?X-Amz-Signature=" + "9f2e" * 16, "link: https://s3.eu-central-1.amazonaws.com/b/r.pdf?X-Amz-Signature=[TOKEN]"),
        ("ngrok config add-authtoken 2xK7mQ9pL3vB8nR4tW1yZ6cE5_hJ2fD0sA7gU", "ngrok config add-authtoken [TOKEN]"),
        ("machine api.example-host.net\n  login deploy\n  password 4f1c-8e2a-77b0-9d3c", "machine api.example-host.net\n  login deploy\n  password [PASSWORD]"),
        ('{"username": "ml_tinker", "key": "7d2e91c4b8a0f63e5d1c9b2a7f4e8d06"}', '{"username": "ml_tinker", "key": "[TOKEN]"}'),
        ('{"name": "Authorization", "value": "Basic ' + "bWlsbGVyOkhhZmVuLTIwMjUh" + '"}', '{"name": "Authorization", "value": "Basic [TOKEN]"}'),
        ('"password": "Kx7Qm2Lp.Zr9Wt4Vn",', '"password": "[PASSWORD]",'),
        ("SECRET_KEY_BASE:  a8f3k2m9x7q4w1e6r5t0y3u8i2o7p4a9s6d1f5g8h2j7k3l9", "SECRET_KEY_BASE:  [TOKEN]"),
        ('"smtp_password_v4": "Rq8Zt3Lm7Xp2Wd9Tn4Hs1Bv6Jc0"', '"smtp_password_v4": "[PASSWORD]"'),
        ("key pasted from the mail:\nsk-proj-Ab3Cd4Ef5Gh6Ij7Kl8Mn9Op0Qr1St2Uv3Wx\nYz4Ab5Cd6Ef7Gh8Ij9Kl0\n\nthanks", "key pasted from the mail:\n[API_KEY]\n\nthanks"),
        ("| Gerät | Passwort |\n|---|---|\n| Router | Lerche22?Mond |", "| Gerät | Passwort |\n|---|---|\n| Router | [PASSWORD] |"),
        ("Adgangskoden til vores router er Sne7mand!Kaffe", "Adgangskoden til vores router er [PASSWORD]"),
        ("Heslo k účtu je Pivo8!Vltava2", "Heslo k účtu je [PASSWORD]"),
        ("hasło do serwera to Wisla_42!Krak", "hasło do serwera to [PASSWORD]"),
        ("Wi-Fi şifresi Deniz88!Kule, misafirler için", "Wi-Fi şifresi [PASSWORD], misafirler için"),
    ],
)  # fmt: skip
def test_secrets_of_services_and_of_none_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TC kimlik no: 10000000146 lazım", "TC kimlik no: [ID] lazım"),
        ("mit CPR-nummer er 070761-4285", "mit CPR-nummer er [ID]"),
        ("rodné číslo 736028/5163 do formuláře", "rodné číslo [ID] do formuláře"),
        ("CURP GOMC850315HDFRRR07 para el trámite", "CURP [ID] para el trámite"),
        ("Meine Rentenversicherungsnummer: 65 170839 J 003", "Meine Rentenversicherungsnummer: [ID]"),
        ("Medicare number 7KQ2-TN8-WX41 on the card", "Medicare number [ID] on the card"),
        ("driver's license number: D4829-6613-0057 (Illinois)", "driver's license number: [ID] (Illinois)"),
        ("Führerscheinnummer B072RRE2I55, Klasse B", "Führerscheinnummer [ID], Klasse B"),
        ("Member ID XQB719402863 on my insurance card", "Member ID [ID] on my insurance card"),
        ("Krankenversichertennummer: K120456789 (Barmer)", "Krankenversichertennummer: [ID] (Barmer)"),
        ("Pasaport numaram S04817263, vize için", "Pasaport numaram [ID], vize için"),
        ("My home address is Flat 2, 18 Orchard Road, Bath BA1 6QT, thanks", "My home address is [ADDRESS], thanks"),
        ("Ship to my place: 4411 Cedar Ave, Apt 5C, Denver, CO 80220. Thanks", "Ship to my place: [ADDRESS]. Thanks"),
        ("Jag bor på Storgatan 12 lgh 1102, 411 38 Göteborg nu", "Jag bor på [ADDRESS] nu"),
        ("Min adresse er Vesterbrogade 41, 3. th., 1620 København V.", "Min adresse er [ADDRESS]."),
        ("Adresse: Hauptstraße 9, 79098 Freiburg im Breisgau\nTelefon folgt", "Adresse: [ADDRESS]\nTelefon folgt"),
        ("주소: 부산광역시 해운대구 센텀로 88, 203동 1504호", "주소: [ADDRESS]"),
        ("住所は〒150-0041 東京都渋谷区神南1-19-11 です", "住所は[ADDRESS] です"),
        ("routing 026009593, account 448812903", "routing [ACCOUNT], account [ACCOUNT]"),
        ("X-Forwarded-For: 84.17.46.210\nHost: shop", "X-Forwarded-For: [IP]\nHost: shop"),
        ('84.17.46.211 - - [02/Apr/2025:10:01:07 +0000] "GET / HTTP/1.1" 200', '[IP] - - [02/Apr/2025:10:01:07 +0000] "GET / HTTP/1.1" 200'),
        ("BEGIN:VCARD\nFN:Lea Roth\nBDAY:19870412\nEND:VCARD", "BEGIN:VCARD\nFN:Lea Roth\nBDAY:[BIRTHDATE]\nEND:VCARD"),
        ("김민준, 1991년 7월 3일생 — 이력서", "김민준, [BIRTHDATE]생 — 이력서"),
        ("제 번호는 010-4417-2096 입니다", "제 번호는 [PHONE] 입니다"),
        ("profile: https://www.linkedin.com/in/lea-roth-4b7a21/ and more", "profile: [PROFILE] and more"),
        ("directions: https://www.google.com/maps/dir/?api=1&destination=Lindenweg+4%2C+50667+K%C3%B6ln", "directions: https://www.google.com/maps/dir/?api=1&destination=[ADDRESS]"),
    ],
)  # fmt: skip
def test_identifiers_and_whole_addresses_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ada Lovelace (born 10 December 1815) wrote the first published program.",
        "Marie Curie was born on 7 November 1867 in Warsaw.",
        "The Vodafone hotline 0800 172 1212 was busy all morning.",
        "Customer service is 1-800-466-4411, is it open on Sundays?",
        "the quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat",
        "Abandon ship, said the captain, and every sailor ran to the boats in the rain.",
        '{"key": "checkout_button_label_2", "value": "Pay now"}',
        'token: "REPLACE_ME"',
        "https://maps.google.com/?q=51.5007,-0.1246",
        "Release notes:\nv1.2.0\nv1.2.1\nv1.3.0\nv1.3.1",
        "settings.SECRET_KEY = env('SECRET_KEY')",
    ],
)
def test_history_hotlines_prose_and_placeholders_stay(text: str) -> None:
    assert Scrubber()(text) == text


# What the sixth blind corpus (bench/data/scrub/blind6.jsonl) found missed, in other words.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LangSmith says 403 with lsv2_pt_" + "3fa9c0e1b7d24865a0c9e3f1b2d4a6c8_7e1d0c9b3a", "LangSmith says 403 with [API_KEY]"),
        ("the HubSpot token pat-na1-3c9e1f2a-7b4d-4e8a-9c0d-1f2e3a4b5c6d stopped working", "the HubSpot token [API_KEY] stopped working"),
        ("key_id: 'rzp_test_K9mQ2xL7pR4vW1'", "key_id: '[API_KEY]'"),
        ('variable "stripe_secret" {\n  sensitive = true\n  default   = "Zq8Lm3Xp7Wd2Tn9H"\n}', 'variable "stripe_secret" {\n  sensitive = true\n  default   = "[TOKEN]"\n}'),
        ("ADO_PAT=q3xk7m2p9w4r8t1y6v5n0b2c4d6f8h1j3l5z7a9s2e4g6i8k0m1o", "ADO_PAT=[TOKEN]"),
        ('-H "DD-APPLICATION-KEY: 7c1e9a3f5b2d8e4c6a0f1b3d5e7a9c2e4f6b8d0a"', '-H "DD-APPLICATION-KEY: [TOKEN]"'),
        ("阿里云 AccessKey Secret 是 9xLq2Wm7Tk4Pz8Rv1Nc6Hb3Yd5Gf0，怎么办", "阿里云 AccessKey Secret 是 [TOKEN]，怎么办"),
        ("Is this good enough for my bank password? Rk7#pLm2!qZ9", "Is this good enough for my bank password? [PASSWORD]"),
        ("wifi login: guest / Tq8$mW2!kL", "wifi login: guest / [PASSWORD]"),
        ("pw: Mandarine4471!\nfor the shared account", "pw: [PASSWORD]\nfor the shared account"),
        ("La password di Outlook è Qz7!mK2#pL9v, va bene?", "La password di Outlook è [PASSWORD], va bene?"),
        ("Мой пароль от роутера Zk4!mQ82#pL, что не так?", "Мой пароль от роутера [PASSWORD], что не так?"),
        ("我的密码是 Lm8#kQ2!zP，为什么登录失败", "我的密码是 [PASSWORD]，为什么登录失败"),
        ("define( 'SECURE_AUTH_KEY', 'k#9Lq!2zM*v7@pX^4wR&' );", "define( 'SECURE_AUTH_KEY', '[PASSWORD]' );"),
        ("<server>\n  <password>Wq9!zLm2Kp7x</password>\n</server>", "<server>\n  <password>[PASSWORD]</password>\n</server>"),
        ('url = "jdbc:oracle:thin:scott/Tg7mQ2xLp9@//db.internal:1521/XE"', 'url = "jdbc:oracle:thin:scott/[PASSWORD]@//db.internal:1521/XE"'),
        ("$p = ConvertTo-SecureString 'Kx82mQpL7wZr' -AsPlainText -Force", "$p = ConvertTo-SecureString '[PASSWORD]' -AsPlainText -Force"),
        ("db1 ansible_password=Rq7_Lm-2&Zk9&x", "db1 ansible_password=[PASSWORD]"),
        ("grant_type=refresh_token&client_secret=Qw8Er7Ty6Ui5Op4As3&refresh_token=Zx1Cv2Bn3Mq4Wr5Et6", "grant_type=refresh_token&client_secret=[TOKEN]&refresh_token=[TOKEN]"),
        ('my recovery phrase is "ladder orbit tissue glove hamster fiction velvet mango pulse reunion satoshi wrist." help', 'my recovery phrase is "[PRIVATE_KEY]." help'),
        ("Used backup codes? 1204 5561, 8812 0937, 4471 2290, 6605 1183, 3390 7712", "Used backup codes? [TOKEN], [TOKEN], [TOKEN], [TOKEN], [TOKEN]"),
        ("fetch('https://hooks.zapier.com/hooks/catch/1234567/ab3xk9q/')", "fetch('[TOKEN]')"),
        ("curl https://maker.ifttt.com/trigger/lamp/with/key/Kq9mZ2xLp7Wv4Rt1Ns", "curl https://maker.ifttt.com/trigger/lamp/with/key/[TOKEN]"),
        ("let key = std::env::var(\"API_TOKEN\").unwrap();", "let key = std::env::var(\"API_TOKEN\").unwrap();"),
    ],
)  # fmt: skip
def test_what_the_sixth_blind_corpus_found_is_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail: anna [dot] lis [at] onet [dot] pl", "mail: [EMAIL]"),
        ("Meine Adresse ist Im Winkel 7a, 50667 Köln, danke", "Meine Adresse ist [ADDRESS], danke"),
        ("Dirección de envío: Calle Mayor 12, 3º B, 28013 Madrid", "Dirección de envío: [ADDRESS]"),
        ("Mailing address: 48 Pine Crescent, Ottawa, ON K1S 3B6", "Mailing address: [ADDRESS]"),
        ("I'm at 12 Banksia Street, Carlton VIC 3053 if you need me", "I'm at [ADDRESS] if you need me"),
        ("Delivery address: Flat 9, Green Park Residency, 4th Main, Jayanagar, Bengaluru 560041", "Delivery address: [ADDRESS]"),
        ("New address is 7 Harbour View, Clontarf, Dublin 3, D03 K2P8.", "New address is [ADDRESS]."),
        ("Please send the parts to 310 Oak Hollow Dr, Apt 4B, Tulsa, OK 74105.", "Please send the parts to [ADDRESS]."),
        ("log: tax_id=512448021 status=OK", "log: tax_id=[ID] status=OK"),
        ("my Aadhaar, 4923 7182 6037, is asked for", "my Aadhaar, [ID], is asked for"),
        ("Henkilötunnus: 131052-308T", "Henkilötunnus: [ID]"),
        ("Fødselsnummer (11 siffer): 15076500565", "Fødselsnummer (11 siffer): [ID]"),
        ("passport number for the booking form, it's 533380006", "passport number for the booking form, it's [ID]"),
        ("NY DMV ID #: 804 517 293", "NY DMV ID #: [ID]"),
        ("Née le 9 octobre 1986, Kateřina Nováková signe", "Née le [BIRTHDATE], Kateřina Nováková signe"),
        ("氏名：山田 花子\n生年月日：1990年5月12日", "氏名：山田 花子\n生年月日：[BIRTHDATE]"),
        ("Sort code: 401276, account 31926819", "Sort code: [ACCOUNT], account [ACCOUNT]"),
        ("BSB 732-012, acc 40917265 please", "BSB [ACCOUNT], acc [ACCOUNT] please"),
        ("my Xbox's MAC is 7c:ed:8d:41:2a:9f. How do I", "my Xbox's MAC is [MAC]. How do I"),
        ("Plate: 7KQX412 (CA)", "Plate: [PLATE] (CA)"),
    ],
)  # fmt: skip
def test_what_the_sixth_blind_corpus_found_of_personal_data_is_scrubbed(
    text: str, expected: str
) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Opening hours of the Louvre, Rue de Rivoli, 75001 Paris?",
        "Tickets for the Sagrada Família, Carrer de Mallorca 401, 08013 Barcelona: book ahead?",
        "Ship it to 1 Infinite Loop, Cupertino, CA 95014 for the recall.",
    ],
)
def test_public_places_stay(text: str) -> None:
    assert Scrubber()(text) == text


# What the seventh blind corpus (bench/data/scrub/blind7.jsonl) found missed, in other words.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("auth = oss2.Auth('LTAI5tQm2Lx7Wp9Kd3Rz', 'Zq8mW2xL7pR4vT1nB6cY3hJ5kD9fG0')", "auth = oss2.Auth('[API_KEY]', '[TOKEN]')"),
        ("secret_id: AKID" + "Qm2Lx7Wp9Kd3Rz8Tn4Vb6Hc1Jf5Gy0Ue" + "\nregion: ap-beijing", "secret_id: [API_KEY]\nregion: ap-beijing"),
        ("J'utilise la clé Zq8mW2xL7pR4vT1nB6cY3hJ5kD9fG0aa depuis hier", "J'utilise la clé [API_KEY] depuis hier"),
        ('-H "Authorization: Splunk 4f8e2c1a-9b7d-4e3f-a6c5-1d2e3f4a5b6c"', '-H "Authorization: Splunk [TOKEN]"'),
        ("Mollie key live_Qm2Lx7Wp9Kd3Rz8Tn4Vb6Hc1Jf5Gy0 fails", "Mollie key [API_KEY] fails"),
        ("`db.internal:5432:sales:reporter:Kq8mZ2xLp7Wv4R` is in ~/.pgpass", "`db.internal:5432:sales:reporter:[PASSWORD]` is in ~/.pgpass"),
        ("%any %any : PSK \"Rk7!pLm2qZ9xW4\"", '%any %any : [PASSWORD]'.replace("[PASSWORD]", 'PSK "[PASSWORD]"')),
        ("-----BEGIN OpenVPN Static key V1-----\n9f2e4b7a1c3d5e6f8a9b0c1d2e3f4a5b\n-----END OpenVPN Static key V1-----", "[PRIVATE_KEY]"),
        ('new ethers.Wallet("0x' + "4c8e1f2a9b7d3e6c5a4f1d2e8b9c7a3f6e5d4c2b1a0f9e8d7c6b5a4f3e2d1c0b" + '", provider)', 'new ethers.Wallet("[PRIVATE_KEY]", provider)'),
        ("Google codes left: 4417 2290  6605 1183  3390 7712  1204 5561", "Google codes left: [TOKEN]  [TOKEN]  [TOKEN]  [TOKEN]"),
        ('totp = pyotp.TOTP("Q4TZ7MXEK2PAW6RJ")', 'totp = pyotp.TOTP("[TOKEN]")'),
        ('url: "https://chat.googleapis.com/v1/spaces/AAAAq1/messages?key=AIzaSyQm2Lx7Wp9Kd3Rz8Tn4Vb6Hc1Jf5Gy0Ue&token=Zq8mW2xL7pR4"', 'url: "[TOKEN]"'),
        ('AUTH="' + "ZGVwbG95OlJrN3BMbTJxWjl4VzQ=" + '"  # then Basic $AUTH', 'AUTH="[TOKEN]"  # then Basic $AUTH'),
        ("Mật khẩu wifi nhà mình là Sen.Hong2024 nhé", "Mật khẩu wifi nhà mình là [PASSWORD] nhé"),
        ("كلمة المرور القديمة كانت Qz7!mK2#pL9v ، كيف", "كلمة المرور القديمة كانت [PASSWORD] ، كيف"),
    ],
)  # fmt: skip
def test_what_the_seventh_blind_corpus_found_is_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("联系电话 139 1234 5678,非诚勿扰", "联系电话 [PHONE],非诚勿扰"),
        ("Quem quiser falar comigo: (21) 98765-4321.", "Quem quiser falar comigo: [PHONE]."),
        ("leave it at the back door of 412 Willow Creek Dr, Dayton, OH 45402 please", "leave it at the back door of [ADDRESS] please"),
        ("Flat 7\n18 Mill Lane\nLeeds\nLS6 2AB\n\nDear Sir", "[ADDRESS]\n\nDear Sir"),
        ("收货地址上海市徐汇区天钥桥路88弄3号1201室,谢谢", "收货地址[ADDRESS],谢谢"),
        ("Я проживаю по адресу: г. Казань, ул. Баумана, д. 12, кв. 45.", "Я проживаю по адресу: [ADDRESS]."),
        ("Domicilio: Av. Insurgentes 1820, Int. 7, Col. Florida, 01030 Ciudad de México", "Domicilio: [ADDRESS]"),
        ("JOHN MILLER\n22 Oak Street, Apt 5, Salem, MA 01970 · call me", "JOHN MILLER\n[ADDRESS] · call me"),
        ("Mon employeur veut mon NAS (123 456 782) par courriel", "Mon employeur veut mon NAS ([ID]) par courriel"),
        ("Mi RUT es 12.345.678-5, gracias", "Mi RUT es [ID], gracias"),
        ("Medicare card number 2123 45670 1 expired", "Medicare card number [ID] expired"),
        ("Personalausweisnummer: L01X00T47\nGültig bis 2030", "Personalausweisnummer: [ID]\nGültig bis 2030"),
        ("Смирнов Иван Петрович, 12 марта 1975 г. рождения", "Смирнов Иван Петрович, [BIRTHDATE] г. рождения"),
        ("Numer konta do przelewu za prąd i gaz: 61 1090 1014 0000 0712 1981 2874", "Numer konta do przelewu za prąd i gaz: [ACCOUNT]"),
        ("sort code and account (40-47-84 / 70872490) for the buyer", "sort code and account ([ACCOUNT] / [ACCOUNT]) for the buyer"),
        ("Bank details: A/c no. 50100234567891, IFSC HDFC0001234", "Bank details: A/c no. [ACCOUNT], IFSC HDFC0001234"),
        ("Карта Мир 2200 1234 5678 9019 не проходит", "Карта Мир [CARD] не проходит"),
        ("INSERT INTO users (name, email, tc_kimlik) VALUES ('Ali Veli', 'a@b.co', '10000000146'), ('Ayşe Kaya', 'c@d.co', '10000000078');", "INSERT INTO users (name, email, tc_kimlik) VALUES ('Ali Veli', '[EMAIL]', '[ID]'), ('Ayşe Kaya', '[EMAIL]', '[ID]');"),
        ("My real profile is https://www.facebook.com/profile.php?id=100012345678901 thanks", "My real profile is [PROFILE] thanks"),
        ("Bio for https://www.instagram.com/luna.bakes22/ please", "Bio for [PROFILE] please"),
    ],
)  # fmt: skip
def test_what_the_seventh_blind_corpus_found_of_personal_data_is_scrubbed(
    text: str, expected: str
) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "address: '127.0.0.1',\n  port: 5432",
        "Avogadro's number is 6.02214076×10^23, right?",
        "How far is Union Station from the White House, 1600 Pennsylvania Avenue NW, Washington, DC 20500?",
        "Is 1-800-275-2273 really Apple Support's number?",
        "curl -H 'Authorization: Bearer $TOKEN' https://api.github.com/user",
        "Contact form ID 4815162342 was submitted.",
        "See https://github.com/features and https://www.facebook.com/help for details.",
    ],
)
def test_what_the_seventh_blind_corpus_leaves_alone(text: str) -> None:
    assert Scrubber()(text) == text


# What the eighth blind corpus (bench/data/scrub/blind8.jsonl) found missed, in other words.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("keytool -importkeystore -srcstorepass Kq8-zLm2Wx7 -destkeystore a.jks", "keytool -importkeystore -srcstorepass [PASSWORD] -destkeystore a.jks"),
        ("nuget sources add -Name feed -Username ci -Password q3xk7m2p9w4r8t1y6v5n0b2c4d", "nuget sources add -Name feed -Username ci -Password [PASSWORD]"),
        ("[b2]\ntype = b2\nkey = K00/aQ7mZ2xLp9Wv4Rt1NsYb3Hc\n", "[b2]\ntype = b2\nkey = [TOKEN]\n"),
        ('{"consumer_key": "Zq8mW2xL7pR4vT1nB6cY3hJ5k"}', '{"consumer_key": "[TOKEN]"}'),
        ("senha do painel da Hostinger: QwErTyUiOp4sDfGh", "senha do painel da Hostinger: [PASSWORD]"),
        ("كلمة مرور لوحة التحكم هي Nahr2024?x", "كلمة مرور لوحة التحكم هي [PASSWORD]"),
        ("Key Content            : Rk7!pLm2qZ9xW4", "Key Content            : [PASSWORD]"),
        ("WLAN-Netzwerkschlüssel (WPA2): 1234 5678 9012 3456 7890", "WLAN-Netzwerkschlüssel (WPA2): [PASSWORD]"),
        ('accounts: ["0x' + "4c8e1f2a9b7d3e6c5a4f1d2e8b9c7a3f6e5d4c2b1a0f9e8d7c6b5a4f3e2d1c0b" + '"]', 'accounts: ["[PRIVATE_KEY]"]'),
        ('{"mnemonic":"ladder orbit tissue glove hamster fiction velvet mango pulse reunion satoshi wrist","path":"m/44"}', '{"mnemonic":"[PRIVATE_KEY]","path":"m/44"}'),
        ("Instagram: @lena.bakes.bread\nthanks", "Instagram: [PROFILE]\nthanks"),
        ("votre nouveau mot de passe provisoire est : orbit.lemon.tissue.glove41", "votre nouveau mot de passe provisoire est : [PASSWORD]"),
        ("La contraseña del portal de la empresa es velvet_mango_pulse_ranch27, cámbiala", "La contraseña del portal de la empresa es [PASSWORD], cámbiala"),
        ("| id | api_token_hash |\n|----|----------------|\n| 7 | 4f1c8e2a77b09d3c5e6f |", "| id | api_token_hash |\n|----|----------------|\n| 7 | [PASSWORD] |"),
        ("id,token_count,text\n1,1200,hello there", "id,token_count,text\n1,1200,hello there"),
    ],
)  # fmt: skip
def test_what_the_eighth_blind_corpus_found_is_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("안녕하세요, 010-4417-2096로 문자 주세요", "안녕하세요, [PHONE]로 문자 주세요"),
        ("Meu endereço é Rua das Flores, 120, apto 31 – Centro, Curitiba – PR, 80020-090.", "Meu endereço é [ADDRESS]."),
        ("Yeni adresim Atatürk Bulvarı No: 12 D: 4, 06420 Çankaya/Ankara. Dilekçe?", "Yeni adresim [ADDRESS]. Dilekçe?"),
        ("Мой ИНН 500100732259, как получить вычет?", "Мой ИНН [ID], как получить вычет?"),
        ("СНИЛС: 112-233-445 95", "СНИЛС: [ID]"),
        ("我叫李娜，出生日期1985年3月12日，请问", "我叫李娜，出生日期[BIRTHDATE]，请问"),
        ("护照号 E12345678，表格", "护照号 [ID]，表格"),
        ("Got a ticket for vehicle KX19 ABC last week", "Got a ticket for vehicle [PLATE] last week"),
        ('{"last_login_ip": "81.2.69.160"}', '{"last_login_ip": "[IP]"}'),
    ],
)  # fmt: skip
def test_what_the_eighth_blind_corpus_found_of_personal_data_is_scrubbed(
    text: str, expected: str
) -> None:
    assert Scrubber()(text) == expected
