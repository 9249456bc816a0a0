"""ODK Collect, KoboCollect and Enketo against Egekh's OpenRosa server, replayed byte by
byte as those clients send their requests.

Where the request shapes come from (read in the clients' and servers' public sources):

* ODK Collect — ``getodk/collect``,
  ``collect_app/src/main/java/org/odk/collect/android/openrosa/okhttp/
  OkHttpOpenRosaServerClientProvider.java`` adds ``User-Agent``,
  ``X-OpenRosa-Version: 1.0`` and ``Date`` (``E, dd MMM yyyy hh:mm:ss zz``, GMT) to every
  request; ``OkHttpConnection.java`` sends ``HEAD`` to the submission URL first, then a
  ``multipart/form-data`` POST whose part ``xml_submission_file`` has the instance's
  file name and ``Content-Type: text/xml``; ``OpenRosaFormSource.java`` appends
  ``/formList`` to the server URL; ``OpenRosaResponseParserImpl.kt`` needs ``formID``,
  ``name``, ``version`` and ``downloadUrl`` in the ``xformsList`` namespace.
* Enketo — ``enketo/enketo-express``, ``public/js/src/module/connection.js``:
  ``fd.append('xml_submission_file', xmlSubmissionBlob, 'xml_submission_file')`` and the
  headers ``X-OpenRosa-Version: 1.0``, ``X-OpenRosa-Instance-Id`` and
  ``X-OpenRosa-Deprecated-Id``; a real Enketo submission's headers (WebKit boundary,
  ``Date``) are recorded in ``getodk/central-backend`` ``test/unit/external/sentry.js``.
* ODK Central's own tests (``getodk/central-backend``
  ``test/integration/api/submissions.js``): HEAD answers 204, a request without
  ``X-OpenRosa-Version`` 400, a broken token 403, ``<test`` as the XML is refused.
"""

from __future__ import annotations

import io
import uuid as uuid_module
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Response, Round
from scorecards.lifecycle import Phase

