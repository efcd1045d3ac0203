from django.urls import path

from gongkai.training import staff_views as v

urlpatterns = [
    path("", v.training_list, name="training_list"),
    path("<int:pk>/", v.training_detail, name="training_detail"),
    path("record/", v.my_record, name="training_my_record"),
    path("record/<int:user_id>/", v.training_record, name="training_record"),
]
