# ruff: noqa: E501  (one case a line: the text and what it becomes, side by side)
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
        "part AB12 CDEF GHIJ KLMN and order XY99 ABCD EFGH 12",
        "Python 3.11.7 came out on 2023-12-04; port 8080; 2 + 2 = 4.",
        "see src/lifelong/persona/messages.py and https://example.com/a/B/c?d=1",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    scrub = Scrubber()
    assert scrub(text) == text
    assert not scrub.counts


def test_an_iban_whose_check_fails_is_no_iban_to_the_rules() -> None:
    # The rules go by the mod-97 check. (The learned second opinion may still take a
    # mistyped one for somebody's account number: that is its call, not this check's.)
    text = "GB82WEST12345698765433 has a typo, so the check fails"
    assert Scrubber(learned=False)(text) == text


# -- kinds the scrubber missed before detect-secrets, phonenumbers and python-stdnum ----------

LLT = "llt_0123456789ab_" + "Q9x-_Zr2" * 5 + "abc"  # lifelong's own: llt_<12 hex>_<43 urlsafe>
STRIPE_LONG = "sk_live_51H" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ" * 3  # past detect-secrets' 24
PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9OiqW1d0mZxk8s7PqLw2vNcT4yHb\n"
    "u8Zf1e0Rk3n5GqJ2p4sVx7yW9aC6dE8fH0iK1lM3nO5pQ7rS9tU1vW3xY5zA7bC==\n"
    "-----END RSA PRIVATE KEY-----"
)


