app_name = "grid_plaques"

urlpatterns = []
