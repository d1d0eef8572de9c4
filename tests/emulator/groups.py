"""EE groups and their members (docs/dev/kestra-api/access-groups-roles.md).

Records, per tenant (TenantState):
  groups        {group_id: {'id', 'name', 'description', 'securityIntegrationName'}}
  group_members {group_id: set(subject_id)}   a subject is a user (EmulatorState.users) or a
                                              service account (EmulatorState.service_accounts)
  group_owners  {group_id: set(subject_id)}   members whose membership type is OWNER

Group names are unique in a tenant (create and rename answer 409). The control route
POST /_emulator/tenants/{tenant}/groups stores a group without that check, as a group synced from
an identity provider may be, so that clients can be tested against two groups of one name.

Exports for the other access resources: groups_of(tenant_state, subject_id) and
set_groups_of(tenant_state, subject_id, group_ids) (PUT /api/v1/{tenant}/users/{id}/groups).
"""

from aiohttp import web

from . import errors, util
from .edition import oss_answer

routes = web.RouteTableDef()
MAX_PAGE_SIZE = 1000
MEMBERSHIPS = ('OWNER', 'MEMBER')


def _state(request):
    return request.app['state']


def _tenant(request):
    return _state(request).tenant(request.match_info['tenant'])


def groups_of(tenant_state, subject_id):
    """The ids of the groups of the tenant that the user or service account belongs to."""
    return set(gid for gid, members in tenant_state.group_members.items() if subject_id in members)


def set_groups_of(tenant_state, subject_id, group_ids):
    """Make the subject a member of exactly these groups of the tenant (unknown ids raise 404)."""
    wanted = set(group_ids or ())
    unknown = sorted(wanted - set(tenant_state.groups))
    if unknown:
        raise errors.not_found('Group not found: %s' % ', '.join(unknown))
    for gid in tenant_state.groups:
        members = tenant_state.group_members.setdefault(gid, set())
        if gid in wanted:
            members.add(subject_id)
        else:
            members.discard(subject_id)
            tenant_state.group_owners.get(gid, set()).discard(subject_id)


def forget_subject(tenant_state, subject_id):
    """Remove a deleted user or service account from every group of the tenant."""
    set_groups_of(tenant_state, subject_id, ())


def _subject(state, subject_id):
    """(record, kind) of a user or a service account, or (None, None)."""
    user = (getattr(state, 'users', None) or {}).get(subject_id)
    if user is not None:
        return user, 'USER'
    account = (getattr(state, 'service_accounts', None) or {}).get(subject_id)
    if account is not None:
        return account, 'SERVICE_ACCOUNT'
    return None, None


def detail(record):
    """IAMGroupController.ApiGroupDetail."""
    return {'id': record['id'], 'name': record['name'], 'description': record.get('description')}


def summary(record):
    """ApiGroupSummary."""
    return {'id': record['id'], 'name': record['name'], 'description': record.get('description'),
            'securityIntegrationName': record.get('securityIntegrationName')}


def member(request, subject_id):
    """IAMGroupController.ApiGroupMember: id, username, displayName, groups [{id, name, membership}]."""
    state, tenant = _state(request), _tenant(request)
    record, kind = _subject(state, subject_id)
    record = record or {}
    if kind == 'SERVICE_ACCOUNT':
        username = record.get('name')
        display = record.get('name')
    else:
        username = record.get('username') or record.get('email')
        display = ' '.join(p for p in (record.get('firstName'), record.get('lastName')) if p) or username
    groups = []
    for gid in sorted(groups_of(tenant, subject_id)):
        groups.append({'id': gid, 'name': tenant.groups[gid]['name'],
                       'membership': 'OWNER' if subject_id in tenant.group_owners.get(gid, ()) else 'MEMBER'})
    return {'id': subject_id, 'username': username, 'displayName': display, 'groups': groups}


def _name_and_description(body, prefix):
    name = body.get('name')
    violations = []
    if not isinstance(name, str) or not name:
        violations.append(('%s.name' % prefix, 'must not be blank'))
    description = body.get('description')
    if description is not None and not isinstance(description, str):
        violations.append(('%s.description' % prefix, 'must be a string'))
    if violations:
        raise errors.constraint_violation(violations)
    return name, description


def _check_unique(tenant, name, own_id=None):
    for record in tenant.groups.values():
        if record['name'] == name and record['id'] != own_id:
            raise errors.KestraHttpError(409, "Conflict: a group named '%s' already exists" % name)


def _group(request):
    record = _tenant(request).groups.get(request.match_info['id'])
    if record is None:
        raise errors.not_found('Group not found')
    return record


def _matches_query(request, text_of):
    """The text filter: 2.0 filters[q][EQUALS]=..., 1.x q=... (both read here; 'contains', no case)."""
    wanted = util.query_words(request)

    def test(record):
        text = (text_of(record) or '').lower()
        return all(w in text for w in wanted)
    return test


def _sorted(request, records, fields):
    sort = request.query.getall('sort', [])
    for item in reversed(sort):
        if item.count(':') != 1:
            raise errors.KestraHttpError(422, 'Invalid sort parameter')
        field, order = item.split(':')
        if field in fields:
            records = sorted(records, key=lambda r: str(r.get(field) or ''), reverse=order.lower() == 'desc')
    return records


def _paged(request, items):
    page, size = util.page_params(request, max_size=MAX_PAGE_SIZE)
    return util.json_response(util.paged(items, page, size))


