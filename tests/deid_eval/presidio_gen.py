"""presidio-gen: fresh outside text from presidio-evaluator's own sentence generator.

presidio-synth-v2 was written by `presidio_evaluator.data_generator.PresidioSentenceFaker`
(its templates, its FakeNameGenerator people of many nationalities, its company list).
That dataset's held-back part is the last outside check of issue 13, and nobody may read
it; new documents from the same generator with a new seed are a source with a dev part to
tune on and a test part held back by the fixed split rule, without anyone writing them.

The generator is run here at bench time (about 10 s for 1,500 samples), never cached, and
is deterministic for a given seed and library version: the package draws people's middle
initials from `random` before it seeds it, so `random` is seeded first, and Faker draws
dates up to "now", so its clock is held at a fixed moment, in UTC, while it runs. Its hospital
provider asks WikiData for names when it is built and no template uses it, so it is left
out (the benchmark downloads nothing). Templates are read as presidio-synth-v2's text shows
they were: a "\n" in the template file is a line break. One template of this version opens
each line of an address block with a stray "}}" (a bracket of its own markup left behind;
presidio-synth-v2 has none): the two characters are blanked to spaces, so offsets stay as
generated and the engine is never tuned to the template's fault. presidio-evaluator is a benchmark
requirement (bench/deid/requirements.txt), never Sealbook's; without it `generate` raises
ImportError.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, tzinfo
from functools import cache
from typing import Any
from unittest import mock

SEED = 2027
SAMPLES = 1500
LOWER_CASE_RATIO = 0.05  # the package's own default run's share of lower-case names
# Faker's "now" while the generator runs: 2027-01-01 00:00:00 UTC.
CLOCK = 1798761600


def available() -> bool:
    """Whether presidio-evaluator is installed (the bench skips the source without it)."""
    import importlib.util

    return importlib.util.find_spec("presidio_evaluator") is not None


class _Stands(type):
    """A stand-in class that real objects of its base still count as instances of."""

    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, cls.__bases__[0])


class _FixedDatetime(datetime, metaclass=_Stands):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _FixedDatetime:
        fixed = cls.fromtimestamp(CLOCK, UTC)
        return fixed.replace(tzinfo=None) if tz is None else fixed.astimezone(tz)


class _FixedDate(date, metaclass=_Stands):
    @classmethod
    def today(cls) -> _FixedDate:
        fixed = datetime.fromtimestamp(CLOCK, UTC)
        return cls(fixed.year, fixed.month, fixed.day)


@contextlib.contextmanager
def _faker_clock_fixed() -> Iterator[None]:
    from faker.providers import date_time

    with (
        mock.patch.object(date_time, "datetime", _FixedDatetime),
        mock.patch.object(date_time, "dtdate", _FixedDate),
        mock.patch.object(date_time, "_get_local_timezone", lambda: UTC),
    ):
        yield


# A line opened by the template's stray "}}" (see above).
_STRAY_BRACKETS = re.compile(r"(?m)^}}")


def _mended(text: str) -> str:
    return _STRAY_BRACKETS.sub("  ", text)


@cache
def generate(samples: int = SAMPLES, seed: int = SEED) -> tuple[dict[str, Any], ...]:
    """`samples` generated samples as presidio-synth-v2 stores them: `full_text` and
    `spans` of `entity_type`, `entity_value`, `start_position`, `end_position`."""
    # The package prints its choices and a progress bar; the bench's output stays its own.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        from presidio_evaluator.data_generator import (  # type: ignore[import-untyped,unused-ignore]
            PresidioSentenceFaker,
            presidio_additional_entity_providers,
            presidio_templates_file_path,
        )
        from presidio_evaluator.data_generator.faker_extensions import (  # type: ignore[import-untyped,unused-ignore]
            HospitalProvider,
        )

        # The template file writes a line break as "\n"; presidio-synth-v2's text has real
        # line breaks there (its other backslashes are kept), so the templates are read so.
        templates = [
            line.strip().replace("\\n", "\n")
            for line in presidio_templates_file_path.read_text(encoding="utf-8").splitlines()
        ]
        random.seed(seed)
        providers = [p for p in presidio_additional_entity_providers if p is not HospitalProvider]
        faker = PresidioSentenceFaker(
            locale="en_US",
            lower_case_ratio=LOWER_CASE_RATIO,
            sentence_templates=templates,
            entity_providers=providers,
            random_seed=seed,
        )
        with _faker_clock_fixed():
            results = faker.generate_new_fake_sentences(num_samples=samples)
    return tuple(
        {
            "full_text": _mended(r.full_text),
            "spans": [
                {"entity_type": s.entity_type, "entity_value": s.entity_value,
                 "start_position": s.start_position, "end_position": s.end_position}
                for s in r.spans
            ],
        }
        for r in results
    )  # fmt: skip
