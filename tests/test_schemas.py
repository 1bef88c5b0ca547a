"""The models enforce what downstream tools rely on."""

import pytest
from pydantic import ValidationError

from schemas import Box, Figure, document_json_schema


def _figure(**overrides):
    base = dict(unit="household", value=12, quote="12 hộ", page=1, line=3, start=0, end=5,
                confidence=0.9)
    return {**base, **overrides}


def test_money_figure_needs_vnd():
    with pytest.raises(ValidationError, match="vnd"):
        Figure(**_figure(unit="money"))


def test_vnd_only_for_money():
    with pytest.raises(ValidationError, match="money"):
        Figure(**_figure(vnd=5))


def test_percent_above_100_needs_growth_note():
    with pytest.raises(ValidationError, match="growth"):
        Figure(**_figure(unit="percent", value=120))
    assert Figure(**_figure(unit="percent", value=120, notes=["growth"])).value == 120


def test_year_range_and_negative_values_rejected():
    with pytest.raises(ValidationError):
        Figure(**_figure(year=1900))
    with pytest.raises(ValidationError, match="negative"):
        Figure(**_figure(value=-1))


def test_box_corners_must_be_ordered():
    with pytest.raises(ValidationError):
        Box(x0=10, top=0, x1=5, bottom=3)


def test_json_schema_names_the_contract_fields():
    schema = document_json_schema()
    assert {"pages", "document", "figures", "warnings"} <= set(schema["properties"])
    figure = schema["$defs"]["Figure"]["properties"]
    for field in ("unit", "value", "vnd", "per", "year", "period", "subject", "quote", "page",
                  "line", "confidence"):
        assert field in figure
