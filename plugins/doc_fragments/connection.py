# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The connection options of every module. The environment variables are read by
    # the collection's own resolver (first one set wins), identically for the lookup.
    DOCUMENTATION = r'''
options:
  url:
    description:
      - Root URL of the Kestra server, without C(/api/v1), for example V(https://kestra.example.com).
      - If not set, the environment variable E(KESTRA_URL) is used.
    type: str
    default: http://localhost:8080
  username:
    description:
      - User name for HTTP basic authentication (Kestra OSS basic auth, or an EE user on Kestra 1.x).
      - Requires O(password). Mutually exclusive with O(token).
      - If not set, the environment variables E(KESTRA_USERNAME) then E(KESTRA_USER) are used.
    type: str
  password:
    description:
      - Password for HTTP basic authentication. Never logged nor returned.
      - If not set, the environment variables E(KESTRA_PASSWORD) then E(KESTRA_PASS) are used.
    type: str
  token:
    description:
      - 'API token or service account token, sent as C(Authorization: Bearer). Never logged nor returned.'
      - Mutually exclusive with O(username) and O(password).
      - If not set, the environment variables E(KESTRA_API_TOKEN) then E(KESTRA_TOKEN) are used.
    type: str
  tenant:
    description:
      - Tenant, the C({tenant}) segment of C(/api/v1/{tenant}/...). Kestra OSS always uses V(main).
      - If not set, the environment variables E(KESTRA_TENANT_ID) then E(KESTRA_TENANT) are used.
    type: str
    default: main
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the server. Set V(false) only for tests; a warning says so.
      - If not set, the environment variable E(KESTRA_VALIDATE_CERTS) is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the certificate authority (or bundle) that signed the server certificate, for a private CA.
      - If not set, the environment variable E(KESTRA_CA_PATH) is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP request.
      - Transient failures (connection errors, HTTP 429, 502, 503, 504) of reads and idempotent writes are
        retried with exponential backoff, honouring C(Retry-After); requests that create something, such as
        starting an execution, are never retried blindly.
      - If not set, the environment variable E(KESTRA_TIMEOUT) is used.
    type: float
    default: 30
notes:
  - >-
    The modules only talk HTTP to Kestra, so they usually run on the controller (C(hosts: localhost) or
    C(delegate_to: localhost)). There the collection's action plugins run them in-process, which is much faster;
    set the variable C(kestra_in_process) or the environment variable E(KESTRA_IN_PROCESS) to V(false) to run the
    module as a separate process instead.
requirements:
  - requests
'''

    # The same options for the lookup plugin. Keyword arguments win, then the variables,
    # then the environment variables, then the default (applied by _connection.resolve_connection,
    # so that the lookup and the modules always agree). Ansible lets the LAST set variable of an
    # env list win, so each list is in reverse order of precedence: the first name of DESIGN.md last.
    PLUGIN = r'''
options:
  url:
    description:
      - Root URL of the Kestra server, without C(/api/v1).
      - If not given, the environment variable E(KESTRA_URL) is used, then V(http://localhost:8080).
    type: str
    env:
      - name: KESTRA_URL
    vars:
      - name: kestra_url
  username:
    description:
      - User name for HTTP basic authentication. Requires O(password). Mutually exclusive with O(token).
      - If not given, the environment variables E(KESTRA_USERNAME) then E(KESTRA_USER) are used.
    type: str
    env:
      - name: KESTRA_USER
      - name: KESTRA_USERNAME
    vars:
      - name: kestra_username
  password:
    description:
      - Password for HTTP basic authentication.
      - If not given, the environment variables E(KESTRA_PASSWORD) then E(KESTRA_PASS) are used.
    type: str
    env:
      - name: KESTRA_PASS
      - name: KESTRA_PASSWORD
    vars:
      - name: kestra_password
  token:
    description:
      - 'API token or service account token (C(Authorization: Bearer)).'
      - If not given, the environment variables E(KESTRA_API_TOKEN) then E(KESTRA_TOKEN) are used.
    type: str
    env:
      - name: KESTRA_TOKEN
      - name: KESTRA_API_TOKEN
    vars:
      - name: kestra_token
  tenant:
    description:
      - Tenant, the C({tenant}) segment of C(/api/v1/{tenant}/...).
      - If not given, the environment variables E(KESTRA_TENANT_ID) then E(KESTRA_TENANT) are used, then V(main).
    type: str
    env:
      - name: KESTRA_TENANT
      - name: KESTRA_TENANT_ID
    vars:
      - name: kestra_tenant
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the server.
      - If not given, the environment variable E(KESTRA_VALIDATE_CERTS) is used, then V(true).
    type: bool
    env:
      - name: KESTRA_VALIDATE_CERTS
    vars:
      - name: kestra_validate_certs
  ca_path:
    description:
      - PEM file of the certificate authority that signed the server certificate.
      - If not given, the environment variable E(KESTRA_CA_PATH) is used.
    type: path
    env:
      - name: KESTRA_CA_PATH
    vars:
      - name: kestra_ca_path
  timeout:
    description:
      - Seconds to wait for each HTTP request.
      - If not given, the environment variable E(KESTRA_TIMEOUT) is used, then V(30).
    type: float
    env:
      - name: KESTRA_TIMEOUT
    vars:
      - name: kestra_timeout
requirements:
  - requests
'''
