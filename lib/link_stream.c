// SPDX-License-Identifier: GPL-2.0-only
/* link_stream.c: lc_link_walk on a thread, its links queued in chunks that never move. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "link_stream.h"

#define RECS_PER_CHUNK  256
#define NAMES_PER_CHUNK (RECS_PER_CHUNK * 64)   /* a longer name than average ends the chunk early */
/*
 * Links the walker queues before it wakes the reader. The reader is the faster of the
 * two and sleeps whenever it catches up; on a VM each wake-up is an interrupt to an idle
 * CPU that costs tens of microseconds on both sides, so it is woken seldom, but not so
 * seldom that much is left to print when the walk ends.
 */
#define WAKE_EVERY      512
/*
 * Chunks queued at most: a walker that far ahead waits for the reader (which waits for
 * the owner scan at first), so that memory does not grow with the number of links.
 */
#define QUEUED_MAX      8

struct rec {
	struct lc_bpf_link_info info;
	unsigned int name_off, name_len;
	bool defunct;
};

struct chunk {
	struct chunk *next;             /* set, under the lock, only once the chunk is full */
	unsigned int n;                 /* records written (the walker's own count) */
	unsigned int n_published;       /* records the reader may read (under the lock) */
	unsigned int names_used;
	struct rec recs[RECS_PER_CHUNK];
	char names[NAMES_PER_CHUNK];
};

struct lc_link_stream {
	lc_link_keep_fn keep;
	const void *keep_arg;
	pthread_t walker;
	bool threaded;
	atomic_bool cancel;             /* the reader gave up: stop walking */

	pthread_mutex_t lock;
	pthread_cond_t more;
	pthread_cond_t room;            /* a chunk was read, or the reader gave up */
	unsigned int queued;            /* under the lock: sealed chunks not yet read */
	bool done;                      /* under the lock: the walk ended, rc and err are final */
	int rc;
	struct lc_err err;
	struct lc_link_walk_stats stats;

	struct chunk *head, *tail;      /* head: the reader's (oldest unread), tail: the walker's */
	struct chunk *spare;            /* under the lock: chunks read, for the walker to reuse */
	unsigned int unpublished;       /* the walker's */
	struct chunk *rchunk;           /* the reader's position */
	unsigned int ridx, ravail;
};

/*
 * An empty chunk: one the reader is done with if there is one (under the lock), so that
 * a reader keeping up keeps the queue to a few chunks that stay in the cache, not a
 * megabyte of fresh pages to fault in.
 */
static struct chunk *chunk_get(struct lc_link_stream *s)
{
	struct chunk *c = s->spare;

	if (c)
		s->spare = c->next;
	else if (!(c = malloc(sizeof(*c))))
		return NULL;
	c->next = NULL;
	c->n = c->n_published = c->names_used = 0;
	return c;
}

/*
 * Make what the walker queued visible; with seal, move on to a new tail chunk. The
 * reader is woken once WAKE_EVERY links wait for it.
 */
