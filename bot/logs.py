"""Logging setup: human text by default, one JSON object per line with --log-format json."""

from __future__ import annotations

import json
import logging
import os
import sys
import time


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + "Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": redact(record.getMessage()),
        }
        if hasattr(record, "data"):  # a summary as an object: log readers parse it once, not twice
            entry["data"] = json.loads(redact(json.dumps(record.data, ensure_ascii=False)))
        if record.exc_info:
            entry["exc"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if hasattr(record, "data"):  # "cycle summary: {...}", JSON and not a dict repr
            text += ": " + json.dumps(record.data, ensure_ascii=False)
        return redact(text)


def redact(text: str) -> str:
    """Secrets come only from the environment; make sure they never reach a log line."""
    token = os.environ.get("GITHUB_TOKEN")
    if token and len(token) >= 8:
        text = text.replace(token, "***")
    return text


def setup_logging(fmt: str = "text", level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
    adopt_library_loggers()  # those imported already


def json_logs() -> bool:
    """True when litbot logs JSON lines (``--log-format json``): stderr is then for log records only,
    so commands log their summaries instead of drawing tables and progress bars there."""
    return any(isinstance(h.formatter, JsonFormatter) for h in logging.getLogger().handlers)


# Third-party libraries are chatty below WARNING (a line per HTTP request; markdown-it a line per
# parsing rule tried, thousands per list at DEBUG).
_NOISY = ("urllib3", "github", "arxiv", "sentence_transformers", "httpx", "httpx2", "apscheduler",
          "markdown_it")
# Libraries that give their loggers a stderr handler of their own when imported (PyGithub also sets its
# level back to INFO: its retry and redirect notices came out twice, once as plain text in JSON logs).
_SELF_HANDLING = ("huggingface_hub", "transformers", "github")


def adopt_library_loggers() -> None:
    """Send the self-handling libraries' records through litbot's handler; call after importing them.

    Left alone, huggingface_hub printed each warning twice (its handler, then ours) and transformers
    once, but both bypassed ``--log-format json`` and the token redaction."""
    root = logging.getLogger()
    if not root.handlers:  # used as a library: the application decides
        return
    for name in _SELF_HANDLING:
        library = logging.getLogger(name)
        library.handlers.clear()
        library.propagate = True
        if name in _NOISY:
            library.setLevel(max(root.level, logging.WARNING))
