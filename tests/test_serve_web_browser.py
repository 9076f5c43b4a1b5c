"""`reader serve web` in a real browser: Chromium driven by Playwright, where both are installed.

CI need not install a browser: without Playwright (PyPI) or a Chromium (Debian's `chromium`) the test
skips and says which is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from reader.serve import default_command
from reader.serve.web import WebServeConfig, WebService

playwright = pytest.importorskip("playwright.async_api", reason="no Playwright (pip install playwright)")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium)")

TIMEOUT_MS = 30_000


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[WebService]:
    service = WebService(WebServeConfig(command=default_command(), port=0, log_file=tmp_path / "web.log"))
    await service.start()
    yield service
    await service.close()


@pytest.fixture
async def foreign_site(server: WebService) -> AsyncIterator[str]:
    """Another site on this machine whose script tries to drive the reader's WebSocket."""
    page = (
        "<html><head><title>waiting</title></head><body><script>"
        f"const ws = new WebSocket('ws://127.0.0.1:{server.port}/ws?width=80&height=24');"
        "ws.onopen = () => { document.title = 'opened'; };"
        "ws.onerror = () => { document.title = 'refused'; };"
        "</script></body></html>"
    )

    async def index(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", index)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}/"
    await runner.cleanup()


@pytest.mark.slow
async def test_owner_reads_and_downloads_the_export_and_another_site_cannot_connect(
    server: WebService, foreign_site: str, reader_home: Path
) -> None:
    async with playwright.async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            context = await browser.new_context(accept_downloads=True)
            page = await context.new_page()
            response = await page.goto(f"http://127.0.0.1:{server.port}/")
            assert response is not None and response.status == 403

            await page.goto(server.url)
            assert await page.title() == "reader"
            await page.wait_for_selector("body.-first-byte", timeout=TIMEOUT_MS)  # the app draws
            await page.locator("#terminal").click()
            async with page.expect_download(timeout=TIMEOUT_MS) as download_info:
                await page.keyboard.press("x")
            download = await download_info.value
            assert download.suggested_filename.endswith(".md")
            markdown = Path(await download.path()).read_text(encoding="utf-8")
            assert "Frieden möglich!" in markdown
            assert not (reader_home / "exports").exists()  # nothing on the server's disk

            # The browser holds the owner's cookie, and sends it from another port of the same host:
            # only the Origin check stops that page.
            other = await context.new_page()
            await other.goto(foreign_site)
            await other.wait_for_function("document.title !== 'waiting'", timeout=TIMEOUT_MS)
            assert await other.title() == "refused"
        finally:
            await browser.close()
    log = (server.config.log_file or Path()).read_text(encoding="utf-8")
    assert f"Origin '{foreign_site.rstrip('/')}' is not this server's" in log
