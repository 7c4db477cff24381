def test_the_ui_opens_in_vietnamese_even_for_an_english_browser(client, personas):
    client.force_login(personas["viewer"])
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "Bảng điều khiển" in response.content.decode()


def test_the_language_switch_turns_the_ui_to_english(client, personas):
    client.force_login(personas["viewer"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert "Dashboard" in response.content.decode()
    assert "Bảng điều khiển" not in response.content.decode()
