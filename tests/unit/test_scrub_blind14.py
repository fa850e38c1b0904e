# ruff: noqa: E501  (one case a line: the text and what it becomes, side by side)
"""The families of finders added after the fourteenth blind corpus (bench/data/scrub/blind14.jsonl),
which is made of work chat: handovers, helpdesk tickets, HR and payroll forms, deliveries and
viewings, fraud reviews. Passwords far from their word or with a "=" in them, the codes of
cabinets and of safes that "open with" them, a SIM's PUK, a token on the line after its name,
backup codes in groups of four digits, Oracle's "user/password@" logins, authenticator keys;
the numbers of payroll and clinic forms (tax, social insurance, health card, bank account)
after their names, a patient's or an employee's code after the word for them; plates of more
countries; a visitor's IP address; number-first addresses where a home is visited and the
street forms of more countries; logins made from the name of a person the turn names. Every
value here is made up for this file, in other words and languages than the corpus's; and what
must stay as it is beside each family.
"""

from __future__ import annotations

import pytest

from lifelong.learning.scrub import Scrubber


def scrub(text: str) -> str:
    return Scrubber(learned=False)(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("میرا ای میل کا پاس ورڈ Zp4_rWq9!mT ہے، کسی کو مت بتانا۔", "میرا ای میل کا پاس ورڈ [PASSWORD] ہے، کسی کو مت بتانا۔"),
        ("Te paso la contraseña del portal de proveedores para que subas las facturas del mes: Lumen-orchard-83. Luego la cambias.", "Te paso la contraseña del portal de proveedores para que subas las facturas del mes: [PASSWORD]. Luego la cambias."),
        ("A palavra-passe do portal das finanças para entregares o IVA deste trimestre: Harbor?72", "A palavra-passe do portal das finanças para entregares o IVA deste trimestre: [PASSWORD]"),
        ("Kannst du dich bei der Lohnsoftware mit Rq7*mVx=P2k~Lb9 anmelden und die Abrechnung ziehen?", "Kannst du dich bei der Lohnsoftware mit [PASSWORD] anmelden und die Abrechnung ziehen?"),
        ("sqlplus -s raport/Xw3$kTq9pL@//db-prod.firma.local:1521/ERP @dzienny.sql", "sqlplus -s raport/[PASSWORD]@//db-prod.firma.local:1521/ERP @dzienny.sql"),
    ],
)  # fmt: skip
def test_passwords_far_from_their_word_or_holding_a_sign_are_scrubbed(
    text: str, expected: str
) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Medikamentenschrank Code 730918, bitte nach Schichtende abschließen.", "Der Medikamentenschrank Code [PASSWORD], bitte nach Schichtende abschließen."),
        ("SIM gesperrt, die PUK steht auf der Karte: 51820937.", "SIM gesperrt, die PUK steht auf der Karte: [PASSWORD]."),
        ("The safe in the back office opens with 582914, float is in the top drawer.", "The safe in the back office opens with [PASSWORD], float is in the top drawer."),
        ("Ofis kapısının şifresi 640285, kimseye söyleme.", "Ofis kapısının şifresi [PASSWORD], kimseye söyleme."),
    ],
)  # fmt: skip
def test_codes_of_cabinets_safes_and_sims_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Slack の Bot トークン（本番）は\nQm9vZ2xlUmVhbEtleTk4dXJZZ3hRbE1wNnR2S3pRd2VSdHlVaW9QYXNkRmdoSmtsWnhjdkJubTEyMzQ1Njc4OTBhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5eg5fG7hJ\nです。", "Slack の Bot トークン（本番）は\n[TOKEN]\nです。"),
        ("Kody zapasowe do konta Google firmy:\n1. 4821 7730\n2. 9034 1187\n3. 2256 6409\n4. 7710 3392\n5. 5583 9021", "Kody zapasowe do konta Google firmy:\n1. [TOKEN]\n2. [TOKEN]\n3. [TOKEN]\n4. [TOKEN]\n5. [TOKEN]"),
        ("Clé de configuration 2FA pour le portail impots: JBSWY3DPEHPKXQAM — je peux la mettre dans le coffre partagé ?", "Clé de configuration 2FA pour le portail impots: [TOKEN] — je peux la mettre dans le coffre partagé ?"),
    ],
)  # fmt: skip
def test_tokens_backup_codes_and_setup_keys_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Data pegawai baru: NPWP 09.254.294.3-407.000, BPJS Ketenagakerjaan 18029384756", "Data pegawai baru: NPWP [ID], BPJS Ketenagakerjaan [ID]"),
        ("Nuevo empleado: NIT 900.373.913-4, número de cuenta 0123 4567 8901 2345", "Nuevo empleado: NIT [ID], número de cuenta [ACCOUNT]"),
        ("Dados do funcionário: PIS 120.54721.49-8, Cartão de Cidadão 14897235 4 ZY2", "Dados do funcionário: PIS [ID], Cartão de Cidadão [ID]"),
        ("Nowy pracownik: NIP 526-104-08-28, dowód osobisty ABC523711", "Nowy pracownik: NIP [ID], dowód osobisty [ID]"),
        ("Right to work checked online, share code WQ7 PLX 2RM, applicant starts Monday.", "Right to work checked online, share code [ID], applicant starts Monday."),
        ("Walk-in: Amélie Tremblay, health card number 6142-807-395-KT, can we see her today?", "Walk-in: Amélie Tremblay, health card number [ID], can we see her today?"),
        ("Please send the appointment letter for patient MRX-8830142 to the ward.", "Please send the appointment letter for patient [ID] to the ward."),
        ("Die Mitarbeiterin MA-5520931 ist diese Woche krank gemeldet.", "Die Mitarbeiterin [ID] ist diese Woche krank gemeldet."),
        ("El paciente HCL4420918 no vino a su cita del martes.", "El paciente [ID] no vino a su cita del martes."),
        ("EmpNo\tName\tEmail\nEMP8803\tAna Lima\tana@example.org", "EmpNo\tName\tEmail\n[ID]\tAna Lima\t[EMAIL]"),
    ],
)  # fmt: skip
def test_numbers_of_payroll_and_clinic_forms_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bilen ABC 123 står utanför porten, flytta den.", "Bilen [PLATE] står utanför porten, flytta den."),
        ("Auton OXK-429 omistaja soitti parkkipaikasta.", "Auton [PLATE] omistaja soitti parkkipaikasta."),
        ("Vozidlo 2AB 4417 parkuje na místě pro invalidy.", "Vozidlo [PLATE] parkuje na místě pro invalidy."),
        ("34 ABC 912 plakalı araç otoparkta kaldı.", "[PLATE] plakalı araç otoparkta kaldı."),
        ("Автомобиль М417ОР 199 стоит на газоне, напиши жалобу.", "Автомобиль [PLATE] стоит на газоне, напиши жалобу."),
        ("The customer logged in from IP 81.2.69.160 twice, then changed the password.", "The customer logged in from IP [IP] twice, then changed the password."),
        ("Le client a passé commande depuis l'IP 81.2.69.160 puis a contesté le paiement.", "Le client a passé commande depuis l'IP [IP] puis a contesté le paiement."),
        ("Bestellung von 81.2.69.160 aus, drei fehlgeschlagene Logins danach.", "Bestellung von [IP] aus, drei fehlgeschlagene Logins danach."),
    ],
)  # fmt: skip
def test_plates_of_more_countries_and_visitors_addresses_are_scrubbed(
    text: str, expected: str
) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Confirm the tenant's inspection at 22 Harcourt Rd, Toorak VIC 3142 on Friday.", "Confirm the tenant's inspection at [ADDRESS] on Friday."),
        ("Reply to Sam Okoye, moving from 88 Beaumont Ave, Halifax, NS B3H 2Y9 to Calgary next month.", "Reply to Sam Okoye, moving from [ADDRESS] to Calgary next month."),
        ("التسليم إلى السيد أحمد، 14 شارع التحرير، الدقي، الجيزة.", "التسليم إلى السيد أحمد، [ADDRESS]."),
        ("গ্রাহক রহিম, বাড়ি 12, রোড 7, ধানমন্ডি, ঢাকা।", "গ্রাহক রহিম, [ADDRESS]।"),
        ("El cliente vive en la Calle 72 # 10-34, apto 302, Medellín.", "El cliente vive en la [ADDRESS]."),
        ("Livrare către Bd. Unirii nr. 22, bl. 4, București.", "Livrare către [ADDRESS]."),
        ("Lettre pour M. Dubois, Avenue Louise 231, 1050 Ixelles.", "Lettre pour M. Dubois, [ADDRESS]."),
        ("寄送到高雄市前鎮區中山二路5號3樓給王先生。", "[ADDRESS]給王先生。"),
    ],
)  # fmt: skip
def test_addresses_of_visits_and_of_more_countries_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please reset Hannah Becker's access, her login is hbecker on the VPN.", "Please reset Hannah Becker's access, her login is [USERNAME] on the VPN."),
        ("Dodaj użytkownika jan.nowak (Jan Nowak) do grupy Księgowość.", "Dodaj użytkownika [USERNAME] (Jan Nowak) do grupy Księgowość."),
        ("Désactive le compte jdupont de Julien Dupont, il a quitté la société.", "Désactive le compte [USERNAME] de Julien Dupont, il a quitté la société."),
    ],
)  # fmt: skip
def test_logins_made_from_a_named_persons_name_are_scrubbed(text: str, expected: str) -> None:
    assert scrub(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Die Kühlschrank-Temperatur lag heute bei 4 Grad, der Code im Handbuch ist E-21.",
        "The safe harbour rule opens with a two-step test under section 230.",
        "Ofis kapısı saat 09:00'da açılır, anahtar güvenlikte.",
        "My PUK letter is somewhere in the drawer, how do I request a new one?",
        "What does this base64 decode to? aGVsbG8gd29ybGQ=",
        "DB_HOST=db\nDB_PORT=5432\nDB_PASSWORD=${DB_PASSWORD}",
        'resource "aws_db_instance" "main" {\n  password = var.db_password\n  kms_key_id = aws_kms_key.main.arn\n}',
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEfRz8Xn3LqkYpLw9Cq2Uo1Xs4mVb7\n-----END PUBLIC KEY-----",
        "API_KEY=\nNEXT_PUBLIC_URL=https://example.com",
        "Bankszámla 120 000 Ft, pénztár 35 000 Ft — így jó a könyvelés?",
        "The patient in room 12 was discharged, 3 more patients arrived at 14:00.",
        "Our employee handbook v2 is on the intranet, 45 pages.",
        "We rented a car for EUR 150 a week in Sweden, was that a good price?",
        "Volvo XC60 2019 eller BMW X3, vilken bil är bäst?",
        "Googlebot crawled the shop from 66.249.66.1 and the user agent looks legit, is that fine?",
        "The Empire State Building is at 350 Fifth Avenue, New York, NY 10118 — when does it open?",
        "We're moving from Python 3.9 to 3.12 next quarter.",
        "Rue de la Loi 16 is the seat of the Belgian prime minister.",
        "Erik Lindqvist wrote the book, and Sophie Fontaine translated it into French.",
        "Ask Megan Ramirez about the budget before Friday.",
        "Company number 08123456 belongs to our parent, Acme Holdings Ltd.",
        "AWB 176-12345675 is stuck at customs in Dubai.",
        "Calle 13 is a band from Puerto Rico.",
        "Tesco's registered office: Tesco House, Shire Park, Kestrel Way, Welwyn Garden City, AL7 1GA.",
    ],
)
def test_what_the_fourteenth_blind_corpus_families_leave_alone(text: str) -> None:
    assert scrub(text) == text
