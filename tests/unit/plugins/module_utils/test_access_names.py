"""Resolving access names to ids: keys per kind, exact matching, ambiguity, paging, the 1.x/2.0 query styles.

The fake client stands for the HTTP layer only (answers as docs/dev/kestra-api/access-groups-roles.md
documents them); the integration targets of kestra_group and kestra_role run against the emulator.
"""

import pytest

from ansible_collections.kestra_io.kestra.plugins.module_utils import _access_names as names
from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraError, KestraInputError


class Response(object):
    def __init__(self, status, body=None):
        self.status_code = status
        self._body = body
        self.text = '' if body is None else str(body)
        self.headers = {'Content-Type': 'application/json'}

    def json(self):
        if isinstance(self._body, Exception):
            raise self._body
        return self._body


class FakeClient(object):
    """Serves one paged listing of records; logs (method, path, params)."""

    def __init__(self, records=(), is_v2=True, edition='EE', status=200):
        self.records = list(records)
        self._is_v2 = is_v2
        self.edition = edition
        self.status = status
        self.sent = []
        self.probed = False

    @property
    def is_v2(self):
        self.probed = True
        return self._is_v2

    def api_path(self, *segments):
        return '/api/v1/main/' + '/'.join(segments)

    def request(self, method, path, params=None, allow=(), context=None, **kwargs):
        self.sent.append((method, path, list(params or ())))
        if path == '/api/v1/configs':
            return Response(200, {'edition': self.edition})
        if self.status != 200:
            return Response(self.status, {'message': 'Not Found'})
        query = dict(params or ())
        page, size = query['page'], query['size']
        chunk = self.records[(page - 1) * size:page * size]
        return Response(200, {'results': chunk, 'total': len(self.records)})


def test_keys_per_kind():
    assert names.record_key('user', {'id': 'u1', 'username': 'a@example.com'}) == 'a@example.com'
    assert names.record_key('user', {'id': 'u1', 'email': 'b@example.com', 'username': 'x'}) == 'b@example.com'
    assert names.record_key('group', {'id': 'g1', 'name': 'devs'}) == 'devs'
    assert names.record_key('role', {'id': 'r1', 'name': 'Viewer'}) == 'Viewer'
    assert names.record_key('service_account', {'id': 's1', 'name': 'ci-bot'}) == 'ci-bot'
    assert names.record_key('service_account', {'id': 's1', 'username': 'ci-bot'}) == 'ci-bot'
    assert names.record_key('group', {'id': 'g1'}) is None
    assert names.record_key('group', 'not a record') is None


def test_unknown_kind_is_an_input_error():
    with pytest.raises(KestraInputError, match='unknown access kind'):
        names.record_key('team', {})


def test_listing_paths():
    client = FakeClient()
    assert names.listing_path(client, 'user') == '/api/v1/users'
    assert names.listing_path(client, 'user', tenant_scoped=False) == '/api/v1/users'
    assert names.listing_path(client, 'group') == '/api/v1/main/groups/search'
    assert names.listing_path(client, 'role') == '/api/v1/main/roles/search'
    assert names.listing_path(client, 'service_account') == '/api/v1/main/service-accounts'
    assert names.listing_path(client, 'service_account', tenant_scoped=False) == '/api/v1/service-accounts'


@pytest.mark.parametrize('kind, is_v2, expected', [
    ('group', True, [('filters[q][EQUALS]', 'dev')]),
    ('group', False, [('q', 'dev')]),
    ('role', False, [('q', 'dev')]),
    ('user', False, [('filters[q][EQUALS]', 'dev')]),
    ('service_account', True, [('filters[q][EQUALS]', 'dev')]),
    ('group', True, []),
])
def test_query_styles(kind, is_v2, expected):
    assert names.query_params(kind, 'dev' if expected else None, is_v2) == expected