COLLECT_AGENT = (
    "org.odk.collect.android/v2024.3.2 okhttp/4.12.0 Dalvik/2.1.0 "
    "(Linux; U; Android 13; SM-T220 Build/TP1A.220624.014)"
)
ENKETO_AGENT = (
    "Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
XFORMS_LIST = "{http://openrosa.org/xforms/xformsList}"
XFORMS = "{http://www.w3.org/2002/xforms}"


def collect_headers() -> dict[str, str]:
    """The headers ODK Collect's OkHttp client adds (Date in its 12-hour pattern)."""
    return {
        "User-Agent": COLLECT_AGENT,
        "X-OpenRosa-Version": "1.0",
        "Date": "Tue, 01 Dec 2026 02:43:45 GMT",
        "Accept-Encoding": "gzip",
    }


@pytest.fixture
def odk(base_app, create_user, create_round, sign_in):
    """A round in community scoring with collection open, its facilitator signed in on
    ``client``, and a device token made through the collection page."""
    client = base_app.test_client()
    facilitator = create_user("facilitator", areas=["MN-061"])
    round_ = create_round(facilitator)
    round_.state = Phase.COMMUNITY_SCORING.value
    round_.community_open = True
    db.session.commit()
    sign_in(client, facilitator)
    page = client.post(
        f"/rounds/{round_.id}/devices", data={"label": "Tablet 1", "scope": "round"}
    )
    assert page.status_code == 200
    server = _server_url(page.get_data(as_text=True))
    return _Odk(base_app, client, round_.id, server, facilitator)


def _server_url(page: str) -> str:
    start = page.index("http://localhost/odk/key/")
    return page[start : page.index("<", start)]


class _Odk:
    def __init__(self, app, client, round_id, server, facilitator):
        self.app = app
        self.staff = client
        self.device = app.test_client()
        self.round_id = round_id
        self.server = server
        self.path = server.removeprefix("http://localhost")
        self.facilitator = facilitator

    @property
    def round(self) -> Round:
        return db.session.get(Round, self.round_id)

    def form_list(self, **headers):
        return self.device.get(self.path + "/formList", headers=headers or collect_headers())

    def xform(self, form_id: str | None = None) -> str:
        form_id = form_id or f"egekh-{self.round_id}-community"
        response = self.device.get(f"{self.path}/forms/{form_id}.xml", headers=collect_headers())
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_data(as_text=True)

    def stored(self) -> int:
        return db.session.scalar(
            select(func.count(Response.id)).where(Response.round_id == self.round_id)
        )


def filled_instance(xform: str, answer: str = "3", instance_id: str | None = None,
                    **values: str) -> tuple[bytes, str]:
    """The instance a device writes for ``xform``: its primary instance with every
    question answered (group: the first group; each indicator: ``answer``), as JavaRosa
    serialises it, with ``values`` overriding leaves by name. Returns (XML, instanceID)."""
    root = ET.fromstring(xform)
    model = root.find(f".//{XFORMS}model")
    data = model.find(f"{XFORMS}instance")[0]
    group_choice = root.find(f".//{XFORMS}instance[@id='groups']//{XFORMS}name").text
    instance_id = instance_id or f"uuid:{uuid_module.uuid4()}"
    for element in data.iter():
        name = element.tag.removeprefix(XFORMS)
        element.tag = name
        if len(element):
            continue
        if name == "group":
            element.text = group_choice
        elif name == "instanceID":
            element.text = instance_id
        elif name in values:
            element.text = values[name]
        elif name in ("gender", "age_band", "disability", "comment") or name.endswith("_reason"):
            element.text = None
        elif name not in ("deprecatedID",):
            element.text = answer
    for name, value in values.items():
        for element in data.iter(name):
            element.text = value
    body = ET.tostring(data, encoding="unicode")
    header = "<?xml version='1.0' ?>"
    return (header + body).encode("utf-8"), instance_id


def collect_post(odk: _Odk, xml: bytes, path: str | None = None, headers=None):
    """ODK Collect's submission POST: OkHttp's multipart body, byte for byte."""
    boundary = "4f6d3c0e-1b6a-4a55-9d0c-7a3f2b9c8e11"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="xml_submission_file"; '
        'filename="Egekh_2026-12-01_10-43-12.xml"\r\n'
        "Content-Type: text/xml\r\n"
        f"Content-Length: {len(xml)}\r\n\r\n"
    ).encode() + xml + f"\r\n--{boundary}--\r\n".encode()
    return odk.device.post(
        path or odk.path + "/submission",
        data=body,
        headers={**(headers if headers is not None else collect_headers()),
                 "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )


def enketo_post(odk: _Odk, xml: bytes, instance_id: str):
    """Enketo's submission POST: a browser FormData with the Blob named
    ``xml_submission_file`` (WebKit boundary) and Enketo's OpenRosa headers."""
    boundary = "----WebKitFormBoundaryL2oytYPxI0mUpe2B"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="xml_submission_file"; '
        'filename="xml_submission_file"\r\n'
        "Content-Type: text/xml\r\n\r\n"
    ).encode() + xml + f"\r\n--{boundary}--\r\n".encode()
    return odk.device.post(
        odk.path + "/submission",
        data=body,
        headers={
            "User-Agent": ENKETO_AGENT,
            "X-OpenRosa-Version": "1.0",
            "X-OpenRosa-Instance-Id": instance_id,
            "X-OpenRosa-Deprecated-Id": "",
            "Date": "Wed, 02 Dec 2026 09:59:37 GMT",
            "Accept": "*/*",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )


def message(response) -> tuple[str, str]:
    """(nature, text) of an OpenRosaResponse."""
    root = ET.fromstring(response.data)
    assert root.tag == "{http://openrosa.org/http/response}OpenRosaResponse"
    element = root.find("{http://openrosa.org/http/response}message")
    return element.get("nature"), element.text or ""


# ------------------------------------------------------------------------- the tests


def test_collect_lists_the_round_forms_with_the_fields_its_parser_needs(odk):
    response = odk.form_list()
    assert response.status_code == 200
    assert response.headers["X-OpenRosa-Version"] == "1.0"
    assert response.headers["Date"]
    root = ET.fromstring(response.data)
    assert root.tag == f"{XFORMS_LIST}xforms"
    forms = {x.findtext(f"{XFORMS_LIST}formID"): x for x in root.findall(f"{XFORMS_LIST}xform")}
    community = forms[f"egekh-{odk.round_id}-community"]
    for field in ("name", "version", "hash", "downloadUrl"):
        assert community.findtext(f"{XFORMS_LIST}{field}")
    assert community.findtext(f"{XFORMS_LIST}hash").startswith("md5:")
    # Collect downloads the form from downloadUrl as given.
    url = community.findtext(f"{XFORMS_LIST}downloadUrl").removeprefix("http://localhost")
    xform = odk.device.get(url, headers=collect_headers())
    assert xform.status_code == 200 and b"<h:html" in xform.data


def test_enketo_head_on_the_form_list_with_a_form_id(odk):
    """Enketo's preflight: ``HEAD …/formList?formID=…`` with the version and Date."""
    response = odk.device.head(
        f"{odk.path}/formList?formID=egekh-{odk.round_id}-community",
        headers={"X-OpenRosa-Version": "1.0", "Date": "Mon, 14 Jun 2021 18:47:25 GMT"},
    )
    assert response.status_code == 200
    assert response.headers["X-OpenRosa-Version"] == "1.0"


def test_collect_head_preflight_then_post_stores_the_interview_once(odk):
    head = odk.device.head(odk.path + "/submission", headers=collect_headers())
    assert head.status_code == 204
    assert int(head.headers["X-OpenRosa-Accept-Content-Length"]) >= 100_000
    xml, instance_id = filled_instance(odk.xform(), answer="4", comment="Ширээ хүрэлцэхгүй")
    response = collect_post(odk, xml)
    assert response.status_code == 201, response.get_data(as_text=True)
    nature, text = message(response)
    assert nature == "submit_success" and text
    stored = db.session.scalar(select(Response).where(Response.round_id == odk.round_id))
    assert stored.uuid == instance_id.removeprefix("uuid:")
    assert stored.channel == "tablet" and stored.side == "community"
    assert stored.comment == "Ширээ хүрэлцэхгүй"
    assert stored.gender == "undisclosed"
    assert {s.value for s in stored.scores} == {4.0}
    asked = [ri for ri in odk.round.indicators if ri.asked_of("community")]
    assert len(stored.scores) == len(asked)


def test_the_same_interview_sent_again_is_stored_once_and_answered_201(odk):
    xml, _ = filled_instance(odk.xform())
    assert collect_post(odk, xml).status_code == 201
    again = collect_post(odk, xml)
    assert again.status_code == 201
    assert odk.stored() == 1


def test_the_same_instance_id_with_other_answers_is_refused_409(odk):
    form = odk.xform()
    xml, instance_id = filled_instance(form, answer="2")
    assert collect_post(odk, xml).status_code == 201
    other, _ = filled_instance(form, answer="5", instance_id=instance_id)
    response = collect_post(odk, other)
    assert response.status_code == 409
    nature, text = message(response)
    assert nature == "error" and text
    assert odk.stored() == 1
    kept = db.session.scalar(select(Response).where(Response.round_id == odk.round_id))
    assert {s.value for s in kept.scores} == {2.0}


def test_enketo_submission_is_stored(odk):
    xml, instance_id = filled_instance(odk.xform(), answer="na", gender="female",
                                       age_band="35_59")
    response = enketo_post(odk, xml, instance_id)
    assert response.status_code == 201, response.get_data(as_text=True)
    stored = db.session.scalar(select(Response).where(Response.round_id == odk.round_id))
    assert stored.gender == "female" and stored.age_band == "35_59"
    assert {s.missing_reason for s in stored.scores} == {"na"}
    assert {s.value for s in stored.scores} == {None}


def test_without_the_openrosa_version_header_every_endpoint_answers_400(odk):
    xml, _ = filled_instance(odk.xform())
    no_version = {"User-Agent": COLLECT_AGENT, "Date": "Tue, 01 Dec 2026 02:43:45 GMT"}
    assert odk.device.get(odk.path + "/formList", headers=no_version).status_code == 400
    assert odk.device.head(odk.path + "/submission", headers=no_version).status_code == 400
    response = collect_post(odk, xml, headers=no_version)
    assert response.status_code == 400
    assert message(response)[0] == "error"
    assert odk.stored() == 0


def test_a_submission_to_a_closed_round_is_refused_and_stays_on_the_tablet(odk):
    xml, _ = filled_instance(odk.xform())
    odk.round.community_open = False
    db.session.commit()
    response = collect_post(odk, xml)
    assert response.status_code == 403
    nature, text = message(response)
    assert nature == "error" and text
    assert odk.stored() == 0


def test_an_unknown_form_id_is_refused_404(odk):
    xml, _ = filled_instance(odk.xform())
    other = xml.replace(f'id="egekh-{odk.round_id}-community"'.encode(), b'id="household_survey"')
    response = collect_post(odk, other)
    assert response.status_code == 404 and message(response)[0] == "error"
    foreign = xml.replace(
        f'id="egekh-{odk.round_id}-community"'.encode(),
        f'id="egekh-{odk.round_id + 1000}-community"'.encode(),
    )
    assert collect_post(odk, foreign).status_code == 404
    assert odk.device.get(
        f"{odk.path}/forms/household_survey.xml", headers=collect_headers()
    ).status_code == 404
    assert odk.stored() == 0


def test_a_form_downloaded_before_the_round_changed_is_refused(odk):
    xml, _ = filled_instance(odk.xform())
    round_ = odk.round
    round_.groups[0].label = "Эцэг эх, асран хамгаалагч"
    db.session.commit()
    response = collect_post(odk, xml)
    assert response.status_code == 400
    assert "Get blank form" in message(response)[1] or message(response)[1]
    assert odk.stored() == 0
    fresh, _ = filled_instance(odk.xform())
    assert collect_post(odk, fresh).status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        b"<test",
        b"not xml at all",
        b"",
        # billion laughs: entities declared in a DTD
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b"<data id=\"x\"><comment>&lol3;</comment></data>",
        # an external entity
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<data id="x"><comment>&xxe;</comment></data>',
    ],
)
def test_malformed_xml_and_entity_expansion_are_refused(odk, body):
    response = collect_post(odk, body)
    assert response.status_code == 400
    nature, text = message(response)
    assert nature == "error" and text
    assert odk.stored() == 0


