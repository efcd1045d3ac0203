from django.urls import path

from gongkai.leadership import staff_views as v

urlpatterns = [
    path("", v.group_list, name="leadership_list"),
    path("<int:pk>/", v.group_detail, name="leadership_group"),
    path("members/<int:pk>/change/", v.member_change, name="leadership_member_change"),
    path("meetings/<int:pk>/", v.meeting_detail, name="leadership_meeting"),
]
