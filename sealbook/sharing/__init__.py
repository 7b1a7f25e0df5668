"""Sharing case material (APA 4.06/4.07) and the leak check, on top of `core.deid`.

`roster` builds the practice roster from the vault while it is unsealed;
`actions` writes the audit entries; `views` is the review-then-share flow.
"""
