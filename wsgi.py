"""Entry point for gunicorn (`gunicorn wsgi:app`) and for `flask --app wsgi`."""

from hub import create_app

app = create_app()
