"""The preview card of a shared link: exactly 1200×630, rows lowest first as given,
hidden figures marked with words, never dropped."""

from __future__ import annotations

import struct

from matplotlib.text import Text

from scorecards.share_card import MAX_ROWS, CardRow, card_figure, card_png

TEXTS = {"hidden": "нуусан", "empty": "Үр дүн алга", "footer": "Эгэх · CC BY 4.0"}


def _texts(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def test_the_card_is_a_1200_by_630_png_with_or_without_rows():
    for rows in ([CardRow("Эрүүл мэнд", 52.7), CardRow("Боловсрол", None)], []):
        body = card_png("Дорнод", "Иргэдийн оноо", rows, TEXTS)
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", body[16:24]) == (1200, 630)


def test_values_are_rounded_half_up_and_hidden_rows_say_so():
    figure = card_figure("Дорнод", "Иргэдийн оноо", [CardRow("A", 52.5), CardRow("B", None)],
                         TEXTS)
    texts = _texts(figure)
    assert "53" in texts and "нуусан" in texts and "Эгэх · CC BY 4.0" in texts


def test_at_most_max_rows_are_drawn_and_no_rows_says_so():
    rows = [CardRow(f"Шалгуур {i}", float(i)) for i in range(MAX_ROWS + 3)]
    texts = _texts(card_figure("X", "Y", rows, TEXTS))
    assert f"Шалгуур {MAX_ROWS - 1}" in texts and f"Шалгуур {MAX_ROWS}" not in texts
    assert "Үр дүн алга" in _texts(card_figure("X", "Y", [], TEXTS))
