from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "sealbook.mail"
    label = "sealbook_mail"
    verbose_name = "E-mail notices"
