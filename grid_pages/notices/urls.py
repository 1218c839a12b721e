app_name = "grid_notices"

urlpatterns = []
