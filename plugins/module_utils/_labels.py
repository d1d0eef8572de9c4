# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type

"""Labels as users write them (one strict reading for every module), and as Kestra's list of {key, value}.

Accepted: a mapping {key: value}; or a list whose items are each 'key:value'
text (split at the first colon) or a {key: ..., value: ...} mapping (Kestra's
own form). Anything else is a KestraInputError, raised before any request.
"""

from ansible_collections.kestra_io.kestra.plugins.module_utils._errors import KestraInputError

FORMS = 'a mapping {key: value}, or a list of "key:value" strings or {key: ..., value: ...} mappings'


def _text(value, what, option):
    """A label key or value as text: scalars only (booleans as true/false, None as '')."""
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (str, int, float)):
        return '%s' % (value,)
    raise KestraInputError('%s: the %s %r is not text or a number' % (option, what, value))


def _pair(item, option):
    if isinstance(item, str):
        key, sep, value = item.partition(':')
        if not sep or not key:
            raise KestraInputError('%s: %r is not of the form key:value (labels must be %s)' % (option, item, FORMS))
        return key, value
    if isinstance(item, dict):
        if 'key' not in item or 'value' not in item or set(item) - set(('key', 'value')):
            raise KestraInputError('%s: %r is not a {key: ..., value: ...} mapping (labels must be %s)'
                                   % (option, item, FORMS))
        key = _text(item['key'], 'key', option)
        if not key:
            raise KestraInputError('%s: %r has an empty key' % (option, item))
        return key, _text(item['value'], 'value', option)
    raise KestraInputError('%s: %r is neither "key:value" text nor a {key, value} mapping (labels must be %s)'
                           % (option, item, FORMS))


def normalize_labels(labels, option='labels'):
    """The labels as a dict of text (an empty dict for None); a later item wins over an earlier one."""
    if labels is None:
        return {}
    if isinstance(labels, dict):
        pairs = {}
        for key, value in labels.items():
            key = _text(key, 'key', option)
            if not key:
                raise KestraInputError('%s: a label key is empty' % option)
            pairs[key] = _text(value, 'value', option)
        return pairs
    if isinstance(labels, (list, tuple)):
        return dict(_pair(item, option) for item in labels)
    raise KestraInputError('%s must be %s, got %r' % (option, FORMS, labels))


def labels_to_kestra(pairs):
    """A dict of labels as Kestra's JSON list of {key, value}, sorted by key."""
    return [{'key': key, 'value': value} for key, value in sorted(pairs.items())]
