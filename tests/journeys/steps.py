"""Each person's steps of the scorecard cycle, done through the pages as they do them.

Nothing here calls a service or touches the database: every change is the POST a
page makes (its form read from the page, so the field names are the real ones), and
every figure is read back from a page, the API or a download. The only step outside
HTTP is the operator's ``flask users create`` of the README, for the first
administrator.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass, field

from tests.journeys.browser import Page, Person, squash

PASSWORD = "steppe-horse-winter-42"
AIMAG = "MN-061"  # Dornod
AIMAG_NAME = "Dornod"
SOUM_NAME = "Matad"


# --------------------------------------------------------------------------- accounts


def operator_creates_first_admin(app, email: str = "admin@journey.egekh.mn") -> None:
    """README, "Deploying": ``flask users create --role admin --email … --name …``."""
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "--role", "admin", "--email", email, "--name", "Journey Admin"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert f"created {email}" in result.output


def signs_in(person: Person, email: str, password: str = PASSWORD) -> Page:
    person.get("/lang/en", expect=302)  # reads the pages in English
    page = person.get("/auth/login")
    page = person.submit(page.form(field="email"), {"email": email, "password": password})
    assert "Signed in as" in page, page.text[:500]
    return page


def admin_adds_organisation(admin: Person, name_mn: str, name_en: str, kind: str) -> None:
    """Users → Organisations → "Add the organisation"."""
    page = admin.open("/admin/users")
    page = admin.open(page.link("Organisations"))
    form = page.form(field="name_mn")
    page = admin.submit(
        form, {"name_mn": name_mn, "name_en": name_en, "kind": form.option_value("kind", kind)}
    )
    assert "was added" in page and name_en in page


def admin_invites(
    admin: Person, email: str, name: str, role_label: str, organisation: str | None, area: str
) -> str:
    """The invitation link the administrator passes on (shown once on the page)."""
    page = admin.open("/admin/users")
    page = admin.open(page.link("Invite a user"))
    form = page.form(field="email")
    values = {
        "email": email,
        "display_name": name,
        "role": form.option_value("role", role_label),
        "area_ids": [form.option_value("area_ids", area)],
    }
    if organisation:
        values["organisation_id"] = form.option_value("organisation_id", organisation)
    page = admin.submit(form, values)
    assert "Invitation link" in page, page.text[:800]
    match = re.search(r'value="http://localhost(/account/invitation/[^"]+)"', page.html)
    assert match, "no invitation link on the page"
    return match.group(1)


def accepts_invitation(person: Person, link: str) -> None:
    person.get("/lang/en", expect=302)
    page = person.get(link)
    assert "Choose your password" in page
    page = person.submit(
        page.form(field="new_password"), {"new_password": PASSWORD, "confirm": PASSWORD}
    )
    assert "Your password is set and you are signed in" in page, page.text[:500]


@dataclass
class People:
    admin: Person
    coordinator: Person
    facilitator: Person
    official: Person
    public: Person


def staff_from_empty_database(app) -> People:
    """The operator's first administrator; the administrator's organisation and the
    invitations of a coordinator, a facilitator and an official, each accepted."""
    operator_creates_first_admin(app)
    admin = Person(app, "administrator")
    signs_in(admin, "admin@journey.egekh.mn")
    admin_adds_organisation(
        admin, "Дорнодын иргэний хяналт ТББ", "Dornod Civic Watch", "Non-governmental"
    )
    admin_adds_organisation(
        admin, "Дорнод аймгийн Засаг даргын Тамгын газар", "Dornod Governor's Office",
        "Government office",
    )
    people = People(
        admin,
        Person(app, "coordinator"),
        Person(app, "facilitator"),
        Person(app, "official"),
        Person(app, "public"),
    )
    ngo = "Dornod Civic"
    invitations = [
        (people.coordinator, "coord@journey.egekh.mn", "Coordinator", "Coordinator", ngo),
        (people.facilitator, "facil@journey.egekh.mn", "Facilitator", "Facilitator", ngo),
        (people.official, "official@journey.egekh.mn", "Official", "Official", "Governor"),
    ]
    for person, email, name, role, organisation in invitations:
        link = admin_invites(
            admin, email, f"{name} Journey", role, organisation, f"{AIMAG_NAME} (whole aimag)"
        )
        accepts_invitation(person, link)
    people.public.get("/lang/en", expect=302)
    return people


# ------------------------------------------------------------------------ preparation


@dataclass
class RoundIndicator:
    ri_id: int
    position: int
    text: str
    code: str


@dataclass
class RoundSheet:
    """What the facilitator reads off the round's pages."""

    round_id: int
    indicators: list[RoundIndicator] = field(default_factory=list)
    groups: dict[str, int] = field(default_factory=dict)  # label -> group id
    community_code: str = ""
    provider_code: str = ""

    def ri(self, code_or_text: str) -> int:
        for ri in self.indicators:
            if ri.code == code_or_text or code_or_text in ri.text:
                return ri.ri_id
        raise LookupError(f"no indicator {code_or_text!r} in {self.indicators}")

    def code(self, code_or_text: str) -> str:
        return next(ri.code for ri in self.indicators if ri.ri_id == self.ri(code_or_text))


