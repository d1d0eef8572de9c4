#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: kestra_namespace_file
short_description: Manage the files of a Kestra namespace, one file, a directory tree or many per task
version_added: 0.1.0
author: kestra_io.kestra contributors (@kestra-io)
description:
  - Uploads or deletes namespace files (the scripts, SQL or project files that flows read) of a Kestra namespace.
  - One file (O(content) or a file O(src)), a local directory tree mirrored under O(path) (a directory O(src)),
    or many files (O(files)) per task.
  - Idempotent on content. The module lists the stored files under O(path) (one request), reads the bytes of
    each declared file that exists, and uploads only the files whose bytes differ. A converged tree sends no
    write request and reports C(changed=false).
  - Binary-safe. Bytes are compared as bytes, never decoded. In diff mode, a text file shows a unified diff and
    a binary file shows as C((binary, N bytes)).
  - Paths are checked before the first request. They must not contain V(.) or V(..) segments or control
    characters, and must not be under V(/_flows/), where Kestra imports flows instead of storing files.
extends_documentation_fragment:
  - kestra_io.kestra.connection
  - kestra_io.kestra.attributes
  - kestra_io.kestra.attributes.action_group
options:
  namespace:
    description:
      - The namespace that holds the files, for example V(company.team).
    type: str
    required: true
  path:
    description:
      - The path managed in the namespace, absolute or relative to the namespace root.
      - With O(content), the path of the file.
      - With a file O(src), the path of the file; a path ending in V(/) (or V(/) itself) is the directory that
        receives the file under its own name.
      - With a directory O(src), the directory under which the tree is mirrored.
      - With O(files), the directory the paths of the items are relative to.
      - The scope of O(prune), and of O(state=absent) when no file is declared.
    type: str
    default: /
  content:
    description:
      - The content of the file at O(path), as text (stored UTF-8 encoded).
      - Mutually exclusive with O(src) and O(files).
    type: str
  src:
    description:
      - A file or a directory on the controller. A relative path is looked up in the play's C(files/)
        directories, as M(ansible.builtin.copy) does, whether the task runs in-process or as a module.
      - A directory's files (all of them, in every subdirectory) are mirrored under O(path); the directory itself
        is not part of the paths.
      - Mutually exclusive with O(content) and O(files).
    type: str
  files:
    description:
      - Many files at once. Each item has a O(files[].path) relative to O(path) and O(files[].content) or
        O(files[].src).
      - Mutually exclusive with O(content) and O(src).
    type: list
    elements: dict
    suboptions:
      path:
        description:
          - The path of the file, relative to O(path).
          - With a directory O(files[].src), the directory under which its tree is mirrored.
        type: str
        required: true
      content:
        description: The content of the file, as text.
        type: str
      src:
        description: A file or a directory on the controller, as O(src).
        type: str
  state:
    description:
      - V(present) uploads the declared files whose bytes differ from the stored ones.
      - V(absent) deletes the declared files that exist. Without O(content), O(src) or O(files), it deletes every
        file under O(path).
    type: str
    choices: [present, absent]
    default: present
  prune:
    description:
      - With O(state=present), also delete the stored files under O(path) that the task does not declare.
        Files outside O(path) are never touched.
      - With O(files=[]) and O(prune=true), every file under O(path) is deleted.
    type: bool
    default: false
  _src_files:
    description:
      - Internal, set by the action plugin of this module; do not set it in a task.
      - The bytes of each O(src) and O(files[].src), read on the controller and base64-encoded, so that the module
        gets them wherever it runs.
    type: dict
notes:
  - Kestra removes a directory when its last file is deleted. Empty directories are not managed.
  - The uploads are sent one file per request, under a part name that Kestra never unpacks (a file whose name
    ends in C(.zip) is stored as it is).
seealso:
  - plugin: kestra_io.kestra.kestra_namespace_file
    plugin_type: lookup
  - module: ansible.builtin.copy
'''

EXAMPLES = r'''
- name: One file from text
  kestra_io.kestra.kestra_namespace_file:
    namespace: company.team
    path: /scripts/hello.py
    content: |
      print("hello")

- name: Mirror a directory of the play's files/ under /etl, deleting what it no longer holds
  kestra_io.kestra.kestra_namespace_file:
    namespace: company.team
    path: /etl
    src: etl/
    prune: true

- name: Many files in one task
  kestra_io.kestra.kestra_namespace_file:
    namespace: company.team
    path: /queries
    files:
      - path: daily.sql
        content: SELECT 1
      - path: logo.png
        src: images/logo.png

- name: Delete one file
  kestra_io.kestra.kestra_namespace_file:
    namespace: company.team
    path: /scripts/old.py
    state: absent
'''

RETURN = r'''
namespace:
  description: The namespace.
  returned: always
  type: str
  sample: company.team
files:
  description:
    - One entry per declared file, then one per deleted file that was not declared (O(prune), or O(state=absent)
      without declared files).
  returned: success
  type: list
  elements: dict
  contains:
    path:
      description: The path of the file in the namespace.
      type: str
      sample: /scripts/hello.py
    action:
      description: What the task did to the file (or would do, in check mode).
      type: str
      choices: [created, updated, unchanged, deleted]
      sample: created
    size:
      description: The size in bytes of the declared content (not returned for deleted files).
      type: int
      sample: 15
'''

from ansible_collections.kestra_io.kestra.plugins.module_utils._module import run_module
from ansible_collections.kestra_io.kestra.plugins.module_utils._namespace_file_task import TASK


def main():
    run_module(TASK)


if __name__ == '__main__':
    main()
