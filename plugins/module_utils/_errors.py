# -*- coding: utf-8 -*-
# Copyright: (c) 2026, kestra_io.kestra contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
#
# This module_utils file is private to the kestra_io.kestra collection: it may
# change in any release without notice.

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class KestraError(Exception):
    """Every failure the collection reports: a message for humans plus context.

    status is the HTTP status (None when no answer was received), method
    and path the request, kestra_message Kestra's own error text, and
    result extra fields a failed task still returns (e.g. the execution).
    Never put credentials in any of them.
    """

    def __init__(self, message, status=None, method=None, path=None, kestra_message=None, result=None):
        super(KestraError, self).__init__(message)
        self.message = message
        self.status = status
        self.method = method
        self.path = path
        self.kestra_message = kestra_message
        self.result = result or {}

    def __str__(self):
        return self.message

    def result_fields(self):
        """Fields for fail_json: the message, the status and the extra result."""
        fields = dict(self.result)
        fields['msg'] = self.message
        if self.status is not None:
            fields['status'] = self.status
        return fields


class KestraConnectionError(KestraError):
    """No HTTP answer: unreachable server, TLS failure, timeout, dropped connection."""


class KestraInputError(KestraError):
    """The task's input is wrong; raised before any request is sent."""


class KestraMissingLibraryError(KestraError):
    """A Python library the collection needs is not installed."""
