"""Entry point for gunicorn (`gunicorn wsgi:app`) and for `flask --app wsgi`."""

import gc

from hub import create_app

app = create_app()
# What start-up built lives as long as the process: keep it out of the garbage collector's
# passes, which would otherwise walk all of it again and again while requests are served.
gc.freeze()
