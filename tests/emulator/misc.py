"""Server configuration / version probe and health (docs/dev/kestra-api/versions.md)."""

from aiohttp import web

from .util import json_response

routes = web.RouteTableDef()


def _config(state):
    return {
        'uuid': '00000000-0000-4000-8000-000000000000',
        'version': state.version,
        'edition': 'EE' if state.is_ee else 'OSS',
        'commitId': 'emulator',
        'commitDate': '2026-01-01T00:00:00.000Z',
        'isBasicAuthInitialized': state.username is not None,
        'isTaskRunEnabled': False,
        'isAnonymousUsageEnabled': False,
        'isUiAnonymousUsageEnabled': False,
        'isTemplateEnabled': False,
        'url': None,
    }


@routes.get('/api/v1/configs')
async def configs(request):
    return json_response(_config(request.app['state']))


@routes.get('/api/v1/configs/login')
async def configs_login(request):
    return json_response({'isBasicAuthInitialized': request.app['state'].username is not None})


@routes.get('/health')
async def health(request):
    return web.json_response({'status': 'UP'})


def setup(app):
    app.add_routes(routes)
