# The production image: gunicorn, the Celery worker and Celery beat all run from it
# (docker-compose.yml picks the command). Python 3.11 with the DejaVu fonts the report's PDF
# is typeset in (Typst, from PyPI, needs nothing else).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    VAR_DIR=/var/lib/coventry-pm \
    MEDIA_ROOT=/var/lib/coventry-pm/media \
    STATIC_ROOT=/srv/coventry-pm/static \
    PYTHONPATH=/srv/coventry-pm/app

# The fonts for PDFs; git to publish open data; the PostgreSQL client for
# scripts/backup.sh.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       fonts-dejavu-core git postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system app \
    && useradd --system --gid app --home-dir /srv/coventry-pm --no-create-home app

WORKDIR /srv/coventry-pm/app
# Dependencies first, so a code change does not reinstall them; the code itself runs
# from this directory (PYTHONPATH), as it does from a checkout without Docker.
COPY pyproject.toml README.md ./
RUN pip install --quiet . && pip uninstall --quiet --yes coventry-pm
COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p "$VAR_DIR/beat" "$VAR_DIR/open-data" "$MEDIA_ROOT" \
    && chown -R app:app "$VAR_DIR"

USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["python", "scripts/healthcheck.py"]
# gunicorn.conf.py (in this directory) sets the bind address, workers and JSON logs.
CMD ["gunicorn", "config.wsgi"]
