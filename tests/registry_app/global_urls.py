from django.urls import path

from tests.registry_app.urls import index

app_name = "stand_in_global"

urlpatterns = [path("", index, name="index")]
