#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# Pins never land where another user could remove or replace them: every directory on the
# way is a real directory, owned by root or the caller, not writable by others unless sticky.
# The test's bpffs is mounted without mode=, so its root is 1777 like the issue's reproducer.

load helpers
load xdp_helpers

foreign() { runuser -u nobody -- "$@"; }

@test "default pin: directories another user made on the way are refused, naming the first" {
	local ino
	ino=$(netns_ino)
	[ "$(stat -c %a "$BPFFS")" = 1777 ]
	foreign mkdir -p "$BPFFS/linkctl/xdp/$ino"
	assert_refused 1 "$BPFFS/linkctl belongs to uid 65534, who could remove or replace a pin made there; not pinning under it" \
		xdp attach dev veth0 prog "$XDP_PASS"
	assert_equal "$(ip_xdp_mode veth0)" none
	assert_equal "$(find "$BPFFS/linkctl" -type f | wc -l)" 0
	# once root has removed the stranger's directories, the same attach works
	rm -r "$BPFFS/linkctl"
	run lcj xdp attach dev veth0 prog "$XDP_PASS"
	assert_success
	assert_equal "$(jqo -c .pinned)" "[\"$(default_pin veth0)\"]"
	assert_equal "$(jqo .link_id)" "$(lcj link show pinned "$(default_pin veth0)" | jq .id)"
}

@test "default pin: a symlink on the way is never followed, another user's or root's" {
	foreign mkdir "$BPFFS/mine"
	foreign ln -s "$BPFFS/mine" "$BPFFS/linkctl"
	assert_refused 1 "$BPFFS/linkctl is a symbolic link; not following it to make a pin" \
		xdp attach dev veth0 prog "$XDP_PASS"
	assert_equal "$(ip_xdp_mode veth0)" none
	assert_equal "$(ls -A "$BPFFS/mine")" ""
	mkdir "$BPFFS/real"
	ln -s "$BPFFS/real" "$BPFFS/alias"
	assert_refused 1 "$BPFFS/alias is a symbolic link; not following it to make a pin" \
		xdp attach dev veth0 prog "$XDP_PASS" pin "$BPFFS/alias/p"
	assert_equal "$(ip_xdp_mode veth0)" none
	assert_equal "$(ls -A "$BPFFS/real")" ""
}

@test "link pin, adopt pin, recv pin: another user's directory is refused before anything changes" {
	hold -n "$NS" xdp veth0 "$XDP_PASS"
	local lid=$HOLD_IDS
	foreign mkdir "$BPFFS/u"
	local msg="$BPFFS/u belongs to uid 65534, who could remove or replace a pin made there; not pinning under it"
	assert_refused 1 "$msg" link pin id "$lid" "$BPFFS/u/p"
	assert_refused 1 "$msg" link pin id "$lid" "$BPFFS/u/sub/p"
	assert_equal "$(ls -A "$BPFFS/u")" ""
	lc link pin id "$lid" "$BPFFS/old"
	assert_refused 1 "$msg" link adopt pinned "$BPFFS/old" pin "$BPFFS/u/p"
	assert_equal "$(lcj link show pinned "$BPFFS/old" | jq .id)" "$lid"
	# recv checks before it listens: no socket is ever made
	assert_refused 1 "$msg" link recv "$BATS_TEST_TMPDIR/r.sock" pin "$BPFFS/u/p"
	[ ! -e "$BATS_TEST_TMPDIR/r.sock" ]
	assert_equal "$(ls -A "$BPFFS/u")" ""
}

@test "a directory writable by others is refused unless sticky; a stranger's name at the pin is not overwritten" {
	hold -n "$NS" xdp veth0 "$XDP_PASS"
	local lid=$HOLD_IDS
	mkdir -m 0777 "$BPFFS/open"
	assert_refused 1 "$BPFFS/open is writable by other users (mode 0777) and not sticky; not pinning under it" \
		link pin id "$lid" "$BPFFS/open/p"
	mkdir -m 1777 "$BPFFS/sticky"
	run lc link pin id "$lid" "$BPFFS/sticky/p"
	assert_success
	assert_equal "$(stat -c %u "$BPFFS/sticky/p")" 0
	run foreign rm -f "$BPFFS/sticky/p"
	assert_failure
	[ -e "$BPFFS/sticky/p" ]
	foreign ln -s /nonexistent "$BPFFS/sticky/q"
	assert_refused 1 "$BPFFS/sticky/q already exists; not overwriting it" link pin id "$lid" "$BPFFS/sticky/q"
	assert_equal "$(readlink "$BPFFS/sticky/q")" /nonexistent
}

@test "directories linkctl makes are root's, 0700; the pin in them is out of other users' reach" {
	run lcj xdp attach dev veth0 prog "$XDP_PASS"
	assert_success
	local pin ino link prog
	pin=$(default_pin veth0)
	ino=$(netns_ino)
	link=$(jqo .link_id)
	prog=$(jqo .prog_id)
	for d in "$BPFFS/linkctl" "$BPFFS/linkctl/xdp" "$BPFFS/linkctl/xdp/$ino"; do
		assert_equal "$(stat -c '%a %u' "$d")" "700 0"
	done
	run foreign rm -f "$pin"
	assert_failure
	assert_equal "$(lcj link show pinned "$pin" | jq .id)" "$link"
	assert_equal "$(ip_xdp_field veth0 prog.id)" "$prog"
}

@test "a file on the way is no directory: refused, nothing made" {
	hold -n "$NS" xdp veth0 "$XDP_PASS"
	mkdir "$BPFFS/keep"
	"$HOLD" pin-map "$BPF_DIR/counter_map.bpf.o" "$BPFFS/keep/m"
	assert_refused 1 "invalid pin path $BPFFS/keep/m/x: $BPFFS/keep/m is not a directory" \
		link pin id "$HOLD_IDS" "$BPFFS/keep/m/x"
	assert_equal "$(ls "$BPFFS/keep" | xargs)" "m"
}

@test "the pin is made through the checked directory's fd, not by its path again" {
	hold -n "$NS" xdp veth0 "$XDP_PASS"
	mkdir "$BPFFS/d"
	# LeakSanitizer (make check ASAN=1) cannot run under ptrace
	env ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=bpf -s 256 -o "$BATS_TEST_TMPDIR/trace" \
		"$LINKCTL" link pin id "$HOLD_IDS" "$BPFFS/d/p"
	run grep -c 'BPF_OBJ_PIN, {pathname="/proc/self/fd/[0-9]*/p"' "$BATS_TEST_TMPDIR/trace"
	assert_output 1
	assert_equal "$(lcj link show pinned "$BPFFS/d/p" | jq .id)" "$HOLD_IDS"
}

@test "source: pins and their directories are made in lib/bpffs_pin.c only" {
	run grep -rlE '\b(bpf_obj_pin|mkdir|mkdirat)\(' "$REPO_DIR/cmd" "$REPO_DIR/lib"
	assert_output "$REPO_DIR/lib/bpffs_pin.c"
}
