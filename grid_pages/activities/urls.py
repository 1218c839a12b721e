app_name = "grid_activities"

urlpatterns = []
