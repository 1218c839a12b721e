from django.urls import path

from . import feeds, views

app_name = "grid_notices"

urlpatterns = [
    path("for/<int:page_id>/", views.notice_list, name="list"),
    path("feed/<int:page_id>/rss/", feeds.NoticeFeed(), name="rss"),
    path("feed/<int:page_id>/atom/", feeds.NoticeAtomFeed(), name="atom"),
]
