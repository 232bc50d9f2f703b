// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_complete.c: unit tests of completion over an object table of its own (every
 * kind of argument row: flags, groups, repeats, choices, PROGSPEC, rest, positionals)
 * and of the live values (devices, paths, object files, link and program IDs).
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "tap.h"
#include "../../cmd/cmdline.h"
#include "../../cmd/complete.h"
#include "grammar_fixture.h"
#include "../../lib/strbuf.h"

static int do_nothing(struct lc_ctx *ctx, const void *opts)
{
	(void)ctx; (void)opts;
	return 0;
}

struct show_opts {
	struct arg_u32 id;
	const char *pinned;
};

static const struct arg_spec link_show_args[] = {
	ROW_U32(struct show_opts, "id", id, "ID", VAL_LINK_ID, 0, 1),
	ROW_STR(struct show_opts, "pinned", pinned, "PATH", VAL_PIN, 0, 1),
	{ 0 }
};

static const struct arg_spec prog_show_args[] = {
	ROW_U32(struct show_opts, "id", id, "ID", VAL_PROG_ID, 0, 1),
	ROW_STR(struct show_opts, "pinned", pinned, "PATH", VAL_PIN, 0, 1),
	{ 0 }
};

struct load_opts {
	const char *file;
};

static const struct arg_spec load_args[] = {
	ROW_POS(struct load_opts, "FILE", file, VAL_FILE, ARG_REQUIRED),
	{ 0 }
};

enum ping_mode { PING_FAST = 1, PING_SLOW };

struct ping_opts {
	enum ping_mode mode;
};

static const struct arg_choice ping_modes[] = { { "fast", PING_FAST }, { "slow", PING_SLOW }, { 0 } };

static const struct arg_spec ping_args[] = {
	ROW_CHOICE(struct ping_opts, "mode", mode, enum ping_mode, ping_modes, 0, 0),
	{ 0 }
};

static const struct cmd link_verbs_t[] = {
	{ "show", do_nothing, link_show_args, "show" },
	{ "attach", do_nothing, fx_attach_args, "attach" },
	{ 0 }
};

static const struct cmd prog_verbs_t[] = {
	{ "show", do_nothing, prog_show_args, "show" },
	{ "load", do_nothing, load_args, "load" },
	{ 0 }
};

static const struct cmd objects_t[] = {
	{ "link", NULL, NULL, "links", link_verbs_t, NULL },
	{ "prog", NULL, NULL, "programs", prog_verbs_t, NULL },
	{ "ping", do_nothing, ping_args, "a single command", NULL, NULL },
	{ 0 }
};

static struct lc_ctx ctx = { .bpffs_root = "/sys/fs/bpf" };

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Complete the last word of line (or a new word after a final blank) and join the
 * candidates with blanks; "F:" in front when they are file names (sorted, since
 * directory order is the file system's).
 */
static const char *complete_line(const char *line, char *joined, size_t cap)
{
	struct complete_list list = { 0 };
	struct cmdline cl;
	struct lc_strbuf sb;
	char msg[128];
	size_t len = strlen(line);
	bool new_word = !len || line[len - 1] == ' ';
	int nwords;

	if (cmdline_split(line, len, &cl, msg, sizeof(msg)))
		return "split failed";
	nwords = new_word ? cl.argc : cl.argc - 1;
	lc_complete(&ctx, objects_t, nwords, cl.argv, new_word ? "" : cl.argv[cl.argc - 1], &list);
	if (list.filenames)
		qsort(list.v, list.n, sizeof(*list.v), by_name);
	lc_strbuf_init(&sb, joined, cap);
	lc_strbuf_addf(&sb, "%s", list.filenames ? "F:" : "");
	for (size_t i = 0; i < list.n; i++)
		lc_strbuf_addf(&sb, "%s%s", i ? " " : "", list.v[i]);
	complete_list_free(&list);
	cmdline_free(&cl);
	return joined;
}

#define COMPLETES(line, want, name) do { \
	char j_[4096]; \
	TAP_STREQ(complete_line(line, j_, sizeof(j_)), want, name); \
} while (0)

