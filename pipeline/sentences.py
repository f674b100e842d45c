"""Sentences of a document, each with a stable id (`doc#n`) an agent can cite instead of retyping it.

A document is read as blocks: a paragraph (its lines joined), a heading, a list item, a table row or a
quoted line. Headings get no id (they are titles, not evidence). A paragraph is cut into sentences at
`.`, `!` or `?` followed by space and a capital, a digit or an opening quote, except after a known
abbreviation or an initial ("J. Smith"); a decimal point never ends one. Ids count from 1 in reading
order and depend only on the document's text, so a resumed run and its validators see the same ids.
"""
from __future__ import annotations

import re
from typing import NamedTuple

_ABBREVIATIONS = frozenset(
    "dr mr mrs ms st prof no nos vs etc approx fig figs inc ltd co corp jr sr mt ft est dept gen gov sen rev "
    "e.g i.e u.s u.k a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec cf al".split())
_END = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*\s+(?=[\"'\u2018\u201c(\[]?[A-Z0-9£$€¥])")
_BLOCK_START = re.compile(r"\s*(#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s|\||>)")
_MARKER = re.compile(r"\s*(?:[-*+]\s+|\d{1,3}[.)]\s+|>\s*)")
_SPACE = re.compile(r"\s+")
REF = re.compile(r"\[([^\[\]\s#]+#\d{1,5})\]")  # a cited id as shown to the model: [mars#2]


class Sentence(NamedTuple):
    ref: str  # "" for a heading: shown to the model, never cited
    start: int  # character offsets in the document
    end: int
    text: str  # the document's text with its whitespace collapsed


def split(source_id: str, text: str) -> list[Sentence]:
    """The document's headings (ref "") and sentences, in reading order."""
    out: list[Sentence] = []
    n = 0
    for start, end, heading in _blocks(text):
        if heading:
            out.append(Sentence("", start, end, _SPACE.sub(" ", text[start:end]).strip()))
            continue
        for s, e in _sentences(text, start, end):
            body = _SPACE.sub(" ", text[s:e]).strip()
            if any(ch.isalnum() for ch in body):
                n += 1
                out.append(Sentence(f"{source_id}#{n}", s, e, body))
    return out


def _blocks(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_heading) of each block; list markers and '>' are left out of the span."""
    blocks: list[tuple[int, int, bool]] = []
    joinable = False  # the last block is a paragraph the next plain line continues
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        begin, finish = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if not stripped:
            joinable = False
            continue
        if _BLOCK_START.match(line):
            joinable = False
            heading = stripped.startswith("#")
            marker = _MARKER.match(line)
            if marker and not heading and not stripped.startswith("|"):
                begin += marker.end()
            blocks.append((begin, finish, heading))
            continue
        if joinable:
            blocks[-1] = (blocks[-1][0], finish, False)
        else:
            blocks.append((begin, finish, False))
        joinable = True
    return blocks


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, s = [], start
    chunk = text[start:end]
    for m in _END.finditer(chunk):
        cut = start + m.start()
        word = re.search(r"([\w.]+)$", text[s:cut])
        last = word.group(1).lower().rstrip(".") if word else ""
        if chunk[m.start()] == "." and (last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue
        spans.append((s, cut + len(m.group().rstrip())))
        s = start + m.end()
    if s < end:
        spans.append((s, end))
    return [(a, b) for a, b in spans if b > a]


def numbered(units: list[Sentence], start: int = 0, end: int | None = None) -> str:
    """The units overlapping [start, end) as the model reads them: `[doc#n] sentence`, headings plain."""
    lines = []
    for u in units:
        if u.end <= start or (end is not None and u.start >= end):
            continue
        lines.append(f"[{u.ref}] {u.text}" if u.ref else u.text)
    return "\n".join(lines)
