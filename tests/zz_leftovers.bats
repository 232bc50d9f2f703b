#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Runs last: the suite must leave no namespace, bpffs mount, pin or link behind.

load helpers

setup() { :; }
teardown() { :; }

@test "suite leaves no network namespace behind" {
	[ -n "${LC_BEFORE_DIR:-}" ] || skip "run through tests/run"
	run bash -c "ip netns list | awk '{print \$1}' | sort | comm -13 '$LC_BEFORE_DIR/netns' -"
	assert_output ""
}

@test "suite leaves no bpffs mount behind" {
	[ -n "${LC_BEFORE_DIR:-}" ] || skip "run through tests/run"
	run bash -c "grep ' - bpf ' /proc/self/mountinfo | awk '{print \$5}' | sort | comm -13 '$LC_BEFORE_DIR/mounts' -"
	assert_output ""
	run bash -c "ls -d /tmp/${LC_TEST_PREFIX}-* 2>/dev/null"
	assert_output ""
}

@test "suite leaves no bpf_link behind" {
	[ -n "${LC_BEFORE_DIR:-}" ] || skip "run through tests/run"
	# links die asynchronously after their last reference goes; give RCU a moment
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		run bash -c "'$LINKCTL' -j --no-owners link list | jq -r '.[].id' | sort | comm -13 '$LC_BEFORE_DIR/links' -"
		[ -z "$output" ] && break
		sleep 0.5
	done
	assert_output ""
}
