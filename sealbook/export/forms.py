from __future__ import annotations

from django import forms

DATE = forms.DateInput(attrs={"type": "date"})


class AccessRequestForm(forms.Form):
    received_on = forms.DateField(label="Request received on", widget=DATE)
    requested_by = forms.CharField(
        label="Requested by (the client, or their representative)", max_length=300
    )
    deliver_to = forms.CharField(
        label="Send the copy to another person, as the client directed in writing (optional)",
        max_length=300,
        required=False,
    )
    deliver_to_address = forms.CharField(
        label="That person's address", max_length=500, required=False
    )


class ExtensionForm(forms.Form):
    reason = forms.CharField(label="Reason for the delay, as told to the client", max_length=1000)


class FulfilForm(forms.Form):
    identity_verified = forms.BooleanField(
        label="I verified the requester's identity", required=False
    )
