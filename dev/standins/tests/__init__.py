"""The stand-ins' self-tests: they must behave like the real services before the app's tests can
trust them. `make test` runs them (pytest.ini's testpaths)."""
