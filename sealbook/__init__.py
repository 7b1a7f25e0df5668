"""Sealbook: clinical records for psychologists, with confidentiality enforced by the software."""

__version__ = "0.1.0"
