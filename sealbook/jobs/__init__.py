"""Background work through django-q2: the job registry and the worker that runs it."""