def test_entities_in_an_otherwise_valid_interview_are_refused(odk):
    xml, _ = filled_instance(odk.xform(), comment="&x;")
    xml = xml.replace(b"&amp;x;", b"&x;").replace(
        b"<?xml version='1.0' ?>", b'<?xml version="1.0"?><!DOCTYPE data [<!ENTITY x "y">]>'
    )
    response = collect_post(odk, xml)
    assert response.status_code == 400
    assert odk.stored() == 0


def test_an_oversized_interview_is_refused(odk):
    xml, _ = filled_instance(odk.xform(), comment="а" * 300_000)
    response = collect_post(odk, xml)
    assert response.status_code == 413
    assert message(response)[0] == "error"
    assert odk.stored() == 0


def test_a_body_over_the_limit_is_refused_before_it_is_read(odk):
    response = odk.device.post(
        odk.path + "/submission",
        data=b"x" * (2 * 1024 * 1024),
        headers={**collect_headers(), "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert response.status_code == 413
    assert odk.stored() == 0


def test_a_chunked_upload_is_stored(odk):
    """A chunked POST (no Content-Length), as OpenRosa requires servers to accept.

    The WSGI server decodes the chunks; gunicorn and Werkzeug's server then mark the
    input as terminated (``wsgi.input_terminated``), as this request does.
    """
    xml, _ = filled_instance(odk.xform())
    boundary = "chunkedboundary"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="xml_submission_file"; '
        'filename="submission.xml"\r\nContent-Type: text/xml\r\n\r\n'
    ).encode() + xml + f"\r\n--{boundary}--\r\n".encode()
    response = odk.device.post(
        odk.path + "/submission",
        input_stream=io.BytesIO(body),
        headers={
            **collect_headers(),
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Transfer-Encoding": "chunked",
        },
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert odk.stored() == 1


def test_a_chunked_upload_over_the_limit_is_cut_off(odk):
    response = odk.device.post(
        odk.path + "/submission",
        input_stream=io.BytesIO(b"x" * (2 * 1024 * 1024)),
        headers={
            **collect_headers(),
            "Content-Type": "multipart/form-data; boundary=b",
            "Transfer-Encoding": "chunked",
        },
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert odk.stored() == 0


def test_a_request_without_the_xml_part_is_refused(odk):
    response = odk.device.post(
        odk.path + "/submission",
        data={"other": "x"},
        headers=collect_headers(),
    )
    assert response.status_code == 400
    assert message(response)[0] == "error"


def test_an_unknown_or_revoked_token_is_refused_403(odk):
    xml, _ = filled_instance(odk.xform())
    bad = odk.path.rsplit("/", 1)[0] + "/" + "A" * 32
    assert odk.device.get(bad + "/formList", headers=collect_headers()).status_code == 403
    assert collect_post(odk, xml, path=bad + "/submission").status_code == 403
    page = odk.staff.get(f"/rounds/{odk.round_id}/collection").get_data(as_text=True)
    revoke = page[page.index(f"/rounds/{odk.round_id}/devices/"):].split('"')[0]
    assert odk.staff.post(revoke).status_code == 302
    response = collect_post(odk, xml)
    assert response.status_code == 403
    assert message(response)[0] == "error"
    assert odk.form_list().status_code == 403
    assert odk.stored() == 0


def test_a_missing_answer_is_refused_with_a_message(odk):
    form = odk.xform()
    names = [
        e.tag.removeprefix(XFORMS)
        for e in ET.fromstring(form).find(f".//{XFORMS}instance")[0].find(f"{XFORMS}scores")
    ]
    xml, _ = filled_instance(form, **{names[0]: ""})
    response = collect_post(odk, xml)
    assert response.status_code == 201  # an empty list answer is "don't know"
    bad, _ = filled_instance(form, **{names[0]: "9"})
    response = collect_post(odk, bad)
    assert response.status_code == 400
    assert message(response)[1]
    assert odk.stored() == 1


def test_errors_speak_the_devices_language(odk):
    headers = {**collect_headers(), "Accept-Language": "en-US,en;q=0.9"}
    del headers["X-OpenRosa-Version"]
    response = odk.device.get(odk.path + "/formList", headers=headers)
    assert "X-OpenRosa-Version" in message(response)[1]
    assert response.headers["Content-Language"] == "en"


@pytest.mark.app_config(WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True,
                        JOIN_FAILED_RATE_LIMIT="3 per minute")
def test_submissions_need_no_csrf_token_and_guessing_tokens_is_slowed(
    base_app, create_user, create_round
):
    """With CSRF protection and rate limits on, as in production: a tablet's POST
    (which has no session and no CSRF token) is stored; refused tokens are counted per
    address and refused with 429 once over the limit."""
    from app.services import device_tokens

    facilitator = create_user("facilitator", areas=["MN-061"])
    round_ = create_round(facilitator)
    round_.state = Phase.COMMUNITY_SCORING.value
    round_.community_open = True
    db.session.commit()
    _token, secret = device_tokens.create_token(round_, facilitator, "Tablet", "round")
    db.session.commit()
    odk = _Odk(base_app, base_app.test_client(), round_.id,
               f"http://localhost/odk/key/{secret}", facilitator)
    xml, _ = filled_instance(odk.xform())
    assert collect_post(odk, xml).status_code == 201
    statuses = [
        odk.device.get(f"/odk/key/{'B' * 32}/formList", headers=collect_headers()).status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [403, 403, 403] and statuses[3:] == [429, 429]
