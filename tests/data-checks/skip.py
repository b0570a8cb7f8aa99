#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Report a test as skipped (exit 77) because a tool is not installed."""
import sys

print(f'SKIP: {sys.argv[1] if len(sys.argv) > 1 else "a tool"} not found; '
      'build-aux/install-deps.sh installs it')
sys.exit(77)
