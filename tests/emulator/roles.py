"""EE roles and their permissions (docs/dev/kestra-api/access-groups-roles.md).

Record per tenant (TenantState.roles):
  {role_id: {'id', 'name', 'description', 'permissions': {RESOURCE: [ACTION, ...]}, 'isDefault', 'isManaged'}}

Permissions are checked as each Kestra line does:
- 2.0: a resource outside the 2.0 Resource enum (for example a 1.x name such as SETTING or TEST) gives
  422 'Invalid entity: The role contains unknown or non-assignable permission types.'; a role needs at
  least one permission. Actions outside the 2.0 action names also give 422 (emulator choice, see the notes).
- 1.x: resources and actions are Java enums read from JSON: an unknown name gives 400 (the body cannot be read).
Role names are not unique (the API documents no conflict answer for roles). At most one role of a tenant
is the default one: saving a role with isDefault true clears the flag of the others.
"""

from aiohttp import web

from . import errors, util
from .edition import oss_answer

routes = web.RouteTableDef()
MAX_PAGE_SIZE = 1000

RESOURCES_V1 = (
    'FLOW', 'BLUEPRINT', 'TEMPLATE', 'NAMESPACE', 'EXECUTION', 'USER', 'GROUP', 'ROLE', 'BINDING', 'AUDITLOG',
    'SECRET', 'KVSTORE', 'IMPERSONATE', 'SETTING', 'APP', 'ASSET', 'APPEXECUTION', 'TEST', 'DASHBOARD',
    'TENANT_ACCESS', 'SERVICE_ACCOUNT', 'INVITATION', 'GROUP_MEMBERSHIP', 'CREDENTIAL', 'AI_COPILOT',
)
ACTIONS_V1 = ('CREATE', 'READ', 'UPDATE', 'DELETE')
RESOURCES_V2 = (
    'FLOW', 'EXECUTION', 'TRIGGER', 'NAMESPACE', 'KVSTORE', 'REUSABLE_INPUTS', 'DASHBOARD', 'SECRET', 'CREDENTIAL',
    'BLUEPRINT', 'APP', 'AUDITLOG', 'SYSTEM_SETTINGS', 'TENANT_SETTINGS', 'TESTSUITE', 'ASSET', 'USER', 'GROUP',
    'ROLE', 'BINDING', 'SERVICE_ACCOUNT', 'INVITATION', 'COPILOT', 'MCP_SERVER', 'SUPPORT', 'POLICY',
    'APP_EXECUTION', 'NAMESPACE_FILE', 'TESTSUITE_RUN', 'TENANT_ACCESS', 'SECURITY_INTEGRATION', 'KILL_SWITCH',
    'TENANT', 'VERSIONED_PLUGIN', 'WORKER_GROUP', 'WORKER_QUEUE', 'INSTANCE',
)
ACTIONS_V2 = (
    'VIEW', 'LIST', 'CREATE', 'UPDATE', 'DELETE', 'EXPORT', 'IMPORT', 'EXECUTE', 'DISABLE', 'ENABLE', 'VALIDATE',
    'FOLLOW', 'ACCESS_LOGS', 'ACCESS_OUTPUTS', 'ACCESS_FILES', 'MANAGE_FILES', 'RESTART', 'KILL', 'REPLAY',
    'PAUSE', 'RESUME', 'CHANGE_LABELS', 'UNQUEUE', 'FORCE_RUN', 'UNLOCK', 'BACKFILL', 'USE', 'MANAGE_MEMBERS',
    'MANAGE_GROUP_MEMBERSHIP', 'EXPORT_PLUGIN_DEFAULTS', 'IMPORT_PLUGIN_DEFAULTS',
)
UNKNOWN_TYPES = 'The role contains unknown or non-assignable permission types.'


def _state(request):
    return request.app['state']


def _tenant(request):
    return _state(request).tenant(request.match_info['tenant'])


def detail(record):
    """IAMRoleController.ApiRoleDetail."""
    return {'id': record['id'], 'name': record['name'], 'description': record.get('description'),
            'permissions': dict((k, list(v)) for k, v in record['permissions'].items()),
            'isDefault': bool(record.get('isDefault')), 'isManaged': bool(record.get('isManaged'))}


def summary(request, record):
    """ApiRoleSummary (2.0 adds permissionCount)."""
    body = {'id': record['id'], 'name': record['name'], 'isDefault': bool(record.get('isDefault')),
            'isManaged': bool(record.get('isManaged'))}
    if _state(request).is_v2:
        body['permissionCount'] = sum(len(v) for v in record['permissions'].values())
    return body


