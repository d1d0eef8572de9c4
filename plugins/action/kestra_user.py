# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.kestra_io.kestra.plugins.module_utils._user_task import TASK
from ansible_collections.kestra_io.kestra.plugins.plugin_utils._action import KestraActionBase


class ActionModule(KestraActionBase):
    TASK = TASK
