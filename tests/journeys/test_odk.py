"""Door-to-door interviews on tablets, from an empty database, through HTTP only.

The facilitator prepares a round and opens collection, gives a tablet access on the
collection page (the page shows the QR code and the server address once), and the
tablet, as ODK Collect does, lists the forms, downloads the community form, asks
before sending (HEAD) and sends two interviews made offline — one of them twice, as
Collect does when an answer is lost on the way. The facilitator sees them counted,
downloads the round's XLSForm for the NGO's KoboToolbox account, imports the
KoboToolbox export of three more interviews through the import page, and finally
revokes the tablet, whose next send is refused with a message.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
import xml.etree.ElementTree as ET

from openpyxl import load_workbook

from tests.app.views.test_openrosa import collect_headers
from tests.journeys import steps
from tests.journeys.browser import Page, Person
from tests.journeys.steps import GroupPlan, RoundSheet

FACILITY = "Хэрлэн багийн бага сургууль"
PERIOD = ("2026-H1", "2026-01-01", "2026-06-30")
PARENTS, HERDERS, TEACHERS = "Эцэг эхчүүд", "Малчид", "Багш нар"
XFORMS = "{http://www.w3.org/2002/xforms}"
XFORMS_LIST = "{http://openrosa.org/xforms/xformsList}"


# ------------------------------------------------------------------- own steps


def facilitator_gives_tablet_access(facilitator: Person, round_id: int, label: str) -> str:
    """Collection page → "Give a tablet access": the server address under the QR code."""
    page = facilitator.open(f"/rounds/{round_id}/collection")
    form = page.form(action_part="/devices", containing="Give a tablet access")
    page = facilitator.submit(form, {"label": label, "scope": "round"})
    assert f"Access made for “{label}”" in page, page.text[:800]
    assert "Scan this QR code now" in page
    match = re.search(r"<code>http://localhost(/odk/key/[^<]+)</code>", page.html)
    assert match, page.text[:800]
    return match.group(1)


class Tablet:
    """ODK Collect on a tablet: every request with Collect's headers."""

    def __init__(self, app, server: str) -> None:
        self.client = app.test_client()
        self.server = server
        self.forms: dict[str, str] = {}

    def gets_blank_forms(self) -> list[str]:
        listing = self.client.get(self.server + "/formList", headers=collect_headers())
        assert listing.status_code == 200
        ids = []
        for xform in ET.fromstring(listing.data).iter(f"{XFORMS_LIST}xform"):
            form_id = xform.findtext(f"{XFORMS_LIST}formID")
            url = xform.findtext(f"{XFORMS_LIST}downloadUrl").removeprefix("http://localhost")
            download = self.client.get(url, headers=collect_headers())
            assert download.status_code == 200
            self.forms[form_id] = download.get_data(as_text=True)
            ids.append(form_id)
        return ids

    def fills(self, form_id: str, group: str, score: str, gender: str = "") -> bytes:
        """An interview as JavaRosa saves it: the form's instance, every leaf filled."""
        root = ET.fromstring(self.forms[form_id])
        data = root.find(f".//{XFORMS}instance")[0]
        groups = {
            root.find(f".//{XFORMS}text[@id='{item.findtext(f'{XFORMS}itextId')}']")
            .findtext(f"{XFORMS}value"): item.findtext(f"{XFORMS}name")
            for item in root.find(f".//{XFORMS}instance[@id='groups']").iter(f"{XFORMS}item")
        }
        for element in data.iter():
            element.tag = element.tag.removeprefix(XFORMS)
            if len(element):
                continue
            if element.tag == "group":
                element.text = groups[group]
            elif element.tag == "gender":
                element.text = gender or None
            elif element.tag == "instanceID":
                element.text = f"uuid:{uuid.uuid4()}"
            elif element.tag in ("age_band", "disability", "comment") or element.tag.endswith(
                "_reason"
            ):
                element.text = None
            else:
                element.text = score
        return ("<?xml version='1.0' ?>" + ET.tostring(data, encoding="unicode")).encode()

    def sends(self, xml: bytes):
        """HEAD first (Collect asks whether it may send), then the multipart POST."""
        self.head = self.client.head(self.server + "/submission", headers=collect_headers())
        boundary = str(uuid.uuid4())
        body = (
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"xml_submission_file\"; "
            f"filename=\"interview.xml\"\r\nContent-Type: text/xml\r\n\r\n"
        ).encode() + xml + f"\r\n--{boundary}--\r\n".encode()
        return self.client.post(
            self.server + "/submission",
            data=body,
            headers={**collect_headers(),
                     "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )


def stored_count(facilitator: Person, round_id: int) -> int:
    """The community side's "Responses stored" on the collection page."""
    page = facilitator.open(f"/rounds/{round_id}/collection")
    counts = re.findall(r"Responses stored: ([0-9\u202f]+)", page.text)
    return int(counts[0].replace("\u202f", ""))


def kobo_export(xlsform: bytes, interviews: list[dict[str, str]]) -> bytes:
    """What KoboToolbox's CSV export gives for the round's XLSForm ("XML values and
    headers", group names in the headers, ``;`` between quoted cells)."""
    survey = list(load_workbook(io.BytesIO(xlsform))["survey"].iter_rows(values_only=True))
    header = survey[0]
    paths, groups = [], []
    for row in survey[1:]:
        cells = dict(zip(header, row, strict=False))
        if cells["type"] == "begin_group":
            groups.append(cells["name"])
        elif cells["type"] == "end_group":
            groups.pop()
        else:
            paths.append(("/".join([*groups, cells["name"]]), cells["name"], cells["type"]))
    meta = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status",
            "_submitted_by", "_tags", "_index"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL)
    writer.writerow(["start", "end", *(p for p, _, _ in paths), *meta])
    for index, interview in enumerate(interviews, start=1):
        cells = []
        for _path, name, kind in paths:
            cells.append(interview["score"] if kind == "select_one scale"
                         else interview.get(name, ""))
        writer.writerow(["2026-03-02T10:00:00.000+08:00", "2026-03-02T10:07:41.000+08:00",
                         *cells, str(index), str(uuid.uuid4()), "2026-03-05T02:11:09", "", "",
                         "submitted_via_web", "", "", str(index)])
    return out.getvalue().encode("utf-8")


def facilitator_imports_export(facilitator: Person, round_id: int, body: bytes) -> Page:
    page = facilitator.open(f"/rounds/{round_id}/import")
    form = page.form(field="file")
    return facilitator.submit(
        form, {"kind": "responses", "side": "community"},
        files={"file": (io.BytesIO(body), "kobo-export.csv")},
    )


# ------------------------------------------------------------------------ journey


def test_tablets_send_interviews_and_a_kobo_export_is_imported(base_app):
    people = steps.staff_from_empty_database(base_app)
    facilitator = people.facilitator
    round_id = steps.facilitator_creates_round(
        facilitator, FACILITY, PERIOD,
        [GroupPlan("parents", PARENTS, 20), GroupPlan("herders", HERDERS, 10),
         GroupPlan("providers", TEACHERS, 5)],
    )
    sheet = RoundSheet(round_id, steps.reads_indicators(facilitator, round_id))
    steps.moves_round(facilitator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(facilitator, round_id, "community_scoring", "Community scoring")
    steps.opens_collection(facilitator, sheet)

    server = facilitator_gives_tablet_access(facilitator, round_id, "Tablet 1")
    tablet = Tablet(base_app, server)
    community = f"egekh-{round_id}-community"
    assert community in tablet.gets_blank_forms()

    first = tablet.fills(community, HERDERS, "4", gender="female")
    second = tablet.fills(community, PARENTS, "2")
    assert tablet.sends(first).status_code == 201
    assert tablet.head.status_code == 204
    assert tablet.sends(second).status_code == 201
    assert tablet.sends(second).status_code == 201  # sent again: stored once
    assert stored_count(facilitator, round_id) == 2

    page = facilitator.open(f"/rounds/{round_id}/collection")
    xlsform = facilitator.download(page.link("community"))
    book = load_workbook(io.BytesIO(xlsform))
    groups = {row[2]: row[1] for row in book["choices"].iter_rows(values_only=True)
              if row[0] == "groups"}
    export = kobo_export(xlsform, [
        {"group": groups[PARENTS], "gender": "male", "age_band": "60_plus", "score": "3"},
        {"group": groups[HERDERS], "gender": "female", "score": "5"},
        {"group": groups[HERDERS], "gender": "", "score": "na"},
    ])
    check = facilitator_imports_export(facilitator, round_id, export)
    assert "3" in check.text, check.text[:800]
    steps.facilitator_imports_valid_rows(facilitator, check, 3)
    assert stored_count(facilitator, round_id) == 5

    page = facilitator.open(f"/rounds/{round_id}/collection")
    revoke = page.form(action_part="/revoke", containing="Revoke access")
    page = facilitator.submit(revoke)
    assert "can no longer send" in page
    refused = tablet.sends(tablet.fills(community, PARENTS, "5"))
    assert tablet.head.status_code == 403 and refused.status_code == 403
    # The tablet shows why, in Mongolian (Collect sends no Accept-Language).
    assert "хандалтыг хөтлөгч цуцалсан" in refused.get_data(as_text=True)
    assert stored_count(facilitator, round_id) == 5
