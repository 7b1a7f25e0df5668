"""The one font set and page layout of every PDF Sealbook produces.

`fonts` chooses the fonts and refuses text they cannot show; `document` is
the page layout every PDF shares. The builders use it from their own app,
so that imports only point down (docs/architecture.md):
`sealbook.disclosure.pdfs` (the authorization, the accounting of
disclosures) and `sealbook.export.record_pdf` (the record copy).
"""
