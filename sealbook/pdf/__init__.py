"""Every PDF Sealbook produces, and the one font set they all use.

`fonts` chooses the fonts and refuses text they cannot show; `document` is
the page layout every PDF shares; `records` and `disclosures` build the
record copy, the authorization and the accounting of disclosures. The
builders live here, in one place, so that the records export and the
disclosure pages print the same way.
"""
