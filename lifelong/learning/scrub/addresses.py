"""The scrubber's finder of street addresses: a street and its house number in the forms of
about 30 countries, with the flat before it and the flat, district, town, state, postal code
and country after it (on the same line or on lines of their own, as a parcel's label has
them); an address line by its label; an address in a map link. A public place's address
(a museum's, a station's) stays. See :mod:`lifelong.learning.scrub.scrubber`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["address_finders"]


# Street addresses: a street (its kind of word in the languages of the corpus) and its house
# number, with the postal code and town that follow when they do.
_STREET_SUFFIX = (
    r"stra(?:ß|ss)e|str\.|weg|allee|gasse|platz|ring|damm|ufer|chaussee|laan|gracht|straat|"
    r"plein|kade|dijk|singel|steeg|gatan|vägen|v[äa]gen|gränd|gade|vej|allé|plads|stræde|"
    r"gate|gaten|veien|vegen|gata|katu|tie"
)
_EN_STREET = (
    r"street|st\.?|road|rd\.?|avenue|ave\.?|lane|ln\.?|drive|dr\.?|boulevard|blvd\.?|way|"
    r"court|ct\.?|place|pl\.?|terrace|close|crescent|square|parkway|pkwy|highway|hwy|grove|"
    r"circle|cir\.?|trail|trl\.?|cres\.?|"
    r"gardens|park|hill|row|walk|mews|green|view|vale|rise|heights|quay|wharf"
)
# A house number with its letter or its floor: 44a, 7 b, 7/2, 98-III (Amsterdam's floors), 12-hs.
_HOUSE_NUMBER = (
    r"\s+\d+(?:\s?[a-zA-Z](?![\w]))?(?:[-/](?:\d+[a-zA-Z]?|[IVX]{1,4}|hs|huis|bis)(?![\w]))?\b"
)
_POSTAL_TOWN = (
    r"(?:,?\s*(?:\d{4}\s?[A-Z]{2}(?![\w])|\d{4,5}(?:-\d{3,4})?|\d{2}-\d{3})\s+[A-ZÀ-Ý][\w\-]+"
    r"(?:[ \t]+(?-i:[A-Z][a-z]+)(?=\s*[,.\n]|$))?)?"  # Den Haag, Bad Homburg
)
# Compounds of "-platz" and "-ring" that are a place in a table, a car park or a club, not a
# square: "Tabellenplatz 7", "Stellplatz 12", "Sportplatz 2", "Boxring 3".
_NOT_A_SQUARE = (
    r"(?:Tabellen|Park|Stell|Sitz|Steh|Start|Sport|Fu(?:ß|ss)ball|Spiel|Tennis|Golf|Camping|"
    r"Zelt|Arbeits|Ausbildungs|Studien|Kita|Krippen|Kindergarten|Liege|Abstell|Lager|Trainings|"
    r"Rasen|Kunstrasen|Hunde|Box|Rang|Sieger|Treff)(?:platz|ring)\b"
)
_ADDRESS = re.compile(
    # Lindenstraße 44, Kastanienallee 7a, Oudegracht 268 (3511 AX Utrecht)
    rf"(?<![\w])(?:(?:[A-ZÀ-Ý][\w\-]*\s+(?:(?:de|van|der|den|von|la|le)\s+)?)?"
    rf"(?!{_NOT_A_SQUARE})[A-ZÀ-ÝØÆÅ][\w\-]*(?:{_STREET_SUFFIX})|[A-ZÀ-Ý][\w\-]*[ \t]"
    r"(?:Stra(?:ß|ss)e|Weg|Allee|Gasse|Platz|Ring|Damm)"
    # Thereses gate 139A, Karl Johans gate 22, Drottning Kristinas väg 9 (a name's genitive)
    r"|[A-ZÀ-ÝÆØÅ][\w\-]*s[ \t](?:gate|gata|gatan|vei|veg|vej|väg|vägen|allé|plass|torg|"
    r"stræde|katu|tie))"
    rf"{_HOUSE_NUMBER}{_POSTAL_TOWN}"
    # 6318 W Armitage Ave, 76 Whitfield Road
    rf"|(?<![\w.])\d{{1,5}}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'\-]*\s+){{1,3}}"
    rf"(?i:{_EN_STREET})(?![\w])"
    # 53 rue des Lilas, 12 bis avenue ...
    r"|(?<![\w])\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|boulevard|bd|chemin|place|all[ée]e|"
    r"impasse|quai|cours)\s+(?:(?:de|des|du|la|le|l'|d')\s*){0,2}[A-ZÀ-Ý][\w'\-]*(?:\s+[A-ZÀ-Ý][\w'\-]*)?"
    rf"{_POSTAL_TOWN}"
    # Calle de Alcalá 344, Via Giuseppe Garibaldi, 27, Rua de Santa Catarina, 220, ul. Długa 62/9
    r"|(?<![\w])(?:Calle|C/|Avenida|Avda\.?|Av\.|Paseo|Plaza|Carrer|Via|Viale|Piazza|Corso|Largo|Rua|"
    r"Travessa|Praça|Estrada|ul\.|al\.|ulica|aleja)\s+"
    r"(?:(?:de|del|da|do|dos|das|la|di|della|dello|delle|degli)\s+|dell'\s?)?"
    r"(?:[A-ZÀ-Ýa-zà-ÿ0-9'ąćęłńóśźżĄĆĘŁŃÓŚŹŻ\-]+\s+){0,3}?[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻ][\w'\-]*,?\s+\d+"
    rf"(?:\s?[A-Za-z](?![.\w])|/\d+)?\b{_POSTAL_TOWN}"
)
# Forms of a few countries, each tried only where the text has what they need (their first
# characters are "any run of non-spaces", costly to try at every position of every turn).
_ADDRESS_MORE = (
    # Am Kirchberg 19, An der Alster 4, Im Winkel 7a, Auf dem Berg 3
    (re.compile(r"\b(?:Am|An der|An den|Im|In der|Auf dem|Auf der|Zum|Zur|Unter den) [A-ZÄÖÜ]"),
     re.compile(r"(?<![\w])(?:Am|An der|An den|Im|In der|Auf dem|Auf der|Zum|Zur|Unter den)\s+"
                r"[A-ZÄÖÜ][\wäöüß\-]+\s+\d+[a-z]?(?![\w])")),
    # 東京都世田谷区北沢3丁目12-13, 〒134-6115 東京都世田谷区太子堂2-27-10 メゾン桜163
    (re.compile(r"[都道府県]"),
     re.compile(r"(?:〒\s?\d{3}-\d{4}\s*)?\S{0,6}[都道府県]\S{1,8}?[市区町村郡]\S{0,10}?\d+(?:丁目)?"
                r"[\d\-－]+(?:[ \u3000]\S{1,10}?\d+)?")),
    # 서울특별시 송파구 올림픽로 196, 109동 1777호
    (re.compile(r"\S[로길]\s*\d"),
     re.compile(r"(?:\S+(?:특별시|광역시|도|시)\s+)?\S+[구군시]\s+\S+(?:로|길)\s*\d+(?:-\d+)?"
                r"(?:,?\s*(?:\d+동\s*)?\d+호)?")),
    # 上海市徐汇区漕溪北路232弄24号602室
    (re.compile(r"\d+[号號]"),
     re.compile(r"(?:(?<=地址)|(?<=地址[:：])|(?<![\u4e00-\u9fff]))"
                r"(?:\S{2,4}?[省市])?(?:\S{1,4}?[市区县區縣])?\S{1,12}?[路街道巷]"
                # (Taiwan: 復興南路一段104號12樓)
                r"(?:[一二三四五六七八九十]{1,3}段)?(?:\d+巷)?(?:\d+弄)?\d+[号號](?:之\d+)?"
                r"(?:\d+(?:栋|号楼|幢|座))?(?:\d+单元)?(?:\d+室)?(?:\d+[樓楼Ff](?:之\d+)?)?")),
    # ул. Гарибальди, д. 30, кв. 280
    # вул. Шевченка, 83, кв. 58 (Ukraine: the house's number without its word)
    (re.compile(r"(?i)\b(?:ул|улица|пр|просп|проспект|пер|переулок|наб|бульвар|ш|вул|вулиця|"
                r"пров|провулок|бульв)\.?\s"),
     re.compile(r"(?i)(?:г\.\s*[А-ЯЁ][\w\-]+,\s*)?"
                r"(?:ул\.|улица|пр\.|просп\.|проспект|пер\.|переулок|наб\.|бульвар|ш\.|вул\.|"
                r"вулиця|пров\.|провулок|бульв\.)\s*"
                r"[А-ЯЁЇІЄҐA-Z][\w\-']+(?:\s[\w\-']+)?,?\s*(?:(?:д\.|дом|буд\.)\s*)?\d+[а-я]?"
                r"(?![\w.,]\d)(?:,?\s*(?:корп\.|к\.|стр\.)\s*\d+)?"
                r"(?:,?\s*(?:кв\.|квартира)\s*\d+)?(?:,\s*\d{6})?")),
    # שדרות מוריה 62 דירה 22; شارع التحلية، مبنى 71، شقة 16
    (re.compile(r"רחוב|רח'|שדרות|שד'|דרך|شارع|طريق"),
     re.compile(r"(?:רחוב|רח'|שדרות|שד'|דרך)\s+\S+(?:\s\S+)?\s+\d+(?:\s*(?:דירה|ד')\s*\d+)?"
                r"|(?:(?:ال)?حي\s+\S+(?:\s\S+)?[،,]\s*)?(?:شارع|طريق)\s+\S+(?:\s\S+)?[،,]?\s*"
                r"(?:(?:مبنى|عمارة)\s*)?\d+(?:[،,]\s*شقة\s*\d+)?"
                # 90 شارع الهرم (Egypt: the number first)
                r"|(?<![\w/])\d{1,4}\s+(?:شارع|طريق)\s+[^\s،,\d]+(?:\s[^\s،,\d]+)?")),
    # تهران، خیابان ولیعصر، کوچه لاله، پلاک 24، واحد 4 (Iran: the plate is the house number)
    (re.compile(r"پلاک"),
     re.compile(r"(?:[\u0600-\u06ff]+[،,]\s*)?(?:خیابان|کوچه|بلوار|میدان|بزرگراه)\s+[^\s،,]+"
                r"(?:\s[^\s،,\d]+)?(?:[،,]\s*(?:خیابان|کوچه|بن‌بست|بلوار)\s+[^\s،,]+"
                r"(?:\s[^\s،,\d]+)?)*[،,]?\s*پلاک\s*\d+(?:[،,]?\s*(?:واحد|طبقه)\s*\d+)?")),
    # Blk 26 Lot 49, Sampaguita St. (the Philippines' subdivisions)
    (re.compile(r"(?i)\b(?:blk|block)\b"),
     re.compile(r"(?i)\b(?:blk|block)\.?\s*\d+[a-z]?\s*,?\s*lot\.?\s*\d+[a-z]?")),
    # Flat 605, Sai Residency, 19th Cross, Indiranagar, Bengaluru 560038 (a six-digit PIN)
    (re.compile(r"(?i)\b(?:flat|house|hse|plot|door|h\.\s?no)\b"),
     re.compile(r"(?i)(?:\b(?:flat|house|hse|plot|door)\s+(?:no\.?\s*)?|\bh\.\s?no\.?\s*)"
                r"\d+[a-z]?(?:[-/]\d+)*,[^\n]{5,120}?,\s*[A-Z][a-z]+\s+[1-9]\d{5}\b"
                # House No. 77, Ngong Road, Kilimani: two places or more after it
                r"|\b(?:flat|house|hse|plot|door)\s+(?:no\.?\s*)?\d+[a-z]?(?:[-/]\d+)*"
                r"(?:,\s*(?-i:[A-Z0-9][\w.'\-]*(?:\s+[A-Z][a-z][\w.'\-]*){0,3})){2,5}")),
    # Vinohradská 165/14 (Czech and Slovak: the house's two numbers)
    (re.compile(r"\d/\d"),
     re.compile(r"(?<![\w])[A-ZÀ-ÝČŘŠŽ][\wáéíóúýčďěňřšťůž]+(?:ská|cká|ní|ova|ovo)\s+\d+/\d+[a-z]?")),
    # Bağdat Cad. No: 3 Daire: 13, Cumhuriyet Mah. Lale Sok. No: 11
    (re.compile(r"(?i)\b(?:cad|sok|bulv|blv|sk\.|cd\.)"),
     re.compile(r"(?<![\w])(?:[A-ZÇĞİÖŞÜ][\wçğıöşü]+\s+(?:Mah\.|Mahallesi)\s+)?"
                r"[A-ZÇĞİÖŞÜ][\wçğıöşü]+\s+(?:Cad\.|Caddesi|Cd\.|Sok\.|Sk\.|Sokak|Sokağı|Bulvarı|"
                r"Blv\.)\s+"
                r"No\s*:?\s*\d+[A-Za-z]?")),
    # Villa 17, Street 20 (the Gulf's numbered streets); House 5, Road 12; Flat 3, Block 4
    (re.compile(r"(?:[Ss]treet|[Rr]oad|St|Rd|[Ss]ikka|[Bb]lock|[Ss]ector|STREET|ROAD) ?\d"),
     re.compile(r"(?i)\b(?:villa|house|flat|apartment|apt\.?|building|bldg\.?|office|shop|plot)"
                r"\s*(?:no\.?\s*)?\d+[a-z]?,\s*(?:street|st\.?|road|rd\.?|sikka|block|sector)"
                r"\s*(?:no\.?\s*)?\d+[a-z]?\b")),
    # Jl. Kemang Raya No. 37 (Indonesia), No. 12, Jalan Bukit Bintang (Malaysia), RT 03/RW 05
    (re.compile(r"\b(?:Jl|Jln|Jalan|Gg|Gang|Lorong|Persiaran|JL|JALAN)\b"),
     re.compile(r"(?<![\w])(?:Jl\.?|Jln\.?|Jalan|Gg\.?|Gang)\s+[A-Z0-9][\w.'\-]*"
                r"(?:\s+[A-Z0-9][\w.'\-]*){0,4}?,?\s+No\.?\s*\d+[A-Za-z]?(?:/\d+)?"
                r"(?:,?\s*RT\.?\s*\d+\s*/\s*RW\.?\s*\d+)?"
                r"|(?<![\w])No\.?\s*\d+[A-Za-z]?,\s*(?:Jalan|Jln\.?|Lorong|Persiaran)\s+"
                r"[A-Z0-9][\w'\-]*(?:\s+[A-Z0-9][\w'\-]*){0,4}")),
    # Số 30 Nguyễn Trãi, Phường 3 (Vietnam: no word for the street, its ward after it)
    (re.compile(r"[Pp]hường|[Qq]uận|[Xx]ã |[Hh]uyện"),
     re.compile(r"(?<![\w/])(?:[Ss]ố\s*)?\d+[a-zA-Z]?(?:/\d+)*\s+[A-ZÀ-ỸĐ]\w*(?:\s+[A-ZÀ-ỸĐ]\w*){0,4}"
                r"(?=,\s*(?:[Pp]hường|[Qq]uận|[Xx]ã|[Hh]uyện|P\.|Q\.)\s)")),
    # Carrera 34 # 139-66, Calle 72 No. 10-34 (Colombia: the crossing street and the metres)
    (re.compile(r"#|No\.?\s*\d|N[°º]"),
     re.compile(r"(?<![\w])(?:Calle|Carrera|Cra\.?|Kra\.?|Cr\.?|Cl\.?|Cll\.?|Avenida|Av\.?|"
                r"Transversal|Tv\.?|Diagonal|Dg\.?|Autopista)\s+\d+[A-Z]?(?:\s?[Bb]is)?\s*"
                r"(?:#|No\.?|N[°º]\.?)\s*\d+[A-Z]?\s*-\s*\d+")),
    # Λεωφόρος Κηφισίας 159, Οδός Ερμού 12 (Greece)
    (re.compile(r"Οδ|Λεωφ|Πλατ"),
     re.compile(r"(?:Οδός|Οδ\.|Λεωφόρος|Λεωφ\.|Πλατεία|Πλ\.)\s+[Α-ΩΆ-Ώ][\wά-ώ]+"
                r"(?:\s+[Α-ΩΆ-Ώ][\wά-ώ]+){0,2}\s+\d+[α-ω]?(?![\w])")),
    # Μητροπόλεως 131, 54624 Θεσσαλονίκη (Greece: the street's genitive, a postcode, a town)
    (re.compile(r"[\u0370-\u03ff]\s+\d"),
     re.compile(r"(?<![\w])[Α-ΩΆ-Ώ][\wά-ώ]+(?:\s+[Α-ΩΆ-Ώ][\wά-ώ]+)?\s+\d{1,4}[α-ω]?,\s*"
                r"\d{3}\s?\d{2}\s+[Α-ΩΆ-Ώ][\wά-ώ]+")),
    # თბილისი, აბაშიძის ქ. 26, ბინა 20; Երևան, Կոմիտասի փ. 5, բն. 15 (the town first)
    (re.compile(r"ქ\.|ქუჩა|გამზ|փ\.|փողոց|պող"),
     re.compile(r"(?:[\u10a0-\u10ff]+,\s*)?[\u10a0-\u10ff]+\s+(?:ქ\.|ქუჩა|გამზ\.|გამზირი)\s*"
                r"\d+[\w/]*(?:,\s*(?:ბინა|ბ\.)\s*\d+)?"
                r"|(?:[\u0531-\u058f]+,\s*)?[\u0531-\u058f]+\s+(?:փ\.|փողոց|պող\.|պողոտա)\s*"
                r"\d+[\w/]*(?:,\s*(?:բն\.|բնակարան)\s*\d+)?")),
    # ផ្ទះលេខ 141 ផ្លូវ 153 សង្កាត់... (Cambodia), ເຮືອນເລກທີ 36, ໜ່ວຍ 35, ບ້ານ... (Laos): the
    # house's number, the street's or the unit's, then the quarter, the district, the city
    (re.compile(r"ផ្ទះ|ເຮືອນ"),
     re.compile(r"ផ្ទះ(?:លេខ)?\s*\d+\w*\s*ផ្លូវ\s*\d+\w*(?:\s+[\u1780-\u17ff]+){0,3}"
                r"|ເຮືອນ(?:ເລກທີ)?\s*\d+(?:,\s*ໜ່ວຍ\s*\d+)?(?:,\s*[\u0e80-\u0eff]+){0,3}")),
    # 74, காமராஜர் தெரு, சென்னை 600064; റോസ് വില്ല ഹൗസ്, എറണാകുളം 682051 (India in its own
    # scripts: the street's or the house's word, the town, a six-digit PIN)
    (re.compile(r"தெரு|சாலை|நகர்|ഹൗസ്|റോഡ്|വീട്|ਰੋਡ|ਗਲੀ|रोड|मार्ग|गली|ರಸ್ತೆ|రోడ్|వీధి|রোড"),
     re.compile(r"(?:(?<![\w/])\d{1,4}[,/]?\s*)?(?:[\u0900-\u0dff]+\s+){0,3}"
                r"(?:தெரு|சாலை|நகர்|ഹൗസ്|റോഡ്|വീട്|ਰੋਡ|ਗਲੀ|रोड|मार्ग|गली|ರಸ್ತೆ|రోడ్|వీధి|রোড)"
                r"[,\s]+(?:[\u0900-\u0dff]+[,\s]+){1,3}[1-9]\d{5}(?!\d)")),
    # Str. Mihai Eminescu nr. 174, Bd. Unirii nr. 5 (Romania)
    (re.compile(r"\bnr\.?\s*\d"),
     re.compile(r"(?<![\w])(?:Str\.|Strada|Bd\.|B-dul|Bulevardul|Calea|[ȘŞS]os\.|[ȘŞS]oseaua|"
                r"Aleea|Pia[țţ]a)\s+(?:[A-ZĂÂÎȘŞȚŢ][\w\-]*\.?\s+){1,4}?nr\.?\s*\d+[A-Za-z]?")),
    # Rue Haute 172, 1348 Louvain-la-Neuve (Belgium: the number after the name, a postcode)
    (re.compile(r"(?i)\b(?:rue|avenue|chauss[ée]e|boulevard|place|chemin|dr[èe]ve|clos|all[ée]e|"
                r"square|quai|impasse)\b"),
     re.compile(r"(?<![\w])(?:Rue|Avenue|Av\.|Chauss[ée]e|Boulevard|Bd|Place|Chemin|Dr[èe]ve|Clos|"
                r"All[ée]e|Square|Quai|Impasse)\s+(?:(?:de|du|des|la|le|l'|d')\s*){0,2}"
                r"[A-ZÀ-Ý][\w'\-]*(?:\s+[A-ZÀ-Ý][\w'\-]*){0,2}\s+\d{1,4}[a-zA-Z]?"
                r"(?:\s?(?:bte|bus|boîte)\s?\d+)?(?=,?\s*\d{4}\s+[A-ZÀ-Ý])")),
    # বাড়ি 146, রোড 25 (Bangladesh: the house and the road by number)
    (re.compile(r"রোড|সড়ক|লেন"),
     re.compile(r"(?:বাড়ি|বাসা|হোল্ডিং)\s*(?:নং\.?\s*)?[\d০-৯]+[a-zA-Z/\-\d০-৯]*[,،]?\s*"
                r"(?:রোড|সড়ক|লেন)\s*(?:নং\.?\s*)?[\d০-৯]+")),
    # 125/93 ถนนรัชดาภิเษก (Thailand: the number, then the road or the lane)
    (re.compile(r"ถนน|ซอย"),
     re.compile(r"(?<![\w/])\d+(?:/\d+)?\s+(?:ถนน|ถ\.|ซอย|ซ\.)\s*[^\s\d,]+"
                r"(?:(?:\s*\d{1,3}(?![\d/]))?(?:\s+[^\s\d,]+){1,4}?\s+\d{5}(?!\d))?")),
    # मकान नं. 296, सेक्टर 15, रोहिणी (India in Hindi: the house by its number first)
    (re.compile(r"मकान|फ्लैट|प्लॉट|हाउस|घर"),
     re.compile(r"(?:मकान|फ्लैट|प्लॉट|हाउस|घर)\s*(?:नं\.?|नंबर|संख्या|न\.)\s*\d+[A-Za-z]?(?:[/-]\d+)*")),
    # số 12 đường Lê Lợi, 45 phố Hàng Bạc (Vietnam)
    (re.compile(r"đường|phố|Đường|Phố|ngõ|Ngõ|hẻm|Hẻm"),
     re.compile(r"(?i)(?:số\s*)?\d+[a-z]?(?:/\d+)*(?:(?:,?\s+(?:ngõ|ngách|hẻm|kiệt)\s+\d+[a-z]?"
                r"(?:/\d+)*)+\s+(?:(?:đường|phố)\s+)?|\s+(?:đường|phố)\s+)"
                r"(?-i:[A-ZÀ-ỸĐ][\w]*(?:\s+[A-ZÀ-ỸĐ][\w]*){0,4})")),
)  # fmt: skip

# What follows a street and its number: the flat (Apt 2B, lgh 1389, 4. mf., 1º izq.,
# 3.º Esq., m. 52, Daire: 13) and the postal code and town (79123 Freiburg im Breisgau,
# 114 51 Stockholm, 2200 København N, Austin, TX 78704, Leeds LS6 9JD).
_UNIT = (
    r"(?:apto|apt|apartment|unit|suite|ste|flat|lgh|m|daire|d|dpto|piso|int|dept|kv)\b\.?\s*:?"
    r"\s*\w{1,5}\.?|#\s*\w{1,5}|(?:bl|ap|sc|et|bloc|blok|scara|etaj)\.\s*\w{1,4}"
    r"|\d{1,3}\s*\.?\s*(?:º|ª|\.º|\.ª|mf|th|tv|sal|og|stock|etg|étage|et\.)\.?"
    r"(?:\s*(?:izq|dcha|dch|esq|dto|dta|drt|izda|dr|esq)\.?|\s+[A-Z](?![\w]))?"
)
_TOWN = (
    r"[A-ZÀ-ÝÆØÅÇİŞĞÜÖČŘŠŽ][\w\-]+(?:/[A-ZÀ-ÝÇİŞĞÜÖ][\w\-]+)?"
    r"(?:\s+(?:im|am|an der|ob der|N|S|Ø|V|C|K)\b(?:\s+[A-Z][\w\-]+)?"
    r"|\s+(?:de|del|do|da|di|la)\s+[A-ZÀ-Ý][\w\-]+)?"
)
_TAIL = re.compile(
    rf"(?:,?\s*(?i:{_UNIT}))*"
    r"(?:,?\s*(?:\d{3} ?\d{2}|\d{4,5}(?:-\d{3,4})?|\d{4} ?[A-Z]{2}|\d{2}-\d{3}|\d{3}-\d{3}|"
    rf"[A-Z]-?\d{{4,5}})\s+{_TOWN}"
    r"|,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?"
    rf"|,?\s*(?:[A-Z][a-z]+\s+)?[A-Z]{{1,2}}\d[A-Z\d]?\s?\d[A-Z]{{2}}(?![\w])"
    rf"|,\s*{_TOWN}\s+\d{{5}}\s+{_TOWN}"
    # Toronto, ON M4K 4V6; Fitzroy VIC 3065; Dublin 4, D04 F1T3; - Pinheiros, São Paulo - SP,
    # 05424-009
    r"|,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,?\s*[A-Z]{2}\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d"
    r"|,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s+(?:VIC|NSW|QLD|SA|WA|TAS|ACT|NT)\s+\d{4}"
    r"|(?:,\s*[A-Z][a-z]+){1,2}(?:\s\d{1,2})?,\s*[AC-FHKNPRTV-Y]\d[\dW]\s?[0-9AC-FHKNPRTV-Y]{4}"
    r"|\s*[–-]\s*[A-Z][\w ]+,\s*[A-Z][\w ]+?\s*[–-]\s*[A-Z]{2},?\s*\d{5}-\d{3}"
    # Col. Del Valle, 03100 Ciudad de México, CDMX
    rf"|,\s*Col\.\s*[A-Z][\w ]+?,\s*\d{{5}}\s+{_TOWN}(?:,\s*[A-Z]{{2,5}}\b)?"
    r"|,\s*Col(?:\.|onia)\s*[A-Z][\w ]+?(?=\s*[,\n]|$)"
    r"|\s+(?:im|am|an der|ob der|bei)\s+[A-Z][\w\-]+"
    # a letter's header: the town and the postcode on lines of their own
    r"|\n[ \t]*[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?[ \t]*\n[ \t]*"
    r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![\w])"
    rf"|,?\s*{_TOWN}(?=\s*[,.\n]|$)(?:,?\s*(?:\d{{4,5}}|[A-Z]{{2}}\s+\d{{5}}))?)?"
)
_UNIT_BEFORE = re.compile(r"(?i)(?:flat|apt\.?|apartment|unit|suite)\s+\w{1,5}[,\n/]?\s*$")
# A number-first address where a home is visited, moved out of or delivered to: a viewing, an
# inspection, a move, a pick-up, a tenant's or a buyer's ("confirming the viewing at 74 Long
# St", "moving from 3424 Commercial Dr"), or in a barangay ("..., Brgy. Loyola Heights").
_VISITED_BEFORE = re.compile(
    r"(?i)\b(?:viewing|inspection|moving|move|moved|relocat\w*|pick(?:ing)?[ -]?up|collect\w*|"
    r"install\w*|tenant|landlord|buyer|seller|entry notice|ihatid|hatid|besichtigung|"
    r"umzug|visite|d[ée]m[ée]nag\w*|mudanza|trasloco|verhuizing|przeprowadzk\w*)\b"
    r"[^.!?\n]{0,40}$"
)
_BARANGAY = re.compile(r"(?i)\bbrgy\b|\bbarangay\b")

# ... and, one piece at a time, the rest of a long address: a district and a town between
# commas ("Consolação, São Paulo", "Al Barsha 2, Dubai"), a state ("- SP", "VIC"), a postal
# code, the country; and the lines of a parcel's label ("Fitzroy VIC 3065\nAustralia").
_PLACE = (  # (after an abbreviation: "TP. Hồ Chí Minh", "Kec. Menteng")
    r"(?:[A-Z][A-Za-z]{0,3}\.\s*)?[A-ZÀ-ÝÆØÅÇİŞĞÜÖČŘŠŽĐА-ЯЁЇІЄҐ][\w'\-]+(?:\s+(?:(?:de|do|da|dos|das|del|di|la|le|du|des|van|von|"
    r"al|el|bin)\s+)?[A-ZÀ-ÝÆØÅÇİŞĞÜÖČŘŠŽĐ][\w'\-]+){0,3}(?:\s+\d{1,2}(?![\w-]))?"
)
_POSTCODE = (
    r"(?:\d{5}(?:-\d{3,5})?|\d{3}[ -]?\d{2,3}|\d{4}(?:\s?[A-Z]{2}(?![\w]))?|\d{2}-\d{3}|\d{6}|"
    r"[A-Z]\d[A-Z]\s?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})(?![\w-])"
)
_COUNTRY = (
    r"(?:Australia|United Kingdom|UK|USA|U\.S\.A\.|United States|Canada|Ireland|New Zealand|"
    r"Germany|Deutschland|France|Spain|España|Italy|Italia|Netherlands|Nederland|Belgium|"
    r"België|Belgique|Brazil|Brasil|Portugal|Mexico|México|India|Indonesia|Malaysia|Singapore|"
    r"Philippines|UAE|United Arab Emirates|Saudi Arabia|Turkey|Türkiye|Poland|Polska|Sweden|"
    r"Sverige|Norway|Norge|Denmark|Danmark|Finland|Suomi|Switzerland|Schweiz|Suisse|Austria|"
    r"Österreich|Japan|South Africa|Argentina|Chile|Colombia|Peru|Perú|Vietnam|Việt Nam|"
    r"Thailand|Egypt|Nigeria|Kenya)(?![\w])"
)
# (Hebrew, Arabic, the scripts of India, Thai, Georgian, Burmese: no capitals to tell a name by)
_UNCASED_PLACE = (
    r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u10a0-\u10ff\u1000-\u109f][^\s,،.:;!?।\d]*"
    r"(?:\s[^\s,،.:;!?।\d]+){0,2}(?:\s+\d{1,3}(?![\w/-]))?"
)
_POSTAL_WORD = (
    r"(?:C\.\s?P\.|CP|CEP|PLZ|S\.L\.P\.|P\.\s?O\.\s?Box|PO Box|Postfach|Apartado|"
    r"Caixa Postal|T\.K\.|ZIP|Pin(?:code)?|PIN)"
)
_PHONE_WORD = r"(?!(?:GSM|Tel|Tél|Tlf|Phone|Mobile|Mob|Cell|Fax|Handy|Telefon|Cel|Celular|Móvil)\b)"
_PIECE = re.compile(
    rf"\s*[,،]\s*{_PHONE_WORD}{_PLACE}(?:\.(?=[,،]))?(?=\s*(?:[,،.\n]|[–—-]\s|\d|$))"
    rf"|\s*[–-]\s*[A-Z]{{2,3}}(?![\w])"
    rf"|\s+(?:VIC|NSW|QLD|SA|WA|TAS|ACT|NT|[A-Z]{{2}})\s+\d{{4,5}}(?![\w-])"
    rf"|[ \t]*[,،]?[ \t]*{_POSTCODE}(?:[ \t]+{_TOWN}(?=\s*[,.\n]|$))?"
    rf"|[ \t]*(?:,|\r?\n)[ \t]*{_COUNTRY}"
    # a postal code after its word: "C.P. 04664", "CEP 09126-545", "S.L.P. 54644-00107"
    rf"|[ \t]*[,–-]?[ \t]*{_POSTAL_WORD}[ \t]*:?[ \t]*\d[\d -]{{2,10}}\d(?![\w-])"
    # the flat after a comma: ", int. 19", ", apto 95", ", Apt 4B"
    rf"|[ \t]*,[ \t]*(?i:{_UNIT})(?![\w-])"
    # a staircase and a flat: "Pursimiehenkatu 88 B 2"; a district after an en or em dash
    # ("... apto 95 - Botafogo")
    r"|[ \t]+[A-Z][ \t]+\d{1,3}(?=[ \t]*,)|(?<=\s[A-Z])[ \t]+\d{1,3}(?=[ \t]*,)"
    rf"|[ \t]+[–—][ \t]+{_PLACE}(?=\s*(?:[,،.\n]|$))"
    rf"|\s*[,،]\s*{_UNCASED_PLACE}(?=\s*(?:[,،.\n।]|[–—-]\s|\d|$))"
    # a line of its own: "Fitzroy VIC 3065", "Springfield, IL 62704", "Leeds LS6 9JD"
    rf"|\r?\n[ \t]*{_PLACE},?[ \t]+(?:[A-Z]{{2,3}}[ \t]+)?{_POSTCODE}[ \t]*(?=\r?\n|$)"
)


def _extent(text: str, start: int, end: int) -> tuple[int, int, int]:
    """An address with its flat before it and its flat, district, town, state, postal code
    and country after it; and where the street and number (what was matched) ended."""
    matched = end
    tail = _TAIL.match(text, end)
    if tail is not None and tail.end() > end:
        end = tail.end()
    # (a piece may reach farther than the tail from the same place: ", Brgy. Poblacion" is one
    # place, where the tail would stop at ", Brgy")
    first = _PIECE.match(text, matched)
    if first is not None and first.end() > end:
        end = first.end()
    for _ in range(8):
        piece = _PIECE.match(text, end)
        if piece is None or piece.end() == end:
            break
        end = piece.end()
    unit = _UNIT_BEFORE.search(text, max(0, start - 20), start)
    places = _PLACES_BEFORE.search(text, max(0, start - 120), start)
    if places is not None:
        start = places.start("places")
    return (unit.start() if unit else start), end, matched


# The town and district written before the street, after the word for an address
# ("العنوان: عمّان، جبل عمّان، شارع ...", "зареєстрована адреса м. Одеса, вул. ...").
_PLACES_BEFORE = re.compile(
    r"(?i)(?:address|adres\w*|adresse|direcci[óo]n|indirizzo|endere[çc]o|anschrift|domicil\w*|"
    r"адрес\w*|العنوان|عنوان|نشانی|כתובת|בכתובת|पता|ที่อยู่)\s*[:：]?\s*"
    r"(?P<places>(?:[^\s,،:\d][^,،:\n\d]{0,30}[,،]\s*){1,3})$"
)


# Whose address: said to be one's own or someone's ("I live at", "ship to: Name, ..."). A
# number-first address alone is as often a company's or a landmark's ("the White House is at
# 1600 Pennsylvania Avenue"); the other forms name a street the way people write their own.
_OWN_ADDRESS = re.compile(
    r"(?i)\b(?:i live|we live|my (?:home |new |old )?address|our address|home address|"
    r"ship(?:ping)? to\b|deliver(?:y)? to\b|send (?:it )?to\b|mail(?:ing)? address|"
    r"billing address|my (?:apartment|flat|house|place)|"
    r"shipping address|address:|\badr[;:]|(?:flat|apt\.?|apartment|unit)\s+\w{1,5},\s*$|"
    r"(?:new|current|postal|delivery|permanent) address(?: is)?|i'?m at|i am at|"
    r"\b(?:leave|drop)\b[^.\n]{0,40}\b(?:at|of|outside)\s*$|"
    r"\b(?:dob|nhs|patient|date of birth)\b[^\n]*\n\s*$|"
    r"\b(?:lives|living|stays|staying|resides)\s+at\s*$|\bhome\s*$|(?:^|\n)[ \t]*site\s*:\s*$|"
    r"\b(?:shipping|billing|street|addr\w*)[\"']?\s*[:=]\s*[\"']?$)"
    r"|(?-i:[A-ZÀ-Ý][a-zà-ÿ]+ [A-ZÀ-Ý][a-zà-ÿ'\-]+|[A-Z]{2,} [A-Z]{2,})(?:,\s*|\s*\n)$"
)
# The same, said of oneself in so many words (a name before a comma is said of a museum too:
# "the White House, 1600 Pennsylvania Avenue").
_OWN_STRONG = re.compile(
    r"(?i)\b(?:i live|we live|my (?:home |new |old )?address|our address|home address|"
    r"my (?:apartment|flat|house|place)|i'?m at|i am at)\b"
)


# An address line by its label ("Delivery address: Flat 136, Sai Krupa Apartments, 7th Cross,
# Indiranagar, Bengaluru 560014"): the rest of the line, when it holds a number and a comma.
_LABELLED = re.compile(
    # (at a line's start, or after a chat export's sender: "09:59\tMisha\tAdres: ...")
    r"(?im)(?:^[ \t]*|(?<=\t)|(?<=[^\s\d]: )|(?<=\d: ))"
    r"(?:(?:home|delivery|shipping|billing|mailing|postal|current|new)[ _]address|"
    r"address|leveransadress|postadresse|lieferadresse|anschrift|adresse de livraison|domicilio|"
    r"direcci[óo]n de env[íi]o|endere[çc]o de entrega|indirizzo di consegna|bezorgadres|"
    r"adres dostawy|osoite|endere[çc]o|adresse|adres|alamat|direcci[óo]n|indirizzo|adresa|"
    r"địa chỉ|адрес\w*|عنوان|כתובת|पता|ที่อยู่|주소|住所|地址|"
    r"διε[υύ]θυνση|முகவரி|വിലാസം|ທີ່ຢູ່|អាសយដ្ឋាន|მისამართი|հասցե|አድራሻ|ਪਤਾ|ঠিকানা|"
    r"anwani|tirahan|adresa|nashani|نشانی|پتہ|cím|lakcím|adressi|heimilisfang)[ \t]*[:：][ \t]*"
    r"(?P<value>[^\n]{8,160})$"
)
# Where a place is asked about, not where someone lives: "Opening hours of the Eiffel Tower,
# Champ de Mars, 5 Avenue Anatole France, 75007 Paris?", "Tickets for the Colosseum, ...".
_PUBLIC_PLACE = Folded(
    r"opening hours|open(?:ing)? times|tickets?|admission|visit(?:ing)?|museum|gallery|"
    r"tower|palace|castle|cathedral|basilica|church|temple|zoo|stadium|arena|station|airport|"
    r"white house|parliament|capitol|sagrada|colosse\w*|abre\b|abren|apre\b|ouvre|öffnet|"
    r"bigliett\w*|博物|故宫|宫殿|车站|机场|酒店|大学|公园|寺|开放|開放|门票|門票|タワー|駅|"
    r"博物館|神社|城|空港|ホテル|"
    r"hotel|restaurant|theat(?:re|er)|cinema|colosseum|monument|embassy|consulate|"
    r"öffnungszeiten|geöffnet|eintritt|horaires|billets?|entradas?|horario|biglietti|orari|"
    r"openingstijden|kaartjes|museo|musée|"
    # a public office's: a prefecture's, a town hall's, a police station's, a court's
    r"pr[ée]fecture|mairie|town hall|city hall|rathaus|b[üu]rgeramt|ayuntamiento|municipio|"
    r"gemeentehuis|stadhuis|police|polizei|polic[íi]a|polizia|commissariat|gendarmerie|"
    r"tribunal|courthouse|post office|bureau de poste|minist[eèé]r\w*|ministry|library|"
    r"biblioth[eè]\w*|biblioteca|consulado|konsulat"
)


# "2181 Cedar Bluff Rd, Apt 6C, ...": a flat, a home; "1600 Amphitheatre Parkway, Mountain
# View" may be a company's.
_A_FLAT = re.compile(r"(?i)\b(?:apt|apartment|flat|unit|lgh|apto)\b\.?\s*\w|#\s*\d")


def _public(text: str, lower: str, start: int, end: int, matched: int) -> bool:
    if _OWN_STRONG.search(text, max(0, start - 80), start):
        return False
    # after the street and its number: what the extent took too ("..., Holmes Museum"), not
    # a landmark the way is told by ("... near the temple", "opposite the station")
    after = _PUBLIC_PLACE.search(text, lower, matched, min(len(text), end + 60))
    if after is not None and _BY_LANDMARK.search(text, max(0, after.start() - 16), after.start()):
        after = None
    return bool(_PUBLIC_PLACE.search(text, lower, max(0, start - 80), start) or after)


_BY_LANDMARK = re.compile(
    r"(?i)\b(?:near|next to|opposite|behind|beside|across from|close to|cerca de|frente a|"
    r"près de|en face de|neben|gegenüber|vicino a|perto d[aoe])"
    r"(?: the| la| el| le| der| dem| il| a| o)?\s+$"
)


def _addresses(text: str, lower: str) -> Iterator[Span]:
    if ":" in text or "：" in text:
        for match in _LABELLED.finditer(text):
            value = match["value"].rstrip(" .")
            letters = sum(c.isalpha() for c in value)
            if (
                any(c.isdigit() for c in value)
                and letters >= 4
                and ("," in value or len(value.split()) >= 3)
            ):
                yield match.start("value"), match.start("value") + len(value), "ADDRESS"
    for gate, pattern in _ADDRESS_MORE:
        if gate.search(text):
            for match in pattern.finditer(text):
                start, end, matched = _extent(text, *match.span())
                if not _public(text, lower, start, end, matched):
                    yield start, end, "ADDRESS"
    for match in _ADDRESS.finditer(text):
        start, end, matched = _extent(text, *match.span())
        if match[0][0].isdigit() and not match[0].split()[1][:1].islower():
            before = text[max(0, match.start() - 60) : match.start()]
            # a flat in it ("801 Beacon St, Apt 3B, Boston") is where someone lives
            if not (
                _OWN_ADDRESS.search(before)
                or _A_FLAT.search(text, start, end)
                or _VISITED_BEFORE.search(before)
                or _BARANGAY.search(text, match.end(), end)
            ):
                continue
        if _public(text, lower, start, end, matched):
            continue
        yield start, end, "ADDRESS"
    if "maps" in lower or "destination=" in lower:
        for match in _MAP_LINK.finditer(text):
            value = match["value"]
            # a street and its number; not a place's coordinates (?q=48.8584,2.2945)
            if any(c.isdigit() for c in value) and sum(c.isalpha() for c in value) >= 4:
                yield *match.span("value"), "ADDRESS"


# An address said to be one's own in a sentence, in no form above ("my address is H.No.
# 12-3-456, Road No. 10, Banjara Hills, Hyderabad 500034"): the rest of the sentence, when it
# reads as one (a number, two commas, two names of places).
_SAID_OWN = Folded(
    r"(?<![\w])(?:(?:my|our|mi|mis|mon|ma|notre|mein\w*|unsere?|minha|meu|mijn|onze|moj[ae]?|"
    r"mój|nasz\w*|benim|мой|моя|наш\w*|我的|私の|제|내)\s+(?:(?:home|new|current|postal|delivery|"
    r"shipping|full|nueva|nuevo|nouvelle|neue|nova|novo|nuova|nieuwe|nowy|yeni|новый)\s+)?"
    r"(?:address|dirección|direccion|domicilio|adresse|anschrift|endereço|endereco|indirizzo|"
    r"adres|adresa|адрес|地址|住所|주소)|alamat(?: rumah)? saya|địa chỉ (?:nhà )?(?:của )?"
    r"(?:tôi|mình)|adresim|ev adresim)"
    r"(?:\s+(?:is now|is|es|est|ist|é|è|to|jest|je|er|är|este|это|是|は|는))?\s*[:：]?\s*"
)
_SENTENCE = re.compile(r"[^\n?!;]{8,160}?(?=\s*(?:$|\n|[?!;]|\.\s|\s[-–—]\s))")
_PLACE_NAME = re.compile(r"(?<![\w.])[A-ZÀ-ÝÆØÅÇİŞĞÜÖČŘŠŽĐ][\w'\-]+")


def _said_own(text: str, lower: str) -> Iterator[Span]:
    if text.count(",") < 2:
        return
    for lead in _SAID_OWN.finditer(text, lower):
        value = _SENTENCE.match(text, lead.end())
        if value is None or not (value[0][0].isupper() or value[0][0].isdigit()):
            continue
        if (
            value[0].count(",") >= 2
            and any(c.isdigit() for c in value[0])
            and len(_PLACE_NAME.findall(value[0])) >= 2
        ):
            yield *value.span(), "ADDRESS"


# An address in a map link: ...google.com/maps/dir/?api=1&destination=Kastanienallee+98b...
_MAP_LINK = re.compile(
    r"(?i)(?:maps\.google\.\w+|google\.\w+/maps|maps\.apple\.com)\S*?[?&/](?:destination|daddr|"
    r"saddr|q|address|place)[=/](?P<value>[^&\s\"'<>]{8,})"
)


def address_finders() -> list[Finder]:
    """The finders of this module: an address by its form first, then one said to be one's
    own in a form of no country above."""
    return [_addresses, _said_own]
