"""A pytest plugin (loaded with `-p` from pyproject) that marks the process as a test run
before pytest-django imports the settings: fast hasher, no DEBUG-off refusal."""

import os

os.environ.setdefault("LANHMANH_TESTING", "1")
