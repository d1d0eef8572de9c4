"""Flow storage shared by the flows API and the resources that read flows.

A flow revision is stored as the exact source text plus its parsed model
(see TenantState.flows). Saving an identical source (ignoring one 'revision:'
line, as Kestra does) keeps the revision; any other change, even a comment,
makes a new one (docs/dev/kestra-api/flows.md).
"""

import re

from .flow_validation import load_yaml
from .util import now

_REVISION_LINE = re.compile(r'^revision:.*(\n|$)', re.MULTILINE)


def comparable_source(source):
    return _REVISION_LINE.sub('', source or '', count=1)


def parse_model(source):
    """The YAML model of a flow source (a dict) or raise yaml.YAMLError / ValueError.

    Read as Kestra reads it (flow_validation.load_yaml): an unquoted date stays a string.
    """
    model = load_yaml(source)
    if not isinstance(model, dict):
        raise ValueError('a flow must be a YAML mapping')
    return model


def save(state, tenant, source, model=None):
    """Create or update the flow described by source; returns (revision_dict, changed).

    The caller validates first; this only stores. A deleted flow is re-created
    with revision last + 1 (deleted markers count).
    """
    model = model if model is not None else parse_model(source)
    key = (model['namespace'], model['id'])
    revisions = tenant.flows.setdefault(key, [])
    current = revisions[-1] if revisions else None
    if current and not current['deleted'] and \
            comparable_source(current['source']) == comparable_source(source) and \
            bool(current['model'].get('disabled', False)) == bool(model.get('disabled', False)):
        return current, False
    revision = {
        'revision': (current['revision'] + 1) if current else 1,
        'source': source,
        'model': model,
        'deleted': False,
        'updated': now(),
    }
    revisions.append(revision)
    state.flow_changed(tenant, key[0], key[1], revision)
    return revision, True


def delete(state, tenant, namespace, flow_id):
    """Soft delete: a new revision with deleted: true. Returns it, or None when not live."""
    current = tenant.current_flow(namespace, flow_id)
    if current is None:
        return None
    marker = dict(current, revision=current['revision'] + 1, deleted=True, updated=now())
    tenant.flows[(namespace, flow_id)].append(marker)
    state.flow_changed(tenant, namespace, flow_id, None)
    return marker


def live_flows(tenant, namespace=None, prefix=False):
    """Latest live revisions, optionally of one namespace (exact, or with its children)."""
    found = []
    for (ns, _flow_id), revisions in sorted(tenant.flows.items()):
        latest = revisions[-1]
        if latest['deleted']:
            continue
        if namespace is not None:
            if prefix:
                if ns != namespace and not ns.startswith(namespace + '.'):
                    continue
            elif ns != namespace:
                continue
        found.append(latest)
    return found
