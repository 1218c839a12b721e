from django.urls import path

from . import views

app_name = "grid_pages"

urlpatterns = [
    path("find/", views.find_room, name="find_room"),
    path("find/rooms/", views.building_rooms, name="building_rooms"),
    path("find/buildings/", views.find_buildings, name="find_buildings"),
]
