"""Public catalogue pages, mounted under /<agency>/disclosure/ (namespace ``catalogue``)."""

app_name = "catalogue"

urlpatterns: list = []