@dataclass
class GroupPlan:
    kind: str
    label: str
    expected: int


def facilitator_creates_round(
    facilitator: Person,
    facility_name: str,
    period: tuple[str, str, str],
    groups: list[GroupPlan],
    facility_type: str = "General education school",
    template: str = "Community score card for schools",
) -> int:
    """Workspace → New round: aimag → soum → a new facility; template; period; groups."""
    page = facilitator.open("/workspace/")
    page = facilitator.open(page.link("New round"))
    form = page.form(field="aimag")
    aimag = form.option_value("aimag", AIMAG_NAME)
    # "Show the facilities" narrows the soum list to the chosen aimag
    page = facilitator.submit(form, {"aimag": aimag, "narrow": "1"})
    form = page.form(field="soum")
    values = {
        "aimag": aimag,
        "soum": form.option_value("soum", SOUM_NAME),
        "new_facility_name": facility_name,
        "new_facility_type": form.option_value("new_facility_type", facility_type),
        "template": form.option_value("template", template),
        "period_label": period[0],
        "period_start": period[1],
        "period_end": period[2],
    }
    for index, group in enumerate(groups):
        values[f"groups-{index}-kind"] = group.kind
        values[f"groups-{index}-group_name"] = group.label
        values[f"groups-{index}-expected_size"] = str(group.expected)
    page = facilitator.submit(form, values)
    assert "The round is created" in page, page.text[:1500]
    match = re.match(r"/rounds/(\d+)/indicators", page.url)
    assert match, page.url
    return int(match.group(1))


def facilitator_starts_follow_up(
    facilitator: Person, previous_round_id: int, period: tuple[str, str, str]
) -> int:
    """The published round's page → "Start the follow-up round"."""
    page = facilitator.open(f"/rounds/{previous_round_id}")
    page = facilitator.open(page.link("Start the follow-up round"))
    assert "Follow-up round" in page
    form = page.form(field="period_label")
    values = {"period_label": period[0], "period_start": period[1], "period_end": period[2]}
    page = facilitator.submit(form, values)
    assert "The round is created" in page, page.text[:1500]
    return int(re.match(r"/rounds/(\d+)/indicators", page.url).group(1))


_INDICATOR_ROW = re.compile(
    r'<tr id="ri-(\d+)"><td class="num">(\d+)</td>\s*<td>(.*?) <span class="muted">([^<]*)</span>',
    re.S,
)


def reads_indicators(person: Person, round_id: int) -> list[RoundIndicator]:
    page = person.open(f"/rounds/{round_id}/indicators")
    return [
        RoundIndicator(int(ri), int(pos), squash(text), code.strip())
        for ri, pos, text, code in _INDICATOR_ROW.findall(page.html)
    ]


def facilitator_keeps_only(facilitator: Person, round_id: int, codes: set[str]) -> None:
    """Removes every other indicator (each "Remove…" asks to confirm)."""
    for ri in reads_indicators(facilitator, round_id):
        if ri.code in codes:
            continue
        page = facilitator.open(f"/rounds/{round_id}/indicators")
        href = next(
            h for h, text in page.links if text.startswith("Remove") and f"/{ri.ri_id}/" in h
        )
        page = facilitator.open(href)
        form = page.form(action_part=f"/indicators/{ri.ri_id}/drop")
        tick = {"confirm": form.control("confirm").value} if form.has("confirm") else {}
        page = facilitator.submit(form, tick)
    remaining = {ri.code for ri in reads_indicators(facilitator, round_id)}
    assert remaining == codes, remaining