static void test_tables(void)
{
	COMPLETES("", "link prog ping", "objects");
	COMPLETES("p", "prog ping", "objects by prefix");
	COMPLETES("link ", "show attach help", "verbs and help");
	COMPLETES("l a", "attach", "verb by prefix after an abbreviated object");
	COMPLETES("nosuch ", "", "unknown object: nothing");
	COMPLETES("link nosuch ", "", "unknown verb: nothing");
	COMPLETES("link attach ", "dev prog via skb drv pin pinned allow-uid old-prog exec", "every keyword");
	COMPLETES("link attach skb ", "dev prog via pin pinned allow-uid old-prog exec",
		  "a used keyword and the rest of its group go");
	COMPLETES("link attach allow-uid 5 a", "allow-uid", "a repeatable keyword stays");
	COMPLETES("link attach via ", "link netlink", "choice values");
	COMPLETES("link attach via n", "netlink", "choice by prefix");
	COMPLETES("link attach exec -- ", "", "nothing after a rest keyword");
	COMPLETES("link attach exec ", "", "nothing after a rest keyword without --");
	COMPLETES("link show id 5 ", "", "group member excluded after the other");
	COMPLETES("link show pin", "pinned", "keyword by prefix");
	COMPLETES("ping ", "help mode", "single-command object: help and its keywords");
	COMPLETES("ping mode ", "fast slow", "single-command object's choices");
	COMPLETES("ping help ", "", "nothing after help");
	COMPLETES("prog load x ", "", "positional consumed: nothing left");
}

static void test_progspec(void)
{
	const char *obj = "tests/bpf/xdp_two.bpf.o";

	COMPLETES("link attach prog i", "id", "PROGSPEC kinds");
	COMPLETES("link attach prog id 5 ", "dev via skb drv pin pinned allow-uid old-prog exec",
		  "after prog id ID: the other keywords");
	COMPLETES("link attach prog pinned /nonexistent/x ", "dev via skb drv pin pinned allow-uid old-prog exec",
		  "after prog pinned PATH: the other keywords");
	if (access(obj, R_OK)) {
		printf("ok %d - # skip %s not built (make bpf)\n", ++tap_count, obj);
		return;
	}
	COMPLETES("link attach prog tests/bpf/xdp_t", "F:tests/bpf/xdp_two.bpf.o",
		  "object files for a PROGSPEC (sources left out)");
	COMPLETES("link attach prog tests/bpf/xdp_two.bpf.o ",
		  "name sec dev via skb drv pin pinned allow-uid old-prog exec", "name/sec after an object file");
	COMPLETES("link attach prog tests/bpf/xdp_two.bpf.o name ", "xdp_first xdp_second",
		  "program names read from the object");
	COMPLETES("link attach prog tests/bpf/xdp_two.bpf.o sec ", "xdp xdp.frags",
		  "sections read from the object");
	COMPLETES("link attach prog tests/bpf/xdp_two.bpf.o name xdp_first ",
		  "dev via skb drv pin pinned allow-uid old-prog exec", "keywords again after name PROG");
}

static void make_tree(const char *root)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/a.o", root);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/b.txt", root);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/.hidden", root);
	fclose(fopen(path, "w"));
	snprintf(path, sizeof(path), "%s/sub", root);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/empty", root);
	mkdir(path, 0700);
}

