"""`python -m gradtui` does the same as the `gradtui` command."""

from gradtui.cli import main

raise SystemExit(main())
