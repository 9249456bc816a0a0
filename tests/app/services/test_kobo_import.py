"""KoboToolbox and ODK Central exports of a round's XLSForm, imported through the
import preview: group paths, name or label headers, the exports' own columns left out.

The export shapes are those the tools publish in their tests: KoboToolbox's CSV
(``kobotoolbox/kpi``, ``kpi/tests/test_mock_data_exports.py``: ``;`` between quoted
cells, ``start``/``end`` first, then the questions as ``group/question`` or by label,
then ``_id``, ``_uuid``, ``_submission_time``, ``_validation_status``, ``_notes``,
``_status``, ``_submitted_by``, ``_tags``, ``_index``; an optional row of HXL hashtags
under the header) and ODK Central's CSV (``SubmissionDate`` first, groups joined with
``-``, then ``meta-instanceID``, ``KEY``, ``SubmitterID``, ``SubmitterName``,
``AttachmentsPresent``, ``AttachmentsExpected``, ``Status``, ``ReviewState``,
``DeviceID``, ``Edits``, ``FormVersion``).
"""

from __future__ import annotations

import csv
import io
import uuid as uuid_module

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, Round
from app.models.imports import ImportJob
from app.services import file_imports
from scorecards.lifecycle import Phase

KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
             "_submitted_by", "_tags", "_index"]
CENTRAL_META = ["KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent",
                "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits",
                "FormVersion"]


@pytest.fixture
def kobo(base_app, create_user, create_round, sign_in):
    client = base_app.test_client()
    facilitator = create_user("facilitator", areas=["MN-061"])
    round_ = create_round(facilitator)
    round_.state = Phase.COMMUNITY_SCORING.value
    db.session.commit()
    sign_in(client, facilitator)
    response = client.get(f"/rounds/{round_.id}/collection/xlsform-community.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    survey = [list(r) for r in book["survey"].iter_rows(values_only=True)]
    choices = [list(r) for r in book["choices"].iter_rows(values_only=True)]
    return _Kobo(client, round_.id, survey, choices)


class _Kobo:
    """The round's XLSForm as KoboToolbox holds it, to make exports from."""

    def __init__(self, client, round_id, survey, choices):
        self.client = client
        self.round_id = round_id
        header = survey[0]
        self.questions = []  # (path, name, type, labels by column)
        groups: list[str] = []
        self.group_labels: dict[str, dict] = {}
        for row in survey[1:]:
            cells = dict(zip(header, row, strict=False))
            kind, name = cells["type"], cells["name"]
            if kind == "begin_group":
                groups.append(name)
                self.group_labels[name] = cells
            elif kind == "end_group":
                groups.pop()
            else:
                self.questions.append(("/".join([*groups, name]), name, kind, cells))
        self.choices = {(r[0], r[1]): r for r in choices[1:]}

    @property
    def round(self) -> Round:
        return db.session.get(Round, self.round_id)

    def scored(self) -> list[str]:
        return [name for _, name, kind, _ in self.questions if kind == "select_one scale"]

    def name_rows(self, interviews, separator="/", meta=KOBO_META, id_column="_uuid"):
        """Kobo's "XML values and headers" export with group names in the headers."""
        header = ["start", "end"] + [p.replace("/", separator) for p, *_ in self.questions]
        header += meta
        rows = [header]
        for index, values in enumerate(interviews, start=1):
            row = ["2026-12-01T10:00:00.000+08:00", "2026-12-01T10:06:12.000+08:00"]
            row += [values.get(name, "") for _, name, *_ in self.questions]
            extra = {"_id": str(60 + index), "_index": str(index), "_status": "submitted_via_web",
                     "_submission_time": "2026-12-03T02:41:19", id_column: values["uuid"]}
            row += [extra.get(column, "") for column in meta]
            rows.append(row)
        return rows

    def label_rows(self, interviews, column="label::Монгол (mn)"):
        """Kobo's labels export with "include groups in headers": group label/question
        label headers, choice labels as values."""
        header = ["start", "end"]
        for path, _name, _kind, cells in self.questions:
            if "/" in path:
                parent = self.group_labels[path.split("/")[0]][column]
                header.append(f"{parent}/{cells[column]}")
            else:
                header.append(cells[column])
        header += KOBO_META
        rows = [header]
        for values in interviews:
            row = ["", ""]
            for _, name, kind, _cells in self.questions:
                value = values.get(name, "")
                if kind.startswith("select_one ") and value:
                    list_name = kind.split(" ", 1)[1]
                    choice = self.choices[(list_name, value)]
                    value = choice[2 if "::Монгол" in column else 3]
                row.append(value)
            row += [values["uuid"] if m == "_uuid" else "" for m in KOBO_META]
            rows.append(row)
        return rows

    def interview(self, score="4", **values):
        group = next(key[1] for key in self.choices if key[0] == "groups")
        answer = {"uuid": str(uuid_module.uuid4()), "group": group, "gender": "female",
                  "age_band": "35_59", "disability": "no"}
        answer.update({name: score for name in self.scored()})
        answer.update(values)
        return answer

    def preview(self, rows, kind="csv", delimiter=";"):
        return file_imports.preview(self.round, "responses", "community",
                                    _file(rows, kind, delimiter), f"export.{kind}")

    def stored(self) -> int:
        return db.session.scalar(
            select(func.count(Response.id)).where(Response.round_id == self.round_id)
        )


def _file(rows, kind="csv", delimiter=";") -> bytes:
    if kind == "xlsx":
        book = Workbook()
        for row in rows:
            book.active.append(row)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_ALL).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_kobo_csv_with_group_paths_and_names_imports_every_interview(kobo):
    interviews = [kobo.interview("4"), kobo.interview("2", gender="male"),
                  kobo.interview("na")]
    result = kobo.preview(kobo.name_rows(interviews))
    assert result.problems == []
    assert len(result.valid_rows) == 3
    assert {r.respondent_id for r in result.valid_rows} == {i["uuid"] for i in interviews}
    assert {v for v in result.valid_rows[0].values.values()} == {4.0}
    assert result.valid_rows[1].gender == "male"
    assert set(result.valid_rows[2].missing_reasons.values()) == {"na"}


