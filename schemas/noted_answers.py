"""A Yes followed by a note that only says which or when: 'Có (CC-2024/0123)', 'Đã cấp số 123/GCN', 'Đạt
chuẩn (2023)', 'ĐV (dự bị)'. Read as Yes; every other note, and every No's, leaves the cell unreadable (a
province's words may take the Yes back or qualify it, which no list of words can close). The note is
matched whole against a small grammar: at most two items, each a labelled identifier or a date, or a party
member's kind; docs/decisions.md, "Booleans", says what is read and why.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from cadres.text import fold

_NOTE_START = re.compile(r"[(\[,;:]|\s[-–—]|[-–—]\s")
"""Where a Yes's note starts: a bracket, a comma, semicolon or colon, a dash with a space beside it (and
the word 'số', `_NUMBER_NOTE`). Not a slash: 'Có/Không' is the template's two answers left in, no answer;
not a tight hyphen ('Có-Không' alike)."""
_NUMBER_NOTE = re.compile(r"(?P<answer>[^\d]{1,20}?) (?P<note>số\b.*)", re.DOTALL)
"""A Yes followed by the word 'số' ('Đã cấp số 123/GCN'), with its diacritics: typed plainly, 'Co so 2'
is as likely 'Cơ sở 2' (a campus)."""
_LONGEST = 80
"""The longest cell a note is looked for in: a note that only says which or when is short."""
_YES_WORDS = "có|có cấp|đã cấp|được cấp|đạt|đạt chuẩn|đã đạt chuẩn|đảng viên|đv|dự bị|chính thức|x|v"
"""The Yes words a note may follow, as typed, diacritics and all ('Đa cấp', 'Cô', 'Đất' fold like 'Đã
cấp', 'Có', 'Đạt'); a cell typed without any diacritics is compared folded ('Da cap (2024)')."""
_PARTY_WORDS = "có|đảng viên|đv|dự bị|chính thức|x|v"
"""The Yes words a member's kind may follow ('ĐV (dự bị)'; not 'Đạt chuẩn (dự bị)')."""
_KIND = "dự bị|chính thức"
_LABEL = "số|mã|cc|gcn|qđ"
"""Words making what follows an identifier ('số 123', 'CC-2024/0123', 'GCN 0123', 'QĐ 15')."""
_NAMING = "giấy chứng nhận|chứng nhận|chứng chỉ|thẻ|bằng|cấp|kết nạp|vào đảng|ngày cấp|cấp ngày|ngày|tháng|năm"
"""Words naming an identifier or a date ('chứng chỉ số 12', 'GCN số 0123', 'ngày cấp 12/5/2024', 'kết nạp
năm 2015'); 'chỉ' alone is 'only' ('chỉ năm 2020'), 'đang' is no 'đảng' ('đang cấp năm 2025')."""
_SUFFIX = "gcn|qđ|cc|ubnd|qđ-ubnd"
"""What may end an identifier after its digits ('123/GCN', '12/QĐ-UBND'): no other letters, which may say
anything ('12-chua-cap', '12/TB-thu-hoi', 'HH2023', '8/10TC')."""


def _date(n: int) -> str:
    """A day, a month or a year, its parts apart by one separator: '12/5/2024', '12.5.2024', '5/2024',
    '2024-05-12', '2024'; not '1-6/2024' (June, from the 1st to the 6th?)."""
    day = rf"[0-9]{{1,2}}(?P<by{n}>[/.-])[0-9]{{1,2}}(?P=by{n})[0-9]{{4}}"
    return rf"(?P<date{n}>{day}|[0-9]{{1,2}}[/.-][0-9]{{4}}|[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}|[0-9]{{4}})"


def _words(alternatives: str, plainly: bool) -> str:
    """Alternatives as typed or, in a cell typed without diacritics, folded ('số' → 'so', 'qđ-ubnd' →
    'qd-ubnd': a hyphen kept)."""
    if not plainly:
        return alternatives
    return "|".join("-".join(map(fold, word.split("-"))) for word in alternatives.split("|"))


def _item(n: int, plainly: bool) -> str:
    label, naming = _words(_LABEL, plainly), _words(_NAMING, plainly)
    code = rf"[0-9]+(?:[/.-][0-9]+)*(?:[/-](?:{_words(_SUFFIX, plainly)}))?"
    identifier = rf"(?:(?:{naming}|{label}) )?(?:{label})(?: ?[:#.-] ?| )?(?P<code{n}>{code})"
    date = rf"(?:(?:{naming}) )*{_date(n)}"
    return rf"(?:{identifier}|{date})"


def _note_pattern(plainly: bool) -> re.Pattern[str]:
    """At most two items, a labelled identifier or a date each, apart by a comma, semicolon or space."""
    return re.compile(rf"{_item(1, plainly)}(?:(?: ?[,;] ?| ){_item(2, plainly)})?", re.ASCII)


def _kind_pattern(plainly: bool) -> re.Pattern[str]:
    """A member's kind, and the date they became one ('chính thức 2021')."""
    naming = _words(_NAMING, plainly)
    return re.compile(rf"(?:{_words(_KIND, plainly)})(?:(?: ?[,;] ?| )(?:(?:{naming}) )*{_date(1)})?", re.ASCII)


_PATTERNS = {plainly: (_note_pattern(plainly), _kind_pattern(plainly)) for plainly in (False, True)}
_YES = {plainly: frozenset(_words(_YES_WORDS, plainly).split("|")) for plainly in (False, True)}
_PARTY = {plainly: frozenset(_words(_PARTY_WORDS, plainly).split("|")) for plainly in (False, True)}


def yes_and_note(cell: str) -> tuple[str, str] | None:
    """A cell's Yes word and its note, as typed in lower case: split at `_NOTE_START`, or else before 'số'
    (`_NUMBER_NOTE`: 'Đã cấp số: 0123', whose colon comes after the word); None where neither split starts
    with a Yes word, or the cell is too long to be a Yes with a short note."""
    typed = unicodedata.normalize("NFC", cell).strip().lower()
    if len(typed) > _LONGEST:
        return None
    splits = []
    if start := _NOTE_START.search(typed):
        splits.append((typed[: start.start()].strip(), typed[start.end() :]))
    if numbered := _NUMBER_NOTE.fullmatch(typed):
        splits.append((numbered["answer"].strip(), numbered["note"]))
    plainly = typed.isascii()
    return next((split for split in splits if split[0] in _YES[plainly]), None)


def noted_yes(cell: str) -> bool | None:
    """Yes where the cell is a Yes word followed by a note that only says which or when; None otherwise."""
    parts = yes_and_note(cell)
    return True if parts is not None and says_only_which_or_when(*parts) else None


def says_only_which_or_when(answer: str, note: str) -> bool:
    """A note (as typed, lower case) made of at most two items, each an identifier after a label ('số 123/GCN',
    'CC-2024/0123', 'GCN 0123') or a date up to today ('12/5/2024', 'năm 2023'), one date at most; or a
    party member's kind after a party Yes ('dự bị', 'chính thức 2021'). Nothing else: two dates make a
    period that may have ended ('1990-2020'), a bare number says how much, not which ('3/5', a phone
    number), a zero is none ('số 0'), a date to come is not yet ('2030')."""
    plainly = note.isascii() and answer.isascii()
    note = note.strip(" ()[]")
    notes, kinds = _PATTERNS[plainly]
    found = notes.fullmatch(note)
    if found is None and answer in _PARTY[plainly]:
        found = kinds.fullmatch(note)
    if found is None:
        return False
    groups = found.groupdict()
    dates = [groups[name] for name in ("date1", "date2") if groups.get(name)]
    codes = [groups[name] for name in ("code1", "code2") if groups.get(name)]
    years = len(dates) + sum(len(_years_in(code)) for code in codes)
    return years <= 1 and all(map(_a_date_gone_by, dates)) and all(map(_identifies, codes))


def _a_date_gone_by(text: str) -> bool:
    """A real date, month or year from 1945 up to today."""
    numbers = [int(part) for part in re.split(r"[/.-]", text)]
    if len(numbers) == 3 and numbers[0] > 31:  # '2024-05-12'
        numbers.reverse()
    if len(numbers) == 3:
        day, month, year = numbers
    elif len(numbers) == 2:  # a month: its first day
        (month, year), day = numbers, 1
    else:  # a year: its first day
        day, month, year = 1, 1, numbers[0]
    try:
        moment = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1945, 1, 1) <= moment <= dt.date.today()


