"""The restoration benchmark's bookkeeping: which rows count as a vie reading made worse."""

from __future__ import annotations

from normalize.bench import Row, measure, worse_than_raw


def test_worse_than_raw_counts_only_vie_rows_that_got_worse() -> None:
    truth = "Tổng số hộ nghèo của xã giảm mạnh"
    rows = [
        Row("dev/a worn vie", 8, 0.10, 0.20, 0.0, 0.0, 1.0),
        Row("dev/a harsh vie", 8, 0.30, 0.10, 0.0, 0.0, 1.0),
        Row("dev/a worn eng", 8, 0.10, 0.50, 0.0, 0.0, 1.0),
        measure("dev/b worn vie", truth, "Tống số hộ nghèo của xã giảm mạnh"),
    ]
    assert worse_than_raw(rows) == (1, 3)
    assert rows[-1].ser_after <= rows[-1].ser_before
