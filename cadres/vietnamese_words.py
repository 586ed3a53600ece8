"""Whether text reads as Vietnamese words: the test that tells TCVN3 text from other text holding the
same characters.

TCVN3's signs include Latin-1 letters (ü ç ñ ø ß ×), so a sign between two letters says only that the
text may be TCVN3: 'NguyÔn V¨n' decodes to 'Nguyễn Văn', but 'Jürgen Müller' to 'Jỹrgen Mỹller'. What
a decoding gives is judged by its syllables, parsed by `ctnx` (chiecthuyenngoaixa): onset, nucleus,
coda and tone as Vietnamese spelling allows them.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from ctnx.syllable import Syllable

_CONSONANTS = frozenset("bcdđfghjklmnpqrstvwxz")
_OPEN_ENDINGS = frozenset("êôơăâ")
"""Vowels that end a syllable of the minority names written with Vietnamese letters ('Niê', an Ê Đê
family name; 'Kpă', a Gia Rai one) though Vietnamese spelling wants a coda after them."""
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


@lru_cache(maxsize=8192)
def is_vietnamese_word(word: str) -> bool:
    """True when `word` (letters only) is a Vietnamese syllable, in either tone placement, any case.

    Names of the ethnic minorities written with Vietnamese letters are syllables too: a leading
    consonant cluster ('Hmông', 'Xtiêng', 'Brâu') and an open 'ê', 'ô', 'ơ', 'ă', 'â' ('Niê', 'Kpă') are accepted.
    """
    lower = unicodedata.normalize("NFC", word.lower())
    if not lower or not lower.isalpha():
        return False
    starts = [lower]
    if len(lower) > 2 and lower[0] in _CONSONANTS and lower[1] in _CONSONANTS - {"h", "g"}:
        starts.append(lower[1:])  # 'hmông' is read as 'mông'; 'ng', 'ch', 'th' are parsed whole
    coda = "n" if _toneless(lower[-1]) in _OPEN_ENDINGS else ""  # 'niê' is read as 'niên' would be
    return any(_is_syllable(start) or (coda and _is_syllable(start + coda)) for start in starts)


def _toneless(letter: str) -> str:
    decomposed = unicodedata.normalize("NFD", letter)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))


def _is_syllable(text: str) -> bool:
    try:
        Syllable.from_string(text)
    except Exception:  # ctnx raises a bare Exception, a ValueError or an AssertionError for a non-syllable
        return False
    return True
