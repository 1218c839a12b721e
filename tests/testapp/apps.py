from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """A test-only app whose model refers to rooms, as the cases app will."""

    name = "tests.testapp"
    label = "grid_testapp"
    default_auto_field = "django.db.models.BigAutoField"
