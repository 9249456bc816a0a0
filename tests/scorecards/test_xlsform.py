"""The XLSForm of a round side: pyxform converts it without errors or warnings, it
carries every language, and its version follows the round's shape."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from scorecards.errors import DomainError
from scorecards.scales import FACES_1_5, Scale, ScaleKind
from scorecards.xlsform import (
    FormGroup,
    FormIndicator,
    FormQuestion,
    FormTexts,
    Language,
    RoundForm,
    build_xlsform,
    question_names,
)

LANGUAGES = (Language("mn", "Монгол"), Language("en", "English"))
XFORMS = "{http://www.w3.org/2002/xforms}"


def both(mn: str, en: str) -> dict[str, str]:
    return {"mn": mn, "en": en}


TEXTS = FormTexts(
    respondent=both("Таны тухай", "About you"),
    scores=both("Үнэлгээ", "Scores"),
    group=FormQuestion(both("Та аль бүлэгт багтах вэ?", "Which group are you in?")),
    gender=FormQuestion(
        both("Хүйс", "Gender"),
        (("female", both("Эмэгтэй", "Female")), ("male", both("Эрэгтэй", "Male"))),
    ),
    age_band=FormQuestion(both("Нас", "Age"), (("18_34", both("18–34", "18–34")),)),
    disability=FormQuestion(
        both("Хөгжлийн бэрхшээлтэй юу?", "Do you have a disability?"),
        (("yes", both("Тийм", "Yes")), ("no", both("Үгүй", "No"))),
    ),
    comment=both("Өөр хэлэх зүйл", "Anything else"),
    reason=both("Шалтгаан", "Reason"),
    not_applicable=both("Мэдэхгүй / хамааралгүй", "Don't know / not applicable"),
    required=both("Хариулна уу.", "Please answer."),
    number_range=both("Хэмжүүрээс гадуур.", "Outside the scale."),
    too_long=both("Хэт урт.", "Too long."),
)

INDICATORS = (
    FormIndicator(11, "EDU01", both("Анги танхим дулаан уу?", "Are classrooms warm?"),
                  both("Өвлийн улирал", "In winter")),
    FormIndicator(12, "EDU02", both("Ариун цэврийн өрөө цэвэр үү?", "Are toilets clean?"),
                  both("", "")),
    FormIndicator(13, "2024-water", both("Ундны ус хүрэлцээтэй юу?", "Enough water?"),
                  both("", "")),
)


def round_form(scale: Scale = FACES_1_5, shape_key: int = 77, **changes) -> RoundForm:
    values = dict(
        form_id="egekh-5-community",
        title="Сургууль 1 · 2026-H1",
        shape_key=shape_key,
        scale=scale,
        indicators=INDICATORS,
        groups=(FormGroup(3, "Эцэг эх"), FormGroup(4, "Сурагчид")),
        languages=LANGUAGES,
        texts=TEXTS,
    )
    values.update(changes)
    return RoundForm(**values)


def converted(form: RoundForm):
    warnings: list[str] = []
    result = convert(build_xlsform(form).to_xlsx(), warnings=warnings, form_name="data",
                     file_type=".xlsx")
    return result, warnings


@pytest.mark.parametrize(
    "scale",
    [
        FACES_1_5,
        Scale("zero-ten-half", ScaleKind.NUMERIC, 0, 10, 7, "0–10", "0–10",
              step=Decimal("0.5")),
        Scale("zero-hundred", ScaleKind.NUMERIC, 0, 100, 70, "0–100", "0–100"),
        Scale("fine", ScaleKind.NUMERIC, 0, 100, 70, "0–100 (0.1)", "0–100 (0.1)",
              step=Decimal("0.1")),
    ],
    ids=["faces", "half-points", "hundred", "tenths"],
)
def test_pyxform_converts_it_without_errors_or_warnings(scale):
    result, warnings = converted(round_form(scale))
    assert warnings == []
    assert result.warnings == []
    root = ET.fromstring(result.xform)
    data = root.find(f".//{XFORMS}instance")[0]
    assert data.get("id") == "egekh-5-community"
    assert data.find(f"{XFORMS}meta/{XFORMS}instanceID") is not None


def test_the_sheets_have_group_demographics_and_each_indicator_from_the_scale():
    workbook = load_workbook(io.BytesIO(build_xlsform(round_form()).to_xlsx()))
    assert workbook.sheetnames == ["survey", "choices", "settings"]
    survey = [list(r) for r in workbook["survey"].iter_rows(values_only=True)]
    header = survey[0]
    assert "label::Монгол (mn)" in header and "label::English (en)" in header
    types = {row[header.index("name")]: row[header.index("type")] for row in survey[1:]}
    assert types["group"] == "select_one groups"
    assert types["gender"] == "select_one gender"
    assert types["age_band"] == "select_one age_band"
    assert types["disability"] == "select_one disability"
    assert types["EDU01"] == types["EDU02"] == "select_one scale"
    assert types["EDU01_reason"] == "text"
    label_en = {row[header.index("name")]: row[header.index("label::English (en)")]
                for row in survey[1:]}
    assert label_en["EDU02"] == "Are toilets clean?"
    choices = [list(r) for r in workbook["choices"].iter_rows(values_only=True)]
    scale_rows = [r for r in choices if r[0] == "scale"]
    assert [r[1] for r in scale_rows] == ["1", "2", "3", "4", "5", "na"]
    assert [r[1] for r in choices if r[0] == "groups"] == ["3", "4"]
    settings = [list(r) for r in workbook["settings"].iter_rows(values_only=True)]
    assert settings[0][:3] == ["form_title", "form_id", "version"]
    assert settings[1][1] == "egekh-5-community"
    assert settings[1][3] == "Монгол (mn)"


def test_the_version_changes_with_the_rounds_shape():
    def version(form):
        return ET.fromstring(converted(form)[0].xform).find(f".//{XFORMS}instance")[0].get(
            "version")

    first = version(round_form(shape_key=77))
    assert version(round_form(shape_key=77)) == first
    assert version(round_form(shape_key=78)) != first


def test_a_code_that_is_no_xml_name_gets_a_safe_question_name():
    names = question_names(INDICATORS)
    assert names[11] == "EDU01"
    assert names[13] == "i_2024-water"
    clash = FormIndicator(14, "gender", both("x", "x"), both("", ""))
    assert question_names((clash,))[14] == "i_gender"


def test_a_side_without_groups_or_indicators_has_no_form():
    with pytest.raises(DomainError) as error:
        build_xlsform(round_form(groups=()))
    assert error.value.code == "form_no_groups"
    with pytest.raises(DomainError) as error:
        build_xlsform(round_form(indicators=()))
    assert error.value.code == "form_no_indicators"
