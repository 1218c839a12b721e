def test_floor_page_renders_rooms(client, campus):
    floor = campus["x3"].get_children().last()
    response = client.get(floor.url)
    assert response.status_code == 200
    assert "501" in response.content.decode()
