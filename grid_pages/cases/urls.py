from django.urls import path

from . import views

app_name = "grid_cases"

urlpatterns = [
    path("", views.track, name="track"),
    # path: a mistyped code with a slash still gets the tracking form, not the site 404.
    path("<path:code>/", views.track_case, name="track_case"),
]
