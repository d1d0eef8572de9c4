"""Command line: python -m tests.emulator --port 8080 [--username U --password P | --token T]."""

import argparse
import asyncio
import errno
import os
import ssl
import sys
import threading
import time

from aiohttp import web

from .app import create_app
from .state import PROFILES, EmulatorState


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog='python -m tests.emulator', description=__doc__)
    parser.add_argument('--host', default='127.0.0.1', help='address to bind (default 127.0.0.1)')
    parser.add_argument('--port', type=int, default=8080, help='port (0 picks a free one; default 8080)')
    parser.add_argument('--profile', choices=sorted(PROFILES), default='1.x',
                        help='Kestra version to behave as (default 1.x)')
    parser.add_argument('--edition', choices=('oss', 'ee'), default='oss',
                        help='Kestra edition: ee adds the Enterprise-only APIs (namespaces, secrets); default oss')
    parser.add_argument('--username', help='require HTTP basic auth with this user')
    parser.add_argument('--password', help='password for --username')
    parser.add_argument('--token', help='require this bearer token')
    parser.add_argument('--time-scale', type=float, default=1.0,
                        help='factor applied to simulated task durations (default 1.0)')
    parser.add_argument('--tls-cert', help='PEM certificate chain: serve HTTPS')
    parser.add_argument('--tls-key', help='PEM private key for --tls-cert')
    parser.add_argument('--exit-with-parent', action='store_true',
                        help='stop when standard input reaches end of file or the parent process ends: '
                             'test harnesses give a pipe as stdin so that no emulator outlives them')
    args = parser.parse_args(argv)
    if args.token and args.username:
        parser.error('--token and --username are exclusive')
    if bool(args.username) != bool(args.password):
        parser.error('--username and --password go together')
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error('--tls-cert and --tls-key go together')
    return args


async def serve(args):
    state = EmulatorState(profile=args.profile, username=args.username, password=args.password,
                          token=args.token, time_scale=args.time_scale, edition=args.edition)
    app = create_app(state)
    ssl_context = None
    if args.tls_cert:
        ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_context.load_cert_chain(args.tls_cert, args.tls_key)
    runner = web.AppRunner(app, access_log=None, handle_signals=True)
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.port, ssl_context=ssl_context, reuse_address=True)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(args.host, args.port) from None
        raise
    port = site._server.sockets[0].getsockname()[1]  # pylint: disable=protected-access
    scheme = 'https' if ssl_context else 'http'
    # the first line of stdout tells a parent process where we listen
    print('kestra-emulator listening on %s://%s:%d profile=%s edition=%s'
          % (scheme, args.host, port, args.profile, args.edition), flush=True)
    stop = asyncio.Event()
    if args.exit_with_parent:
        _watch_parent(asyncio.get_running_loop(), stop)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


class PortInUse(Exception):
    """The address to bind is taken (EADDRINUSE)."""

    def __init__(self, host, port):
        super().__init__('kestra-emulator: port %d on %s is already in use (another Kestra or emulator?): '
                         'choose another with --port N, or --port 0 for a free one' % (port, host))


def _watch_parent(loop, stop):
    """Stop at end of file on stdin (a pipe whose write end only the parent holds: the kernel closes it
    however the parent ends, os._exit and SIGKILL included), or when we are re-parented (the parent
    ended while something else still holds the pipe). Threads, not the event loop, watch both, and
    force the exit when a graceful stop has not happened within 5 s (a handler stuck on a hostile
    input would otherwise keep us alive). Process-level and portable, unlike PR_SET_PDEATHSIG,
    which follows the parent's thread."""
    parent = os.getppid()
    leaving = threading.Event()

    def leave():
        if leaving.is_set():
            return
        leaving.set()
        try:
            loop.call_soon_threadsafe(stop.set)
        except RuntimeError:  # the loop has already closed
            pass
        time.sleep(5)
        os._exit(1)  # still here: the event loop is blocked

    def read_until_eof():
        try:
            while os.read(sys.stdin.fileno(), 4096):
                pass
        except OSError:
            pass
        leave()

    def poll_parent():
        while os.getppid() == parent:
            time.sleep(1)
        leave()

    for target in (read_until_eof, poll_parent):
        threading.Thread(target=target, name='parent-watch', daemon=True).start()


def main(argv=None):
    args = parse_args(argv)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    except PortInUse as exc:
        print(exc, file=sys.stderr, flush=True)
        return 3
    return 0


if __name__ == '__main__':
    sys.exit(main())