def facilitator_proposes(
    facilitator: Person, round_id: int, text_mn: str, text_en: str, groups: list[str],
    asked_of: str = "Community only",
) -> None:
    page = facilitator.open(f"/rounds/{round_id}/indicators")
    form = page.form(action_part="/propose")
    values = {
        "new-text_mn": text_mn,
        "new-text_en": text_en,
        "new-origin": "community",
        "new-groups": [form.option_value("new-groups", g) for g in groups],
    }
    if form.has("new-asked_of"):
        values["new-asked_of"] = form.option_value("new-asked_of", asked_of)
    page = facilitator.submit(form, values)
    assert "The proposed indicator is added" in page, page.text[:1000]


def facilitator_adds_group(
    facilitator: Person, round_id: int, kind: str, label: str, expected: int,
    female: int, male: int, other: int = 0,
) -> None:
    """Groups page: a group with its size and the people counted at the session."""
    page = facilitator.open(f"/rounds/{round_id}/groups")
    form = page.form(field="label")
    page = facilitator.submit(
        form,
        {
            "kind": kind,
            "side": "community",
            "label": label,
            "expected_size": str(expected),
            "count_female": str(female),
            "count_male": str(male),
            "count_other": str(other),
        },
    )
    assert "The group is saved" in page, page.text[:800]


def reads_groups(person: Person, round_id: int) -> dict[str, int]:
    """Group label -> id, as the group entry page's tabs link them."""
    page = person.open(f"/rounds/{round_id}/tallies?side=community")
    groups = {}
    for side in ("community", "provider"):
        page = person.open(f"/rounds/{round_id}/tallies?side={side}")
        for href, text in page.links:
            match = re.search(r"[?&]group=(\d+)", href)
            if match and "/tallies" in href:
                groups[text] = int(match.group(1))
    return groups


def moves_round(person: Person, round_id: int, target: str, phase_name: str) -> Page:
    """The round page's "To: <phase>" button."""
    page = person.open(f"/rounds/{round_id}")
    forms = [
        f for f in page.forms
        if "/move" in f.action and f.has("target") and f.control("target").value == target
    ]
    assert len(forms) == 1, f"no move to {target} offered: {page.text[:800]}"
    page = person.submit(forms[0])
    assert f"The round is now in: {phase_name}" in page, page.text[:800]
    return page


def opens_collection(facilitator: Person, sheet: RoundSheet) -> None:
    """/rounds/<id>/collection: read both codes, open both sides."""
    page = facilitator.open(f"/rounds/{sheet.round_id}/collection")
    codes = re.findall(r'<strong class="code">([A-Z0-9]+)</strong>', page.html)
    sheet.community_code, sheet.provider_code = codes[0], codes[1]
    for side in ("community", "provider"):
        page = facilitator.open(f"/rounds/{sheet.round_id}/collection")
        form = page.form(action_part=f"/collection/{side}", containing="Open collection")
        page = facilitator.submit(form)
        assert "Collection opened" in page
    assert page.text.count("Status: open") == 2, page.text


# ------------------------------------------------------------------------ collection


@dataclass
class Answers:
    """One person's scorecard: group label, demographics, value per indicator code
    (``"na"``: don't know / not applicable)."""

    group: str
    gender: str
    age_band: str
    scores: dict[str, str]
    reasons: dict[str, str] = field(default_factory=dict)
    comment: str = ""


def citizen_sends_form(app, code: str, sheet: RoundSheet, answers: Answers) -> str:
    """A phone without JavaScript: GET /j/<code>, fill, POST; the receipt page."""
    citizen = Person(app, f"citizen {answers.group}")
    page = citizen.get(f"/j/{code}")
    form = page.form(field="uuid")
    values = {
        "gender": answers.gender,
        "age_band": answers.age_band,
        "comment": answers.comment,
    }
    group_is_asked = any(
        c.name == "group" and (c.tag == "select" or c.type == "radio") for c in form.controls
    )
    if group_is_asked:
        values["group"] = form.option_value("group", answers.group)
    else:  # a side with one group names it instead of asking
        assert answers.group in page, page.text[:800]
    for indicator_code, value in answers.scores.items():
        values[f"q{sheet.ri(indicator_code)}"] = value
    for indicator_code, reason in answers.reasons.items():
        values[f"r{sheet.ri(indicator_code)}"] = reason
    asked = {n for n in form.names() if re.fullmatch(r"q\d+", n)}
    assert asked == {f"q{sheet.ri(c)}" for c in answers.scores}, (asked, answers.scores)
    page = citizen.submit(form, values)
    query = page.response.request.query_string.decode()
    match = re.search(r"(?:^|&)r=([^&]+)", query)
    assert page.url.endswith("/thanks") and match, page.text[:800]
    assert match.group(1) in page  # the receipt is shown to the citizen
    return match.group(1)


