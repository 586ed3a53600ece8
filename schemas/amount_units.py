"""An amount's unit as its column header states it: 'Kinh phí (triệu đồng)', 'Kinh phí, tr.đ - NSNN',
'Kinh phí (ĐVT: 1.000đ/người)'. Headers are folded (no case, diacritics or punctuation) before they are
read, so words folding alike are told apart here (tỷ and công ty, đồng and huy động, a rate and a unit);
docs/decisions.md, "Amounts in another unit", says what is read and why.
"""

from __future__ import annotations

import re

from cadres.text import fold

_UNIT_NOTE = re.compile(r"\(([^)]*)\)|\bĐVT\b\s*[:.]?\s*(.*)$", re.IGNORECASE)
"""Where a header states its unit: in brackets ('Kinh phí (triệu đồng)') or after 'ĐVT' (đơn vị tính)."""
WORD_UNITS = {
    **{"ty": 10**9, "ti": 10**9, "trieu": 10**6, "tr": 10**6, "trd": 10**6},
    **{"nghin": 10**3, "ngin": 10**3, "ngan": 10**3, "ngd": 10**3, "ng": 10**3, "ngh": 10**3},
}
"""Units in words, folded: tỷ, tỉ; triệu, tr.đ, trđ; nghìn, ngàn, ng.đ, ngh.đ, ngđ."""
_UNIT_WORD = r"ty|ti|trieu|trd|tr|ngh?in|ngan|ngd|ngh?(?= (?:d|dong|vnd)\b)"
_CURRENCY = r"d|dong|vnd"
_TEN_POWER = r"1(?: ?0)+"
"""A power of ten in digits, folded: '10', '1.000' ('1 000'), '1000000'."""
_STATED_POWER = rf"{_TEN_POWER}|000(?: 000)*"
"""A power of ten as a unit is written: digits, or the accountants' zeros alone ('000đ', '.000 đồng')."""
_SOURCE = r"(?:ns\w*|xhh|xa hoi hoa|tw|dp|tu ns\w*|lam tron)"
"""A budget's source in a folded note (NSNN, NSTW, XHH, TW, ĐP, từ NSTW): after 'tr' it makes tr triệu ('(tr
TW)'), and beside a bare number it leaves the number the note's unit ('(ĐVT: 1.000, NSNN)')."""
_AMOUNT_UNIT = re.compile(
    r"\b(trieu|trd|ngh?in|ngd|ngh?(?= (?:, )?(?:d(?:ong)?|vnd)\b(?! c\b))"
    rf"|t[yi](?= ?(?:{_CURRENCY})\b)|(?<!\bcong )(?<!\bc )t[yi](?! (?:le|gia|trong|suat)\b)"
    rf"|ngan(?= ?(?:{_CURRENCY})\b)"
    r"|(?<!\blop )(?<!\bkhoa )(?<!\bhoc )(?<!\btao )(?<!\bduong )(?<!\bhuan )(?<!\bbd )(?<!\bdt )"
    r"ngan(?! (?:sach|hang|quy|han|ngay)\b)"
    rf"|tr(?= ?(?:{_CURRENCY})\b| ,|$| {_SOURCE}\b| (?:tu|tinh|huyen|xa)(?= ,|$)))\b"
)
"""A unit in words in a header's note, folded (its parts kept apart, `_folded_note`). Triệu and nghìn are
units wherever they stand; tỷ, tỉ and ngàn unless they start another word ('tỷ lệ', 'tỷ giá', 'tỷ trọng',
'công ty', 'c.ty', 'ngân sách', 'ngân hàng', 'ngân quỹ', 'ngắn hạn', 'ngắn ngày'; with a currency after them
always: 'đầu tư công tỷ đồng'), nor ngàn after a course's words ('ngắn', short, folds alike: '(lớp bồi
dưỡng ngắn)', '(đào tạo ngắn)', '(khóa học ngắn)') unless a currency follows ('(mỗi lớp ngàn đồng)'); tr, an
abbreviation of many words ('Tr. Chính trị', 'xem tr. 5'), only with a currency or a source after it or
ending the note or a part of it ('tr.đ', '(tr)', '(tr, NSĐP)', '(Tr NSNN)', '(tr TW)', '(tr tỉnh)',
'(tr/khóa)'), not '(Tr.CT tỉnh)'; ng and ngh only before đ or VNĐ ('ng/đ', 'ngh.đ', 'ngVNĐ')."""
_UNIT_IN_DIGITS = re.compile(
    rf"(?<!\d )(?:\b|(?<=x))({_STATED_POWER}) ?"
    rf"({_UNIT_WORD}|dong|d(?! (?:c|v|vi)\b)|vnd)?\b"
)
"""A unit in digits, folded: a power of ten, then a unit word or đồng ('1.000đ', '10.000 đồng', '10 triệu',
'100 nghìn đồng'), or alone as the whole note ('(1.000)'); not part of a larger number ('2.100.000 đồng'),
nor a count of people or units ('100 đ/c', '10 Đ/v', '10 Đ/vị'; '10 đồng chí' is read × 10 still: it folds
like '1.000 đồng chi thường xuyên', spending, a unit); zeros alone are the accountants' thousands ('000đ')."""
_TRAILING_NOTE = re.compile(r"\s*(?:\([^()]*\)|\d{1,2}/|\*+)\s*$")
"""A note in brackets or a footnote's mark ending a header: '(NSNN)', '(làm tròn)', '(1)', '(*)', '1/', '*'
(a unit in brackets is read as a note of its own, `_UNIT_NOTE`)."""
_SEPARATOR = re.compile(r"\s*((?<!\d),|,(?!\d)|[;:/–—-])\s*")
"""Where a header's parts part: a comma, semicolon, colon, slash or dash ('Kinh phí, triệu đồng - NSNN'); a
comma between digits groups them ('1,000 đồng')."""
_BRACKETED = re.compile(r"\([^()]*\)")
_UNIT_PHRASE = re.compile(
    rf"(?:{_TEN_POWER} ?)?(?:{_UNIT_WORD})(?: ?(?:{_CURRENCY}))?|{_TEN_POWER} ?(?:{_CURRENCY})|{_CURRENCY}"
)
"""A money unit and nothing else, folded: 'triệu đồng', 'tr.đ', '1.000đ', 'nghìn', 'đồng'."""
_UNIT_AND_CURRENCY_ENDING = re.compile(
    rf"\s((?:{_TEN_POWER} ?)?(?:(?:{_UNIT_WORD}) ?(?:{_CURRENCY})|trd|ngd)|{_TEN_POWER} ?(?:{_CURRENCY})|vnd)$"
)
"""A money unit that cannot be a word of the amount's name, ending a folded header after a space: a unit
word with its currency ('Kinh phí triệu đồng', 'Kinh phí ngđ'), a power of ten with it ('Kinh phí 1.000đ'),
'VNĐ'. A word alone there is the amount's name ('Kinh phí huy động', 'Kinh phí công ty')."""