static void test_paths(void)
{
	char root[] = "/tmp/linkctl-unit-complete.XXXXXX", line[512], want[1024], empty[300];

	if (!mkdtemp(root))
		return;
	make_tree(root);
	snprintf(line, sizeof(line), "prog load %s/", root);
	snprintf(want, sizeof(want), "F:%s/a.o %s/b.txt %s/empty %s/sub", root, root, root, root);
	COMPLETES(line, want, "FILE positional: every entry but hidden ones");
	snprintf(line, sizeof(line), "prog load %s/.", root);
	snprintf(want, sizeof(want), "F:%s/.hidden", root);
	COMPLETES(line, want, "hidden entries when asked for");
	snprintf(line, sizeof(line), "link attach prog %s/", root);
	snprintf(want, sizeof(want), "F:%s/a.o %s/empty %s/sub", root, root, root);
	COMPLETES(line, want, "PROGSPEC: object files and directories");
	ctx.bpffs_root = root;
	snprintf(want, sizeof(want), "F:%s/a.o %s/b.txt %s/empty %s/sub", root, root, root, root);
	COMPLETES("link show pinned ", want, "pinned: the bpffs root's entries");
	COMPLETES("link attach pin ", want, "pin: the bpffs root's entries");
	snprintf(line, sizeof(line), "link attach pinned %s/", root);
	COMPLETES(line, want, "an optional-path flag: the bpffs root's entries after it");
	snprintf(want, sizeof(want), "F:%s/a.o %s/b.txt %s/empty %s/sub allow-uid dev drv exec "
		 "old-prog pin prog skb via", root, root, root, root);     /* sorted: file mode */
	COMPLETES("link attach pinned ", want, "an optional-path flag: its paths or the keywords");
	COMPLETES("link attach pinned /nonexistent/x ", "dev prog via skb drv pin allow-uid old-prog exec",
		  "a path after an optional-path flag is its value, not a positional");
	snprintf(empty, sizeof(empty), "%s/empty", root);
	ctx.bpffs_root = empty;
	snprintf(want, sizeof(want), "F:%s", empty);
	COMPLETES("link show pinned ", want, "an empty bpffs root: the root itself");
	ctx.bpffs_root = "/sys/fs/bpf";
	snprintf(line, sizeof(line), "rm -rf '%s'", root);
	if (system(line))
		printf("# could not remove %s\n", root);
}

/* A raw tracepoint link of our own, so there is a link and a program ID to find. */
static struct bpf_link *make_link(struct bpf_object **obj, __u32 *link_id, __u32 *prog_id)
{
	struct bpf_link_info info = { 0 };
	__u32 len = sizeof(info);
	struct bpf_link *link;

	*obj = bpf_object__open_file("tests/bpf/raw_tp.bpf.o", NULL);
	if (libbpf_get_error(*obj) || bpf_object__load(*obj))
		return NULL;
	link = bpf_program__attach(bpf_object__next_program(*obj, NULL));
	if (libbpf_get_error(link) || bpf_obj_get_info_by_fd(bpf_link__fd(link), &info, &len))
		return NULL;
	*link_id = info.id;
	*prog_id = info.prog_id;
	return link;
}

static bool has_word(const char *joined, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = strstr(joined, word); p; p = strstr(p + 1, word))
		if ((p == joined || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
			return true;
	return false;
}

static void test_live(void)
{
	struct bpf_object *obj = NULL;
	__u32 link_id = 0, prog_id = 0;
	struct bpf_link *link;
	char joined[65536], id[16];

	COMPLETES("link attach dev lo", "lo", "devices of this namespace");
	if (geteuid() || access("tests/bpf/raw_tp.bpf.o", R_OK)) {
		printf("ok %d - # skip live IDs need root and tests/bpf/raw_tp.bpf.o\n", ++tap_count);
		return;
	}
	libbpf_set_print(NULL);
	link = make_link(&obj, &link_id, &prog_id);
	TAP_OK(link != NULL, "made a raw_tp link to look for");
	snprintf(id, sizeof(id), "%u", link_id);
	TAP_OK(has_word(complete_line("link show id ", joined, sizeof(joined)), id),
	       "link IDs after id in a link command");
	snprintf(id, sizeof(id), "%u", prog_id);
	TAP_OK(has_word(complete_line("prog show id ", joined, sizeof(joined)), id),
	       "program IDs after id in a prog command");
	TAP_OK(has_word(complete_line("link attach prog id ", joined, sizeof(joined)), id),
	       "program IDs after prog id");
	TAP_OK(has_word(complete_line("link attach old-prog ", joined, sizeof(joined)), id),
	       "program IDs after a keyword naming prog with an ID meta");
	COMPLETES("link attach allow-uid ", "", "other numbers: nothing");
	bpf_link__destroy(link);
	bpf_object__close(obj);
}

int main(void)
{
	test_tables();
	test_progspec();
	test_paths();
	test_live();
	return TAP_DONE();
}
