"""The bot as a real process (`python -m bot`) against a fake Bot API served by the test: start it, read its output.

Each run starts in the test's folder with a copy of the seeds and no BOT_*/TELEGRAM_* variables
of the developer's, so their own `.env` or database never reaches a test.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from tests.paths import ROOT, SEEDS

TOKEN = "123456:TEST-SECRET-TOKEN-DO-NOT-LOG"
SECRET = TOKEN.split(":", 1)[1]
START_TIMEOUT = 60.0  # importing python-telegram-bot and the morphology dictionary on a slow machine


class BotProcess:
    """`python -m bot` in a subprocess, its stdout and stderr collected as they come."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.chunks: list[bytes] = []
        self._readers = [asyncio.create_task(self._drain(s)) for s in (process.stdout, process.stderr)]

    async def _drain(self, stream: asyncio.StreamReader | None) -> None:
        while stream is not None and (chunk := await stream.read(65536)):
            self.chunks.append(chunk)

    @property
    def output(self) -> str:
        """Everything written so far to stdout and stderr."""
        return b"".join(self.chunks).decode("utf-8", "replace")

    async def finish(self, timeout: float) -> int:
        """Wait for the exit (killing the process if it hangs); the exit code."""
        try:
            code = await asyncio.wait_for(self.process.wait(), timeout)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise
        finally:
            await asyncio.gather(*self._readers)
        return code

    async def kill_if_running(self) -> None:
        """Kill the process if it still runs (a test that failed before stopping it) and collect its output."""
        if self.process.returncode is None:
            self.process.kill()
            await self.finish(timeout=5)


async def start_bot(base_url: str, tmp_path: Path, *, preexec_fn: Callable[[], None] | None = None, **env: str) -> BotProcess:
    """Start the bot with the fake token at DEBUG, talking to `base_url`, in `tmp_path` with a copy of the seeds.

    `env` adds or overrides variables; `preexec_fn` runs in the child before the bot starts.
    """
    seeds = tmp_path / "seeds"
    if not seeds.exists():
        shutil.copytree(SEEDS, seeds, ignore=shutil.ignore_patterns(".*"))
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    environment.update({
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": base_url,
        "BOT_SEEDS_DIR": str(seeds),
        "BOT_LOG_LEVEL": "DEBUG",
        "BOT_READ_TIMEOUT": "1",
        "BOT_CONNECT_TIMEOUT": "1",
        "BOT_RETRY_BACKOFF": "0.2",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
        **env,
    })
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=environment, preexec_fn=preexec_fn,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    return BotProcess(process)


def assert_no_token(output: str) -> None:
    """Neither the token nor its secret half appears anywhere."""
    assert TOKEN not in output
    assert SECRET not in output
    assert SECRET.lower() not in output.lower()
