"""The aimag report PDF: real Cyrillic text, literal free text, page numbers, speed."""

import io
from datetime import date

import pypdf
import pytest

from scorecards import charts
from scorecards.errors import DomainError
from scorecards.pdf import ACTION_TEXTS, REQUIRED_TEXTS, build_aimag_report_pdf
from scorecards.reports import ActionSummary, AimagReport, ReportTableRow, SectorSection

TEXTS = {
    "title": "Иргэдийн оноо — аймгийн тайлан",
    "period": "Хугацаа",
    "generated": "Огноо",
    "map_title": "Аймгуудын дундаж оноо",
    "table_name": "Сум, байгууллага",
    "table_n": "Оролцогч",
    "table_mean": "Дундаж (0–100)",
    "suppressed": "Нууцлагдсан",
    "no_data": "Мэдээлэлгүй",
    "method_title": "Аргачлал",
    "method_note": "Таваас цөөн оролцогчтой бүлгийн үр дүнг нийтлэхгүй.",
    "page": "Хуудас",
    "actions_title": "Үйл ажиллагааны төлөвлөгөө",
    "actions_agreed": "Тохирсон",
    "actions_done": "Хийгдсэн",
    "actions_in_progress": "Хийгдэж буй",
    "actions_planned": "Төлөвлөсөн",
    "actions_dropped": "Цуцалсан",
    "actions_overdue": "Хугацаа хэтэрсэн",
    "actions_on_time": "Хугацаандаа хийгдсэн",
    "notes_title": "Тэмдэглэл",
}


def chart_png():
    figure = charts.indicator_chart(
        [charts.BarRow("Эмчийн хүрэлцээ", 72.5, 60.0, 85.0)], "Эрүүл мэнд", "Оноо", "n < 5"
    )
    return charts.render_png(figure, dpi=100)


def report(**changes):
    base = dict(
        aimag_iso="MN-047",
        aimag_name="Төв аймаг",
        period_label="2026 оны эхний хагас",
        generated_on=date(2026, 7, 1),
        map_png=chart_png(),
        sectors=(
            SectorSection(
                "health",
                "Эрүүл мэнд",
                (
                    ReportTableRow("Зуунмод сум", 24, 72.5),
                    ReportTableRow("Эрдэнэ сум", 3, None, suppressed=True),
                    ReportTableRow("Баянчандмань сум", 0, None),
                ),
                chart_png(),
                "Эмчийн хүрэлцээ 73",
            ),
        ),
        actions=ActionSummary(10, 4, 2, 2, 1, 1, 0.8),
        notes=("Иргэд: {nb} **тод** <b>x</b> $x$",),
    )
    base.update(changes)
    return AimagReport(**base)


def extract(pdf_bytes):
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_cyrillic_comes_back_as_text():
    pdf_bytes = build_aimag_report_pdf(report(), TEXTS)
    assert pdf_bytes.startswith(b"%PDF")
    _, text = extract(pdf_bytes)
    for word in ("Төв аймаг", "2026 оны эхний хагас", "Эрүүл мэнд", "Зуунмод сум",
                 "Аргачлал", "Таваас цөөн оролцогчтой", "Хугацаа хэтэрсэн"):
        assert word in text, word


def test_table_figures_rounded_and_suppressed_cells_say_so():
    _, text = extract(build_aimag_report_pdf(report(), TEXTS))
    assert "Зуунмод сум 24 73" in text  # 72.5 rounded half up
    assert "Эрдэнэ сум 3 Нууцлагдсан" in text
    assert "Баянчандмань сум 0 Мэдээлэлгүй" in text
    assert "Хугацаандаа хийгдсэн 80%" in text


def test_free_text_is_written_literally():
    _, text = extract(build_aimag_report_pdf(report(), TEXTS))
    assert "Иргэд: {nb} **тод** <b>x</b> $x$" in text


def test_page_numbers_with_total():
    reader, text = extract(build_aimag_report_pdf(report(), TEXTS))
    pages = len(reader.pages)
    assert pages >= 2
    for number in range(1, pages + 1):
        assert f"Хуудас {number} / {pages}" in text


def test_fonts_are_embedded_dejavu():
    pdf_bytes = build_aimag_report_pdf(report(), TEXTS)
    assert b"DejaVu" in pdf_bytes and b"/FontFile2" in pdf_bytes


@pytest.mark.parametrize(
    ("key", "changes"),
    [
        (REQUIRED_TEXTS[0], {}),
        (ACTION_TEXTS[0], {}),
        ("notes_title", {}),
    ],
)
def test_missing_text_raises(key, changes):
    texts = {k: v for k, v in TEXTS.items() if k != key}
    with pytest.raises(DomainError) as error:
        build_aimag_report_pdf(report(**changes), texts)
    assert (error.value.code, error.value.params["key"]) == ("text_missing", key)


def test_report_without_optional_parts():
    texts = {k: TEXTS[k] for k in REQUIRED_TEXTS}
    minimal = report(map_png=None, actions=None, notes=(), sectors=())
    _, text = extract(build_aimag_report_pdf(minimal, texts))
    assert "Төв аймаг" in text and "Хуудас 1 / 1" in text