def amount_multiplier(header: str | None) -> int:
    """How many đồng an amount's header says each unit is, from its note: 'Kinh phí (triệu đồng)'
    1,000,000, '(nghìn đồng)', '(1.000đ)' 1,000, '(10.000 đồng)' 10,000, '(tỷ đồng)' a billion; 1 for the
    standard's '(đồng)', '(VNĐ)' or no note. Words outside the note are the amount's name ('Kinh phí ngân
    sách'); a number not followed by a unit ('(1.000 người)', '(2025)') is no unit."""
    for note in _unit_notes(header):
        if in_digits := _unit_in_digits(note):
            return in_digits
        if words := _AMOUNT_UNIT.findall(note):
            return max(WORD_UNITS[word] for word in words)  # the largest a note names
    return 1


def _unit_in_digits(note: str) -> int | None:
    """A folded note's unit in digits: a power of ten before a unit word or đồng, or of four digits or more
    alone in the note, after a unit's label or with an 'x', a source beside it or not ('(1.000)', '(ĐVT:
    1.000, NSNN)', '(x1000)'); '(10)', a column's number, '(100% NSNN)', '(Mã: 10000)' state none."""
    source = rf"(?:\d+ )?{_SOURCE}[a-z\d ]*"
    for digits, unit in _UNIT_IN_DIGITS.findall(note):
        alone = re.fullmatch(rf"(?:{source} , )*(?:(?:{_UNIT_LABEL})(?: ,)? )?x? ?{digits}(?: , {source})*", note)
        if unit or (alone and digits.startswith("1") and len(digits.replace(" ", "")) >= 4):
            number = digits.replace(" ", "")
            return (int(number) if number.startswith("1") else 10 ** len(number)) * WORD_UNITS.get(unit, 1)
    return None


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_TEN_TO_THE = re.compile(r"(?<!\d)(?<!\d[.,])10(?:\s*\^\s*(\d{1,2})|\s?([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}))")
_TIMES_BEFORE = re.compile(r"\d\s*[x×*]\s*$", re.IGNORECASE)
_SQUARE_NOTE = re.compile(r"\[([^\[\]]*)\]")
"""A note in square brackets: a unit ('[tỷ]') or a footnote's mark ('[1]'), read after the round ones."""