@pytest.mark.parametrize(
    ("text", "expected", "counts"),
    [
        # phone numbers at the end of a sentence, and in other countries' formats
        ("call me at 555-867-5309.", "call me at [PHONE].", {"PHONE": 1}),
        ("My number is (212) 555-0187.", "My number is [PHONE].", {"PHONE": 1}),
        ("London: +44 20 7946 0958.", "London: [PHONE].", {"PHONE": 1}),
        ("ring 020 7946 0958.", "ring [PHONE].", {"PHONE": 1}),
        ("Unsere Nummer: +49 (0)30 1234 5678.", "Unsere Nummer: [PHONE].", {"PHONE": 1}),
        ("Appelez le 01 99 00 01 23 ce soir", "Appelez le [PHONE] ce soir", {"PHONE": 1}),
        ("whatsapp me on 07700 900123!", "whatsapp me on [PHONE]!", {"PHONE": 1}),
        ("It's 555-0100, call before 9.", "It's [PHONE], call before 9.", {"PHONE": 1}),
        # a Luhn-valid digit run after "+" is a phone number, not a card
        ("+55 11 91234-0008 is my cell", "[PHONE] is my cell", {"PHONE": 1}),
        # Stripe (whole key, past the 24 characters detect-secrets' pattern stops at)
        (f"key {STRIPE_LONG} ok", "key [API_KEY] ok", {"API_KEY": 1}),
        ("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "[API_KEY]", {"API_KEY": 1}),
        ("rk_live_51Hxyz0123456789ABCDEFabcdef", "[API_KEY]", {"API_KEY": 1}),
        # other providers, through detect-secrets' plugins
        ("glpat-x9Y8z7W6v5U4t3S2r1Q0", "[API_KEY]", {"API_KEY": 1}),
        ("SG.aBcDeFgHiJkLmNoPqRsTuV.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefg", "[API_KEY]",
         {"API_KEY": 1}),
        ("twilio SK0123456789abcdef0123456789abcdef", "twilio [API_KEY]", {"API_KEY": 1}),
        # lifelong's own tokens
        (f"LIFELONG_TOKEN={LLT} lifelong status", "LIFELONG_TOKEN=[TOKEN] lifelong status",
         {"TOKEN": 1}),
        (f"{LLT} stopped working", "[TOKEN] stopped working", {"TOKEN": 1}),
        # a PEM private key: the whole block
        (f"the key:\n{PEM}\nwhy is it rejected?", "the key:\n[PRIVATE_KEY]\nwhy is it rejected?",
         {"PRIVATE_KEY": 1}),
        # ... also cut short when pasted
        ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n",
         "[PRIVATE_KEY]\n", {"PRIVATE_KEY": 1}),
        # passwords inside URLs: only the password goes
        ("postgresql://admin:s3cr3t!pw@db.example.com:5432/app",
         "postgresql://admin:[PASSWORD]@db.example.com:5432/app", {"PASSWORD": 1}),
        ("redis://:p@ss@cache.example.net:6379/0", "redis://:[PASSWORD]@cache.example.net:6379/0",
         {"PASSWORD": 1}),
        # IBANs in lower case, spaced or not
        ("iban de89 3704 0044 0532 0130 00 and more", "iban [IBAN] and more", {"IBAN": 1}),
        ("pay gb82west12345698765432.", "pay [IBAN].", {"IBAN": 1}),
        # obfuscated e-mails
        ("mail jane.doe at example dot com", "mail [EMAIL]", {"EMAIL": 1}),
        ("jane [at] example [dot] co [dot] uk", "[EMAIL]", {"EMAIL": 1}),
        ("write to jane(at)example(dot)com!", "write to [EMAIL]!", {"EMAIL": 1}),
        ("k.lee at example.org", "[EMAIL]", {"EMAIL": 1}),
        # values named like secrets
        ("my password is hunter22 but shh", "my password is [PASSWORD] but shh",
         {"PASSWORD": 1}),
        ("DB_PASSWORD=hunter22", "DB_PASSWORD=[PASSWORD]", {"PASSWORD": 1}),
        ("client_secret: Zx9aQ2wE4rT6yU8iO0pL", "client_secret: [TOKEN]", {"TOKEN": 1}),
        ("authToken: 'a9F3kQ0zLm7Xp2Wc'", "authToken: '[TOKEN]'", {"TOKEN": 1}),
        ('PASSWORD="correct horse battery staple"', 'PASSWORD="[PASSWORD]"', {"PASSWORD": 1}),
        ("auth_token=a9F3kQ0zLm7Xp2Wc&user=42", "auth_token=[TOKEN]&user=42", {"TOKEN": 1}),
    ],
)  # fmt: skip
def test_new_kinds_are_scrubbed(text: str, expected: str, counts: dict[str, int]) -> None:
    scrub = Scrubber()
    assert scrub(text) == expected
    assert scrub.counts == counts


def test_a_key_named_as_a_secret_is_counted_once() -> None:
    scrub = Scrubber()
    assert scrub(f"password={STRIPE_LONG}") == "password=[API_KEY]"
    assert scrub.counts == {"API_KEY": 1}


