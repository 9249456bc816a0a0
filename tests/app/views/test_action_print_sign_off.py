"""The printable joint action plan ends with date, place and signature lines."""


def test_printable_plan_has_date_place_and_signature_lines(
    base_app, create_user, create_round, sign_in
):
    facilitator = create_user("facilitator", areas=["MN-061"])
    round_ = create_round(facilitator)
    client = base_app.test_client()
    sign_in(client, facilitator)
    client.get("/lang/en")
    page = client.get(f"/rounds/{round_.id}/actions/print").get_data(as_text=True)
    assert "Date of the meeting" in page and "Place" in page
    for who in ("Community", "Service providers", "Local government", "Facilitator"):
        assert f'<th scope="row">{who}</th>' in page
    assert "Signature" in page
    client.get("/lang/mn")
    page = client.get(f"/rounds/{round_.id}/actions/print").get_data(as_text=True)
    assert "Уулзалтын огноо" in page and "Гарын үсэг" in page
