"""Kestra EE's permission model, as far as the collection depends on it (docs/dev/kestra-api/access-permissions.md).

A middleware after authentication. For an identity that is not a superadmin (request['identity'], set by
access_identity.identify(); no identity = ROOT, allowed everything) it maps the request to
(RESOURCE, actions, namespace) and answers 403 unless a binding of the subject gives a role with the
permission:
- the bindings of the tenant of the path (/api/v1/{tenant}/...) whose subject is the identity itself
  (type USER, externalId = the user or service account id) or one of its groups (type GROUP,
  groups.groups_of());
- on the namespace of the request, one of its parent namespaces, or tenant-wide (namespaceId null);
  a request with no namespace (a listing, a search, the access APIs) needs the permission on any namespace:
  Kestra then filters what it answers;
- roles hold {RESOURCE: [ACTION, ...]}; Kestra 1.x actions are READ/CREATE/UPDATE/DELETE, Kestra 2.0 has
  fine-grained ones, of which the emulator checks VIEW or LIST (reads), CREATE, UPDATE, DELETE.

Instance-level routes (/api/v1/tenants, /api/v1/instance/...) need a superadmin. Routes that are not
mapped (other tenant APIs than the ones below) are let through: the emulator checks what it knows only.
"""

from aiohttp import web

from . import errors

# the first path segment after /api/v1/{tenant}/ -> resource (per API line when it differs)
_SEGMENT_RESOURCE = {
    'flows': 'FLOW',
    'executions': 'EXECUTION',
    'logs': 'EXECUTION',
    'outputs': 'EXECUTION',
    'triggers': {'1.x': 'FLOW', '2.0': 'TRIGGER'},
    'kv': 'KVSTORE',
    'secrets': 'SECRET',
    'namespaces': 'NAMESPACE',
    'users': 'USER',
    'tenant-access': {'1.x': 'TENANT_ACCESS', '2.0': 'USER'},
    'groups': 'GROUP',
    'roles': 'ROLE',
    'bindings': 'BINDING',
    'service-accounts': 'SERVICE_ACCOUNT',
}
# /api/v1/{tenant}/namespaces/{namespace}/<segment>/... -> resource
_NAMESPACE_SUB_RESOURCE = {
    'kv': 'KVSTORE',
    'secrets': 'SECRET',
    'inherited-secrets': 'SECRET',
}
# POSTs that read (search, validation, autocompletion): checked as reads
_READ_POST_SUFFIXES = ('/search', '/validate', '/autocomplete', '/ids', '/by-ids/search')
READ, CREATE, UPDATE, DELETE = 'READ', 'CREATE', 'UPDATE', 'DELETE'
# the actions of a role that allow each kind of request, per API line
_ACTIONS = {
    '1.x': {READ: ('READ',), CREATE: ('CREATE',), UPDATE: ('UPDATE',), DELETE: ('DELETE',)},
    '2.0': {READ: ('VIEW', 'LIST'), CREATE: ('CREATE',), UPDATE: ('UPDATE',), DELETE: ('DELETE',)},
}
_INSTANCE_PREFIXES = ('/api/v1/tenants', '/api/v1/instance/')
FORBIDDEN_TYPE = 'https://kestra.io/docs/api-reference/problems/forbidden'


def _line(state):
    return '2.0' if state.is_v2 else '1.x'


def kind_of(method, path):
    """READ, CREATE, UPDATE or DELETE for a request."""
    if method in ('GET', 'HEAD', 'OPTIONS'):
        return READ
    if method == 'DELETE':
        return DELETE
    if method in ('PUT', 'PATCH'):
        return UPDATE
    if any(path.endswith(suffix) for suffix in _READ_POST_SUFFIXES):
        return READ
    return CREATE


def actions_for(state, kind):
    """The role actions that allow a kind of request on this API line."""
    return _ACTIONS[_line(state)][kind]


def _flow_namespace(text):
    """The namespace of a flow source (POST /flows), or None."""
    try:
        import yaml
        model = yaml.safe_load(text)
    except Exception:  # pylint: disable=broad-except
        return None
    namespace = model.get('namespace') if isinstance(model, dict) else None
    return namespace if isinstance(namespace, str) else None


