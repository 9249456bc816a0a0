"""The meeting chart wraps long indicator names instead of cutting them."""

from scorecards.comparison_chart import comparison_chart, wrap_label

LONG = "Эмнэлгийн ажилтнууд өвчтөнд эмчилгээ, эмийн хэрэглээний талаар ойлгомжтой тайлбарладаг"


def test_a_long_name_is_kept_whole_over_several_lines():
    wrapped = wrap_label(LONG)
    assert "…" not in wrapped
    assert wrapped.replace("\n", " ") == LONG
    assert all(len(line) <= 38 for line in wrapped.split("\n"))
    assert len(wrapped.split("\n")) == 3


def test_the_chart_grows_with_the_lines():
    args = dict(scale_min=1, scale_max=5, legend=("Иргэд", "Үйлчилгээ үзүүлэгчид"), title="Оноо")
    short = comparison_chart(["Эмч"], [3.0], [4.0], **args, fmt="png")
    long = comparison_chart([LONG], [3.0], [4.0], **args, fmt="png")
    height = lambda png: int.from_bytes(png[20:24], "big")  # noqa: E731
    assert height(long) > height(short)
