from tests.roster.conftest import roster, roster_users  # noqa: F401  (shared fixtures)
