# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: emulator_control
short_description: Call a /_emulator/ control endpoint of the Kestra emulator (integration tests only)
description:
  - In-process and fast, where a ansible.builtin.uri task starts a module process per call;
    targets that arm faults or read the request log hundreds of times use it.
  - "Use query(): C(query('emulator_control', 'POST', 'faults', body={...}, url=kestra_url)[0])."
options:
  _terms:
    description: The HTTP method, then the path under /_emulator/.
    required: true
  url:
    description: The emulator's root URL.
    type: str
    required: true
  body:
    description: A JSON body.
    type: raw
"""

import json
import ssl

from ansible.errors import AnsibleLookupError
from ansible.module_utils.six.moves.urllib.request import Request, urlopen
from ansible.plugins.lookup import LookupBase


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        if len(terms) != 2:
            raise AnsibleLookupError('emulator_control takes a method and a path')
        method, path = terms
        body = self.get_option('body')
        data = None if body is None else json.dumps(body).encode('utf-8')
        request = Request(self.get_option('url').rstrip('/') + '/_emulator/' + path.lstrip('/'), data=data,
                          method=method.upper(), headers={'Content-Type': 'application/json'})
        # the control endpoints of an HTTPS emulator (self-signed test CA) need no verification
        context = ssl._create_unverified_context()  # pylint: disable=protected-access
        try:
            with urlopen(request, timeout=10, context=context) as response:
                return [json.loads(response.read().decode('utf-8') or 'null')]
        except Exception as exc:  # pylint: disable=broad-except
            raise AnsibleLookupError('emulator control %s %s failed: %s' % (method, path, exc))
