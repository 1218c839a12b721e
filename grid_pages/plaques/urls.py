from django.urls import path

from . import views

app_name = "grid_plaques"

urlpatterns = [
    path("<int:plaque_id>/print/", views.print_plaque, name="print"),
    path("building/<int:building_id>/print/", views.print_building, name="print_building"),
]
