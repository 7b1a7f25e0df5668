import sys

from sealbook.cli.main import main

sys.exit(main())
