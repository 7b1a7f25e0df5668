"""The only place in Sealbook that touches cryptographic primitives.

Everything else asks for a recipe from here: `DataKey` for field encryption,
`KeyEncryptionKey` backends for the practice key, `BlindIndexer` for
searchable tokens, `SigningKey` for audit checkpoints.
"""
