"""The Russian dictionary (pymorphy3) that gates some rules, loaded once and lazily.

Rules that could damage a modern word (rejoining a line-end hyphenation,
respelling a pre-reform ending) ask whether a form is a known word. The
analyzer is created on first use; every lookup is cached.

>>> is_known("параллель"), is_known("северозапад")
(True, False)
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

#: Grammemes of proper names: a word known only as one of these is still a possible Chinese name.
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


@cache
def analyzer() -> Any:
    """The shared ``pymorphy3.MorphAnalyzer`` (created on first use)."""
    import pymorphy3
    import pymorphy3_dicts_ru

    # The dictionary named by its path: found through the installed packages'
    # entry points instead, it cost a scan of every package's metadata (0.03-0.05 s
    # of the 0.1 s the analyzer takes to load), paid by every run that classifies.
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


@lru_cache(maxsize=200_000)
def is_known(word: str) -> bool:
    """True when the dictionary has ``word`` (any case; ё and е are the same)."""
    return bool(word) and analyzer().word_is_known(word.lower())


@lru_cache(maxsize=100_000)
def is_common_word(word: str) -> bool:
    """True when the dictionary knows ``word`` as something other than a proper name.

    >>> is_common_word("это"), is_common_word("цзэдуну"), is_common_word("эньлаю")
    (True, False, False)
    """
    word = word.lower()
    if not is_known(word):
        return False
    for parse in analyzer().parse(word):
        if parse.is_known and not (parse.tag.grammemes & _NAME_GRAMMEMES):
            return True
    return False
