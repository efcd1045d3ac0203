"""Public pages of Q&A (namespace ``qa``) under /<agency>/qa/."""

from django.urls import path

from gongkai.qa import views

app_name = "qa"

urlpatterns = [
    path("", views.ask, name="ask"),
    path("feedback/", views.feedback, name="feedback"),
    path("faq/", views.faq_list, name="faq_list"),
    path("faq/<int:pk>/", views.faq, name="faq"),
]
