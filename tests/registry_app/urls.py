from django.http import HttpResponse
from django.urls import path

from gongkai.core.access import public_view

app_name = "stand_in"


@public_view
def index(request, agency=None):
    return HttpResponse("ok")


urlpatterns = [path("", index, name="index")]