@pytest.mark.parametrize(
    "text",
    [
        "Let's meet at 6:40 tomorrow; the train leaves at 07:15.",
        "It costs $1,299.99 or 3 payments of $433.33.",
        "My flight is on 2026-03-14 at 18:30, gate B12; deadline 12/04/2026.",
        "Ship it to 1600 Amphitheatre Parkway, Mountain View, CA 94043.",
        "Upgrade numpy from 1.26.4 to 2.1.0; Windows version 10.0.19045.3693.",
        "My order #48213 hasn't arrived; order number 4155550132 is delayed.",
        "The request id was 123e4567-e89b-12d3-a456-426614174000.",
        "git checkout 9fceb02 && git clone git@github.com:org/repo.git",
        "Bake 25-30 minutes at 180C; 1.5 kg potatoes, 3 tbsp oil.",
        "I was born in 1987; between 1999 and 2004 we moved 3 times.",
        "ISBN 978-0-306-40615-7, the old one 0-306-40615-2.",
        "Call me tomorrow, I'm busy tonight.",
        "2^32 = 4294967296 and 12 * 12 = 144.",
        "The lottery numbers were 4 8 15 16 23 42; ranks 1 2 3 4 5 6 7 8 9 10.",
        "Ping 10.0.0.254 and 192.168.1.100.",
        "Contact form ID 4815162342 was submitted.",
        "The answer is 1234567, call me later if it's wrong.",
        "Look at google.com, or meet me at the cafe at 5.",
        "Released v2.0 at github.com/org/repo; Python 3.11 at python.org.",
        "Your password must be at least 8 characters long.",
        "Password: must contain a digit and a symbol.",
        "The secret ingredient is love; the api key is required.",
        "Set max_tokens=256; tokenizer = AutoTokenizer.from_pretrained(name)",
        "password = getpass.getpass(); api_key = os.environ['OPENAI_API_KEY']",
        "SECRET_KEY = settings.SECRET_KEY; export OPENAI_API_KEY=$OPENAI_API_KEY",
        "Your API key: <YOUR_API_KEY>",
        "Card ending 4242, expiring 12/27; sort code 12-34-56.",
        "Use x @ y for matrix multiplication; the @property decorator.",
        "Invoice INV-2026-00417 is due in 30 days.",
    ],
)
def test_ordinary_turns_stay_unchanged(text: str) -> None:
    scrub = Scrubber()
    assert scrub(text) == text
    assert not scrub.counts


TWILIO_SID = "AC" + "0123456789abcdef" * 2
TWILIO_KEY = "SK" + "fedcba9876543210" * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What an independent held-out corpus found missing (bench/data/scrub/heldout.jsonl).
        ("The wifi password is correcthorsebattery btw", "The wifi password is [PASSWORD] btw"),
        ("login: mkowalski / pass: Qwerty!234", "login: mkowalski / pass: [PASSWORD]"),
        ("mysql -u root -pTr0ub4dor&3 -h 127.0.0.1", "mysql -u root -p[PASSWORD] -h 127.0.0.1"),
        ("the admin password for the router is Winter2023!",
         "the admin password for the router is [PASSWORD]"),
        ("set SECRET_KEY = 'django-insecure-n16Ke5(x^a!b=c' in settings.py",
         "set SECRET_KEY = '[TOKEN]' in settings.py"),
        (f"account {TWILIO_SID}, auth token 69e28031538178c6bf543607c77c6793 - SMS",
         "account [API_KEY], auth token [TOKEN] - SMS"),
        (f"curl -u {TWILIO_KEY}:4c9BkkOGrkncWsnzcCp3fxJft7uqacwT https://api.twilio.com/x",
         "curl -u [API_KEY]:[PASSWORD] https://api.twilio.com/x"),
        ("socket mode needs xapp-1-AW3C3TSZTKN-2578334645708-453bec0123456789abcdef, right?",
         "socket mode needs [API_KEY], right?"),
        ("client secret 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", "client secret [API_KEY]"),
        ("The access token is ya29.a0AfB_byC1234567890abcdefghij - it expires",
         "The access token is [API_KEY] - it expires"),
        ("belgian account be68 5390 0754 7034", "belgian account [IBAN]"),
        ("reach me at john dot smith at gmail dot com", "reach me at [EMAIL]"),
    ],
)  # fmt: skip
def test_what_the_heldout_corpus_found_is_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Chrome 122.0.6261.112 renders the font wrong",
        "Part no. 0451-203-117 replaces 0451 103 316",
        "the file is named report@2x.png",
        "I forgot my password again",
        "my password is incorrect, it says",
        "boarding pass: 12345678",
        "the password for the wifi is on the fridge",
        "Released v2.0 at github.com/org/repo; Python 3.11 at python.org.",
    ],
)
def test_what_the_heldout_corpus_found_is_left_alone(text: str) -> None:
    assert Scrubber()(text) == text


