# agreement-builder as a service: `docker build -t agreement-builder .` then
# `docker run --rm -p 8000:8000 agreement-builder` (docs/service.md).
FROM python:3.11-slim-bookworm

# The Debian libraries WeasyPrint needs for PDFs (the Makefile's DEB_PACKAGES, less
# pdftoppm): Pango, HarfBuzz's subsetter and the DejaVu fonts. Nothing else.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# what a wheel needs: the package, the clause library and rules (setup.py copies them in)
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY agreement_builder ./agreement_builder
COPY clauses ./clauses
COPY rules ./rules
RUN pip install . && rm -rf /src

# an unprivileged user; uploads go to its private temporary folders, removed per request
RUN useradd --system --create-home --home-dir /srv --shell /usr/sbin/nologin agreement
USER agreement
WORKDIR /srv
ENV AGREEMENT_HOST=0.0.0.0 \
    AGREEMENT_PORT=8000

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/api/v1/health', timeout=4).status != 200)"]
# exec form: the gunicorn master is PID 1 and gets docker stop's SIGTERM itself (graceful)
CMD ["agreement", "serve", "--host", "0.0.0.0", "--port", "8000"]
