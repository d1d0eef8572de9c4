"""What an OSS server answers on Enterprise-only routes (docs/dev/kestra-api/namespaces-secrets.md).

The EE handlers call `oss_answer(request, kind)` first: with --edition oss it raises the error an OSS
Kestra gives (its router has no such route: 404, or the path exists for another method only: 405).
"""

from . import errors

# OSS NamespaceController declares GET {id}, GET search, GET ids, POST autocomplete and
# GET {namespace}/dependencies only; it has no secrets routes at all.
NO_ROUTE = 'no-route'           # 404 Not Found (nothing in OSS matches the path)
OTHER_METHOD = 'other-method'   # 405 Method Not Allowed (OSS has GET on this path)


def oss_answer(request, kind=NO_ROUTE):
    """Raise the OSS answer unless the emulator runs as Enterprise Edition."""
    if request.app['state'].is_ee:
        return
    if kind == OTHER_METHOD:
        raise errors.KestraHttpError(405, 'Method Not Allowed')
    raise errors.not_found()
