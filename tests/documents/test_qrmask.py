"""The fast mask choice prints the very symbol reportlab's own ``QRCode.make`` prints."""

import random
import string
from types import SimpleNamespace

import pytest
from reportlab.graphics.barcode import qrencoder

from documents import qrmask


def _payloads(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "-_/."
    lengths = (1, 8, 30, 50, 64, 90, 140, 260)
    return [
        "https://example.gov.cn/documents/verify/" + "".join(rng.choice(alphabet) for _ in range(rng.choice(lengths)))
        for _ in range(count)
    ]


def _symbol(text: str) -> qrencoder.QRCode:
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    qr.version = qr.calculate_version()
    return qr


@pytest.mark.parametrize("text", _payloads(40, seed=14))
def test_penalty_of_every_mask_equals_reportlabs(text):
    qr = _symbol(text)
    for pattern in range(8):
        qr.makeImpl(True, pattern)
        assert qrmask.lost_point(qr.modules) == qrencoder.QRUtil.getLostPoint(qr)


def test_chosen_mask_and_printed_modules_equal_reportlabs_on_many_payloads():
    masks = set()
    for text in _payloads(120, seed=2026):
        theirs = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        theirs.addData(text)
        theirs.make()
        ours = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        ours.addData(text)
        qrmask.make(ours)
        assert ours.version == theirs.version
        assert ours.modules == theirs.modules
        masks.add(qrmask.best_mask(_symbol(text)))
    assert len(masks) >= 4  # the payloads exercise several different winning masks, not one


def test_a_finder_like_pattern_counts_in_a_row_and_not_in_a_column_as_in_reportlab():
    # reportlab compares each column (a tuple from zip) with a list pattern, which is never equal: only rows count.
    finder = [c == "1" for c in "10111010000"] + [True]
    filler = [[bool((r // 2 + c) % 3) for c in range(12)] for r in range(1, 12)]
    in_row = [finder, *filler]
    in_column = [list(column) for column in zip(*in_row, strict=True)]
    row_score, column_score = qrmask.lost_point(in_row), qrmask.lost_point(in_column)
    assert row_score == qrencoder.QRUtil.getLostPoint(SimpleNamespace(modules=in_row))
    assert column_score == qrencoder.QRUtil.getLostPoint(SimpleNamespace(modules=in_column))
    assert row_score - column_score == 40  # transposing moves every other penalty between rows and columns
