"""EE groups (with members) and roles (with permissions) over HTTP (docs/dev/kestra-api/access-groups-roles.md)."""

import pytest

from tests.emulator.tests.conftest import _get


def api(emulator, *parts):
    return '%s/api/v1/main/%s' % (emulator.url, '/'.join(parts))


def new_user(http, emulator, email):
    response = http.post(emulator.url + '/api/v1/users', json={'email': email, 'firstName': 'Ann', 'lastName': 'Lee'})
    assert response.status_code in (200, 201), response.text
    return response.json()['id']


def new_group(http, emulator, name, **fields):
    response = http.post(api(emulator, 'groups'), json=dict({'name': name}, **fields))
    assert response.status_code == 200, response.text
    return response.json()


def permissions_for(emulator):
    return {'FLOW': ['VIEW', 'LIST']} if emulator.profile == '2.0' else {'FLOW': ['READ']}


def new_role(http, emulator, name, **fields):
    body = dict({'name': name, 'permissions': permissions_for(emulator)}, **fields)
    response = http.post(api(emulator, 'roles'), json=body)
    assert response.status_code == 200, response.text
    return response.json()


# ---- OSS ------------------------------------------------------------------------------------

@pytest.mark.parametrize('method, path', [
    ('post', 'groups'), ('get', 'groups/search'), ('get', 'groups/g1'), ('put', 'groups/g1/members/u1'),
    ('get', 'groups/g1/members'), ('post', 'roles'), ('get', 'roles/search'), ('delete', 'roles/r1'),
])
def test_oss_has_no_group_or_role_routes(emulator, http, method, path):
    response = getattr(http, method)(api(emulator, path), json={'name': 'x', 'permissions': {}})
    assert response.status_code == 404


# ---- groups ---------------------------------------------------------------------------------

def test_group_crud(ee_emulator, http):
    created = new_group(http, ee_emulator, 'devs', description='the developers')
    assert set(created) == {'id', 'name', 'description'} and created['name'] == 'devs'
    gid = created['id']
    assert http.get(api(ee_emulator, 'groups', gid)).json() == created
    updated = http.put(api(ee_emulator, 'groups', gid), json={'name': 'devs', 'description': 'changed'})
    assert updated.status_code == 200 and updated.json()['description'] == 'changed'
    # the update replaces the description: left out, it is gone
    cleared = http.put(api(ee_emulator, 'groups', gid), json={'name': 'devs'}).json()
    assert 'description' not in cleared
    assert http.delete(api(ee_emulator, 'groups', gid)).status_code == 200
    assert http.get(api(ee_emulator, 'groups', gid)).status_code == 404
    assert http.delete(api(ee_emulator, 'groups', gid)).status_code == 404


def test_group_names_are_unique(ee_emulator, http):
    first = new_group(http, ee_emulator, 'devs')
    other = new_group(http, ee_emulator, 'ops')
    assert http.post(api(ee_emulator, 'groups'), json={'name': 'devs'}).status_code == 409
    assert http.put(api(ee_emulator, 'groups', other['id']), json={'name': 'devs'}).status_code == 409
    assert http.put(api(ee_emulator, 'groups', first['id']), json={'name': 'devs'}).status_code == 200
    blank = http.post(api(ee_emulator, 'groups'), json={'name': ''})
    assert blank.status_code == 422 and 'group.name' in blank.json()['message']


def test_group_search_pages_and_query_styles(ee_emulator, http):
    for name in ('alpha', 'beta', 'gamma'):
        new_group(http, ee_emulator, name)
    page = http.get(api(ee_emulator, 'groups/search'), params={'page': 2, 'size': 2}).json()
    assert page['total'] == 3 and [g['name'] for g in page['results']] == ['gamma']
    for params in ({'q': 'ET'}, {'filters[q][EQUALS]': 'et'}):
        found = http.get(api(ee_emulator, 'groups/search'), params=params).json()
        assert [g['name'] for g in found['results']] == ['beta']
    ordered = http.get(api(ee_emulator, 'groups/search'), params={'sort': 'name:desc'}).json()
    assert [g['name'] for g in ordered['results']] == ['gamma', 'beta', 'alpha']


def test_members_add_list_remove(ee_emulator, http):
    gid = new_group(http, ee_emulator, 'devs')['id']
    ann = new_user(http, ee_emulator, 'ann@example.com')
    bob = new_user(http, ee_emulator, 'bob@example.com')
    added = http.put(api(ee_emulator, 'groups', gid, 'members', ann))
    assert added.status_code == 200 and added.json()['id'] == ann and added.json()['username'] == 'ann@example.com'
    assert http.put(api(ee_emulator, 'groups', gid, 'members', ann)).status_code == 409
    http.put(api(ee_emulator, 'groups', gid, 'members', bob))
    members = http.get(api(ee_emulator, 'groups', gid, 'members'), params={'size': 1}).json()
    assert members['total'] == 2 and [m['username'] for m in members['results']] == ['ann@example.com']
    removed = http.delete(api(ee_emulator, 'groups', gid, 'members', ann))
    assert removed.status_code == 200 and removed.json()['id'] == ann
    assert http.delete(api(ee_emulator, 'groups', gid, 'members', ann)).status_code == 409
    assert http.put(api(ee_emulator, 'groups', gid, 'members', 'nobody')).status_code == 404
    assert http.put(api(ee_emulator, 'groups', 'nogroup', 'members', bob)).status_code == 404
    left = http.get(api(ee_emulator, 'groups', gid, 'members')).json()
    assert [m['id'] for m in left['results']] == [bob]