def _powers_written_out(header: str) -> str:
    """A power of ten written with its exponent ('10^6 đồng', '10³ đ', 'x10^3') in digits: folding made
    '10³ đ' ten đồng. Not a number times one ('2 x 10^6 đồng/người', an amount), nor past 10^12."""

    def written_out(found: re.Match[str]) -> str:
        power = int((found[1] or found[2]).translate(_SUPERSCRIPTS))
        if power > 12 or _TIMES_BEFORE.search(header[: found.start()]):
            return found[0]
        return "1" + "0" * power

    return _TEN_TO_THE.sub(written_out, header)


def _unit_notes(header: str | None) -> list[str]:
    """A header's notes that may state a unit, folded: in brackets, after 'ĐVT', or a unit ending it
    (`_unit_ending`: left unread, 'Kinh phí, triệu đồng' loaded 150 triệu as 150 đồng, told only as small),
    then in square brackets ('Kinh phí [tỷ]'), read last: a round note's unit comes first ('[nghìn người]
    (tỷ đồng)'), and a square note (a footnote's mark: '[1]', '[*]') is taken out of a round note and of
    the header's ending ('(NSNN [1] tỷ)', 'Kinh phí, triệu đồng [1]')."""
    header = _powers_written_out(header or "")
    round_only = _SQUARE_NOTE.sub(" ", header)
    notes = [_folded_note(bracketed or after) for bracketed, after in _UNIT_NOTE.findall(round_only)]
    if ending := _unit_ending(round_only):
        notes.append(ending)
    return notes + [_folded_note(inner) for inner in _SQUARE_NOTE.findall(header)]


_HYPHENATED = re.compile(r"([\w.]+)-(?=(\w+))")
_JOINED_BY_HYPHEN = frozenset(["cong", "c", "ngan", "ty", "ti"])
"""Words a hyphen joins to the next ('công-ty', 'c-ty', 'ngân-sách', 'ngắn-hạn', 'tỷ-lệ'): one word each, never
a unit; so does a stated power of ten's to a unit word ('1.000-đ', '1000-tr', 'x1000-đ'); any other hyphen parts
('Kinh phí-đồng', '(đ-NSNN)', '(ĐTC-tỷ)', '(2025-đ)', '(1.000-5.000)', a range '(5-10-tr)')."""
_POWER_OF_TEN = re.compile(rf"x?(?:{_STATED_POWER})")


def _joined(found: re.Match[str]) -> str:
    before, after = fold(found.group(1)), fold(found.group(2))
    range_end = re.search(r"\d-$", found.string[: found.start()]) is not None  # '5-10-tr': a range, its unit
    unit = _POWER_OF_TEN.fullmatch(before) is not None and _UNIT_PHRASE.fullmatch(after) is not None and not range_end
    return found.group(1) + (" " if before in _JOINED_BY_HYPHEN or unit else "-")


def _parts(text: str) -> list[tuple[str, str]]:
    """The text's parts between its separators, folded, each with the separator after it. Letters alone
    either side of a slash abbreviate and stay in their part ('Đ/v' or 'Đ/vị', đơn vị; 'đ/án', đề án; 'H/Đ',
    hợp đồng; 'đ/c', đồng chí: 'd v', never a part 'd' read as đồng); 'đ/người', 'đ/HV' are đồng a person."""
    pieces = _SEPARATOR.split(_HYPHENATED.sub(_joined, text))
    texts, separators = [pieces[0]], []
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        before, after = (texts[-1].split() or [""])[-1], (piece.split() or [""])[0]
        if (
            separator == "/"
            and len(before) == 1
            and before.isalpha()
            and (len(after) == 1 or fold(after) in ("vi", "an"))
        ):
            texts[-1] += f" {piece}"
        else:
            separators.append(separator)
            texts.append(piece)
    return list(zip([_unglued(fold(part)) for part in texts], [*separators, ""], strict=True))


