"""Comparators: when two keys match, and how well.

The aligners ask a comparator, never ``==``: :data:`EXACT` matches equal keys
only; :class:`Near` also matches keys whose Levenshtein similarity
(rapidfuzz's ``normalized_similarity``: 1 - distance / length of the longer)
reaches its threshold, as CollateX's near matching pairs ``this`` with
``that`` rather than with ``there``. An exact match always scores 1 and
outweighs any near one, so near matching only decides where tokens that
would otherwise stay unmatched go.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CollateError

#: The default similarity a near match needs: ``this``/``that`` (0.5) match,
#: ``this``/``there`` (0.4) do not; a one-letter misspelling of a word of
#: two letters or more (``τηβεριαδος``/``τιβεριαδος``: 0.9) always does.
NEAR_THRESHOLD = 0.5
#: A near match counts at most this much (an exact match counts 1), so that
#: one exact match outweighs any near one in the same place.
NEAR_WEIGHT = 0.5


@dataclass(frozen=True)
class Exact:
    """Keys match when they are equal.

    >>> EXACT.score("cat", "cat"), EXACT.score("cat", "cut")
    (1.0, 0.0)
    """

    name: str = "exact"

    @property
    def near(self) -> bool:
        """False: only equal keys match."""
        return False

    def score(self, a: str, b: str) -> float:
        """1 for equal keys, else 0."""
        return 1.0 if a == b else 0.0


@dataclass(frozen=True)
class Near:
    """Keys match when equal (score 1) or similar enough (score up to :data:`NEAR_WEIGHT`).

    >>> Near().score("this", "that"), Near().score("this", "there")
    (0.25, 0.0)
    >>> Near().score("τηβεριαδος", "τιβεριαδος")
    0.45
    """

    threshold: float = NEAR_THRESHOLD
    name: str = "near"

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise CollateError(f"near=: the threshold must be in (0, 1], not {self.threshold!r}")
        # rapidfuzz is imported when near matching is asked for: its import (20 ms)
        # was a tenth of a one-line `collate diff`, which compares exactly.
        from rapidfuzz.distance import Levenshtein

        object.__setattr__(self, "_similarity", Levenshtein.normalized_similarity)

    def __reduce__(self) -> tuple[type[Near], tuple[float, str]]:
        # Pickled (to a batch's workers) as its fields: the function above is rebuilt there.
        return Near, (self.threshold, self.name)

    @property
    def near(self) -> bool:
        """True: similar keys match too."""
        return True

    def similarity(self, a: str, b: str) -> float:
        """The Levenshtein similarity of two keys, case-sensitive, in [0, 1]."""
        return self._similarity(a, b)  # type: ignore[attr-defined, no-any-return]

    def score(self, a: str, b: str) -> float:
        """1 for equal keys; ``NEAR_WEIGHT`` x similarity when it reaches the threshold; else 0."""
        if a == b:
            return 1.0
        sim = self._similarity(a, b, score_cutoff=self.threshold)  # type: ignore[attr-defined]
        return round(NEAR_WEIGHT * sim, 6) if sim else 0.0


#: The comparator for exact matching, the default.
EXACT = Exact()

#: A comparator: :class:`Exact` or :class:`Near` (anything with ``near`` and ``score``).
Comparator = Exact | Near


def comparator_for(near: bool | float | Comparator) -> Comparator:
    """The comparator that ``near=`` asks for: ``False`` exact, ``True`` near, a number a near threshold.

    >>> comparator_for(False).name, comparator_for(True).name, comparator_for(0.8).threshold
    ('exact', 'near', 0.8)
    """
    if isinstance(near, Exact | Near):
        return near
    if near is False:
        return EXACT
    if near is True:
        return Near()
    if isinstance(near, int | float):
        return Near(float(near))
    raise CollateError(f"near= must be True, False or a threshold in (0, 1], not {near!r}")
