"""Whether text reads as Vietnamese words: the test that tells TCVN3 text from other text holding the
same characters.

TCVN3's signs include Latin-1 letters (ü ç ñ ø ö ß ×), so a sign between two letters says only that the
text may be TCVN3: 'NguyÔn V¨n' decodes to 'Nguyễn Văn', but 'Jürgen Müller' to 'Jỹrgen Mỹller'. What
a reading gives is judged by its syllables, parsed by `ctnx` (chiecthuyenngoaixa): onset, nucleus, coda
and tone as Vietnamese spelling allows them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ctnx.syllable import Syllable

_CONSONANTS = frozenset("bcdđfghjklmnpqrstvwxz")
_CLUSTER_LEADS = frozenset("bdđhkmpx")
"""Consonants that open the clusters of minority names written with Vietnamese letters ('Hmông',
'Xtiêng', 'Brâu', 'Bkrông', 'Hđơk', 'Mlô', 'Kpă'): one or two of them before a Vietnamese onset. Not
's', 'g', 'f', 'c' or 't', which open the clusters of German and Nordic names ('Ström', 'Schön', 'Grün')."""
_MINORITY_CODAS = {"k": ("c",), "h": ("", "n"), "l": ("", "n"), "r": ("", "n")}
"""Final consonants of minority syllables ('Đắk', 'Păh', 'Môl', 'Ksor'), tried as the Vietnamese coda
they stand beside (k as c) or as none."""
_OPEN_ENDINGS = frozenset("êôơăâ")
"""Untoned vowels that end minority syllables ('Niê', an Ê Đê family name; 'Kpă', a Gia Rai one) though
Vietnamese spelling wants a coda after them: tried with one ('niên'). Toned ones are not: '»', TCVN3's
'ằ', would make 'Khoằ' of 'Kho»'."""


def vietnamese_word_count(words: Iterable[str]) -> int:
    """How many of these words are Vietnamese syllables of two letters or more: a lone letter ('ẵ' from
    '½', 'ở') tells nothing of the text around it."""
    return sum(len(word) > 1 and is_vietnamese_word(word) for word in words)


@lru_cache(maxsize=16_384)
def is_vietnamese_word(word: str) -> bool:
    """True when `word` is a Vietnamese syllable in either tone placement and any case, or a syllable of
    a minority name written with Vietnamese letters (see `_CLUSTER_LEADS`, `_MINORITY_CODAS`)."""
    lower = unicodedata.normalize("NFC", word.lower())
    if not lower.isalpha():
        return False
    return any(_is_syllable(spelling) for spelling in _spellings(lower))


def _spellings(lower: str) -> list[str]:
    """The word, then the Vietnamese syllables a minority spelling of it stands for."""
    starts = [lower]
    for lead in (1, 2):
        if len(lower) > lead + 1 and all(ch in _CLUSTER_LEADS for ch in lower[:lead]) and lower[lead] in _CONSONANTS:
            starts.append(lower[lead:])
    spellings = []
    for start in starts:
        spellings.append(start)
        last = start[-1]
        if last in _MINORITY_CODAS and len(start) > 1 and start[-2] not in _CONSONANTS:
            spellings += [start[:-1] + coda for coda in _MINORITY_CODAS[last]]
        elif last in _OPEN_ENDINGS:
            spellings.append(start + "n")
    return spellings


def _is_syllable(text: str) -> bool:
    try:
        Syllable.from_string(text)
    except Exception:  # ctnx raises a bare Exception, a ValueError or an AssertionError for a non-syllable
        return False
    return True
