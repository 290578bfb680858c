# SPDX-License-Identifier: MIT
"""Runs GCC's libgomp C testsuite the way its DejaGnu harness does, without DejaGnu."""
