"""Students declare on the public page: number + phone digits, or a signed link; nothing shown about anyone."""



from django.test import override_settings

from grid_pages.holidays.models import Declaration, Plan
from grid_pages.holidays.public import make_link_token


def post(client, page, holiday, **fields):
    data = {"period": holiday.pk, "plan": Plan.LEAVE, "destination": "湖南长沙", "expected_return": str(holiday.return_by), **fields}
    return client.post(page.url, data)


def test_a_student_declares_and_a_resend_changes_nothing(client, holiday, declaration_page, roster):
    student = roster["students"]["502-1"]
    html = client.get(declaration_page.url).content.decode()
    assert "国庆节" in html and student.name not in html
    response = post(client, declaration_page, holiday, number=student.number, phone_suffix=student.phone[-4:])
    assert response.status_code == 302
    response = post(client, declaration_page, holiday, number=student.number, phone_suffix=student.phone[-4:])
    declaration = Declaration.objects.get()
    assert (declaration.student, declaration.plan, declaration.destination) == (student, Plan.LEAVE, "湖南长沙")
    done = client.get(response["Location"]).content.decode()
    assert student.name not in done and student.number not in done


def test_wrong_digits_keep_the_input_and_are_rate_limited(client, holiday, declaration_page, roster):
    student = roster["students"]["502-1"]
    with override_settings(GRID_PAGES_HOLIDAYS_DECLARE_RATE=(2, 600)):
        response = post(client, declaration_page, holiday, number=student.number, phone_suffix="0000")
        assert response.status_code == 400 and 'value="湖南长沙"' in response.content.decode()
        post(client, declaration_page, holiday, number=student.number, phone_suffix="0000")
        right = post(client, declaration_page, holiday, number=student.number, phone_suffix=student.phone[-4:])
        assert right.status_code == 429
    assert not Declaration.objects.exists()


def test_leaving_needs_destination_and_return(client, holiday, declaration_page, roster):
    student = roster["students"]["502-1"]
    response = post(client, declaration_page, holiday, number=student.number, phone_suffix=student.phone[-4:], destination="")
    assert response.status_code == 400 and not Declaration.objects.exists()


def test_signed_link_from_the_grid_member(client, holiday, declaration_page, roster):
    student = roster["students"]["101-1"]
    token = make_link_token(holiday, student)
    html = client.get(f"{declaration_page.url}?t={token}").content.decode()
    assert 'name="number"' not in html and student.name not in html
    response = client.post(declaration_page.url, {"t": token, "plan": Plan.STAY})
    assert response.status_code == 302
    assert Declaration.objects.get(student=student).plan == Plan.STAY
    # A forged token is no link: the page asks for the number again.
    assert 'name="number"' in client.get(f"{declaration_page.url}?t={token}x").content.decode()


def test_the_page_is_never_cached(client, holiday, declaration_page):
    response = client.get(declaration_page.url)
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