def test_match_exact_and_user_email_without_case():
    records = [{'id': 'g1', 'name': 'devs'}, {'id': 'g2', 'name': 'Devs'}, {'id': 'g3', 'name': 'ops'}]
    assert names.match_names('group', records, ['devs', 'ops']) == {'devs': 'g1', 'ops': 'g3'}
    users = [{'id': 'u1', 'username': 'Ann@Example.com'}]
    assert names.match_names('user', users, ['ann@example.com']) == {'ann@example.com': 'u1'}


def test_missing_and_ambiguous_names_are_all_reported():
    records = [{'id': 'r2', 'name': 'viewer'}, {'id': 'r1', 'name': 'viewer'}, {'id': 'r3', 'name': 'admin'}]
    with pytest.raises(KestraError) as info:
        names.match_names('role', records, ['viewer', 'nobody', 'admin'])
    message = str(info.value)
    assert "no role named 'nobody'" in message
    assert "role name 'viewer' is ambiguous: 2 roles have it (ids r1, r2)" in message
    assert info.value.result == {'missing': ['nobody'], 'ambiguous': {'viewer': ['r1', 'r2']}}


def test_service_account_label():
    with pytest.raises(KestraError, match="no service account named 'ci'") as info:
        names.match_names('service_account', [], ['ci'])
    assert info.value.result == {'missing': ['ci']}


@pytest.mark.parametrize('results, total, fetched, size, expected', [
    ([], 5, 0, 2, False),
    ([1], 5, 1, 2, False),
    ([1, 2], 5, 2, 2, True),
    ([1, 2], 4, 4, 2, False),
    ([1, 2], None, 2, 2, True),
])
def test_next_page(results, total, fetched, size, expected):
    assert names.next_page(results, total, fetched, size) is expected


def test_list_all_reads_every_page_without_a_version_probe(monkeypatch):
    monkeypatch.setattr(names, 'PAGE_SIZE', 2)
    records = [{'id': 'g%d' % i, 'name': 'group-%d' % i} for i in range(5)]
    client = FakeClient(records)
    assert names.list_all(client, 'group') == records
    assert [sent[2][0] for sent in client.sent] == [('page', 1), ('page', 2), ('page', 3)]
    assert not client.probed


def test_list_all_with_query_uses_the_line_style():
    client = FakeClient([], is_v2=False)
    names.list_all(client, 'role', query='ops')
    assert client.sent[0][2][-1] == ('q', 'ops')
    client = FakeClient([], is_v2=True)
    names.list_all(client, 'role', query='ops')
    assert client.sent[0][2][-1] == ('filters[q][EQUALS]', 'ops')


def test_resolve_ids_sends_nothing_for_no_names():
    client = FakeClient()
    assert names.resolve_ids(client, 'group', []) == {}
    assert client.sent == []


def test_resolve_ids_one_listing():
    client = FakeClient([{'id': 'u1', 'username': 'a@example.com'}, {'id': 'u2', 'username': 'b@example.com'}])
    assert names.resolve_ids(client, 'user', ['b@example.com', 'a@example.com']) == {
        'a@example.com': 'u1', 'b@example.com': 'u2'}
    assert len(client.sent) == 1 and client.sent[0][1] == '/api/v1/users'


@pytest.mark.parametrize('edition, expected', [('OSS', 'needs Kestra Enterprise Edition'), (None, 'needs Kestra'),
                                               ('EE', 'groups: GET /api/v1/main/groups/search answered HTTP 404')])
def test_listing_404(edition, expected):
    client = FakeClient(status=404, edition=edition)
    with pytest.raises(KestraError, match=expected) as info:
        names.list_all(client, 'group')
    assert info.value.status == 404
    if edition == 'EE':
        assert 'Enterprise' not in str(info.value)


def test_names_by_id():
    assert names.names_by_id('group', [{'id': 'g1', 'name': 'devs'}, {'name': 'x'}]) == {'g1': 'devs'}
