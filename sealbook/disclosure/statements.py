"""The statements 164.508(c)(2) requires on every authorization, in plain language.

They are printed on the client's copy; the clinician confirms, when recording
an authorization, that the signed form contained each of them.
"""

RIGHT_TO_REVOKE = (
    "You may revoke this authorization at any time by telling us in writing (a letter or a "
    "signed note handed to your clinician). Revocation does not undo a disclosure already made "
    "in reliance on it."
)
CONDITIONING = (
    "Your treatment, payment, enrollment or eligibility for benefits will not be conditioned on "
    "whether you sign this authorization."
)
REDISCLOSURE = (
    "Information disclosed under this authorization may be redisclosed by the recipient and may "
    "then no longer be protected by federal privacy law."
)
COPY = "You are entitled to a copy of this signed authorization."
