"""The citizen scorecard speaks Mongolian first and English when chosen (that every
marked string is translated in every language is checked by test_translations_complete)."""

# The test app context is shared by all requests of a test and Flask-Babel caches the
# locale on ``g``, so each language is checked in its own test.
def test_mongolian_is_the_default_language_of_the_scorecard(client):
    page = client.get("/j/DEMO01").get_data(as_text=True)
    assert '<html lang="mn">' in page
    assert "Хариултаа илгээх" in page and "Send my answers" not in page


def test_english_scorecard_when_english_is_chosen(client):
    client.get("/lang/en")
    page = client.get("/j/DEMO01").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Send my answers" in page and "Хариултаа илгээх" not in page
