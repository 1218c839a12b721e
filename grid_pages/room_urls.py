"""``/r/<code>/``: short links to rooms (shortlinks.py). Include at the site's root."""

from django.urls import path

from . import views

app_name = "grid_rooms"

urlpatterns = [
    path("<str:code>/", views.room_redirect, name="room"),
]