def citizen_sends_json(app, code: str, sheet: RoundSheet, answers: Answers) -> str:
    """The page's script: the same fields as one JSON object to /j/<code>/submit.json."""
    citizen = Person(app, f"citizen (script) {answers.group}")
    page = citizen.get(f"/j/{code}")
    form = page.form(field="uuid")
    payload = {
        "uuid": str(uuid.uuid4()),
        "group": form.option_value("group", answers.group),
        "gender": answers.gender,
        "age_band": answers.age_band,
        "comment": answers.comment,
    }
    for indicator_code, value in answers.scores.items():
        payload[f"q{sheet.ri(indicator_code)}"] = value
    for indicator_code, reason in answers.reasons.items():
        payload[f"r{sheet.ri(indicator_code)}"] = reason
    response = citizen.client.post(f"/j/{code}/submit.json", json=payload)
    assert response.status_code == 201, response.get_data(as_text=True)
    receipt = response.get_json()["receipt"]
    again = citizen.client.post(f"/j/{code}/submit.json", json=payload)
    assert again.status_code == 200 and again.get_json()["receipt"] == receipt  # a retry
    return receipt


def facilitator_types_paper_forms(
    facilitator: Person,
    sheet: RoundSheet,
    forms: list[tuple[str, Answers]],
    side: str = "community",
) -> None:
    page = facilitator.open(f"/rounds/{sheet.round_id}/paper?side={side}")
    form = page.form(field="r-0-respondent_id")
    values: dict[str, object] = {}
    for index, (number, answers) in enumerate(forms):
        values[f"r-{index}-respondent_id"] = number
        values[f"r-{index}-group"] = form.option_value(f"r-{index}-group", answers.group)
        values[f"r-{index}-gender"] = answers.gender
        values[f"r-{index}-age_band"] = answers.age_band
        for indicator_code, value in answers.scores.items():
            values[f"r-{index}-{sheet.code(indicator_code)}"] = value
    page = facilitator.submit(form, values)
    stored = len(forms)
    assert f"{stored} form{'s' if stored != 1 else ''} stored" in page, page.text[:1500]


def facilitator_imports_csv(
    facilitator: Person,
    sheet: RoundSheet,
    rows: list[tuple[str, Answers]],
    bad_rows: list[tuple[str, Answers]],
) -> Page:
    """Import page: download the CSV template, fill one row per form, upload, read the
    check, import the valid rows. Returns the check page (before importing)."""
    page = facilitator.open(f"/rounds/{sheet.round_id}/import")
    template_url = next(
        href for href, text in page.links
        if text == "CSV" and "kind=responses" in href and "side=community" in href
    )
    template = facilitator.download(template_url).decode("utf-8-sig")
    header, keys = list(csv.reader(io.StringIO(template)))[:2]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerow(keys)
    for number, answers in [*rows, *bad_rows]:
        cells = {
            "respondent_id": number,
            "group": answers.group,
            "gender": answers.gender,
            "age_band": answers.age_band,
        }
        for indicator_code, value in answers.scores.items():
            cells[sheet.code(indicator_code)] = value
        writer.writerow([cells.get(key, "") for key in keys])
    body = out.getvalue().encode("utf-8")
    form = page.form(field="file")
    check = facilitator.submit(
        form,
        {"kind": "responses", "side": "community"},
        files={"file": (io.BytesIO(body), "paper-forms.csv")},
    )
    return check


def facilitator_imports_valid_rows(facilitator: Person, check: Page, count: int) -> None:
    form = [f for f in check.forms if f.has("choice") and f.control("choice").value == "valid"]
    assert len(form) == 1, check.text[:1000]
    page = facilitator.submit(form[0], base=check.url)
    assert f"{count} rows imported" in page, page.text[:1000]


