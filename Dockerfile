# campus_metrics — one image for the app workers and for the proxy (HAProxy from Debian).
# Not built on the development machines (no Docker daemon there): see README « Conteneurs ».
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends haproxy fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

RUN useradd --system --home /app campus && mkdir -p /app/run && chown -R campus /app/run /app/data
USER campus

ENV PYTHONUNBUFFERED=1 \
    MALLOC_ARENA_MAX=2
# Workers only; the proxy is a separate service (compose.yaml). PROCS workers on 8601…
ENV PROCS=2
EXPOSE 8601 8602
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8601/_stcore/health', timeout=2)"
CMD ["sh", "-c", "exec python -m serving.serve --proxy none --app-address 0.0.0.0 --procs ${PROCS}"]
