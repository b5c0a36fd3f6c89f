"""The product's settings plus one route, for benchmarks/load.py only: a minimal view served by
the same gunicorn, through the same middleware, as the ceiling of the same run. It answers "ok"
and reads nothing, so it has nothing to leak; the product itself has no such route."""

from lanzarote.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.load_urls"
