"""Flow inputs: read the multipart form and validate/convert each declared input as Kestra does.

Errors are 422 ConstraintViolations with path = input id and the message
"Invalid input for `<id>`, <reason>, but received `<value>`" (docs/dev/kestra-api/executions.md).
"""

import datetime
import json
import re

import yaml

from .errors import constraint_violation

_EMAIL = re.compile(r'^[^@\s]+@[^@\s]+\.[^@\s]+$')
_DURATION = re.compile(r'^P(?=[^T]|T.)(?:\d+D)?(?:T(?=.)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$')


class InputError(ValueError):
    """A value Kestra would refuse; the text is Kestra's reason."""


async def read_form(request):
    """The text parts (name -> str) and file parts (name -> (filename, bytes)) of a create request."""
    texts, files = {}, {}
    if not request.content_type.startswith('multipart/'):
        return texts, files
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            break
        if part.filename is not None:
            files[part.name] = (part.filename, bytes(await part.read()))
        else:
            texts[part.name] = await part.text()
    return texts, files


def _number(text, kind):
    try:
        return kind(text)
    except ValueError:
        raise InputError('For input string: "%s"' % text)


def _bounded(value, spec):
    if spec.get('min') is not None and value < spec['min']:
        raise InputError('it must be more than `%s`' % spec['min'])
    if spec.get('max') is not None and value > spec['max']:
        raise InputError('it must be less than `%s`' % spec['max'])
    return value


def _parse_date(text, parser, label):
    try:
        parser(text)
    except ValueError:
        raise InputError("Text '%s' could not be parsed as a %s" % (text, label))
    return text


def _datetime(text):
    return datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))


def _json(text):
    try:
        return json.loads(text)
    except ValueError as exc:
        raise InputError('Invalid JSON: %s' % exc)


def _string(text, spec):
    validator = spec.get('validator')
    if validator and not re.fullmatch(validator, text):
        raise InputError('it must match the pattern `%s`' % validator)
    return text


def _choice(text, spec):
    values = spec.get('values') or []
    if text not in values:
        raise InputError('it must match the values `[%s]`' % ', '.join(str(v) for v in values))
    return text


def _multiselect(text, spec):
    chosen = _json(text) if text.strip().startswith('[') else [v.strip() for v in text.split(',')]
    for value in chosen:
        _choice(value, spec)
    return chosen


def _array(text, spec):
    items = _json(text)
    if not isinstance(items, list):
        raise InputError('it must be an array')
    item_type = str(spec.get('itemType') or 'STRING').upper()
    return [convert(dict(spec, type=item_type), item if isinstance(item, str) else json.dumps(item))
            for item in items]


def _boolean(text, _spec):
    # Kestra reads it with Boolean.parseBoolean: anything but "true" is false
    return text.strip().lower() == 'true'


_CONVERTERS = {
    'STRING': _string,
    'SECRET': _string,
    'INT': lambda text, spec: _bounded(_number(text, int), spec),
    'FLOAT': lambda text, spec: _bounded(_number(text, float), spec),
    'BOOLEAN': _boolean,
    'BOOL': _boolean,
    'DATETIME': lambda text, spec: _parse_date(text, _datetime, 'date-time'),
    'DATE': lambda text, spec: _parse_date(text, datetime.date.fromisoformat, 'date'),
    'TIME': lambda text, spec: _parse_date(text, datetime.time.fromisoformat, 'time'),
    'JSON': lambda text, spec: _json(text),
    'YAML': lambda text, spec: yaml.safe_load(text),
    'ARRAY': _array,
    'SELECT': _choice,
    'ENUM': _choice,
    'MULTISELECT': _multiselect,
}


def convert(spec, text):
    kind = str(spec.get('type') or 'STRING').upper()
    if kind == 'DURATION':
        if not _DURATION.match(text):
            raise InputError('Text cannot be parsed to a Duration')
        return text
    if kind == 'EMAIL':
        if not _EMAIL.match(text):
            raise InputError('it must be a valid email address')
        return text
    if kind == 'URI':
        if not re.match(r'^[a-zA-Z][a-zA-Z0-9+.-]*:', text):
            raise InputError('it must be a valid URI')
        return text
    if kind == 'FILE':
        if not re.match(r'^(kestra|nsfile)://', text):
            raise InputError('a FILE input must be sent as a file part')
        return text
    return _CONVERTERS.get(kind, _string)(text, spec)


def _default_text(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def resolve(model, texts, files, file_uri):
    """Typed execution inputs for the flow model; raises a 422 KestraHttpError listing every bad input.

    file_uri(input_id, filename) gives the kestra:/// URI a FILE input is stored under.
    """
    values, violations = {}, []
    for spec in model.get('inputs') or []:
        input_id = spec.get('id') or spec.get('name')
        kind = str(spec.get('type') or 'STRING').upper()
        try:
            if kind == 'FILE' and input_id in files:
                values[input_id] = file_uri(input_id, files[input_id][0])
            elif input_id in texts:
                values[input_id] = convert(spec, texts[input_id])
            elif spec.get('defaults') is not None:
                values[input_id] = convert(spec, _default_text(spec['defaults']))
            elif spec.get('required', True):
                raise InputError('missing required input')
        except InputError as exc:
            received = texts.get(input_id)
            violations.append((input_id, 'Invalid input for `%s`, %s, but received `%s`' % (
                input_id, exc, 'null' if received is None else received)))
    if violations:
        raise constraint_violation(violations)
    return values
