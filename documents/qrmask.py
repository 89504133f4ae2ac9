"""Choosing a QR code's mask pattern as reportlab does, without its pure-Python scorer's cost.

reportlab's ``QRCode.make`` lays out the symbol with each of the eight masks and keeps the one with the lowest
penalty (``QRUtil.getLostPoint``); scoring walks every module of every mask in Python and was about a third of
each issued document's rendering. :func:`lost_point` computes the same penalty from each row and column as a
string of ``0``/``1`` (runs by regular expression, the finder-like pattern by ``str.count``, 2×2 blocks by bit
operations on integers), so :func:`make` chooses exactly the mask reportlab would: the printed code is
unchanged, module for module (``tests/documents/test_qrmask.py`` compares both on many payloads).

The penalty, as reportlab computes it (which is what must be reproduced, quirks included):
- runs of five or more same-coloured modules in a row or column: length − 2 each;
- 2×2 blocks of one colour: 3 each;
- ``10111010000`` in a row, counted without overlap from the left and never ending on the last module: 40
  each (reportlab checks one direction of the pattern only, and never matches it in a column: it compares the
  columns, tuples from ``zip``, with a list, which is never equal);
- dark share away from 50 %: 10 per whole 5 % (integer percent).
"""

from __future__ import annotations

import re

from reportlab.graphics.barcode import qrencoder

_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER = "10111010000"
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def _runs(lines: list[str]) -> int:
    return sum(len(match) - 2 for line in lines for match in _RUN.findall(line))


def _finder_like(lines: list[str]) -> int:
    # reportlab scans start positions 0 .. len - 12 only, i.e. the line without its last module.
    return 40 * sum(line[:-1].count(_FINDER) for line in lines)


def _blocks(rows: list[str]) -> int:
    width = len(rows[0])
    pairs = (1 << (width - 1)) - 1
    full = (1 << width) - 1
    score = 0
    previous = int(rows[0], 2)
    for line in rows[1:]:
        current = int(line, 2)
        across = ~(current ^ (current >> 1)) & pairs  # module c equals module c + 1 in this row
        above = ~(previous ^ (previous >> 1)) & pairs  # … and in the row above
        down = ~(current ^ previous) & full  # module c equals the one above it
        score += 3 * (across & above & down).bit_count()
        previous = current
    return score


def _balance(rows: list[str]) -> int:
    cells = len(rows) ** 2
    dark = sum(line.count("1") for line in rows)
    return 10 * (abs(100 * dark // cells - 50) // 5)


def lost_point(modules: list[list[bool]]) -> int:
    """reportlab's ``QRUtil.getLostPoint`` of a laid-out symbol (the same integer, computed on strings)."""
    rows = [bytes(row).translate(_DIGITS).decode() for row in modules]  # modules are bools: bytes 0 and 1
    columns = ["".join(column) for column in zip(*rows, strict=True)]
    return _runs(rows) + _runs(columns) + _blocks(rows) + _finder_like(rows) + _balance(rows)


def best_mask(qr: qrencoder.QRCode) -> int:
    """The mask ``QRCode.getBestMaskPattern`` chooses: the lowest penalty, the first one on a tie."""
    best, best_score = 0, None
    for pattern in range(8):
        qr.makeImpl(True, pattern)
        score = lost_point(qr.modules)
        if best_score is None or score < best_score:
            best, best_score = pattern, score
    return best


def make(qr: qrencoder.QRCode) -> None:
    """``qr.make()`` with the fast mask choice: the same symbol, module for module."""
    if qr.version is None:
        qr.version = qr.calculate_version()
    qr.makeImpl(False, best_mask(qr))


__all__ = ["best_mask", "lost_point", "make"]
