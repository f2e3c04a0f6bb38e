from qualpolicy.cli import main

main()
