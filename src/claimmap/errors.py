"""Exceptions raised by claimmap.

ClaimmapError                 every error we raise on purpose; its message is one line
├── InputError                a document cannot be read or is not usable
│   ├── EmptyInputError       nothing but whitespace
│   ├── BinaryInputError      bytes that are not text
│   ├── DecodeError           text in an encoding we cannot read
│   └── InputTooLargeError    over the ``max_chars`` setting
├── ConfigError               a bad setting value or option
└── ModelError                a model or pipeline cannot be loaded
"""

from __future__ import annotations


class ClaimmapError(Exception):
    """Base class; ``str(err)`` is a one-line message fit for a terminal."""


class InputError(ClaimmapError):
    pass


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class DecodeError(InputError):
    pass


class InputTooLargeError(InputError):
    pass


class ConfigError(ClaimmapError):
    pass


class ModelError(ClaimmapError):
    pass
