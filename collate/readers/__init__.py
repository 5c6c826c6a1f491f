"""Readers for structured witness formats: TEI XML and CollateX JSON.

Plain text files are decoded in :mod:`collate.encodings`; these modules turn
structured files into text (and, where the input fixes them, tokens) while
keeping ``text[token.start:token.end] == token.text`` for every token.
"""
