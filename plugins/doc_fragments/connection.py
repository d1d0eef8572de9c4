# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # The connection options of every module. The environment variables are read by
    # the collection's own resolver (_connection.resolve_connection: first one set wins),
    # identically for the lookup.
    DOCUMENTATION = r'''
options:
  url:
    description:
      - Root URL of the Kestra server, without C(/api/v1), for example V(https://kestra.example.com).
        A path is kept (a server behind a proxy under V(https://example.com/kestra)), but a page of the web UI
        (C(/ui/...)) is refused.
      - If not set, the environment variable E(KESTRA_URL) is used.
    type: str
    default: http://localhost:8080
  username:
    description:
      - User name for HTTP basic authentication (Kestra OSS basic auth, or an EE user on Kestra 1.x).
      - Requires O(password). Mutually exclusive with O(token).
      - If none of O(username), O(password) and O(token) is set, the environment variables E(KESTRA_USERNAME)
        then E(KESTRA_USER) are used.
    type: str
  password:
    description:
      - Password for HTTP basic authentication. Never logged nor returned.
      - If none of O(username), O(password) and O(token) is set, the environment variables E(KESTRA_PASSWORD)
        then E(KESTRA_PASS) are used.
    type: str
  token:
    description:
      - 'API token or service account token, sent as C(Authorization: Bearer). Never logged nor returned.'
      - Mutually exclusive with O(username) and O(password).
      - If none of O(username), O(password) and O(token) is set, the environment variables E(KESTRA_API_TOKEN)
        then E(KESTRA_TOKEN) are used.
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
      - Transient failures (dropped connections, HTTP 429, 502, 503, 504) of reads and idempotent writes are
        retried with exponential backoff, honouring C(Retry-After); requests that create something, such as
        starting an execution, are never retried blindly. A server that cannot be reached at all (connection
        refused, unknown host name) is tried once more, without a warning, then the task fails.
      - If not set, the environment variable E(KESTRA_TIMEOUT) is used.
    type: float
    default: 30
  api_version:
    description:
      - The major version of the Kestra API to speak, V(1) (Kestra 0.x and 1.x) or V(2) (Kestra 2.x). Only some
        requests differ between the two.
      - With V(auto), the server is asked (C(GET /api/v1/configs), once per task, only by operations whose
        requests differ). When that answer does not tell the version (a proxy that blocks it with HTTP 403, for
        example), the 1.x API is used and a warning says so; when it proves that O(url) is not the root of a
        Kestra API (HTTP 404, an HTML page), the task fails.
      - Set V(1) or V(2) to skip that request, for example behind a proxy that blocks C(/api/v1/configs).
      - One of V(auto), V(1) or V(2).
      - If not set, the environment variable E(KESTRA_API_VERSION) is used.
    type: str
    default: auto
notes:
  - >-
    Options given in the task (including C(module_defaults)) win over the environment variables. The credentials
    win as a whole: when the task gives any of O(username), O(password) or O(token), the environment variables of
    all three are ignored, so a task-level O(token) is never mixed with E(KESTRA_USERNAME)/E(KESTRA_PASSWORD) of
    the environment, and the other way round.
  - >-
    An option given as an empty string counts as not given: the environment variable, then the default, is used
    (for example C(token: "{{ kestra_token | default('') }}") with the credentials in the environment).
  - >-
    The modules only talk HTTP to Kestra, so they usually run on the controller (C(hosts: localhost) or
    C(delegate_to: localhost)). There the collection's action plugins run them in-process, which is much faster;
    set the variable C(kestra_in_process) or the environment variable E(KESTRA_IN_PROCESS) to V(false) to run the
    module as a separate process instead.
requirements:
  - requests
'''

    # The same options for the lookup plugin. Keyword arguments win, then the variables,
    # then the environment variables, then the default: the lookup hands the keyword arguments
    # and the variables to _connection.resolve_connection, which reads the environment itself
    # (first variable set wins, in the order listed here) so that the lookup and the modules
    # always agree. Ansible's own resolution of the env entries below is not used.
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
      - If none of O(username), O(password) and O(token) is given (as keyword arguments, or else as variables),
        the environment variables E(KESTRA_USERNAME) then E(KESTRA_USER) are used.
    type: str
    env:
      - name: KESTRA_USERNAME
      - name: KESTRA_USER
    vars:
      - name: kestra_username
  password:
    description:
      - Password for HTTP basic authentication.
      - If none of O(username), O(password) and O(token) is given, the environment variables E(KESTRA_PASSWORD)
        then E(KESTRA_PASS) are used.
    type: str
    env:
      - name: KESTRA_PASSWORD
      - name: KESTRA_PASS
    vars:
      - name: kestra_password
  token:
    description:
      - 'API token or service account token (C(Authorization: Bearer)).'
      - If none of O(username), O(password) and O(token) is given, the environment variables E(KESTRA_API_TOKEN)
        then E(KESTRA_TOKEN) are used.
    type: str
    env:
      - name: KESTRA_API_TOKEN
      - name: KESTRA_TOKEN
    vars:
      - name: kestra_token
  tenant:
    description:
      - Tenant, the C({tenant}) segment of C(/api/v1/{tenant}/...).
      - If not given, the environment variables E(KESTRA_TENANT_ID) then E(KESTRA_TENANT) are used, then V(main).
    type: str
    env:
      - name: KESTRA_TENANT_ID
      - name: KESTRA_TENANT
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
  api_version:
    description:
      - The major version of the Kestra API to speak, V(1) or V(2); V(auto) asks the server (C(GET /api/v1/configs))
        when a request differs between the two, warns and uses the 1.x API when the answer does not tell.
      - One of V(auto), V(1) or V(2).
      - If not given, the environment variable E(KESTRA_API_VERSION) is used, then V(auto).
    type: str
    env:
      - name: KESTRA_API_VERSION
    vars:
      - name: kestra_api_version
notes:
  - >-
    The credentials resolve as a whole: the first source (keyword arguments, then variables, then environment
    variables) that gives any of O(username), O(password) or O(token) gives all three.
  - An option given as an empty string counts as not given.
requirements:
  - requests
'''
