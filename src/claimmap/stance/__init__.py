"""Headline stance (FNC-1 labels): does the body agree with, dispute or only discuss it.

``claimmap.stance`` is both this subpackage and the public function: the package object is
callable, so ``claimmap.stance(headline, body)`` and ``import claimmap.stance.model as m``
both work (a plain function under the package's name would break the second).
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from claimmap.types import Stance


class _CallablePackage(types.ModuleType):
    def __call__(self, headline: str, body: str, **kwargs: Any) -> Stance:
        from claimmap.stance.headline import stance

        return stance(headline, body, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