def test_kobo_xlsx_with_mongolian_labels_in_the_headers_and_cells(kobo):
    interviews = [kobo.interview("5"), kobo.interview("1")]
    rows = kobo.label_rows(interviews)
    assert "/" in rows[0][2]
    result = kobo.preview(rows, kind="xlsx")
    assert result.problems == [], result.problems
    assert sorted(next(iter(r.values.values())) for r in result.valid_rows) == [1.0, 5.0]
    assert {r.gender for r in result.valid_rows} == {"female"}


def test_kobo_csv_with_english_labels(kobo):
    rows = kobo.label_rows([kobo.interview("3")], column="label::English (en)")
    result = kobo.preview(rows)
    assert result.problems == [], result.problems
    assert len(result.valid_rows) == 1


def test_odk_central_csv_with_dashed_group_paths(kobo):
    interview = kobo.interview("2")
    interview["uuid"] = "uuid:" + interview["uuid"]
    rows = kobo.name_rows([interview], separator="-", meta=["meta-instanceID", *CENTRAL_META],
                          id_column="meta-instanceID")
    rows[0][0] = "SubmissionDate"
    result = kobo.preview(rows, delimiter=",")
    assert result.problems == [], result.problems
    assert result.valid_rows[0].respondent_id == interview["uuid"]


def test_a_hashtag_row_under_the_header_is_skipped(kobo):
    rows = kobo.name_rows([kobo.interview()])
    rows.insert(1, ["", ""] + ["#indicator" for _ in rows[0][2:]])
    result = kobo.preview(rows)
    assert result.problems == [] and len(result.valid_rows) == 1


def test_a_bad_cell_is_reported_by_row_and_by_the_column_as_the_file_names_it(kobo):
    first = kobo.scored()[0]
    rows = kobo.name_rows([kobo.interview(), kobo.interview(**{first: "7"})])
    result = kobo.preview(rows)
    assert len(result.valid_rows) == 1
    [problem] = result.problems
    assert problem.row_number == 3
    assert problem.column == f"scores/{first}"
    column = rows[0].index(f"scores/{first}")
    assert problem.column_letter == "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[column]


def test_an_export_missing_an_indicator_column_is_blocked(kobo):
    rows = kobo.name_rows([kobo.interview()])
    drop = rows[0].index(f"scores/{kobo.scored()[0]}")
    rows = [row[:drop] + row[drop + 1:] for row in rows]
    result = kobo.preview(rows)
    assert result.blocked and result.valid_rows == []
    assert {p.code for p in result.problems} == {"missing_column"}


def test_the_same_export_imported_twice_stores_each_interview_once(kobo):
    """Upload → check → "import the valid rows", then the same file again."""
    body = _file(kobo.name_rows([kobo.interview(), kobo.interview("3")]))
    url = f"/rounds/{kobo.round_id}/import"

    def upload():
        return kobo.client.post(
            url,
            data={"kind": "responses", "side": "community",
                  "file": (io.BytesIO(body), "kobo-export.csv")},
            follow_redirects=True,
        )

    check = upload()
    assert check.status_code == 200
    done = kobo.client.post(check.request.path, data={"choice": "valid"}, follow_redirects=True)
    assert done.status_code == 200
    assert kobo.stored() == 2
    stored = db.session.scalars(select(Response).where(Response.round_id == kobo.round_id))
    assert {r.channel for r in stored} == {"import"}
    again = upload()
    assert again.status_code == 200
    job = db.session.scalars(
        select(ImportJob).where(ImportJob.round_id == kobo.round_id).order_by(ImportJob.id)
    ).all()[-1]
    assert job.valid_rows == 0
    assert {p["code"] for p in job.problems} == {"duplicate_respondent"}
    assert kobo.stored() == 2
