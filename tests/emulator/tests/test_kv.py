"""The emulator's KV API, driven over HTTP in both profiles (docs/dev/kestra-api/kv.md, versions.md)."""

import json
import time
from decimal import Decimal

import pytest

TEXT = {'Content-Type': 'text/plain'}


def kv_url(emulator, namespace='company.team', key=None):
    url = '%s/api/v1/main/namespaces/%s/kv' % (emulator.url, namespace)
    return url + '/' + key if key is not None else url


def put(http, emulator, key, body, namespace='company.team', **headers):
    return http.put(kv_url(emulator, namespace, key), data=body.encode('utf-8'), headers=dict(TEXT, **headers))


def get_exact(http, emulator, key, namespace='company.team'):
    response = http.get(kv_url(emulator, namespace, key))
    assert response.status_code == 200, response.text
    return json.loads(response.text, parse_float=Decimal)


@pytest.mark.parametrize('body, kind, value', [
    ('"hello"', 'STRING', 'hello'),
    ('42', 'NUMBER', 42),
    ('1.0', 'NUMBER', Decimal('1.0')),
    ('12345678901234567890123456789', 'NUMBER', 12345678901234567890123456789),
    ('0.1000000000000000000000001', 'NUMBER', Decimal('0.1000000000000000000000001')),
    ('true', 'BOOLEAN', True),
    ('false', 'BOOLEAN', False),
    ('{"b": 2, "a": {"x": [1, 2.50]}}', 'JSON', {'a': {'x': [1, Decimal('2.50')]}, 'b': 2}),
    ('[1, "two", null]', 'JSON', [1, 'two', None]),
    ('{"a": null}', 'JSON', {'a': None}),
    # Ion structs and lists: bare and quoted symbols, timestamps, comments; stored as JSON
    ('{hello:"world"}', 'JSON', {'hello': 'world'}),
    ("{'two words': sym, n: [1.50, 2021-09-01, 2021-09-01T01:02:03Z]}", 'JSON',
     {'two words': 'sym', 'n': [Decimal('1.50'), '2021-09-01', '2021-09-01T01:02:03Z']}),
    ('[a, /* note */ true]', 'JSON', ['a', True]),
    ('{a: 1,}', 'STRING', '{a: 1,}'),
    ('2021-09-01', 'DATE', '2021-09-01'),
    ('2021-09-01T01:02:03Z', 'DATETIME', '2021-09-01T01:02:03Z'),
    ('2021-09-01T01:02:03.250+02:00', 'DATETIME', '2021-08-31T23:02:03.250Z'),
    ('"PT5S"', 'DURATION', 'PT5S'),
    ('PT5M', 'DURATION', 'PT5M'),
    ('"P2DT90M"', 'DURATION', 'PT49H30M'),
    ('"2024-01-01"', 'STRING', '2024-01-01'),
    ('"42"', 'STRING', '42'),
    ('"true"', 'STRING', 'true'),
    ('"{\\"a\\": 1}"', 'STRING', '{"a": 1}'),
    ('"PT0.5S"', 'STRING', 'PT0.5S'),
    ('hello', 'STRING', 'hello'),
    ('{oops', 'STRING', '{oops'),
    ('2024-01-01T10:00', 'STRING', '2024-01-01T10:00'),
])
def test_put_then_get_returns_the_type_kestra_derives(emulator, http, body, kind, value):
    response = put(http, emulator, 'k1', body)
    assert response.status_code == 200
    assert response.text == ''
    detail = get_exact(http, emulator, 'k1')
    assert detail['type'] == kind
    assert detail['value'] == value
    assert type(detail['value']) is type(value)
    assert detail['revision'] == 1
    assert detail['updated'].endswith('Z')


def test_null_body_is_a_string_without_value(emulator, http):
    put(http, emulator, 'k1', 'null')
    assert get_exact(http, emulator, 'k1') == {'type': 'STRING', 'revision': 1,
                                               'updated': get_exact(http, emulator, 'k1')['updated']}


def test_trailing_content_differs_between_profiles(emulator, http):
    put(http, emulator, 'k1', 'hello world')
    expected = 'hello world' if emulator.profile == '2.0' else 'hello'
    assert get_exact(http, emulator, 'k1')['value'] == expected


def test_only_text_plain_bodies_are_accepted(emulator, http):
    response = http.put(kv_url(emulator, key='k1'), json='x')
    assert response.status_code == 415
    assert 'text/plain' in response.json()['message']
    response = http.put(kv_url(emulator, key='k1'), data=b'"no content type"')
    assert response.status_code == 200


def test_missing_key_is_a_404_with_kestra_message(emulator, http):
    response = http.get(kv_url(emulator, key='nope'))
    assert response.status_code == 404
    body = response.json()
    assert body['message'] == "Not Found: No value found for key 'nope' in namespace 'company.team'"
    assert body['_links']['self']['href'].endswith('/kv/nope')


@pytest.mark.parametrize('method', ['GET', 'PUT', 'DELETE'])
@pytest.mark.parametrize('key', ['_starts-badly', 'has space', 'sl%2Fash', 'caf%C3%A9'])
def test_illegal_keys_are_rejected_with_422(emulator, http, method, key):
    response = http.request(method, kv_url(emulator, key=key), data=b'1', headers=TEXT)
    assert response.status_code == 422
    assert response.json()['message'].startswith('Illegal argument: Key must start with an alphanumeric')


