# Production image: gunicorn serving Django + Wagtail; the same image runs the
# migrations, the Celery worker and beat (see docker-compose.yml). Nothing
# secret is baked in (.dockerignore keeps .env, var/ and .git out).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=kaptraining.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media \
    PRIVATE_ROOT=/app/var/private

# WeasyPrint needs Pango/HarfBuzz; fonts are bundled in static/fonts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY kaptraining ./kaptraining
COPY cohorts ./cohorts
RUN pip install --no-cache-dir .
COPY . .
# Static files are collected into the image (outside the data volumes, so a
# new image brings new files). Only what Django needs to import the settings
# is given, and it is no secret: production's other requirements are system
# checks that run before the site serves, not at build time.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret DJANGO_ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
 && DJANGO_SECRET_KEY=build-only-not-a-secret DJANGO_ALLOWED_HOSTS=localhost python manage.py compile_translations

RUN useradd --create-home --uid 1000 kap \
 && mkdir -p /app/var/media /app/var/private \
 && chown -R kap /app/var
USER kap
EXPOSE 8000
# Refuse to serve with unsafe settings (kaptraining.core.checks), then serve.
CMD ["sh", "-c", "python manage.py check --deploy --fail-level ERROR && exec gunicorn kaptraining.wsgi:application --config docker/gunicorn.conf.py"]
