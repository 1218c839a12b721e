"""A room with cases keeps its history: its floor (or building) cannot be deleted under it."""

from wagtail.models import Page

from grid_pages.cases.models import Case


def test_deleting_a_floor_with_cases_is_refused(client, campus, submit, grid_users):
    case = submit(campus["x3"], "502", matter="门窗")
    floor = Page.objects.get(pk=case.floor_id)
    client.force_login(grid_users["admin"])
    for page in (floor, campus["x3"]):
        response = client.post(f"/admin/pages/{page.pk}/delete/", follow=True)
        assert response.status_code == 200
        assert "502" in response.content.decode()  # the message names the room in use
        assert Page.objects.filter(pk=page.pk).exists()
    case.refresh_from_db()
    assert case.room.number == "502" and Case.objects.count() == 1
