import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["", "庠园", "x" * 5000, "!!!", "' OR 1=1 --", "<script>alert(1)</script>"]
)
def test_search_page_answers_normally(client, campus, query):
    response = client.get("/search/", {"query": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_search_finds_a_community_by_its_title(client, campus):
    response = client.get("/search/", {"query": "庠园社区"})
    assert campus["xiangyuan"].url in response.content.decode()


@pytest.mark.django_db
def test_search_survives_invalid_utf8_and_nul(client, campus):
    # Raw bytes as a browser or a bot could send them: NUL, a lone surrogate, invalid UTF-8.
    response = client.get("/search/?query=%00%ED%A0%80%FF%FE")
    assert response.status_code == 200
