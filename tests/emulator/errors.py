"""Kestra's error bodies (Micronaut HATEOAS JsonError, docs/dev/kestra-api/auth-and-errors.md)."""

from aiohttp import web


class KestraHttpError(Exception):
    """Raised by a handler; rendered by the error middleware as Kestra renders it."""

    def __init__(self, status, message, errors=None, headers=None, body=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors
        self.headers = headers or {}
        self.body = body


def json_error_body(request, message, errors=None):
    body = {
        'message': message,
        '_links': {'self': {'href': request.path_qs, 'templated': False}},
    }
    if errors:
        body['_embedded'] = {'errors': list(errors)}
    return body


def render(request, error):
    if error.body is not None:
        return web.json_response(error.body, status=error.status, headers=error.headers)
    body = json_error_body(request, error.message, error.errors)
    return web.json_response(body, status=error.status, headers=error.headers)


def not_found(detail=None):
    """404 as Kestra sends it: 'Not Found' or 'Not Found: <detail>'."""
    return KestraHttpError(404, 'Not Found: %s' % detail if detail else 'Not Found')


def constraint_violation(violations):
    """422 ConstraintViolationException; violations is a list of (path, message)."""
    message = 'Invalid entity: ' + ', '.join(
        '%s: %s' % (path, msg) if path else msg for path, msg in violations)
    errors = [dict({'message': msg}, **({'path': path} if path else {})) for path, msg in violations]
    return KestraHttpError(422, message, errors)


def illegal_argument(detail):
    return KestraHttpError(422, 'Illegal argument: %s' % detail)


def illegal_state(detail):
    return KestraHttpError(409, 'Illegal state: %s' % detail)


def bad_request(detail):
    return KestraHttpError(400, 'Bad Request: %s' % detail)
