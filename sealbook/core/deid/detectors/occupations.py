"""Rare or public occupations that single a person out (APA 4.07 disguise)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from sealbook.core.deid.detectors.base import DetectionContext, register
from sealbook.core.deid.spans import Label, Span

RARE_OCCUPATIONS = (
    "astronaut|senator|congressman|congresswoman|congressperson|state representative|mayor|"
    "governor|lieutenant governor|city council(?:lor|or|man|woman)|judge|justice|district attorney|"
    "sheriff|police chief|fire chief|bishop|archbishop|cardinal|rabbi|imam|cantor|nun|monk|"
    "professional (?:athlete|football player|basketball player|baseball player|hockey player|"
    "soccer player|golfer|boxer|wrestler|dancer)|(?:nfl|nba|mlb|nhl|wnba|mls) (?:player|coach)|"
    "olympian|olympic (?:athlete|medalist|swimmer|gymnast)|news anchor|anchorwoman|anchorman|"
    "meteorologist|talk show host|radio host|actor|actress|film director|movie star|rock star|"
    "pop star|rapper|country singer|opera singer|concert pianist|conductor|ballerina|"
    "best-selling author|bestselling author|novelist|poet laureate|chief executive|ceo|cfo|"
    "university president|college president|superintendent|school principal|ambassador|"
    "diplomat|surgeon general|astronomer|zookeeper|lighthouse keeper|sommelier|taxidermist|"
    "puppeteer|stuntman|stuntwoman|circus performer|magician|funeral director|coroner|"
    "air traffic controller|fighter pilot|submarine officer|navy seal|green beret|"
    "secret service agent|fbi agent|cia officer|forensic pathologist|tv personality|influencer|"
    "youtuber|streamer|celebrity chef|supermodel"
)
PATTERN = re.compile(r"\b(?:" + RARE_OCCUPATIONS + r")s?\b", re.IGNORECASE)


@register("occupation", [Label.OCCUPATION], "rare or public occupations (a curated list)")
def find(text: str, context: DetectionContext) -> Iterator[Span]:
    for m in PATTERN.finditer(text):
        yield Span(
            m.start(), m.end(), Label.OCCUPATION, "occupation", "a rare or public occupation", 0.6
        )
