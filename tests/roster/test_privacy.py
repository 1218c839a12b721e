"""Nothing of the roster reaches a public page, a search result or a public JSON answer."""

PERSONAL = ("张伟1", "2024050101", "13800000101", "李娜1", "2024050201")


def assert_nothing_personal(text):
    for value in PERSONAL:
        assert value not in text, value


def test_grid_pages_search_and_json_show_no_student(client, roster):
    x3 = roster["rooms"]["501"].floor.get_parent()
    floor = roster["rooms"]["501"].floor
    for url in (
        "/", x3.url, floor.url, floor.url + "?room=501", "/grid/find/?q=3栋501", "/grid/find/buildings/",
        f"/grid/find/rooms/?building={x3.pk}", "/search/?q=张伟", "/search/?q=20240501",
    ):
        response = client.get(url, follow=True)
        assert response.status_code in (200, 404), url
        assert_nothing_personal(response.content.decode())


def test_students_are_not_in_the_search_index(roster):
    from grid_pages.roster.models import Student

    assert not hasattr(Student, "search_fields")
