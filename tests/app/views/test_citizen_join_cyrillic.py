"""A join code read from a poster and typed on a Cyrillic keyboard (issue 10)."""

from __future__ import annotations

from tests.app.citizen_helpers import demo_round

HINT_MN = "Кодоо постер дээр байгаагаар нь латин үсэг, тоогоор бичнэ үү: жишээ нь K7M2QX."
HINT_EN = "Type the code as it is on the poster, in Latin letters and digits, for example K7M2QX."


def test_demo_code_typed_in_cyrillic_reaches_the_round(client):
    # DEMO01 on a Mongolian keyboard: Б (the D key), then the look-alikes Е М О
    response = client.get("/j?code=бемо01")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/j/DEMO01")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    title = demo_round().title_mn.replace("2026-H2", "2026 оны II хагас")  # period in words
    assert title in page.get_data(as_text=True)
    # the link itself, typed in Cyrillic, opens the same scorecard
    assert client.get("/j/ВЕМО01").status_code == 404  # B is not D: a different code
    assert client.get("/j/ДЕМО01").status_code == 200


def test_unknown_code_says_latin_letters_and_digits_in_mongolian_and_english(client):
    page = client.get("/j/ZZZZZZ")
    assert page.status_code == 404 and HINT_MN in page.get_data(as_text=True)
    page = client.get("/j/ZZZZZZ?lang=en")
    assert page.status_code == 404 and HINT_EN in page.get_data(as_text=True)


def test_malformed_code_says_what_is_expected_and_changes_nothing(client):
    response = client.get("/j?code=ЬЬЬЬ")
    assert response.status_code == 400
    assert HINT_MN in response.get_data(as_text=True)
    response = client.get("/j?code=ЬЬЬЬ&lang=en")
    assert HINT_EN in response.get_data(as_text=True)