def test_description_header_and_revision_in_listings(emulator, http):
    put(http, emulator, 'k1', '1', description='first')
    put(http, emulator, 'k1', '2', description='second')
    assert get_exact(http, emulator, 'k1')['revision'] == 2
    response = http.get(emulator.url + '/api/v1/main/kv', params={'filters[namespace][EQUALS]': 'company.team'})
    entry = response.json()['results'][0]
    assert entry['description'] == 'second'
    assert entry['key'] == 'k1' and entry['namespace'] == 'company.team'
    assert entry['revision' if emulator.profile == '2.0' else 'version'] == 2
    assert 'expirationDate' not in entry
    assert entry['creationDate'] <= entry['updateDate']


def test_write_without_description_header_drops_the_description(emulator, http):
    put(http, emulator, 'k1', '1', description='d')
    put(http, emulator, 'k1', '1')
    response = http.get(emulator.url + '/api/v1/main/kv')
    assert 'description' not in response.json()['results'][0]


def test_ttl_sets_expiration_then_get_is_410_and_deletes(emulator, http):
    put(http, emulator, 'short', '"x"', ttl='PT0.3S')
    put(http, emulator, 'long', '"y"', ttl='PT1H')
    listing = http.get(emulator.url + '/api/v1/main/kv').json()['results']
    assert all('expirationDate' in e for e in listing)
    time.sleep(0.4)
    keys = [e['key'] for e in http.get(emulator.url + '/api/v1/main/kv').json()['results']]
    assert keys == ['long']
    response = http.get(kv_url(emulator, key='short'))
    assert response.status_code == 410
    assert response.json()['message'] == 'Resource has expired: The requested value has expired'
    assert http.get(kv_url(emulator, key='short')).status_code == 404


def test_negative_and_unparsable_ttl(emulator, http):
    response = put(http, emulator, 'k1', '1', ttl='-PT5M')
    assert response.status_code == 422
    assert response.json()['message'] == 'Illegal argument: ttl cannot be negative'
    assert put(http, emulator, 'k1', '1', ttl='five minutes').status_code == 500
    assert http.get(kv_url(emulator, key='k1')).status_code == 404


def test_delete_answers_true_then_false(emulator, http):
    put(http, emulator, 'k1', '1')
    first = http.delete(kv_url(emulator, key='k1'))
    assert (first.status_code, first.json()) == (200, True)
    second = http.delete(kv_url(emulator, key='k1'))
    assert (second.status_code, second.json()) == (200, False)


def test_bulk_delete_returns_the_keys_actually_deleted(emulator, http):
    for key in ('a', 'b', 'c'):
        put(http, emulator, key, '1')
    response = http.delete(kv_url(emulator), json={'keys': ['a', 'c', 'missing']})
    assert response.status_code == 200
    assert response.json() == {'keys': ['a', 'c']}
    assert http.get(kv_url(emulator, key='b')).status_code == 200


def test_per_namespace_listing_exists_in_1x_only(emulator, http):
    put(http, emulator, 'b', '1')
    put(http, emulator, 'a', '1')
    put(http, emulator, 'other', '1', namespace='company.other')
    response = http.get(kv_url(emulator))
    if emulator.profile == '2.0':
        assert response.status_code == 405
    else:
        assert [e['key'] for e in response.json()] == ['a', 'b']
        assert http.get(kv_url(emulator, namespace='unknown.ns')).json() == []


def test_paged_listing_filters_and_sorts(emulator, http):
    for index in range(25):
        put(http, emulator, 'key%02d' % index, str(index))
    put(http, emulator, 'elsewhere', '1', namespace='company.other')
    params = {'filters[namespace][EQUALS]': 'company.team', 'size': 10, 'page': 3, 'sort': 'key:desc'}
    body = http.get(emulator.url + '/api/v1/main/kv', params=params).json()
    assert body['total'] == 25
    assert [e['key'] for e in body['results']] == ['key04', 'key03', 'key02', 'key01', 'key00']
    body = http.get(emulator.url + '/api/v1/main/kv', params={'filters[namespace][PREFIX]': 'company',
                                                              'filters[q][EQUALS]': 'where'}).json()
    assert [e['key'] for e in body['results']] == ['elsewhere']
    assert http.get(emulator.url + '/api/v1/main/kv', params={'sort': 'key'}).status_code == 422


def test_inheritance_lists_parents_only_nearest_first(emulator, http):
    put(http, emulator, 'shared', '"root"', namespace='company')
    put(http, emulator, 'only_root', '1', namespace='company')
    put(http, emulator, 'shared', '"team"', namespace='company.team')
    put(http, emulator, 'own', '1', namespace='company.team.sub')
    body = http.get(kv_url(emulator, namespace='company.team.sub') + '/inheritance').json()
    assert [(e['namespace'], e['key']) for e in body] == [
        ('company.team', 'shared'), ('company', 'only_root')]


def test_tenants_are_isolated(emulator, http):
    put(http, emulator, 'k1', '1')
    response = http.get('%s/api/v1/other/namespaces/company.team/kv/k1' % emulator.url)
    assert response.status_code == 404


def test_basic_auth_is_required_when_configured(basic_emulator, http):
    response = http.get(kv_url(basic_emulator, key='k1'))
    assert response.status_code == 401
