def test_healthz_reports_the_database_without_authentication(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["database"] == "ok"
    assert response.json()["status"] == "ok"


def test_healthz_only_answers_get(client, db):
    assert client.post("/healthz").status_code == 405
