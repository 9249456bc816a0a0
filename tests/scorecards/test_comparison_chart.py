"""The interface meeting chart: both formats, missing sides drawn as absent."""

import pytest

from scorecards.comparison_chart import comparison_chart

ARGS = dict(scale_min=1, scale_max=5, legend=("Иргэд", "Үйлчилгээ үзүүлэгчид"), title="Оноо")


def test_png_and_svg_with_cyrillic_labels():
    png = comparison_chart(
        ["Эмч байдаг", "Эм хангалттай"], [2.5, None], [4.0, 3.5], **ARGS, fmt="png"
    )
    assert png.startswith(b"\x89PNG")
    svg = comparison_chart(["Эмч байдаг"], [2.5], [None], **ARGS)
    assert svg.lstrip().startswith(b"<?xml") and b"<svg" in svg


def test_missing_side_draws_fewer_bars():
    both = comparison_chart(["a", "b"], [2.0, 3.0], [4.0, 5.0], **ARGS)
    one_missing = comparison_chart(["a", "b"], [2.0, None], [4.0, 5.0], **ARGS)
    assert one_missing.count(b'id="patch_') == both.count(b'id="patch_') - 1


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        comparison_chart(["a"], [1.0], [1.0], **ARGS, fmt="pdf")