static int publish(struct lc_link_stream *s, bool seal)
{
	int rc = 0;

	pthread_mutex_lock(&s->lock);
	s->tail->n_published = s->tail->n;
	if (seal) {
		struct chunk *next = chunk_get(s);

		if (next) {
			s->tail->next = next;
			s->tail = next;
			s->queued++;
		} else {
			rc = -ENOMEM;
		}
	}
	while (s->threaded && s->queued > QUEUED_MAX && !atomic_load(&s->cancel)) {
		pthread_cond_signal(&s->more);      /* the reader may sleep until WAKE_EVERY */
		s->unpublished = 0;
		pthread_cond_wait(&s->room, &s->lock);
	}
	if (s->unpublished >= WAKE_EVERY) {
		pthread_cond_signal(&s->more);
		s->unpublished = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static int queue_link(int fd, const struct lc_link *l, void *arg)
{
	struct lc_link_stream *s = arg;
	size_t name_len = strlen(l->name);
	struct chunk *c = s->tail;
	struct rec *r;

	(void)fd;
	if (atomic_load_explicit(&s->cancel, memory_order_relaxed))
		return -ECANCELED;
	if (s->keep && !s->keep(l, s->keep_arg))
		return 0;
	if (c->n == RECS_PER_CHUNK || c->names_used + name_len + 1 > NAMES_PER_CHUNK) {
		if (publish(s, true))
			return lc_err_set(&s->err, -ENOMEM, "cannot list links");
		c = s->tail;
	}
	r = &c->recs[c->n];
	r->info = l->info;
	r->defunct = l->defunct;
	r->name_off = c->names_used;
	r->name_len = (unsigned int)name_len;
	memcpy(c->names + c->names_used, l->name, name_len + 1);
	c->names_used += (unsigned int)name_len + 1;
	c->n++;
	if (++s->unpublished == WAKE_EVERY)
		publish(s, false);
	return 0;
}

static void *walk(void *arg)
{
	struct lc_link_stream *s = arg;
	struct lc_err err = { 0 };
	int rc;

	/*
	 * A private fd table: while the table is shared between threads, every syscall
	 * on an fd takes and drops a file reference, which made the walk a tenth slower.
	 */
	if (s->threaded && !unshare(CLONE_FILES))
		rc = lc_link_walk_own_fds(queue_link, s, &s->stats, &err);
	else
		rc = lc_link_walk(queue_link, s, &s->stats, &err);

	pthread_mutex_lock(&s->lock);
	s->tail->n_published = s->tail->n;
	s->rc = rc;
	if (rc && !s->err.code)         /* queue_link's own errors are already in s->err */
		s->err = err;
	s->done = true;
	pthread_cond_signal(&s->more);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int lc_link_stream_start(struct lc_link_stream **out, lc_link_keep_fn keep, const void *arg,
			 struct lc_err *err)
{
	struct lc_link_stream *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s || !(s->head = chunk_get(s))) {
		free(s);
		return lc_err_set(err, -ENOMEM, "cannot list links");
	}
	s->keep = keep;
	s->keep_arg = arg;
	s->tail = s->rchunk = s->head;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->more, NULL);
	pthread_cond_init(&s->room, NULL);
	s->threaded = true;         /* read by the thread as it starts */
	if (pthread_create(&s->walker, NULL, walk, s)) {
		s->threaded = false;
		walk(s);
	}
	*out = s;
	return 0;
}

int lc_link_stream_next(struct lc_link_stream *s, struct lc_link *l, struct lc_err *err)
{
	const struct rec *r;

	if (s->ridx == s->ravail) {
		pthread_mutex_lock(&s->lock);
		for (;;) {
			if (s->ridx < s->rchunk->n_published) {
				s->ravail = s->rchunk->n_published;
				break;
			}
			if (s->rchunk->next) {      /* sealed: every record of it was read */
				struct chunk *done = s->rchunk;

				s->rchunk = s->head = done->next;
				done->next = s->spare;
				s->spare = done;
				s->ridx = s->ravail = 0;
				if (s->queued-- > QUEUED_MAX)
					pthread_cond_signal(&s->room);
				continue;
			}
			if (s->done) {
				pthread_mutex_unlock(&s->lock);
				if (s->rc)
					*err = s->err;
				return s->rc;
			}
			pthread_cond_wait(&s->more, &s->lock);
		}
		pthread_mutex_unlock(&s->lock);
	}
	r = &s->rchunk->recs[s->ridx++];
	l->info = r->info;
	l->defunct = r->defunct;
	memcpy(l->name, s->rchunk->names + r->name_off, r->name_len + 1);
	return 1;
}

const struct lc_link_walk_stats *lc_link_stream_stats(const struct lc_link_stream *s)
{
	return &s->stats;
}

void lc_link_stream_free(struct lc_link_stream *s)
{
	struct chunk *c, *next;

	if (!s)
		return;
	if (s->threaded) {
		pthread_mutex_lock(&s->lock);
		atomic_store(&s->cancel, true);
		pthread_cond_signal(&s->room);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->walker, NULL);
	}
	for (c = s->head; c; c = next) {
		next = c->next;
		free(c);
	}
	for (c = s->spare; c; c = next) {
		next = c->next;
		free(c);
	}
	pthread_cond_destroy(&s->more);
	pthread_cond_destroy(&s->room);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