def _years_in(code: str) -> list[int]:
    return [int(group) for group in re.findall(r"[0-9]+", code) if len(group) == 4 and 1900 <= int(group) <= 2099]


_PHONE = re.compile(r"0[0-9]{9,10}|84[0-9]{9}|[35789][0-9]{8}")
"""A Vietnamese phone number, its digits run together: 0 and nine or ten, 84 and nine, or nine alone."""
_AMOUNT = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_SPAN = re.compile(r"(?:19|20)[0-9]{2}[/-](?:[0-9]{2}|(?:19|20)[0-9]{2})\b")
_A_DATE = re.compile(_date(0))
_DIGITS_JOINED = re.compile(r"[0-9]+(?:[/.-][0-9]+)*")


def _identifies(code: str) -> bool:
    """An identifier's digits name one thing: not starting with zeros alone, no date or year to come nor a
    date that cannot be, no span ('2024/25', '1990-20', '1-6/2024'), no phone number, no amount
    ('1.000.000'), no fraction nor decimal of small numbers ('3/5', '2/3/5', '3.5', '31/12/30'), nothing
    absurdly long."""
    groups = re.findall(r"[0-9]+", code)
    if any(len(group) > 12 for group in groups) or not int(groups[0]):  # 'số 0', 'số 000/2020'
        return False
    dated = not code.isdigit() and _A_DATE.fullmatch(code)  # a bare number is a serial, not a year
    if dated and not _a_date_gone_by(code):  # 'số 31/12/2099', 'số 31/2/2024'
        return False
    if any(year > dt.date.today().year for year in _years_in(code)) or _SPAN.search(code):
        return False
    small = len(groups) > 1 and all(len(group) <= 2 for group in groups)
    digits = _DIGITS_JOINED.match(code)[0]  # an identifier starts with its digits (`_item`)
    mixed = len(set(re.findall(r"[/.-]", digits))) > 1  # '1-6/2024', a span
    return not (small or mixed or _PHONE.fullmatch("".join(groups)) or _AMOUNT.match(code))