# What the blind corpus (bench/data/scrub/blind.jsonl) found missed or wrongly changed; it was
# blind until these were fixed, and blind2.jsonl took its place.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das Passwort für die FritzBox ist Kaffeetasse-2019, aber",
         "Das Passwort für die FritzBox ist [PASSWORD], aber"),
        ("Kennwort: Willkommen#24", "Kennwort: [PASSWORD]"),
        ("mot de passe : Chocolat!Noir88 — ok ?", "mot de passe : [PASSWORD] — ok ?"),
        ("el usuario es x y la contraseña Mariposa$2022, pero",
         "el usuario es x y la contraseña [PASSWORD], pero"),
        ("mysql -u root -p'R00t!Sl4ve-9x' -e 'SHOW'", "mysql -u root -p'[PASSWORD]' -e 'SHOW'"),
        ("sshpass -p 'raspberry-Pi-4b' ssh pi@host", "sshpass -p '[PASSWORD]' ssh pi@host"),
        ("tool --password=Gl4cier-Fjord", "tool --password=[PASSWORD]"),
        ('<add key="ApiSecret" value="oLABqRYIGOOvKQ6fgAEY9nz3uiGao8Az" />',
         '<add key="ApiSecret" value="[TOKEN]" />'),
        ('{"key": "token", "value": "pat-na1-cc9f85ae-ca26-e1c2", "type": "string"}',
         '{"key": "token", "value": "[TOKEN]", "type": "string"}'),
        ("Authorization: Token a1f8e0a2679d49486b0aa1583c894a341cf6cbf9",
         "Authorization: Token [TOKEN]"),
        ("unsigned: eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9. ok?", "unsigned: [TOKEN] ok?"),
        ("org token api_org_OylgDdlD2knavEWyQ3dYf42FfskL9JdzYu", "org token [API_KEY]"),
        ("refresh xoxe-1-mwMqQmL1y4U_w61cgkb7W7jtgJHK5mPZFgZ", "refresh [API_KEY]"),
        ("u?email=jane.doe%40gmail.com&list=weekly", "u?email=[EMAIL]&list=weekly"),
        ("Die Adresse jürgen@müller-bau.de wird", "Die Adresse [EMAIL] wird"),
        ("a ines.garcia arroba gmail punto com cuando", "a [EMAIL] cuando"),
        ("Mail: thomas.mayer (ät) t-online.de, bitte", "Mail: [EMAIL], bitte"),
        ("li.wei＠qq.com or elena&#64;yandex.ru", "[EMAIL] or [EMAIL]"),
        ("to kenji . tanaka @ docomo . ne . jp thanks", "to [EMAIL] thanks"),
        ("email: marta.nowak#wp.pl (replace # with @)", "email: [EMAIL] (replace # with @)"),
        ("Ruf mich an: 0171/2345678, bis 18 Uhr", "Ruf mich an: [PHONE], bis 18 Uhr"),
    ],
)  # fmt: skip
def test_what_the_blind_corpus_found_is_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "DATABASE_URL=postgres://USER:PASSWORD@localhost:5432/DBNAME",
        "DATABASE_URL: postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/app",
        "mongodb+srv://<username>:<password>@cluster0.abcde.mongodb.net/",
        "export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx   # replace",
        'App(token=os.environ.get("SLACK_BOT_TOKEN", "xoxb-your-bot-token"))',
        "STRIPE_SECRET_KEY=\nSTRIPE_PRICE_ID=price_1PQx0bJq8RmTz2Kd",
        "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----",
        'curl -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" --data-urlencode "Body=hi"',
        "2024-06-11 09:12:44.218 UTC [4121] FATAL: password authentication failed",
        "[2024-06-11 09:55:12] INFO posted message",
        "UPS tracking 1Z 999 AA1 01 2345 6784 shows an exception",
        "git clone git@github.com:acme/api.git\ngit@github.com: Permission denied (publickey).",
        "the password reset link is broken, my token expired yesterday",
        "the point is moot at best, point taken",
    ],
)
def test_what_the_blind_corpus_found_is_left_alone(text: str) -> None:
    assert Scrubber()(text) == text


