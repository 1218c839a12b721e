"""The queue's deadline column: a date ahead for open cases, a flag when late, nothing when finished."""

from datetime import timedelta

from django.utils import timezone

from grid_pages.cases import services
from grid_pages.cases.models import Case


def test_due_column(client, campus, submit, users):
    open_case = submit(campus["x3"], "502", matter="门窗")
    late = submit(campus["x3"], "503", matter="门窗")
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=2))
    done = submit(campus["x3"], "501", matter="门窗")
    services.reject(done, None, "重复提交")
    client.force_login(users["office"])
    html = client.get("/admin/cases/queue/").content.decode()
    local_due = timezone.localtime(open_case.due_at).strftime("%m-%d %H:%M")
    assert f">{local_due}</time>" in html
    assert html.count("grid-cases-overdue") == 1
    assert "—" in html
