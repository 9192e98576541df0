from cass_desktop.cli import main

raise SystemExit(main())