def facilitator_enters_group(
    facilitator: Person,
    sheet: RoundSheet,
    group: str,
    tallies: dict[str, dict[str, int]] | None = None,
    consensus: dict[str, tuple[str, str]] | None = None,
    side: str = "community",
) -> Page:
    """Group entry: counts per scale point and/or the consensus score with its reason."""
    group_id = sheet.groups[group]
    url = f"/rounds/{sheet.round_id}/tallies?side={side}&group={group_id}"
    page = facilitator.open(url)
    form = page.form(field="group")
    values: dict[str, object] = {}
    for indicator_code, counts in (tallies or {}).items():
        for point, count in counts.items():
            values[f"t-{sheet.ri(indicator_code)}-{point}"] = str(count)
    for indicator_code, (value, reason) in (consensus or {}).items():
        values[f"c-{sheet.ri(indicator_code)}-value"] = value
        values[f"c-{sheet.ri(indicator_code)}-reason"] = reason
    page = facilitator.submit(form, values, base=url)
    assert f"Saved for {group}" in page, page.text[:1500]
    return page


def facilitator_records_meeting(facilitator: Person, round_id: int) -> Page:
    page = facilitator.open(f"/rounds/{round_id}/meeting")
    form = page.form(field="held_on")
    page = facilitator.submit(
        form,
        {
            "held_on": "2025-11-20",
            "place": "Матад сумын соёлын төв",
            "community_female": "9",
            "community_male": "7",
            "provider_female": "4",
            "provider_male": "2",
            "officials": "2",
            "notes": "Иргэд, багш нар оноогоо харьцуулав.",
            "decisions": "Гурван арга хэмжээ тохиров.",
        },
    )
    assert "The meeting record is saved" in page
    return page


def facilitator_agrees_action(
    facilitator: Person, sheet: RoundSheet, indicator_code: str, description: str,
    responsible: str, due: str,
) -> None:
    page = facilitator.open(f"/rounds/{sheet.round_id}/actions")
    form = page.form(field="new-subject")
    page = facilitator.submit(
        form,
        {
            "new-subject": f"ri-{sheet.ri(indicator_code)}",
            "new-description": description,
            "new-responsible": responsible,
            "new-due_date": due,
        },
    )
    assert "The action is added to the plan" in page, page.text[:800]


def coordinator_publishes(coordinator: Person, round_id: int) -> None:
    """Workspace → the round → "Publish the round"."""
    page = coordinator.open("/workspace/")
    assert any(f"/rounds/{round_id}" in href for href, _ in page.links), page.text[:800]
    page = coordinator.open(f"/rounds/{round_id}")
    page = coordinator.submit(page.form(action_part="/publish"), {"confirm": "y"})
    assert "The round is published and locked" in page, page.text[:800]


def coordinator_unlocks(coordinator: Person, round_id: int, reason: str) -> None:
    page = coordinator.open(f"/rounds/{round_id}")
    page = coordinator.submit(page.form(action_part="/unlock"), {"reason": reason, "confirm": "y"})
    assert "The round is unlocked and back in review" in page, page.text[:800]


# ------------------------------------------------------------------------ reading back


def api_results(person: Person, **params) -> list[dict]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return person.json(f"/api/v1/results?{query}")["results"]


def facility_id_from_api(person: Person, name: str) -> int:
    listed = person.json(f"/api/v1/facilities?aimag={AIMAG}")["facilities"]
    return next(f["id"] for f in listed if f["name"] == name)


def _int(text: str) -> int:
    return int(text.replace("\u202f", "").replace(",", ""))


def home_counts(person: Person) -> dict[str, int]:
    """The home page's "N facilities, N published rounds: N people, N forms, N answers."."""
    page = person.open("/")
    match = re.search(
        r"([\d\u202f]+) facilities, ([\d\u202f]+) published rounds?: "
        r"([\d\u202f]+) (?:person|people), ([\d\u202f]+) forms?, ([\d\u202f]+) answers?",
        page.text,
    )
    assert match, page.text[:1200]
    names = ("facilities", "rounds", "people", "forms", "answers")
    return dict(zip(names, (_int(g) for g in match.groups()), strict=True))


# ------------------------------------------------------------ answers and free text


def meeting_cell(person: Person, round_id: int, indicator_text: str) -> str:
    """The meeting page's row of one indicator, as text (both sides, every source)."""
    page = person.open(f"/rounds/{round_id}/meeting")
    table = page.table_with("Indicator")
    row = next(r for r in table if len(r) > 1 and indicator_text in r[1])
    return " ".join(row)


