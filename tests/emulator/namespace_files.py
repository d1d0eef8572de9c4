"""Kestra's namespace files API (tag Files), the same on both profiles and editions.

Behaviour and evidence: docs/dev/kestra-api/namespace-files.md. Storage: namespace_file_store.py.
"""

import io
import re
import zipfile

import yaml
from aiohttp import web

from . import errors, flow_store, util
from .namespace_file_store import ROOT, NamespaceFiles, attributes, guard, normalize

routes = web.RouteTableDef()
BASE = '/api/v1/{tenant}/namespaces/{namespace}/files'
_NAMESPACE_LINE = re.compile(r'(?m)^namespace: .*$')


def _store(request):
    tenant = request.app['state'].tenant(request.match_info['tenant'])
    return NamespaceFiles(tenant, request.match_info['namespace'])


def _required(request, name):
    value = request.query.get(name)
    if value is None:
        raise errors.KestraHttpError(400, 'Bad Request: Required QueryValue [%s] not specified' % name)
    return value


def _path(request, name='path', required=True):
    """The normalised, guarded path of a query parameter (None when optional and absent)."""
    raw = _required(request, name) if required else request.query.get(name)
    if raw is None:
        return None
    path = normalize(raw)
    guard(path)
    return path


def _revision(request):
    raw = request.query.get('revision')
    if raw in (None, ''):
        return None
    try:
        return int(raw)
    except ValueError:
        raise errors.KestraHttpError(400, "Bad Request: Failed to convert argument [revision] for value [%s]" % raw)


@routes.get(BASE + '/search')
async def search(request):
    query = _required(request, 'q')
    return util.json_response([e['path'] for e in _store(request).files()
                               if e['type'] == 'File' and query in e['path']])


@routes.get(BASE + '/stats')
async def stats(request):
    path = _path(request, required=False)
    store = _store(request)
    if path is None or path == ROOT:
        return util.json_response(attributes(None, namespace_root=True))
    entry = store.live(path)
    if entry is None:
        raise store.not_found(path)
    return util.json_response(attributes(entry))


@routes.get(BASE + '/revisions')
async def revisions(request):
    path = _path(request, required=False) or ROOT
    entry = _store(request).live(path)
    if entry is None or entry['type'] != 'File':
        raise errors.not_found('File not found: %s' % path)
    return util.json_response([{'revision': n} for n in range(1, len(entry['revisions']) + 1)])


@routes.get(BASE + '/directory')
async def list_directory(request):
    path = _path(request, required=False) or ROOT
    store = _store(request)
    if not store.exists(path):
        raise errors.not_found('Directory not found: %s' % path)
    return util.json_response([attributes(e) for e in store.children(path)])


@routes.post(BASE + '/directory')
async def create_directory(request):
    path = _path(request, required=False) or ROOT
    _store(request).make_directory(path)
    return web.Response(status=200)


@routes.get(BASE + '/export')
async def export(request):
    state = request.app['state']
    namespace = request.match_info['namespace']
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        for entry in _store(request).files():
            if entry['type'] == 'File':
                archive.writestr(entry['path'][1:], entry['revisions'][-1])
        tenant = state.tenant(request.match_info['tenant'])
        for revision in flow_store.live_flows(tenant, namespace):
            archive.writestr('_flows/%s.yml' % revision['model']['id'], revision['source'].encode('utf-8'))
    return web.Response(body=buffer.getvalue(), content_type='application/octet-stream',
                        headers={'Content-Disposition': 'attachment; filename="%s_files.zip"' % namespace})


@routes.get(BASE)
async def get_content(request):
    path = _path(request)
    data = _store(request).content(path, _revision(request))
    return web.Response(body=data, content_type='application/octet-stream', headers={'Cache-Control': 'no-cache'})


async def _file_part(request):
    """(filename, bytes) of the multipart part 'fileContent', read as raw bytes."""
    content_type = request.headers.get('Content-Type', '')
    if content_type.split(';')[0].strip().lower() != 'multipart/form-data':
        raise errors.KestraHttpError(
            415, 'Unsupported Media Type: Content Type [%s] not allowed. Allowed types: [multipart/form-data]'
            % (content_type.split(';')[0].strip() or 'none'))
    try:
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            if part.name == 'fileContent':
                return part.filename or '', bytes(await part.read(decode=False))
            await part.release()
    except (ValueError, AssertionError) as exc:
        raise errors.bad_request('invalid multipart body (%s)' % exc)
    raise errors.KestraHttpError(400, 'Bad Request: Required Part [fileContent] not specified')


def _import_flow(request, path, data):
    """An upload under /_flows/<file> imports a flow into the namespace instead of storing a file."""
    if len(path.split('/')) != 3:
        raise errors.illegal_argument('Invalid flow file path: %s' % path)
    source = _NAMESPACE_LINE.sub('namespace: ' + request.match_info['namespace'], data.decode('utf-8'), count=1)
    state = request.app['state']
    try:
        model = flow_store.parse_model(source)
    except (ValueError, yaml.YAMLError) as exc:
        raise errors.constraint_violation([(None, 'Invalid flow source: %s' % exc)])
    if not isinstance(model.get('id'), str) or not isinstance(model.get('namespace'), str):
        raise errors.constraint_violation([('flow', 'id and namespace must not be null')])
    flow_store.save(state, state.tenant(request.match_info['tenant']), source, model)


def _put(request, store, path, data):
    if path.startswith('/_flows/'):
        _import_flow(request, path, data)
        return
    guard(path)
    store.put_file(path, data)


@routes.post(BASE)
async def upload(request):
    raw = _required(request, 'path')
    filename, data = await _file_part(request)
    store = _store(request)
    if filename.lower().endswith('.zip'):
        # Kestra unpacks an uploaded .zip at the namespace root and ignores 'path'
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise errors.KestraHttpError(500, 'Internal server error: invalid zip archive')
        with archive:
            for info in archive.infolist():
                if not info.is_dir():
                    _put(request, store, normalize('/' + info.filename), archive.read(info))
        return web.Response(status=200)
    _put(request, store, normalize(raw), data)
    return web.Response(status=200)


@routes.put(BASE)
async def move(request):
    source = _path(request, 'from')
    target = _path(request, 'to')
    _store(request).move(source, target)
    return web.Response(status=200)


@routes.delete(BASE)
async def delete(request):
    path = _path(request)
    _store(request).delete(path)
    return web.Response(status=200)


def setup(app):
    app.add_routes(routes)
