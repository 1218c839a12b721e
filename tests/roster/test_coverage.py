"""Person-level coverage: every bed has a student or is marked empty, every student has a room."""

from wagtail import hooks

from grid_pages.roster.coverage import person_coverage

URL = "/admin/grid-coverage/"


def test_figures_on_the_fixed_roster(roster):
    report = person_coverage()
    total = report.total
    assert (total.beds, total.occupied, total.marked_empty, total.unaccounted) == (108, 8, 1, 99)
    assert (total.students, total.without_room) == (9, 1)
    buildings = {b.name: (b.beds, b.occupied, b.marked_empty, b.unaccounted, b.students) for b in report.buildings}
    assert buildings == {
        "庠园社区 · 庠园3栋": (60, 7, 1, 52, 7),
        "庠园社区 · 庠园5栋": (24, 1, 0, 23, 1),
        "沁园社区 · 沁园3栋": (24, 0, 0, 24, 0),
    }
    assert {c.name: (c.students, c.without_room) for c in report.colleges} == {"文学院": (6, 1), "理学院": (3, 0)}


def test_fixed_number_of_queries(roster, django_assert_num_queries):
    with django_assert_num_queries(7):
        person_coverage()


def test_coverage_page_and_exports_show_the_person_level(client, roster, roster_users):
    client.force_login(roster_users["office"])
    html = client.get(URL).content.decode()
    assert "学生与床位" in html and "庠园社区 · 庠园3栋" in html
    assert "张伟1" not in html and "2024050101" not in html  # counts only, never names
    assert "?export=csv&amp;level=extra-0-0" in html
    # One table per CSV file: the person level's tables come alone, by their key.
    csv_text = client.get(URL + "?export=csv&level=extra-0-0").content.decode("utf-8-sig")
    assert "庠园社区 · 庠园3栋,60,7,1,52,7" in csv_text and "Level" not in csv_text and "层级" not in csv_text
    assert "庠园社区 · 庠园3栋" not in client.get(URL + "?export=csv").content.decode("utf-8-sig")


def test_coverage_works_without_the_roster(client, roster_users, campus, monkeypatch):
    # As if the roster app were not installed: nobody registers the person level.
    monkeypatch.setitem(hooks._hooks, "grid_coverage_sections", [])
    client.force_login(roster_users["office"])
    response = client.get(URL)
    assert response.status_code == 200 and "学生与床位" not in response.content.decode()
    assert client.get(URL + "?export=xlsx").status_code == 200


def test_demo_roster_fills_most_beds_and_runs_once(campus):
    import io

    from home import demo_roster

    demo_roster.seed(campus["home"], io.StringIO())
    report = person_coverage()
    total = report.total
    assert total.occupied > 0.8 * total.beds and total.marked_empty > 0 and total.unaccounted > 0
    before = (total.students, total.marked_empty)
    demo_roster.seed(campus["home"], io.StringIO())
    again = person_coverage().total
    assert (again.students, again.marked_empty) == before
