"""Run many ``agreement`` command lines in one child process, one JSON line per run.

    python tests/hostile/run_many.py MEMORY_BYTES < commands.json

The memory limit (RLIMIT_AS) is set before anything is imported; the CLI is then imported
once and each command line is run through click's test runner, so a battery of a hundred
files costs one interpreter start instead of a hundred. Each result line carries the exit
code, stdout, stderr, wall-clock seconds and, if the CLI let an exception escape (a bug: the
real command would print a traceback), that traceback.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import traceback


def main() -> int:
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    commands: list[list[str]] = json.load(sys.stdin)

    from click.testing import CliRunner

    from agreement_builder.cli import main as cli

    runner = CliRunner()
    for args in commands:
        print(json.dumps({"start": args}), flush=True)  # the last one started, if we die
        started = time.monotonic()
        result = runner.invoke(cli, args, catch_exceptions=True)
        seconds = time.monotonic() - started
        escaped = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            escaped = "Traceback (escaped the CLI):\n" + "".join(
                traceback.format_exception(result.exception)
            )
        line = {
            "args": args,
            "code": result.exit_code,
            "out": result.stdout,
            "err": result.stderr + (escaped or ""),
            "seconds": seconds,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        }
        print(json.dumps(line), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
