"""The detector registry; importing this package registers every detector."""

from sealbook.core.deid.detectors import (
    ages,
    dates,
    devices,
    email,
    initials,
    ip_addresses,
    names,
    occupations,
    organisations,
    payment_numbers,
    person_roles,
    phones,
    places,
    record_numbers,
    relation_cues,
    roster_hits,
    social_handles,
    ssn,
    street_addresses,
    table_columns,
    unique_codes,
    urls,
    vehicles,
    zip_codes,
)
from sealbook.core.deid.detectors.base import REGISTRY, DetectionContext, Detector, register

MODULES = (
    ages, dates, devices, email, initials, ip_addresses, names, occupations, organisations,
    payment_numbers, person_roles, phones, places, record_numbers, relation_cues, roster_hits,
    social_handles, ssn, street_addresses, table_columns, unique_codes, urls, vehicles,
    zip_codes,
)  # fmt: skip

__all__ = ["MODULES", "REGISTRY", "DetectionContext", "Detector", "register"]
