"""A small subset of Kestra's Pebble expressions: {{ inputs.x }}, {{ outputs.task.value }}, {{ execution.id }}.

Only dotted paths are understood; a missing variable fails the task, as Pebble's
strict mode does in Kestra.
"""

import json
import re

_EXPRESSION = re.compile(r'\{\{\s*(.*?)\s*\}\}')


class RenderError(ValueError):
    pass


def _lookup(context, path):
    value = context
    for part in path.split('.'):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            raise RenderError("Unable to render `{{ %s }}`: Missing variable: '%s'" % (path, part))
    return value


def _as_text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if value is None:
        return ''
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(',', ':'))
    return str(value)


def render(template, context):
    """Render strings, and strings nested in lists/dicts."""
    if isinstance(template, dict):
        return dict((key, render(value, context)) for key, value in template.items())
    if isinstance(template, list):
        return [render(value, context) for value in template]
    if not isinstance(template, str):
        return template
    return _EXPRESSION.sub(lambda match: _as_text(_lookup(context, match.group(1))), template)