_GLUED_CURRENCY = re.compile(r"\b(?:(trieu|tr|ty|ngh?in|ngan|ngh?)(dong|vnd|d)|(ti)(dong|vnd))\b")
"""A unit word and its currency typed as one ('tỷđ', 'triệuđồng', 'Trđồng', 'nghìnVNĐ', 'ngđồng'), folded: no
Vietnamese syllable ends in đ, so the pair is never a word of its own; 'tid' stays one ('TID', a code)."""


def _unglued(folded: str) -> str:
    """A folded part with a unit word and its currency typed as one told apart ('tyd' → 'ty d')."""
    return _GLUED_CURRENCY.sub(lambda found: " ".join(part for part in found.groups() if part), folded)


_RATE = re.compile(
    rf"(?<!\d)(?!(?:19|20)\d\d\b)(\d[\d ]*?) ?(?:(?:{_UNIT_WORD})(?: ?(?:{_CURRENCY}))?|(?:{_CURRENCY}))$"
)
_THOUSANDS_UNIT = re.compile(r"1(?: ?000)*")
"""1, 1.000, 1.000.000: the numbers a unit is stated in ('1.000đ/người', thousand đồng a person)."""


_EACH = re.compile(r" moi(?: [a-z]+){1,2}$")
"""'mỗi người', 'mỗi học viên' after an amount, folded: a rate's, as '/người' is."""
_TIMES = re.compile(
    r"(?<!\bphi)(?<!\bdvt)(?<!\bvi)(?<!\btinh)(?<!\bbang)(?<!\bns\w\w)(?<!\btw)(?<!\bdp)(?<!\bxhh) x \d"
)
"""A count times an amount ('số học viên x 100.000đ', '10 người x 2 triệu'), folded: a formula, its amount
a rate's; not after the amount's name, a unit's label, 'bằng' or a source ('Kinh phí x 10.000 đ', 'ĐVT x
1.000đ', 'Đơn vị tính x 1 triệu đồng', 'NSNN x 10.000đ': the unit)."""
_POWER_STATED = re.compile(r"1(?: ?000)+")
"""1.000, 1.000.000: a unit stated in digits ('định mức 1.000đ'), where '1 triệu' after 'mức' is a rate."""


def _is_rate(part: str, after: str) -> bool:
    """An amount ending a part, with a number before its unit, that is a rate's, not the column's unit:
    before a slash ('mức 100.000đ/người', '2 triệu đồng/người'), before 'mỗi' ('100.000đ mỗi người'),
    after 'mức' ('mức 2 triệu đồng') or in a formula ('số học viên x 100.000đ'). A year is no such number
    ('năm 2025 triệu đồng/khóa'), nor a unit in thousands before a slash ('1.000đ/người', thousand đồng a
    person) but after 'mức' ('mức 1.000.000đ/người'), nor one stated in digits without a slash ('định mức
    1.000đ', 'tổng mức 1.000.000 đồng'; 'mức 1 triệu đồng' is a rate)."""
    amount = _EACH.sub("", part)
    level = "muc" in part.split()
    found = _RATE.search(amount)
    if found is None or not (after == "/" or amount != part or level or _TIMES.search(part)):
        return False
    if after == "/":
        return not _THOUSANDS_UNIT.fullmatch(found.group(1)) or level
    return not _POWER_STATED.fullmatch(found.group(1))


_UNIT_LABEL = r"dvt|don vi(?: tinh)?"
"""A unit's label in a folded note: ĐVT, đơn vị tính, đơn vị."""


def _folded_note(note: str) -> str:
    """A note folded with its parts kept apart by ' , ' ('tỷ, NSNN' → 'ty , nsnn'; 'tr/khóa' → 'tr , khoa'):
    folding alone makes 'tỷ, NSNN' read as 'tỷ' followed by a word, and 'đầu tư công - tỷ' as 'công ty'. A
    rate's part is left out (`_is_rate`)."""
    return " , ".join(part for part, after in _parts(note) if not _is_rate(part, after))