def facilitator_opens_stored_form(facilitator: Person, round_id: int, form_number: str) -> Page:
    """Stored answers, filtered to paper forms → the form with this number."""
    page = facilitator.open(f"/rounds/{round_id}/answers")
    filters = page.form(field="channel")
    query = "&".join(
        f"{k}={v}" for k, v in filters.data({"channel": "paper"}).items() if isinstance(v, str)
    )
    page = facilitator.open(f"/rounds/{round_id}/answers?{query}")
    table = page.table_with("Receipt")
    receipt = next(row[0] for row in table if len(row) > 1 and row[1] == form_number)
    return facilitator.open(page.link(receipt))


def facilitator_withdraws_form(
    facilitator: Person, round_id: int, form_number: str, reason: str
) -> Page:
    page = facilitator_opens_stored_form(facilitator, round_id, form_number)
    page = facilitator.submit(page.form(action_part="/withdraw"), {"reason": reason})
    assert "The response is withdrawn" in page, page.text[:800]
    return page


def facilitator_corrects_form(
    facilitator: Person, sheet: RoundSheet, form_number: str, scores: dict[str, str]
) -> Page:
    page = facilitator_opens_stored_form(facilitator, sheet.round_id, form_number)
    form = page.form(field="respondent_id")
    page = facilitator.submit(form, {sheet.code(c): v for c, v in scores.items()})
    assert "The form is corrected" in page, page.text[:800]
    return page


_TEXT_ROW = re.compile(r'<tr id="text-([^"]+)">(.*?)</tr>', re.S)


def facilitator_moderates(
    facilitator: Person, round_id: int, approve: list[str], hide: list[str]
) -> Page:
    """Free text page: approve some texts and hide others, one by one."""
    page = facilitator.open(f"/rounds/{round_id}/texts")
    for decision, texts in (("approve", approve), ("hide", hide)):
        for text in texts:
            page = facilitator.open(f"/rounds/{round_id}/texts")
            refs = [ref for ref, row in _TEXT_ROW.findall(page.html) if text in row]
            assert len(refs) == 1, (text, refs)
            form = page.form(field="one")
            page = facilitator.submit(form, {"one": f"{decision}:{refs[0]}"})
            assert ("Approved for publication: 1" if decision == "approve"
                    else "Hidden from the public: 1") in page, page.text[:800]
    return page


# ------------------------------------------------------------------- public outputs


def indicator_ids(person: Person, facility_id: int) -> dict[str, int]:
    """Indicator name -> the API's indicator id, as the API itself lists them."""
    rows = api_results(person, facility=facility_id, by="indicator", source="votes")
    rows += api_results(person, facility=facility_id, by="indicator", source="consensus")
    return {r["indicator_name"]: r["indicator"] for r in rows}


def csv_rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(body: bytes) -> list[dict[str, object]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_index = next(i for i, r in enumerate(rows) if r and "indicator_name" in r)
    header = rows[header_index]
    return [dict(zip(header, r, strict=False)) for r in rows[header_index + 1:] if any(r)]


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    return squash("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages))


def official_answers_action(official: Person, action_text: str, office: str, body: str) -> None:
    """The aimag report, signed in as the aimag's official: "Respond to this action"."""
    page = official.open(f"/reports/{AIMAG}")
    match = re.search(r'<li id="action-(\d+)">\s*<strong>([^<]*)</strong>', page.html)
    ids = [
        m.group(1)
        for m in re.finditer(r'<li id="action-(\d+)">\s*<strong>([^<]*)</strong>', page.html)
        if action_text in m.group(2)
    ]
    assert match and len(ids) == 1, ids
    form = page.form(action_part=f"/actions/{ids[0]}/response")
    values = {"office": office, "body": body, "commitment_date": "2026-02-01"}
    page = official.submit(form, values, base=f"/reports/{AIMAG}")
    assert "Your response is published on the report" in page, page.text[:800]


def moderation_counts(facilitator: Person, round_id: int) -> dict[str, int]:
    """"Not reviewed yet: N · Approved for publication: N · Hidden: N" on the texts page."""
    page = facilitator.open(f"/rounds/{round_id}/texts")
    match = re.search(
        r"Not reviewed yet: (\d+) · Approved for publication: (\d+) · Hidden: (\d+)", page.text
    )
    assert match, page.text[:800]
    return dict(zip(("pending", "approved", "hidden"), map(int, match.groups()), strict=True))
