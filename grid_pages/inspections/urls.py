from django.urls import path

from . import views

app_name = "grid_inspections"

urlpatterns = [
    path("", views.start, name="start"),
    path("floor/<int:floor_id>/", views.record_floor, name="record_floor"),
    path("building/<int:building_id>/", views.record_building, name="record_building"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
