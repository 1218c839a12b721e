app_name = "grid_reception"

urlpatterns = []
