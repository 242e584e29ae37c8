# Unit tests: filled in by the core test suite.
