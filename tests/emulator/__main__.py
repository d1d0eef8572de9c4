"""Command line: python -m tests.emulator --port 8080 [--username U --password P | --token T]."""

import argparse
import asyncio
import ssl
import sys

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
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # pylint: disable=protected-access
    scheme = 'https' if ssl_context else 'http'
    # the first line of stdout tells a parent process where we listen
    print('kestra-emulator listening on %s://%s:%d profile=%s edition=%s' % (scheme, args.host, port, args.profile,
                                                                      args.edition), flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def main(argv=None):
    args = parse_args(argv)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())
