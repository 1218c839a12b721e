from django.urls import path

from . import views

app_name = "grid_cases"

urlpatterns = [
    path("", views.track, name="track"),
    path("<str:code>/", views.track_case, name="track_case"),
]
