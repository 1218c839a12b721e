"""History entries made without an account stored "System"/"Student" in the language of the
moment; they now store no name and ``CaseEvent.who`` says it in the reader's language."""

from django.db import migrations

FROZEN = ["System", "系统", "Student", "学生"]


def forwards(apps, schema_editor):
    CaseEvent = apps.get_model("grid_cases", "CaseEvent")
    # The historical model has a plain manager: the app's no-update guard does not apply here.
    CaseEvent.objects.filter(actor__isnull=True, actor_name__in=FROZEN).update(actor_name="")


class Migration(migrations.Migration):
    dependencies = [("grid_cases", "0005_student_feedback")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