def test_membership_type(ee_emulator, http):
    gid = new_group(http, ee_emulator, 'devs')['id']
    ann = new_user(http, ee_emulator, 'ann@example.com')
    url = api(ee_emulator, 'groups', gid, 'members/membership', ann)
    assert http.put(url, params={'membership': 'OWNER'}).status_code == 409
    http.put(api(ee_emulator, 'groups', gid, 'members', ann))
    answer = http.put(url, params={'membership': 'OWNER'}).json()
    assert answer['groups'] == [{'id': gid, 'name': 'devs', 'membership': 'OWNER'}]
    assert http.put(url, params={'membership': 'BOSS'}).status_code == 400


def test_groups_of_and_set_groups_of():
    from tests.emulator.groups import groups_of, set_groups_of
    from tests.emulator.state import TenantState
    from tests.emulator import errors
    tenant = TenantState('main')
    tenant.groups = {'g1': {'id': 'g1', 'name': 'a'}, 'g2': {'id': 'g2', 'name': 'b'}}
    set_groups_of(tenant, 'u1', ['g1', 'g2'])
    assert groups_of(tenant, 'u1') == {'g1', 'g2'}
    set_groups_of(tenant, 'u1', ['g2'])
    assert groups_of(tenant, 'u1') == {'g2'} and groups_of(tenant, 'u2') == set()
    with pytest.raises(errors.KestraHttpError):
        set_groups_of(tenant, 'u1', ['g3'])


def test_seeded_groups_may_share_a_name(ee_emulator, http):
    new_group(http, ee_emulator, 'devs')
    seeded = http.post(ee_emulator.url + '/_emulator/tenants/main/groups', json={'name': 'devs', 'id': 'sso-devs'})
    assert seeded.status_code == 200
    found = http.get(api(ee_emulator, 'groups/search')).json()
    assert [g['name'] for g in found['results']] == ['devs', 'devs']


# ---- roles ----------------------------------------------------------------------------------

def test_role_crud_and_summary(ee_emulator, http):
    created = new_role(http, ee_emulator, 'viewer', description='reads flows')
    assert created['permissions'] == permissions_for(ee_emulator)
    assert created['isDefault'] is False and created['isManaged'] is False
    rid = created['id']
    assert http.get(api(ee_emulator, 'roles', rid)).json() == created
    summary = http.get(api(ee_emulator, 'roles/search')).json()['results'][0]
    assert 'permissions' not in summary and 'description' not in summary
    assert ('permissionCount' in summary) is (ee_emulator.profile == '2.0')
    new_perms = {'FLOW': ['VIEW'], 'EXECUTION': ['VIEW', 'VIEW']} if ee_emulator.profile == '2.0' else \
        {'FLOW': ['READ'], 'EXECUTION': ['READ', 'READ']}
    updated = http.put(api(ee_emulator, 'roles', rid), json={'name': 'viewer', 'permissions': new_perms}).json()
    assert updated['permissions']['EXECUTION'] == new_perms['EXECUTION'][:1]
    assert 'description' not in updated
    assert http.delete(api(ee_emulator, 'roles', rid)).status_code == 204
    assert http.get(api(ee_emulator, 'roles', rid)).status_code == 404


def test_role_names_may_repeat_and_one_default(ee_emulator, http):
    first = new_role(http, ee_emulator, 'viewer', isDefault=True)
    second = new_role(http, ee_emulator, 'viewer', isDefault=True)
    assert first['id'] != second['id']
    listed = http.get(api(ee_emulator, 'roles/search'), params={'q': 'view'}).json()['results']
    assert sorted(r['id'] for r in listed) == sorted([first['id'], second['id']])
    assert http.get(api(ee_emulator, 'roles', first['id'])).json()['isDefault'] is False
    assert http.get(api(ee_emulator, 'roles', second['id'])).json()['isDefault'] is True


def test_permissions_checked_per_line(_emulators, http):
    # 2.0: a 1.x resource name, or an unknown action, is refused with 422; a role needs a permission
    ee2 = _get(_emulators, '2.0', 'open', 'ee')
    for permissions in ({'SETTING': ['VIEW']}, {'FLOW': ['READ']}, {}):
        answer = http.post(api(ee2, 'roles'), json={'name': 'r', 'permissions': permissions})
        assert answer.status_code == 422, permissions
    answer = http.post(api(ee2, 'roles'), json={'name': 'r', 'permissions': {'TEST': ['VIEW']}})
    assert 'unknown or non-assignable permission types' in answer.json()['message']
    # 1.x: the enums of the body: 400
    ee1 = _get(_emulators, '1.x', 'open', 'ee')
    for permissions in ({'TRIGGER': ['READ']}, {'FLOW': ['VIEW']}):
        answer = http.post(api(ee1, 'roles'), json={'name': 'r', 'permissions': permissions})
        assert answer.status_code == 400, permissions
    assert http.post(api(ee1, 'roles'), json={'name': 'r', 'permissions': {}}).status_code == 200
    assert http.post(api(ee1, 'roles'), json={'name': 'r'}).status_code == 422
