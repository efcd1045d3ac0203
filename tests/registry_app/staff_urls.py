from django.http import HttpResponse
from django.urls import path

from gongkai.core.access import staff_view
from gongkai.core.policies import is_staff_member


@staff_view(is_staff_member)
def tool(request):
    return HttpResponse("ok")


urlpatterns = [path("", tool, name="stand_in")]
