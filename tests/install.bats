#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-only
# `make install` / `make uninstall` with DESTDIR and PREFIX: binary, man pages, completion.

load helpers

setup() { DEST="$BATS_TEST_TMPDIR/dest"; }
teardown() { :; }

install_into() {
	run make -s -C "$REPO_DIR" install DESTDIR="$DEST" "$@"
	assert_success
}

@test "make install DESTDIR PREFIX=/usr: binary, every man page, bash completion" {
	install_into PREFIX=/usr
	assert [ -x "$DEST/usr/sbin/linkctl" ]
	for rst in "$REPO_DIR"/docs/man/*.rst; do
		page=$(basename "${rst%.rst}").8
		assert [ -s "$DEST/usr/share/man/man8/$page" ]
	done
	assert [ -s "$DEST/usr/share/man/man8/linkctl.8" ]
	assert [ -s "$DEST/usr/share/man/man8/linkctl-prog.8" ]
	run cmp "$DEST/usr/share/bash-completion/completions/linkctl" "$REPO_DIR/bash-completion/linkctl"
	assert_success
	run man -l "$DEST/usr/share/man/man8/linkctl.8"
	assert_success
	assert_output --partial "EXIT STATUS"
	run "$DEST/usr/sbin/linkctl" version
	assert_success
}

@test "make install PREFIX=/usr/local puts the completion under that prefix" {
	install_into PREFIX=/usr/local
	assert [ -x "$DEST/usr/local/sbin/linkctl" ]
	assert [ -s "$DEST/usr/local/share/man/man8/linkctl.8" ]
	assert [ -s "$DEST/usr/local/share/bash-completion/completions/linkctl" ]
}

@test "make uninstall removes what install put there" {
	install_into PREFIX=/usr
	run make -s -C "$REPO_DIR" uninstall DESTDIR="$DEST" PREFIX=/usr
	assert_success
	run find "$DEST" -type f
	assert_output ""
}

@test "make install without rst2man keeps prebuilt pages; without them it fails and says why" {
	run make -s -C "$REPO_DIR" man
	assert_success
	local page="$REPO_DIR/docs/man/linkctl-prog.8" saved="$BATS_TEST_TMPDIR/linkctl-prog.8"
	cp -p "$page" "$saved"
	touch "$REPO_DIR/docs/man/linkctl-prog.rst"    # the page is now older than its source
	install_into PREFIX=/usr RST2MAN=/nonexistent/rst2man
	cmp "$DEST/usr/share/man/man8/linkctl-prog.8" "$saved"
	rm "$page"
	run make -s -C "$REPO_DIR" install DESTDIR="$DEST" PREFIX=/usr RST2MAN=/nonexistent/rst2man
	cp -p "$saved" "$page"
	assert_failure
	assert_output --partial "rst2man not found (python3-docutils) and no prebuilt docs/man/linkctl-prog.8"
}
