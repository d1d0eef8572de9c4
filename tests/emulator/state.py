"""In-memory state of the emulator: tenants (isolated), request log, faults, settings.

Each resource module keeps its records in the TenantState container fields
below; the shapes are documented here because several resources read them.
"""

import threading

EDITIONS = ('oss', 'ee')

PROFILES = {
    '1.x': {'version': '1.3.7', 'v2': False},
    '2.0': {'version': '2.0.0', 'v2': True},
}


class TenantState(object):
    """Everything one tenant owns. Tenants never see each other's data."""

    def __init__(self, tenant_id):
        self.id = tenant_id
        # (namespace, flow_id) -> list of revision dicts, oldest first:
        #   {'revision': int, 'source': str, 'model': dict (parsed YAML),
        #    'deleted': bool, 'updated': datetime}
        self.flows = {}
        # execution id -> execution record (see executions.py)
        self.executions = {}
        # execution id -> list of log entry dicts
        self.logs = {}
        # (namespace, key) -> kv record (see kv.py)
        self.kv = {}
        # (namespace, flow_id, trigger_id) -> trigger context record (see triggers.py)
        self.triggers = {}
        # namespace -> {normalised path -> file or directory entry} (see namespace_file_store.py)
        self.namespace_files = {}
        # EE only: namespace id -> namespace record (see namespaces.py)
        self.namespaces = {}
        # EE only: (namespace, key) -> secret record (see secrets.py); the value is never returned
        self.secrets = {}
        # EE only (see groups.py): group id -> {'id', 'name', 'description', 'securityIntegrationName'};
        #   group id -> set(subject id) (users and service accounts); group id -> set(owner subject ids)
        self.groups = {}
        self.group_members = {}
        self.group_owners = {}
        # EE only (see roles.py): role id -> {'id', 'name', 'description', 'permissions': {RESOURCE: [ACTION]},
        #   'isDefault', 'isManaged'}
        self.roles = {}
        # EE only (see bindings.py): binding id -> {'id', 'type': 'USER'|'GROUP', 'externalId', 'roleId',
        #   'namespaceId': None|namespace}; a service account is bound as a USER
        self.bindings = {}

    def current_flow(self, namespace, flow_id):
        """The latest revision of a live (not deleted) flow, or None."""
        revisions = self.flows.get((namespace, flow_id))
        if not revisions or revisions[-1]['deleted']:
            return None
        return revisions[-1]


class EmulatorState(object):

    def __init__(self, profile='1.x', username=None, password=None, token=None, time_scale=1.0, edition='oss'):
        if profile not in PROFILES:
            raise ValueError('unknown profile %r (known: %s)' % (profile, ', '.join(sorted(PROFILES))))
        if edition not in EDITIONS:
            raise ValueError('unknown edition %r (known: %s)' % (edition, ', '.join(EDITIONS)))
        self.profile = profile
        # 'oss' answers Enterprise-only routes as an OSS server does; 'ee' emulates them
        self.edition = edition
        self.username = username
        self.password = password
        self.token = token
        self.time_scale = time_scale
        self.lock = threading.RLock()
        # hooks called as hook(tenant_state, namespace, flow_id, revision_or_None)
        # after a flow is saved (revision dict) or deleted (None)
        self.flow_hooks = []
        self.reset()

    @property
    def version(self):
        return PROFILES[self.profile]['version']

    @property
    def is_ee(self):
        return self.edition == 'ee'

    @property
    def is_v2(self):
        return PROFILES[self.profile]['v2']

    def reset(self):
        self.tenants = {}
        self.requests = []
        self.faults = []
        # EE, instance-level (see tenants.py): tenant id -> Tenant record; 'main' exists from the start
        # EE, instance-level (see worker_groups.py): worker group key -> record
        from . import tenants as _tenants, worker_groups as _worker_groups
        self.tenant_records = _tenants.default_records()
        self.worker_groups = _worker_groups.default_records(self.is_v2)
        # EE, instance-level (see users.py): user id -> {'id', 'email', 'username', 'firstName', 'lastName',
        #   'superAdmin', 'restricted', 'tenants' (list of tenant ids), 'password' (write-only, never returned)}
        self.users = {}
        # EE, instance-level (see service_accounts.py): id -> {'id', 'name', 'description', 'superAdmin',
        #   'tenant' (None: instance-level), 'tenants' (instance-level: the tenants it may access)}
        self.service_accounts = {}
        # EE (see api_tokens.py): token id -> {'id', 'owner_id', 'name', 'description', 'value' (never
        #   returned after creation), 'prefix', 'iat', 'expiresAt', 'maxAge', 'extended', 'lastUsed'}
        self.api_tokens = {}

    def tenant(self, tenant_id):
        if tenant_id not in self.tenants:
            self.tenants[tenant_id] = TenantState(tenant_id)
        return self.tenants[tenant_id]

    def flow_changed(self, tenant, namespace, flow_id, revision):
        for hook in self.flow_hooks:
            hook(tenant, namespace, flow_id, revision)

    def take_fault(self, method, path):
        """The first armed fault that matches this request, its count decremented."""
        for fault in self.faults:
            if fault.get('method') and fault['method'].upper() != method.upper():
                continue
            if fault.get('path') and not path.startswith(fault['path']):
                continue
            if fault.get('exact') and path != fault['path']:
                # 'exact': the path itself only, not the paths below it
                continue
            fault['count'] -= 1
            if fault['count'] <= 0:
                self.faults.remove(fault)
            return fault
        return None
