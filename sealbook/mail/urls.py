from django.urls import path

from sealbook.mail import views

urlpatterns = [
    path("demo/mail/", views.caught_mail, name="demo-mail"),
]
