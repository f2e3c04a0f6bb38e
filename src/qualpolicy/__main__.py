from qualpolicy.cli import run

run()
