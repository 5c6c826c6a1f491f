"""CollateX JSON witnesses: ``{"witnesses": [{"id", "content"} | {"id", "tokens": [...]}]}``.

A list of such documents (CollateX's Darwin corpus: one per paragraph) is read
as one witness per ``id``, its parts joined in order with a blank line.

A ``content`` witness is plain text, tokenized like a text file. A ``tokens``
witness keeps CollateX's tokens: each ``t`` becomes one token (trailing
whitespace in ``t``, or a ``ws`` field, becomes its whitespace; otherwise a
space separates it from the next). ``n``, when given, is the token's starting
normalized form, and the profile's rules apply on top of it (so
``--profile diplomatic`` keeps ``n`` as given). The witness text is the
synthetic ``"".join(t + ws)``, so every token's offsets, line and column
point into it.

>>> ws = parse('{"witnesses": [{"id": "A", "tokens": [{"t": "Ямы", "n": "ямы"}, {"t": "и"}]}]}'.encode())
>>> w = ws[0]
>>> w.text, [(t.text, t.norm, t.start) for t in w.tokens], w.pretokenized
('Ямы и', [('Ямы', 'ямы', 0), ('и', 'и', 4)], True)
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..encodings import decode_bytes, lone_surrogate
from ..errors import WitnessError, located
from ..model import Kind, Token, Witness
from ..tokenize import LineIndex, tokenize
from .base import make_witness, warn_mojibake


def parse(data: bytes, path: object = "input", encoding: str | None = None) -> list[Witness]:
    """The witnesses of a CollateX JSON document (bytes).

    Raises :class:`~collate.errors.WitnessError` naming ``path`` (line and
    column for malformed JSON, the witness and token index for a wrong shape).
    """
    text, used = decode_bytes(data, encoding, path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WitnessError(located(path, f"malformed JSON: {exc.msg}", exc.lineno, exc.colno)) from None
    except RecursionError:
        raise WitnessError(located(path, "malformed JSON: nested too deeply")) from None
    if isinstance(doc, list) and doc:
        return _joined(doc, path, used)
    return [_witness(entry, f"witnesses[{i}]", path, used) for i, entry in enumerate(_entries(doc, path))]


def read(
    data: bytes, path: Path, encoding: str | None = None, choice: str = "orig", siglum: str | None = None
) -> list[Witness]:
    """The reader registry's entry: :func:`parse`, warning of mojibake per witness.

    Sigla are the JSON ids (``siglum`` is for one-witness formats; ``choice`` for TEI).
    """
    witnesses = parse(data, path, encoding)
    for w in witnesses:
        warn_mojibake(w.text, f"{path} ({w.siglum})")
    return witnesses


def _entries(doc: Any, path: object, where: str = "") -> list[Any]:
    entries = doc.get("witnesses") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise WitnessError(
            located(
                path, f'{where}not CollateX JSON: expected {{"witnesses": [...]}} with at least one witness'
            )
        )
    return entries


def _joined(docs: list[Any], path: object, encoding: str) -> list[Witness]:
    """A list of CollateX inputs (paragraphs, as in CollateX's Darwin corpus), joined per witness.

    Each witness's parts follow each other, separated by a blank line; a
    witness absent from a part simply has nothing there.
    """
    parts: dict[str, list[dict[str, Any]]] = {}
    for k, doc in enumerate(docs):
        for i, entry in enumerate(_entries(doc, path, f"[{k}]: ")):
            _witness(entry, f"[{k}].witnesses[{i}]", path, encoding)  # checks the part's shape
            parts.setdefault(entry["id"], []).append(entry)
    merged = []
    for siglum, entries in parts.items():
        if all("content" in e for e in entries):
            merged.append({"id": siglum, "content": "\n\n".join(e["content"] for e in entries)})
        elif all("tokens" in e for e in entries):
            tokens: list[dict[str, Any]] = []
            for e in entries:
                if tokens:
                    tokens[-1] = {**tokens[-1], "t": tokens[-1]["t"].rstrip(), "ws": "\n\n"}
                tokens.extend(e["tokens"])
            merged.append({"id": siglum, "tokens": tokens})
        else:
            raise WitnessError(
                located(path, f"witness {siglum!r} has content in some parts and tokens in others")
            )
    return [_witness(entry, f"witness {entry['id']!r}", path, encoding) for entry in merged]


def _witness(entry: Any, where: str, path: object, encoding: str) -> Witness:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"].strip():
        raise WitnessError(located(path, f'{where}: expected an object with a string "id"'))
    siglum = entry["id"]
    has_content, has_tokens = "content" in entry, "tokens" in entry
    if has_content == has_tokens:
        raise WitnessError(
            located(path, f'{where} ({siglum}): expected exactly one of "content" and "tokens"')
        )
    if has_content:
        if not isinstance(entry["content"], str):
            raise WitnessError(located(path, f'{where} ({siglum}): "content" must be a string'))
        return make_witness(
            siglum, entry["content"], path=str(path), encoding=encoding, where=f"{path} ({siglum})"
        )
    raw = entry["tokens"]
    if not isinstance(raw, list) or not raw:
        raise WitnessError(located(path, f'{where} ({siglum}): "tokens" must be a non-empty list'))
    pieces: list[tuple[str, str, str | None]] = []
    for k, tok in enumerate(raw):
        here = f"{where}.tokens[{k}] ({siglum})"
        if not isinstance(tok, dict) or not isinstance(tok.get("t"), str):
            raise WitnessError(located(path, f'{here}: expected an object with a string "t"'))
        t = tok["t"]
        body = t.rstrip()
        if not body.strip():
            raise WitnessError(located(path, f'{here}: "t" is empty'))
        ws = tok.get("ws")
        if ws is None:
            ws = t[len(body) :] or (" " if k < len(raw) - 1 else "")
        if not isinstance(ws, str) or ws.strip():
            raise WitnessError(located(path, f'{here}: "ws" must be whitespace'))
        norm = tok.get("n")
        if norm is not None and not isinstance(norm, str):
            raise WitnessError(located(path, f'{here}: "n" must be a string'))
        if norm is not None and lone_surrogate(norm) is not None:
            raise WitnessError(located(path, f'{here}: "n" holds a lone surrogate, not a character'))
        pieces.append((body, ws, norm))
    text = "".join(body + ws for body, ws, _ in pieces)
    lines = LineIndex(text)
    tokens = []
    pos = 0
    for body, ws, norm in pieces:
        line, column = lines.position(pos)
        tokens.append(Token(body, ws, pos, pos + len(body), line, column, _kind(body), norm))
        pos += len(body) + len(ws)
    witness = make_witness(siglum, text, path=str(path), encoding=encoding, where=f"{path} ({siglum})")
    return replace(witness, tokens=tuple(tokens), pretokenized=True)


def _kind(text: str) -> Kind:
    """The tokenizer's kind for a CollateX token: that of its single token, else a word."""
    found = tokenize(text)
    return found[0].kind if len(found) == 1 else Kind.WORD
