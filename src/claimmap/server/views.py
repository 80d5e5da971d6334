"""Routes: the page (GET /, POST /analyze), the JSON API and the health check."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field, model_validator
from starlette.datastructures import UploadFile

from claimmap.about import __version__
from claimmap.errors import BinaryInputError, ClaimmapError, DecodeError, InputTooLargeError
from claimmap.ingest.text import decode
from claimmap.report.html import (
    content_security_policy,
    environment,
    render_html,
    report_context,
)
from claimmap.report.serialize import to_json
from claimmap.server.analysis import Analyzer, Busy, Job
from claimmap.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
UPLOAD_SUFFIXES = {".txt": False, ".html": True, ".htm": True}
UPLOAD_TYPES = {"", "text/plain", "text/html", "application/octet-stream"}
PAGE_HEADERS = {"Content-Security-Policy": content_security_policy(),
                "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                "X-Frame-Options": "DENY"}


class AnalyzeRequest(BaseModel):
    """One article: ``text`` (plain) or ``html`` (a whole page), optionally its headline."""

    text: Annotated[str | None, Field(description="Plain text; a first short line "
                                      "is taken as the headline unless title is given.")] = None
    html: Annotated[str | None, Field(description="An HTML page; its body is extracted.")] = None
    title: str | None = None
    url: str | None = None
    id: Annotated[str, Field(max_length=200)] = "article"

    @model_validator(mode="after")
    def one_source(self) -> AnalyzeRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of text or html")
        return self


def examples() -> list[str]:
    return sorted(p.stem for p in EXAMPLES.glob("*.txt"))


def _status(err: ClaimmapError) -> int:
    if isinstance(err, InputTooLargeError):
        return 413
    if isinstance(err, BinaryInputError | DecodeError):
        return 415
    return 422


async def _analyze(request: Request, job: Job) -> Any:
    analyzer: Analyzer = request.app.state.analyzer
    try:
        return await analyzer.analyze(job)
    except Busy as err:
        raise HTTPException(503, str(err), headers={"Retry-After": str(err.retry_after)}) \
            from None
    except ClaimmapError as err:
        raise HTTPException(_status(err), str(err)) from None
    except Exception:
        # Details go to the server log, not to the client.
        log.exception("analysis of %s failed", job.id)
        raise HTTPException(500, "analysis failed; the server log has the details") from None


@router.get("/api/health")
async def health(request: Request) -> dict[str, Any]:
    """Liveness, version, and whether the spaCy pipeline has loaded yet."""
    analyzer: Analyzer = request.app.state.analyzer
    return {"status": "ok", "version": __version__, "pipeline_loaded": analyzer.loaded,
            "analysis_queue": {"in_flight": analyzer.in_flight, "capacity": analyzer.capacity}}


@router.post("/api/analyze", response_class=Response, responses={200: {
    "description": "The ClaimMap (schema: docs/claimmap.schema.json)",
    "content": {"application/json": {}}}})
async def api_analyze(body: AnalyzeRequest, request: Request) -> Response:
    """Analyse one article and return its ClaimMap as JSON."""
    job = Job(id=body.id, text=body.text, html=body.html, title=body.title, url=body.url)
    claim_map = await _analyze(request, job)
    # Serialised directly: the records are JSON-ready, so FastAPI's generic encoder walk
    # over every span would only add latency.
    return Response(to_json(claim_map, indent=None), media_type="application/json")


def _page(request: Request, *, status: int = 200, headers: Mapping[str, str] | None = None,
          **values: Any) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    context = {"page_title": "claimmap", "text": "", "examples": examples(), "example": "",
               "max_kb": settings.max_request_bytes // 1024, "error": None, "view": None,
               "docs": request.app.state.docs,
               "corpus": getattr(request.app.state, "corpus", None) is not None}
    context.update(values)
    html = environment().get_template("app.html.jinja").render(**context)
    return HTMLResponse(html, status_code=status, headers={**PAGE_HEADERS, **(headers or {})})


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def page(request: Request) -> HTMLResponse:
    return _page(request)


async def _upload_job(upload: UploadFile) -> Job:
    name = upload.filename or "upload"
    suffix = Path(name).suffix.lower()
    media = (upload.content_type or "").split(";")[0].strip().lower()
    if suffix not in UPLOAD_SUFFIXES or media not in UPLOAD_TYPES:
        raise HTTPException(415, f"{name}: upload a .txt or .html file (got "
                                 f"{media or 'no type'})")
    try:
        text = decode(await upload.read(), source=name)
    except ClaimmapError as err:
        raise HTTPException(_status(err), str(err)) from None
    stem = Path(name).stem or "upload"
    if UPLOAD_SUFFIXES[suffix]:
        return Job(id=stem, html=text)
    return Job(id=stem, text=text)


async def _form_job(pasted: str, chosen: str, upload: object) -> Job:
    if isinstance(upload, UploadFile) and upload.filename:
        return await _upload_job(upload)
    if chosen:
        if chosen not in examples():
            raise HTTPException(422, f"no bundled example named {chosen!r}")
        return Job(id=chosen, text=(EXAMPLES / f"{chosen}.txt").read_text(encoding="utf-8"))
    if pasted.strip():
        return Job(id="pasted", text=pasted)
    raise HTTPException(422, "paste some text, upload a file or pick an example")


@router.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
async def analyze_form(request: Request) -> HTMLResponse:
    """The form: pasted text, an uploaded file or a bundled example, shown as the report."""
    settings: Settings = request.app.state.settings
    pasted = chosen = ""
    try:
        # The context manager closes uploaded temporary files whatever happens.
        async with request.form(max_files=1, max_fields=8,
                                max_part_size=settings.max_request_bytes) as form:
            text, example, upload = form.get("text"), form.get("example"), form.get("file")
            pasted = text if isinstance(text, str) else ""
            chosen = example if isinstance(example, str) else ""
            download = form.get("download") == "1"
            job = await _form_job(pasted, chosen, upload)
        claim_map = await _analyze(request, job)
    except HTTPException as err:
        if err.status_code == 413:
            raise  # the body limit answers in JSON, as for the API
        return _page(request, status=err.status_code, headers=err.headers, text=pasted,
                     example=chosen, error=str(err.detail))
    if download:
        # The same self-contained page as `claimmap analyze --format html`, saved by the browser.
        name = re.sub(r"[^\w.-]+", "_", claim_map.article.id)[:80] or "article"
        return HTMLResponse(render_html(claim_map), headers={
            **PAGE_HEADERS, "Content-Disposition": f'attachment; filename="{name}.claimmap.html"'})
    shown = pasted if job.id == "pasted" else (job.text or "")
    return _page(request, text=shown, example=chosen,
                 page_title=f"claimmap: {claim_map.article.title or claim_map.article.id}",
                 view=report_context(claim_map))

