"""The old import path of the suggestions' background task.

``suggest_for_party`` is defined in services.py beside ``suggestions_request``, which enqueues it.
django-tasks-db stores the dotted path of each queued task
(``lanzarote.assessments.tasks.suggest_for_party`` for rows queued before the move); this module
keeps those rows runnable. Nothing in the code imports it.
"""

from .services import suggest_for_party

__all__ = ["suggest_for_party"]
