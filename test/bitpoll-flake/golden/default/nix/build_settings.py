"""Throwaway settings used only while building the package (bitpoll-flake).

The keys below are placeholders for the build, which serves nothing; they are not installed.
"""

import os

SECRET_KEY = "build-time-placeholder-not-a-secret"
# A Fernet key of 32 zero bytes: valid syntax, protects nothing.
FIELD_ENCRYPTION_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# stdenv exports each output's path; collectstatic writes into the "static" output.
STATIC_ROOT = os.environ["static"]