async def target(request, tenant_state):
    """(RESOURCE, namespace or None) of a tenant-scoped request, or None when the route is not mapped."""
    state = request.app['state']
    info = request.match_info
    parts = request.path.strip('/').split('/')
    # /api/v1/{tenant}/<segment>/...
    if len(parts) < 4:
        return None
    segment = parts[3]
    resource = _SEGMENT_RESOURCE.get(segment)
    if isinstance(resource, dict):
        resource = resource[_line(state)]
    if resource is None:
        return None
    namespace = info.get('namespace')
    if segment == 'namespaces':
        namespace = info.get('namespace') or info.get('id')
        if len(parts) >= 6:
            resource = _NAMESPACE_SUB_RESOURCE.get(parts[5], 'NAMESPACE')
    if namespace is None and segment in ('executions', 'logs', 'outputs'):
        execution_id = info.get('executionId')
        execution = (tenant_state.executions.get(execution_id) if tenant_state is not None and execution_id
                     else None)
        if execution is not None:
            namespace = execution.get('namespace')
    if namespace is None and segment == 'flows' and request.method in ('POST', 'PUT') and len(parts) == 4:
        namespace = _flow_namespace(await request.text())
    if namespace is None:
        namespace = request.query.get('namespace') or None
    return resource, namespace


def _covers(binding_namespace, namespace):
    """Whether a binding on binding_namespace (None: tenant-wide) covers the namespace (None: any)."""
    if binding_namespace is None or namespace is None:
        return True
    return namespace == binding_namespace or namespace.startswith(binding_namespace + '.')


def _groups_of(tenant_state, subject_id):
    try:
        from .groups import groups_of
    except ImportError:  # pragma: no cover - groups.py not there yet
        return set()
    return groups_of(tenant_state, subject_id)


def allowed(tenant_state, subject_id, resource, actions, namespace):
    """Whether a binding of the subject (itself or one of its groups) gives one of the actions on resource."""
    if tenant_state is None:
        return False
    groups = _groups_of(tenant_state, subject_id)
    roles = getattr(tenant_state, 'roles', {}) or {}
    for binding in (getattr(tenant_state, 'bindings', {}) or {}).values():
        kind, external = binding.get('type'), binding.get('externalId')
        if not ((kind == 'USER' and external == subject_id) or (kind == 'GROUP' and external in groups)):
            continue
        if not _covers(binding.get('namespaceId'), namespace):
            continue
        role = roles.get(binding.get('roleId'))
        if role is None:
            continue
        granted = (role.get('permissions') or {}).get(resource) or ()
        if any(action in granted for action in actions):
            return True
    return False


def forbidden(request, detail):
    """The 403 answer: 2.0 a problem document (application/problem+json), 1.x Micronaut's JSON error."""
    if request.app['state'].is_v2:
        body = {'type': FORBIDDEN_TYPE, 'title': 'Access denied', 'status': 403, 'detail': detail,
                'instance': request.path}
        return web.json_response(body, status=403, content_type='application/problem+json')
    return web.json_response(errors.json_error_body(request, 'Forbidden: %s' % detail), status=403)


def _subject(identity):
    return '%s %s' % ('service account' if identity.get('type') == 'SERVICE_ACCOUNT' else 'user', identity['id'])


@web.middleware
async def permissions(request, handler):
    state = request.app['state']
    identity = request.get('identity')
    if not state.is_ee or identity is None or identity.get('type') == 'ROOT' or identity.get('superAdmin'):
        return await handler(request)
    path = request.path
    if not path.startswith('/api/v1/'):
        return await handler(request)
    if any(path == prefix.rstrip('/') or path.startswith(prefix) for prefix in _INSTANCE_PREFIXES):
        return forbidden(request, '%s is not a superadmin: %s %s needs superadmin access' % (
            _subject(identity), request.method, path))
    tenant_id = request.match_info.get('tenant')
    if tenant_id is None:
        return await handler(request)
    tenant_state = state.tenants.get(tenant_id)
    mapped = await target(request, tenant_state)
    if mapped is None:
        return await handler(request)
    resource, namespace = mapped
    kind = kind_of(request.method, path)
    actions = actions_for(state, kind)
    if allowed(tenant_state, identity['id'], resource, actions, namespace):
        return await handler(request)
    where = "namespace '%s'" % namespace if namespace else 'any namespace'
    message = "%s has no %s permission on %s in tenant '%s' (a role bound to it or to one of its groups must allow %s:%s)"
    return forbidden(request, message % (_subject(identity), resource, where, tenant_id, resource, '|'.join(actions)))
