from __future__ import annotations

from django import forms

from sealbook.portal.models import AccountKind


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address", max_length=254)
    kind = forms.ChoiceField(label="This account is for", choices=AccountKind.choices)


class PortalLoginForm(forms.Form):
    email = forms.CharField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
