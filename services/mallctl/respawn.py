"""supervisord event listener: start again, after a pause, a process it has given up on.

supervisord retries a process that dies while starting a few times with a growing delay,
then marks it FATAL and leaves it. A process that fails to start because a dependency is away
must come back once the dependency does, without anyone typing `supervisorctl start`.
"""

from __future__ import annotations

import os
import sys
import time

from supervisor import childutils

PAUSE = float(os.environ.get("RESPAWN_PAUSE", "5"))


def main() -> None:
    rpc = childutils.getRPCInterface(os.environ)
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        if headers["eventname"] == "PROCESS_STATE_FATAL":
            fields, _ = childutils.eventdata(payload + "\n")
            name = f"{fields['groupname']}:{fields['processname']}"
            time.sleep(PAUSE)
            try:
                rpc.supervisor.startProcess(name, False)
                print(f"respawn: started {name} again", file=sys.stderr, flush=True)
            except Exception as err:  # noqa: BLE001 - stopping, or already started by hand
                print(f"respawn: {name} not started: {err}", file=sys.stderr, flush=True)
        childutils.listener.ok(sys.stdout)


if __name__ == "__main__":
    main()
