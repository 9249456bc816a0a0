"""Demographic answers and sector names in Kazakh, from an empty database, through the
pages only.

An administrator opens the catalogue's page of the demographic questions' answers and
gives "female" a new Kazakh label; a citizen opening a Bayan-Ölgii round's join link
(a Kazakh round) sees it on the scorecard. An empty Mongolian label is refused with a
Mongolian sentence and nothing changes. The administrator types a Kazakh name for the
health sector, and the catalogue read in Kazakh shows it.
"""

from __future__ import annotations

from tests.journeys import steps
from tests.journeys.browser import Form, Person
from tests.journeys.steps import RoundSheet
from tests.journeys.test_kazakh import coordinator_creates_kazakh_round, join_link

FEMALE_KK = "Әйел кісі"  # replaces the shipped "Әйел"
MALE_MN = "Эрэгтэй"  # the shipped Mongolian label, which must survive a refused save
HEALTH_KK = "Денсаулық сақтау ісі"


def _answer_field(form: Form, code: str, language: str) -> str:
    """The field of answer ``code`` (its fieldset's legend ends "(code)") in a language."""
    names = {
        c.name
        for c in form.controls
        if c.legend.endswith(f"({code})") and c.name.endswith(f"_{language}")
    }
    assert len(names) == 1, (code, language, names)
    return names.pop()


def admin_opens_answers(admin: Person, link: str = "Answers of the demographic questions"):
    """Catalogue → the answers page (``link``: its name in the page's language)."""
    page = admin.open("/catalogue/")
    page = admin.open(page.link(link))
    return page, page.form(containing="female")


def test_demographic_labels_and_sector_names_in_kazakh(base_app):
    steps.operator_creates_first_admin(base_app)
    admin = Person(base_app, "administrator")
    steps.signs_in(admin, "admin@journey.egekh.mn")
    steps.admin_adds_organisation(
        admin, "Баян-Өлгийн иргэний хяналт ТББ", "Bayan-Olgii Civic Watch", "Non-governmental"
    )
    coordinator = Person(base_app, "coordinator")
    link = steps.admin_invites(
        admin, "coord.answers@journey.egekh.mn", "Coordinator Answers", "Coordinator",
        "Bayan-Olgii Civic", "Bayan-Ölgii (whole aimag)",
    )
    steps.accepts_invitation(coordinator, link)
    # a coordinator may not edit the answers: they are the administrators'
    coordinator.get("/catalogue/answers", expect=403)

    # -- the administrator gives "female" a new Kazakh label
    page, form = admin_opens_answers(admin)
    female_kk = _answer_field(form, "female", "kk")
    assert form.control(female_kk).value == "Әйел"  # shipped with the library
    assert form.control(female_kk).label == "Қазақша"
    page = admin.submit(form, {female_kk: FEMALE_KK})
    assert "The labels are saved." in page, page.text[:1500]

    # -- an empty Mongolian label is refused in Mongolian; nothing changes
    admin.get("/lang/mn", expect=302)
    page, form = admin_opens_answers(admin, "Хүн ам зүйн асуултын хариултууд")
    male_mn = _answer_field(form, "male", "mn")
    assert form.control(male_mn).value == MALE_MN
    page = admin.submit(form, {male_mn: "", female_kk: "Өзгеріс"}, expect=400)
    assert "Нэршлийг монголоор оруулна уу." in page
    page, form = admin_opens_answers(admin, "Хүн ам зүйн асуултын хариултууд")
    assert form.control(male_mn).value == MALE_MN
    assert form.control(female_kk).value == FEMALE_KK  # the other change was not kept
    admin.get("/lang/en", expect=302)

    # -- a citizen opening the Kazakh round's join link sees the edited label
    round_id = coordinator_creates_kazakh_round(coordinator)
    sheet = RoundSheet(round_id, steps.reads_indicators(coordinator, round_id))
    steps.moves_round(coordinator, round_id, "input_tracking", "Input tracking")
    steps.moves_round(coordinator, round_id, "community_scoring", "Community scoring")
    steps.opens_collection(coordinator, sheet)
    citizen = Person(base_app, "citizen")
    page = citizen.get(join_link(coordinator, round_id))
    assert '<html lang="kk">' in page.html
    form = page.form(field="uuid")
    assert form.option_value("gender", FEMALE_KK) == "female"
    assert form.option_value("gender", "Ер") == "male"  # the shipped Kazakh label
    # read in Mongolian, the same answer keeps its Mongolian label
    page = citizen.get(f"/j/{sheet.community_code}?lang=mn")
    assert page.form(field="uuid").option_value("gender", "Эмэгтэй") == "female"
    assert FEMALE_KK not in page

    # -- the health sector's Kazakh name, shown on a Kazakh page
    page = admin.open("/catalogue/")
    page = admin.open(page.link("Sectors and facility types"))
    page = admin.open(page.link("health"))
    form = page.form(field="name_kk")
    page = admin.submit(form, {"name_kk": HEALTH_KK})
    assert "The sector is saved." in page, page.text[:1500]
    page = admin.open("/catalogue/?lang=kk")
    assert '<html lang="kk">' in page.html and HEALTH_KK in page
    page = admin.open("/catalogue/?lang=mn")
    assert HEALTH_KK not in page and "Эрүүл мэнд" in page
