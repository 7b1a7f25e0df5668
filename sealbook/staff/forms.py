from django import forms


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        max_length=32,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code"}),
    )


class ReauthenticateForm(forms.Form):
    password = forms.CharField(
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autofocus": True, "autocomplete": "current-password"}),
    )
    # Asked for (and required by the action) when the user has a second factor.
    code = forms.CharField(
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class LoginForm(forms.Form):
    email = forms.CharField(
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        max_length=1024, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