def check_permissions(is_v2, permissions):
    """The permissions as stored ({RESOURCE: [unique ACTIONs]}), or the error Kestra answers."""
    if permissions is None:
        raise errors.constraint_violation([('role.permissions', 'must not be null')])
    if not isinstance(permissions, dict) or not all(isinstance(v, list) for v in permissions.values()):
        raise errors.KestraHttpError(400, 'Invalid JSON: permissions must map each resource to a list of actions')
    resources, actions = (RESOURCES_V2, ACTIONS_V2) if is_v2 else (RESOURCES_V1, ACTIONS_V1)
    for resource, granted in permissions.items():
        if resource not in resources:
            if is_v2:
                raise errors.constraint_violation([(None, UNKNOWN_TYPES)])
            raise errors.KestraHttpError(
                400, 'Invalid JSON: Cannot deserialize Map key of type `Permission` from String "%s": not one of '
                     'the values accepted for Enum class: [%s]' % (resource, ', '.join(resources)))
        for action in granted:
            if action not in actions:
                if is_v2:
                    raise errors.constraint_violation([(None, 'The role contains unknown permission actions.')])
                raise errors.KestraHttpError(
                    400, 'Invalid JSON: Cannot deserialize value of type `Action` from String "%s": not one of the '
                         'values accepted for Enum class: [%s]' % (action, ', '.join(actions)))
    stored = {}
    for resource, granted in permissions.items():
        unique = []
        for action in granted:
            if action not in unique:
                unique.append(action)
        if unique:
            stored[resource] = unique
    if is_v2 and not stored:
        raise errors.constraint_violation([('role.permissions', 'a role needs at least one permission')])
    return stored


def _fields(request, body):
    name = body.get('name')
    violations = []
    if not isinstance(name, str) or not name:
        violations.append(('role.name', 'must not be blank'))
    description = body.get('description')
    if description is not None and not isinstance(description, str):
        violations.append(('role.description', 'must be a string'))
    is_default = body.get('isDefault', False)
    if not isinstance(is_default, bool):
        violations.append(('role.isDefault', 'must be a boolean'))
    if violations:
        raise errors.constraint_violation(violations)
    permissions = check_permissions(_state(request).is_v2, body.get('permissions'))
    return {'name': name, 'description': description, 'permissions': permissions, 'isDefault': is_default}


def _save(tenant, record):
    if record['isDefault']:
        for other in tenant.roles.values():
            if other['id'] != record['id']:
                other['isDefault'] = False
    tenant.roles[record['id']] = record


def _role(request):
    record = _tenant(request).roles.get(request.match_info['id'])
    if record is None:
        raise errors.not_found('Role not found')
    return record


def _matches_query(request):
    wanted = util.query_words(request)
    return lambda record: all(w in record['name'].lower() for w in wanted)


@routes.post('/api/v1/{tenant}/roles')
async def create_role(request):
    oss_answer(request)
    body = await util.json_object(request)
    fields = _fields(request, body)
    record = dict(fields, id=util.new_id(), isManaged=False)
    _save(_tenant(request), record)
    return util.json_response(detail(record))


@routes.get('/api/v1/{tenant}/roles/search')
async def search_roles(request):
    oss_answer(request)
    test = _matches_query(request)
    records = sorted((r for r in _tenant(request).roles.values() if test(r)), key=lambda r: (r['name'], r['id']))
    for item in reversed(request.query.getall('sort', [])):
        if item.count(':') != 1:
            raise errors.KestraHttpError(422, 'Invalid sort parameter')
        field, order = item.split(':')
        if field in ('name', 'id'):
            records = sorted(records, key=lambda r: r[field], reverse=order.lower() == 'desc')
    page, size = util.page_params(request, max_size=MAX_PAGE_SIZE)
    return util.json_response(util.paged([summary(request, r) for r in records], page, size))


@routes.post('/api/v1/{tenant}/roles/autocomplete')
async def autocomplete_roles(request):
    oss_answer(request)
    body = await util.json_object(request)
    records = util.autocompleted(_tenant(request).roles.values(), body)
    return util.json_response([summary(request, r) for r in records])


@routes.post('/api/v1/{tenant}/roles/ids')
async def roles_by_ids(request):
    """The Role model of each known id."""
    oss_answer(request)
    body = await util.json_object(request)
    roles = _tenant(request).roles
    return util.json_response([dict(detail(roles[i]), deleted=False) for i in body.get('ids') or [] if i in roles])


@routes.get('/api/v1/{tenant}/roles/{id}')
async def get_role(request):
    oss_answer(request)
    return util.json_response(detail(_role(request)))


@routes.put('/api/v1/{tenant}/roles/{id}')
async def update_role(request):
    """The whole role is replaced by the body (name, description, permissions, isDefault)."""
    oss_answer(request)
    record = _role(request)
    body = await util.json_object(request)
    fields = _fields(request, body)
    updated = dict(record)
    updated.update(fields)
    _save(_tenant(request), updated)
    return util.json_response(detail(updated))


@routes.delete('/api/v1/{tenant}/roles/{id}')
async def delete_role(request):
    oss_answer(request)
    record = _role(request)
    tenant = _tenant(request)
    del tenant.roles[record['id']]
    return web.Response(status=204)


def setup(app):
    app.add_routes(routes)