def _unit_ending(header: str) -> str | None:
    """A money unit ending one of the header's parts (split at its separators), folded: all of a part
    after the first ('Kinh phí, triệu đồng', 'Kinh phí - tr.đ', 'Kinh phí, đồng', 'Kinh phí, triệu đồng -
    NSNN', '…/khóa'), or a unit word with its currency after a space ('Kinh phí triệu đồng', 'Kinh phí
    1.000đ', 'Kinh phí triệu đồng - NSNN'); notes in brackets and footnotes' marks left out ('Kinh phí,
    triệu đồng (NSNN)', '… (1)'). Words that merely end in a unit's letters name the amount ('huy động',
    'công ty'), a letter beside a slash abbreviates ('Đ/v', `_parts`), and an amount with a number before a
    slash is a rate's ('100.000 đồng/người'): none is a unit. A header stating two units is the province's
    to mend: the first is read."""
    for _ in range(3):  # 'Kinh phí, triệu đồng (NSNN) (1)'
        header = _TRAILING_NOTE.sub("", header)
    parts = _parts(_BRACKETED.sub(" ", header))
    for at, (part, after) in enumerate(parts):
        if _is_rate(part, after):
            continue
        if _UNIT_PHRASE.fullmatch(part):  # the amount's name is the first part: never a unit alone
            return part
        if found := _UNIT_AND_CURRENCY_ENDING.search(f" {part}"):
            return found.group(1)
        joined = _with_its_currency(parts, at)  # a rate before the slash ('150 ngh/đ') or in a formula ('x 1 tr/đ')
        if joined is None or _is_rate(joined, "/") or _is_rate(joined, ""):
            continue
        if found := _UNIT_AND_CURRENCY_ENDING.search(f" {joined}"):
            return found.group(1)
    return None


_ENDS_IN_A_UNIT_WORD = re.compile(r"(?<!\bcong )(?<!\bc )\b(?:ty|ti|trieu|tr|ngh?in|ngh?)$")
"""A unit word ending a folded part, after a space: not 'công ty' ('c ty'), nor ngàn, which 'ngắn' and 'ngân'
fold to ('đào tạo ngắn/đ'); a number ending it is no unit word ('lớp 10/đ')."""


def _with_its_currency(parts: list[tuple[str, str]], at: int) -> str | None:
    """A part ending in a unit word read with the currency a slash parts from it ('Kinh phí tr/đ', 'Kinh
    phí nghìn/đồng': triệu đồng, as '(tr/đ)' in brackets is); None where no currency alone follows."""
    part, after = parts[at]
    following = parts[at + 1][0] if at + 1 < len(parts) else ""
    if after == "/" and re.fullmatch(_CURRENCY, following) and _ENDS_IN_A_UNIT_WORD.search(f" {part}"):
        return f"{part} {following}"
    return None


def states_a_unit(header: str | None) -> bool:
    """Whether a header's note names a unit, đồng included ('Kinh phí (đồng)', 'Kinh phí (triệu đồng)'):
    a unit stated only above the table ('ĐVT: triệu đồng') does not overrule it."""
    return any(_AMOUNT_UNIT.search(n) or _unit_in_digits(n) or _says_dong(n) for n in _unit_notes(header))


_PRECEDING_OTHER_DONG = frozenset(
    "huy hoat cong hoi lao van bien chu tac luu bat kich xuc phat tuong tu vien hv dan nhan".split()  # noqa: SIM905
)
_FOLLOWING_OTHER_DONG = frozenset(["gop", "chi", "thoi", "tai"])
"""Words beside 'dong' (folded) that make it another word than đồng: huy động, hoạt động, cộng đồng, hội
đồng, lao động, vận động, biến động, tự đóng, tự động, học viên (HV, nhân dân, cá nhân) đóng …; đóng góp,
đồng chí, đồng thời, đồng tài trợ; and đồng bào, but not 'đồng bao gồm' (`_says_dong`)."""


def _says_dong(note: str) -> bool:
    """A folded note saying đồng ('(đồng)', '(VNĐ)', '(đồng, NSNN)', '(NSNN đồng)', '(tính theo đồng)', '(đ,
    NSNN)'), not with a word folding alike ('(huy động)', '(Hội đồng nhân dân)', '(nhân dân đóng góp)',
    '(cho 2 đồng chí)', '(Đ/c tự túc)'): such a note states no unit, and a table's 'ĐVT' line applies."""
    words = ["", *note.split(), "", ""]
    for before, word, after, then in zip(words, words[1:], words[2:], words[3:], strict=False):
        if word == "vnd" or (word == "d" and before in ("", ",") and after in ("", ",")):
            return True
        other = after in _FOLLOWING_OTHER_DONG or (after == "bao" and then != "gom")
        if word == "dong" and before not in _PRECEDING_OTHER_DONG and not other:
            return True
    return False
