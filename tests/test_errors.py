"""Error hierarchy: stable codes, documented parents, messages kept."""

from __future__ import annotations

import inspect

import pytest

from talentmatch import errors


def _error_classes() -> list[type[errors.TalentMatchError]]:
    return [
        obj
        for _, obj in inspect.getmembers(errors, inspect.isclass)
        if issubclass(obj, errors.TalentMatchError)
    ]


def test_codes_are_unique_and_snake_case() -> None:
    codes = [cls.code for cls in _error_classes()]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert code == code.lower()
        assert " " not in code


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        (errors.UnsupportedFormatError, errors.DocumentError),
        (errors.CorruptDocumentError, errors.DocumentError),
        (errors.EncryptedDocumentError, errors.DocumentError),
        (errors.DocumentTooLargeError, errors.DocumentError),
        (errors.DocumentTimeoutError, errors.DocumentTooLargeError),
        (errors.NoTextError, errors.DocumentError),
        (errors.LLMTimeoutError, errors.LLMError),
        (errors.LLMThrottledError, errors.LLMError),
        (errors.LLMUnavailableError, errors.LLMError),
        (errors.LLMOutputError, errors.LLMError),
        (errors.LLMContentFilteredError, errors.LLMError),
        (errors.CircuitOpenError, errors.LLMError),
        (errors.TaxonomyError, errors.TalentMatchError),
        (errors.ConfigError, errors.TalentMatchError),
        (errors.InputError, ValueError),
    ],
)
def test_hierarchy(cls: type[Exception], parent: type[Exception]) -> None:
    assert issubclass(cls, parent)


def test_to_dict_round_trip() -> None:
    err = errors.NoTextError("Run OCR first.")
    assert err.to_dict() == {"code": "no_text", "message": "Run OCR first.", "type": "NoTextError"}
    assert str(err) == "Run OCR first."


def test_every_error_is_exported_in_all() -> None:
    assert {cls.__name__ for cls in _error_classes()} == set(errors.__all__)
