#!/usr/bin/env python3
"""redsim-gui --serve: the GUI's own engine answers RESP clients while it draws.

Starts redsim-gui under Xvfb with --serve 0 (any free port) and a script, reads the port
it prints, then a redis-py client sees the script's keys, writes its own, sees a
PUBLISH reach the GUI's console client, and SHUTDOWN NOSAVE closes the window (exit 0).
Usage: serve_test.py REDSIM_GUI SCRATCH_DIR
"""
import os
import re
import subprocess
import sys
import time

import redis


def main():
    gui, scratch = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    os.makedirs(scratch, exist_ok=True)
    script = os.path.join(scratch, 'serve.redis')
    with open(script, 'w') as f:
        f.write('SET from:gui 1\nCONFIG SET dir %s\n:client listener\nSUBSCRIBE alerts\n:client main\n' % scratch)
    proc = subprocess.Popen(['xvfb-run', '-a', '-s', '-screen 0 1024x700x24', gui, '--serve', '0', '--script', script,
                             '--frames', '1000000', '--width', '1024', '--height', '700'],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=scratch)
    try:
        port = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = proc.stdout.readline()
            sys.stdout.write(line)
            if not line:
                break
            m = re.search(r'serving RESP on port (\d+)', line)
            if m:
                port = int(m.group(1))
                break
        assert port, 'redsim-gui did not report a port'
        r = redis.Redis(port=port, decode_responses=True, socket_timeout=10)
        assert r.ping() is True
        assert r.get('from:gui') == '1', 'the script ran on the served engine'
        assert r.set('from:client', 'x') is True
        assert r.incr('counter') == 1
        assert r.zadd('z', {'a': 1, 'b': 2}) == 2
        assert r.zrange('z', 0, -1, withscores=True) == [('a', 1.0), ('b', 2.0)]
        # The GUI's console client "listener" subscribed in the script.
        assert r.publish('alerts', 'hello') == 1
        info = r.info('server')
        assert info['tcp_port'] == port
        try:
            r.shutdown(nosave=True)
        except redis.exceptions.ConnectionError:
            pass
        rc = proc.wait(timeout=30)
        assert rc == 0, 'exit status %d' % rc
        print('serve: ok (port %d)' % port)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


if __name__ == '__main__':
    main()