@routes.post('/api/v1/{tenant}/groups')
async def create_group(request):
    """ApiCreateGroupRequest {name, description, membersId?} -> ApiGroupDetail."""
    oss_answer(request)
    body = await util.json_object(request)
    name, description = _name_and_description(body, 'group')
    tenant = _tenant(request)
    _check_unique(tenant, name)
    members = body.get('membersId') or []
    if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
        raise errors.constraint_violation([('group.membersId', 'must be a list of user ids')])
    for subject_id in members:
        if _subject(_state(request), subject_id)[0] is None:
            raise errors.not_found('User not found: %s' % subject_id)
    gid = util.new_id()
    tenant.groups[gid] = {'id': gid, 'name': name, 'description': description, 'securityIntegrationName': None}
    tenant.group_members[gid] = set(members)
    tenant.group_owners[gid] = set()
    return util.json_response(detail(tenant.groups[gid]))


@routes.get('/api/v1/{tenant}/groups/search')
async def search_groups(request):
    oss_answer(request)
    test = _matches_query(request, lambda r: r['name'])
    records = [r for r in _tenant(request).groups.values() if test(r)]
    records = _sorted(request, sorted(records, key=lambda r: (r['name'], r['id'])), ('name', 'id'))
    return _paged(request, [summary(r) for r in records])


@routes.post('/api/v1/{tenant}/groups/autocomplete')
async def autocomplete_groups(request):
    oss_answer(request)
    body = await util.json_object(request)
    records = util.autocompleted(_tenant(request).groups.values(), body)
    return util.json_response([summary(r) for r in records])


@routes.post('/api/v1/{tenant}/groups/ids')
async def groups_by_ids(request):
    oss_answer(request)
    body = await util.json_object(request)
    ids = body.get('ids') or []
    groups = _tenant(request).groups
    return util.json_response([summary(groups[i]) for i in ids if i in groups])


@routes.get('/api/v1/{tenant}/groups/{id}')
async def get_group(request):
    oss_answer(request)
    return util.json_response(detail(_group(request)))


@routes.put('/api/v1/{tenant}/groups/{id}')
async def update_group(request):
    """ApiUpdateGroupRequest {name, description}: both replaced."""
    oss_answer(request)
    record = _group(request)
    body = await util.json_object(request)
    name, description = _name_and_description(body, 'group')
    _check_unique(_tenant(request), name, record['id'])
    record['name'] = name
    record['description'] = description
    return util.json_response(detail(record))


@routes.delete('/api/v1/{tenant}/groups/{id}')
async def delete_group(request):
    oss_answer(request)
    record = _group(request)
    tenant = _tenant(request)
    del tenant.groups[record['id']]
    tenant.group_members.pop(record['id'], None)
    tenant.group_owners.pop(record['id'], None)
    return web.Response(status=200)


@routes.get('/api/v1/{tenant}/groups/{id}/members')
async def search_members(request):
    oss_answer(request)
    record = _group(request)
    members = [member(request, sid) for sid in _tenant(request).group_members.get(record['id'], ())]
    test = _matches_query(request, lambda m: '%s %s' % (m.get('username') or '', m.get('displayName') or ''))
    members = sorted((m for m in members if test(m)), key=lambda m: (str(m.get('username')), m['id']))
    return _paged(request, members)


@routes.put('/api/v1/{tenant}/groups/{id}/members/membership/{userId}')
async def set_membership(request):
    oss_answer(request)
    record = _group(request)
    subject_id = request.match_info['userId']
    membership = request.query.get('membership')
    if membership not in MEMBERSHIPS:
        raise errors.KestraHttpError(400, 'Failed to convert argument [membership] for value [%s]' % membership)
    tenant = _tenant(request)
    if _subject(_state(request), subject_id)[0] is None:
        raise errors.not_found('User not found')
    if subject_id not in tenant.group_members.get(record['id'], ()):
        raise errors.KestraHttpError(409, 'Conflict: the user is not a member of the group')
    owners = tenant.group_owners.setdefault(record['id'], set())
    if membership == 'OWNER':
        owners.add(subject_id)
    else:
        owners.discard(subject_id)
    return util.json_response(member(request, subject_id))


@routes.put('/api/v1/{tenant}/groups/{id}/members/{userId}')
async def add_member(request):
    oss_answer(request)
    record = _group(request)
    subject_id = request.match_info['userId']
    if _subject(_state(request), subject_id)[0] is None:
        raise errors.not_found('User not found')
    members = _tenant(request).group_members.setdefault(record['id'], set())
    if subject_id in members:
        raise errors.KestraHttpError(409, 'Conflict: the user is already a member of the group')
    members.add(subject_id)
    return util.json_response(member(request, subject_id))


@routes.delete('/api/v1/{tenant}/groups/{id}/members/{userId}')
async def remove_member(request):
    oss_answer(request)
    record = _group(request)
    subject_id = request.match_info['userId']
    tenant = _tenant(request)
    if _subject(_state(request), subject_id)[0] is None:
        raise errors.not_found('User not found')
    members = tenant.group_members.setdefault(record['id'], set())
    if subject_id not in members:
        raise errors.KestraHttpError(409, 'Conflict: the user is not a member of the group')
    answer = member(request, subject_id)
    members.discard(subject_id)
    tenant.group_owners.get(record['id'], set()).discard(subject_id)
    return util.json_response(answer)


@routes.post('/_emulator/tenants/{tenant}/groups')
async def seed_group(request):
    """Test-only: store a group as an identity provider sync would, without the unique-name check."""
    body = await util.json_object(request)
    name, description = _name_and_description(body, 'group')
    tenant = _tenant(request)
    gid = body.get('id') or util.new_id()
    tenant.groups[gid] = {'id': gid, 'name': name, 'description': description,
                          'securityIntegrationName': body.get('securityIntegrationName')}
    tenant.group_members[gid] = set(body.get('membersId') or ())
    tenant.group_owners[gid] = set()
    return util.json_response(detail(tenant.groups[gid]))


def setup(app):
    app.add_routes(routes)
