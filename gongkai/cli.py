"""The ``gongkai`` command: Django's management commands under the product's name.

``gongkai demo``, ``gongkai serve``, ``gongkai audit verify``, ``gongkai token create``,
``gongkai migrate``… all run with the settings read from the environment.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "gongkai"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
