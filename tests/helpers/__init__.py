"""Helpers the test modules share (tests import them as `helpers.NAME`; pyproject's pytest `pythonpath` puts tests/
on the path). A test module never imports another test module: what two of them need lives here."""
