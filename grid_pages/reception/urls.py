from django.urls import path

from . import views

app_name = "grid_reception"

urlpatterns = [
    path("session/<int:pk>/book/", views.book, name="book"),
    path("cancel/", views.cancel, name="cancel"),
    path("<int:page_id>/sessions.ics", views.sessions_ics, name="sessions_ics"),
    path("booking/<str:token>/booking.ics", views.booking_ics, name="booking_ics"),
]