# What the second blind corpus (bench/data/scrub/blind2.jsonl) found missed; written in other
# words here. blind3.jsonl, written after these fixes, is the blind one now.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("token llt_9k2mqzv81xj4c0r7t5bn3w_dQ8s-Zp2Lx7Vh4Kc1Nm9Rt6 fails", "token [TOKEN] fails"),
        ("ALTER USER 'app'@'%' IDENTIFIED BY 'Tq7!mw2Lx0pz';", "ALTER USER 'app'@'%' IDENTIFIED BY '[PASSWORD]';"),
        ("CREATE ROLE etl WITH LOGIN PASSWORD 'h3Ll0-Wor1d-x';", "CREATE ROLE etl WITH LOGIN PASSWORD '[PASSWORD]';"),
        ("db.internal:5432:*:etl:Qm4z!xP9kT2w", "db.internal:5432:*:etl:[PASSWORD]"),
        ("requirepass Zebra-2024-Blue\nmaxmemory 1gb", "requirepass [PASSWORD]\nmaxmemory 1gb"),
        ('nmcli dev wifi connect "cafe" password "p4ssW0rd-cafe"', 'nmcli dev wifi connect "cafe" password "[PASSWORD]"'),
        ("net user backup Tr0ub4dor-x9 /add", "net user backup [PASSWORD] /add"),
        ("java -jar cli.jar -s http://ci/ -auth bob:K9xq2LmPw7 build", "java -jar cli.jar -s http://ci/ -auth bob:[PASSWORD] build"),
        ("define( 'DB_PASSWORD', 'orange-river-42-stone' );", "define( 'DB_PASSWORD', '[PASSWORD]' );"),
        ("Wi-Fiのパスワードは Hq8vN2kLp0Zs です。", "Wi-Fiの[PASSWORD]パスワードは [PASSWORD] です。".replace("[PASSWORD]パ", "パ")),
        ('export API_SECRET="Ab3dEf9hJk2m\\\nNp4qRs7tUv1w"', 'export API_SECRET="[TOKEN]"'),
        ('[auth]\nsecret_key = "kQ2(Zx9!mP4vL7wR1tY8"', '[auth]\nsecret_key = "[TOKEN]"'),
        ("headers={'Authorization': 'Bearer ' + 'Xk4Jq9Lm2Np7Rs1Tv6Wy'}", "headers={'Authorization': 'Bearer ' + '[TOKEN]'}"),
        ('twilio Client("AC0123456789abcdef0123456789abcdef", "Hd7kQ2mX9pL4vN8rT1wZ6yB3cF5gJ0sA")',
         'twilio Client("[API_KEY]", "[TOKEN]")'),
        ("écrivez à anne [at] orange [point] fr", "écrivez à [EMAIL]"),
        ("drop a line to pieter at example.nl please", "drop a line to [EMAIL] please"),
        ("mail naar jan apenstaartje kpn punt nl", "mail naar [EMAIL]"),
        ("sender bad.actor@evil-corp[.]com flagged", "sender [EMAIL] flagged"),
        ("scrivimi a luca.rossi@libero.it:grazie", "scrivimi a [EMAIL]:grazie"),
        ("Standard : +33 (0)4 72 10 30 30", "Standard : [PHONE]"),
        ("Office 212-555-0199 ext. 12", "Office [PHONE]"),
        ("customer_phone=2125550199", "customer_phone=[PHONE]"),
    ],
)  # fmt: skip
def test_what_the_second_blind_corpus_found_is_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "docker run -u 1000:1000 -v $PWD:/app node:20 npm test",
        "git push git@github.com:acme/api.git main",
        "ssh admin@10.0.0.5:22 is refused",
        "secret = secrets.token_hex(32)",
        'password: "(hidden)"',
        "look at github.com for the release notes",
    ],
)
def test_what_the_second_blind_corpus_fixes_leave_alone(text: str) -> None:
    assert Scrubber()(text) == text
