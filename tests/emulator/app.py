"""Builds the aiohttp application: middlewares, control routes, API resources."""

from aiohttp import web

from . import control, executions, flows, kv, misc, namespace_files, namespaces, secrets, triggers
from . import access_identity, api_tokens, users
from . import tenants, worker_groups
from . import groups, roles
from . import bindings, service_accounts
from .middleware import MIDDLEWARES
from .state import EmulatorState

# each resource module exposes setup(app): it adds its routes (most specific
# first: aiohttp matches in registration order) and may register flow hooks
RESOURCES = (misc, tenants, worker_groups, access_identity, users, api_tokens, groups, roles, service_accounts, bindings,
             flows, kv, executions, triggers, namespace_files, namespaces, secrets)


def create_app(state=None, **settings):
    state = state or EmulatorState(**settings)
    app = web.Application(middlewares=MIDDLEWARES, client_max_size=64 * 1024 * 1024)
    app['state'] = state
    app.add_routes(control.routes)
    for resource in RESOURCES:
        resource.setup(app)
    return app
