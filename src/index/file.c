/* Index blocks: validation, save, load by mmap, lookups. Validation trusts
 * nothing in the block: a file that passes its checksum may still have been
 * crafted, so every span and every stored index is checked before use. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "format.h"
#include "index.h"
#include "lexicon/model.h"
#include "score/competency_model.h"
#include "score/params.h"
#include "tokenise/analyse.h"
#include "util/error.h"
#include "util/fileio.h"

#define BAD(...) evm_err(EVM_ECORRUPT, __VA_ARGS__)

static int span_ok(const evm_span *s, size_t elem, size_t size)
{
	if (s->off % 8 || s->off > size)
		return 0;
	if (s->count > (size - s->off) / (elem ? elem : 1))
		return 0;
	return 1;
}

/* Offsets in starts[0..n] must rise from 0 to total. */
static int starts_ok(const uint32_t *st, size_t n, size_t total)
{
	if (st[0] != 0 || st[n] != total)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (st[i] > st[i + 1])
			return 0;
	return 1;
}

/* Each competency of framework f's class in model cm, into *out (malloc'd):
 * 1 if cm covers exactly its competencies, 0 if not, -1 out of memory. */
static int model_map(const evm_index *ix, uint32_t f, const evm_cmodel *cm, uint16_t **out)
{
	*out = NULL;
	const evm_framework *fw = evm_lexicon_framework(ix->lexicon, f);
	size_t nc = evm_framework_competency_count(fw);
	if (!nc || evm_cmodel_framework_classes(cm, evm_framework_id(fw)) != nc)
		return 0;
	uint16_t *mc = calloc(nc, sizeof *mc);
	if (!mc)
		return -1;
	for (size_t c = 0; c < nc; c++) {
		int k = evm_cmodel_class(cm, evm_framework_id(fw), evm_framework_competency(fw, c)->name);
		if (k < 0) {
			free(mc);
			return 0;
		}
		mc[c] = (uint16_t)k;
	}
	*out = mc;
	return 1;
}

int evm_index_load_competency_model(evm_index *ix, const char *path)
{
	if (!ix || !path)
		return evm_err(EVM_EINVAL, "evm_index_load_competency_model: NULL argument");
	if (ix->own_model)
		return evm_err(EVM_EINVAL, "%s: a competency model is loaded already", path);
	char *text;
	size_t len;
	int rc = evm_read_file(path, (size_t)256 << 20, &text, &len);
	if (rc < 0)
		return rc;
	evm_cmodel *cm;
	rc = evm_cmodel_parse(path, text, len, &cm);
	free(text);
	if (rc < 0)
		return rc;
	/* every mapping first, so that a refusal leaves the index as it was */
	uint16_t *maps[64] = {0};
	int any = 0;
	for (uint32_t f = 0; f < ix->nframeworks && rc == EVM_OK; f++) {
		int k = model_map(ix, f, cm, &maps[f]);
		if (k < 0)
			rc = evm_err(EVM_ENOMEM, "out of memory");
		any |= k > 0;
	}
	if (rc == EVM_OK && !any)
		rc = evm_err(EVM_ENOTFOUND, "%s: covers none of the loaded frameworks exactly (each needs a class for every one of its competencies, spelt as the lexicon spells them)", path);
	for (uint32_t f = 0; f < ix->nframeworks; f++) {
		if (!maps[f])
			continue;
		if (rc < 0) {
			free(maps[f]);
			continue;
		}
		free(ix->model_class[f]);
		ix->model_class[f] = maps[f];
		ix->model[f] = cm;
	}
	if (rc < 0) {
		evm_cmodel_free(cm);
		return rc;
	}
	ix->own_model = cm;
	return EVM_OK;
}

int evm_ix_attach(evm_index *ix, void *block, size_t size, int mapped, const char *name, const evm_lexicon *lx)
{
	static _Atomic uint64_t serials;
	ix->serial = atomic_fetch_add(&serials, 1) + 1;
	ix->block = block;
	ix->block_size = size;
	ix->mapped = mapped;
	evm_arena_init(&ix->stop_arena);
	if (size < sizeof(evm_ix_header))
		return BAD("%s: not an evmatch index (too short: %zu bytes)", name, size);
	evm_ix_header h;
	memcpy(&h, block, sizeof h);
	if (memcmp(h.magic, EVM_IX_MAGIC, 8) != 0)
		return BAD("%s: not an evmatch index (bad magic)", name);
	if (h.endian != EVM_IX_ENDIAN)
		return BAD("%s: index written on a machine of other byte order", name);
	if (h.version != EVM_IX_VERSION)
		return BAD("%s: index format version %u; this build reads version %u (rebuild it with 'evmatch index build')",
			   name, h.version, EVM_IX_VERSION);
	if (h.size != size)
		return BAD("%s: truncated or extended index (%zu bytes, header says %llu)", name, size,
			   (unsigned long long)h.size);
	uint64_t want = h.checksum;
	if (!lx) { /* a block just built here has had no chance to go bad */
		((evm_ix_header *)block)->checksum = 0;
		uint64_t got = XXH64(block, size, 0);
		((evm_ix_header *)block)->checksum = want;
		if (got != want)
			return BAD("%s: checksum mismatch: the index is corrupt", name);
	}
	const char *base = block;
	if (!span_ok(&h.strings, 1, size) || !h.strings.count || base[h.strings.off + h.strings.count - 1] != '\0' ||
	    !span_ok(&h.term_str, 4, size) || h.term_str.count != h.nterms || !span_ok(&h.vocab, 4, size) ||
	    h.vocab.count != h.vocab_cap || !h.vocab_cap || (h.vocab_cap & (h.vocab_cap - 1)) ||
	    !span_ok(&h.phrases, sizeof(evm_ix_phrase), size) || h.phrases.count != h.nphrases ||
	    !span_ok(&h.phrase_slots, 4, size) || h.phrase_slots.count != h.phrase_cap || !h.phrase_cap ||
	    (h.phrase_cap & (h.phrase_cap - 1)) || !span_ok(&h.exp, sizeof(evm_ix_expansion), size) ||
	    !span_ok(&h.cues, sizeof(evm_ix_cue), size) || !span_ok(&h.lextext, 1, size) || !h.lextext.count ||
	    base[h.lextext.off + h.lextext.count - 1] != '\0' || !span_ok(&h.stoptext, 1, size) || !h.stoptext.count ||
	    base[h.stoptext.off + h.stoptext.count - 1] != '\0' || h.nframeworks > EVM_IX_MAX_FW)
		return BAD("%s: index sections out of bounds", name);
	ix->strings = base + h.strings.off;
	ix->nterms = h.nterms;
	ix->term_str = (const uint32_t *)(base + h.term_str.off);
	ix->vocab_cap = h.vocab_cap;
	ix->vocab = (const uint32_t *)(base + h.vocab.off);
	ix->nphrases = h.nphrases;
	ix->phrase_cap = h.phrase_cap;
	ix->phrases = (const evm_ix_phrase *)(base + h.phrases.off);
	ix->phrase_slots = (const uint32_t *)(base + h.phrase_slots.off);
	ix->exp = (const evm_ix_expansion *)(base + h.exp.off);
	ix->cues = (const evm_ix_cue *)(base + h.cues.off);
	ix->nframeworks = h.nframeworks;
	/* A block just built here (lx given) was written by the builder from
	 * checked values; the loops below, which look at every entry, guard
	 * against a file that went bad or was made by something else, and cost
	 * a twentieth of a build. The round-trip tests load what the builder
	 * writes through all of them. */
	const int every_entry = !lx;
	for (uint32_t t = 0; every_entry && t < h.nterms; t++)
		if (ix->term_str[t] >= h.strings.count)
			return BAD("%s: term string out of bounds", name);
	for (uint32_t j = 0; every_entry && j < h.vocab_cap; j++)
		if (ix->vocab[j] > h.nterms)
			return BAD("%s: vocabulary slot out of range", name);
	for (uint32_t j = 0; every_entry && j < h.phrase_cap; j++)
		if (ix->phrase_slots[j] > h.nphrases)
			return BAD("%s: phrase slot out of range", name);
	for (uint32_t i = 0; every_entry && i < h.nphrases; i++) {
		const evm_ix_phrase *p = &ix->phrases[i];
		if (!p->n || p->n > EVM_PHRASE_MAX || p->text >= h.strings.count || p->source >= h.strings.count ||
		    p->exp_start > h.exp.count || p->exp_n > h.exp.count - p->exp_start || p->cue_start > h.cues.count ||
		    p->cue_n > h.cues.count - p->cue_start || !(p->seniority <= 1) /* also NaN; negative is "none" */)
			return BAD("%s: phrase %u malformed", name, i);
		for (uint32_t k = 0; k < p->n; k++)
			if (p->ids[k] >= h.nterms)
				return BAD("%s: phrase %u names an unknown term", name, i);
	}
	for (uint64_t i = 0; every_entry && i < h.exp.count; i++)
		if (ix->exp[i].term >= h.nterms || !isfinite(ix->exp[i].w))
			return BAD("%s: expansion to an unknown term", name);
	for (uint64_t i = 0; every_entry && i < h.cues.count; i++)
		if (ix->cues[i].fw >= h.nframeworks || ix->cues[i].source >= h.strings.count || !isfinite(ix->cues[i].w))
			return BAD("%s: cue for an unknown framework", name);

	/* the lexicon inside, then the frameworks' arrays against it */
	int rc = lx ? evm_lexicon_share(lx, &ix->lexicon) : evm_lexicon_new(&ix->lexicon);
	if (rc == EVM_OK && !lx)
		rc = evm_lexicon_load_buffer(ix->lexicon, name, base + h.lextext.off, h.lextext.count - 1);
	if (rc < 0)
		return BAD("%s: the lexicon inside the index does not load: %s", name, evm_error_message());
	if (evm_lexicon_framework_count(ix->lexicon) != h.nframeworks)
		return BAD("%s: index has %u frameworks, its lexicon %zu", name, h.nframeworks,
			   evm_lexicon_framework_count(ix->lexicon));
	for (uint32_t f = 0; f < h.nframeworks; f++) {
		const evm_fw_header *fh = &h.fw[f];
		const evm_framework *fw = evm_lexicon_framework(ix->lexicon, f);
		evm_ix_framework *x = &ix->fw[f];
		if (!span_ok(&fh->docs, sizeof(evm_ix_doc), size) || fh->docs.count != fh->ndocs ||
		    !span_ok(&fh->post_start, 4, size) || fh->post_start.count != (uint64_t)h.nterms + 1 ||
		    !span_ok(&fh->post, sizeof(evm_ix_posting), size) || !span_ok(&fh->cpost_start, 4, size) ||
		    fh->cpost_start.count != (uint64_t)h.nterms + 1 || !span_ok(&fh->cpost, sizeof(evm_ix_cposting), size) ||
		    !span_ok(&fh->comp_norm, 4, size) || fh->comp_norm.count != fh->ncomp ||
		    !span_ok(&fh->typical, 4, size) || fh->typical.count != fh->ncomp ||
		    fh->ncomp != evm_framework_competency_count(fw))
			return BAD("%s: framework %u sections out of bounds", name, f);
		x->ndocs = fh->ndocs;
		x->ncomp = fh->ncomp;
		x->docs = (const evm_ix_doc *)(base + fh->docs.off);
		x->post_start = (const uint32_t *)(base + fh->post_start.off);
		x->post = (const evm_ix_posting *)(base + fh->post.off);
		x->cpost_start = (const uint32_t *)(base + fh->cpost_start.off);
		x->cpost = (const evm_ix_cposting *)(base + fh->cpost.off);
		x->comp_norm = (const float *)(base + fh->comp_norm.off);
		x->typical = (const float *)(base + fh->typical.off);
		for (uint32_t c = 0; c < x->ncomp; c++)
			if (!(x->typical[c] > 0) || x->typical[c] > 1e9f) /* also NaN: scores are divided by it */
				return BAD("%s: framework %u typical evidence of competency %u malformed", name, f, c);
		if (!starts_ok(x->post_start, h.nterms, fh->post.count) || !starts_ok(x->cpost_start, h.nterms, fh->cpost.count))
			return BAD("%s: framework %u postings malformed", name, f);
		/* explanations binary-search the postings and stop early in the
		 * class postings: both must be strictly ordered */
		for (uint32_t t = 0; every_entry && t < h.nterms; t++) {
			for (uint32_t k = x->post_start[t] + 1; k < x->post_start[t + 1]; k++)
				if (x->post[k].doc <= x->post[k - 1].doc)
					return BAD("%s: framework %u postings of term %u out of order", name, f, t);
			for (uint32_t k = x->cpost_start[t] + 1; k < x->cpost_start[t + 1]; k++)
				if (x->cpost[k].comp <= x->cpost[k - 1].comp)
					return BAD("%s: framework %u class postings of term %u out of order", name, f, t);
		}
		size_t nind = evm_framework_indicator_count(fw);
		for (uint32_t d = 0; every_entry && d < x->ndocs; d++) {
			const evm_ix_doc *doc = &x->docs[d];
			int def = doc->flags & EVM_DOC_DEFINITION;
			if (doc->comp >= x->ncomp || doc->polarity > EVM_POL_OVERDONE ||
			    (def ? doc->indicator != doc->comp : doc->indicator >= nind))
				return BAD("%s: framework %u document %u malformed", name, f, d);
		}
		for (uint64_t k = 0; every_entry && k < fh->post.count; k++)
			if (x->post[k].doc >= x->ndocs || !isfinite(x->post[k].w))
				return BAD("%s: framework %u posting out of range", name, f);
		for (uint64_t k = 0; every_entry && k < fh->cpost.count; k++)
			if (x->cpost[k].comp >= x->ncomp || !isfinite(x->cpost[k].w))
				return BAD("%s: framework %u class posting out of range", name, f);
	}
	for (uint64_t i = 0; every_entry && i < h.cues.count; i++)
		if (ix->cues[i].comp >= ix->fw[ix->cues[i].fw].ncomp)
			return BAD("%s: cue for an unknown competency", name);
	/* derived once here so matching never has to look for them */
	ix->phrase_first = calloc(h.nterms + 1, 1);
	if (!ix->phrase_first)
		return evm_err(EVM_ENOMEM, "out of memory");
	for (uint32_t i = 0; i < h.nphrases; i++)
		if (ix->phrases[i].n >= 1 && ix->phrases[i].n <= EVM_PHRASE_MAX)
			ix->phrase_first[ix->phrases[i].ids[0]] |= (uint8_t)(1u << (ix->phrases[i].n - 1));
	for (uint32_t f = 0; f < h.nframeworks; f++)
		for (uint32_t d = 0; d < ix->fw[f].ndocs; d++) {
			ix->fw_negative[f] |= ix->fw[f].docs[d].polarity != EVM_POL_EFFECTIVE;
			ix->fw_underdone[f] |= ix->fw[f].docs[d].polarity == EVM_POL_UNDERDONE;
		}
	/* what matching divides each competency's evidence by to rank it */
	const double tpow = evm_params_get()->typical_pow;
	for (uint32_t f = 0; f < h.nframeworks; f++) {
		double *dv = calloc((size_t)ix->fw[f].ncomp + 1, sizeof *dv);
		if (!dv)
			return evm_err(EVM_ENOMEM, "out of memory");
		ix->typical_div[f] = dv;
		for (uint32_t c = 0; c < ix->fw[f].ncomp; c++)
			dv[c] = pow(ix->fw[f].typical[c], tpow);
	}
	for (uint32_t f = 0; f < h.nframeworks; f++) {
		int k = model_map(ix, f, evm_cmodel_builtin(), &ix->model_class[f]);
		if (k < 0)
			return evm_err(EVM_ENOMEM, "out of memory");
		ix->model[f] = k ? evm_cmodel_builtin() : NULL;
	}
	for (uint32_t f = 0; f < h.nframeworks; f++) {
		const evm_ix_framework *x = &ix->fw[f];
		uint32_t *bc = calloc((size_t)x->ncomp + 1 + x->ndocs, sizeof *bc);
		if (!bc)
			return evm_err(EVM_ENOMEM, "out of memory");
		ix->by_comp[f] = bc;
		for (uint32_t d = 0; d < x->ndocs; d++) /* competencies were checked above */
			if (x->docs[d].comp + 1u < x->ncomp)
				bc[x->docs[d].comp + 2]++;
		for (uint32_t c = 2; c <= x->ncomp; c++)
			bc[c] += bc[c - 1];
		/* bc[c + 1] is now where competency c's documents go; filling moves
		 * it to their end, which is where c + 1's begin */
		for (uint32_t d = 0; d < x->ndocs; d++)
			bc[x->ncomp + 1 + bc[x->docs[d].comp + 1]++] = d;
	}
	rc = evm_stopwords_parse(&ix->stopwords, &ix->stop_arena, base + h.stoptext.off, h.stoptext.count - 1);
	ix->checksum = want;
	return rc;
}

void evm_index_free(evm_index *ix)
{
	if (!ix)
		return;
	evm_lexicon_free(ix->lexicon);
	free(ix->phrase_first);
	for (uint32_t f = 0; f < 64; f++) {
		free(ix->by_comp[f]);
		free(ix->typical_div[f]);
		free(ix->model_class[f]);
	}
	evm_cmodel_free(ix->own_model);
	evm_strmap_free(&ix->stopwords);
	evm_arena_free(&ix->stop_arena);
	if (ix->mapped)
		munmap(ix->block, ix->block_size);
	else
		free(ix->block);
	free(ix);
}

const evm_lexicon *evm_index_lexicon(const evm_index *ix) { return ix->lexicon; }

void evm_index_stats(const evm_index *ix, size_t *terms, size_t *docs, size_t *phrases)
{
	size_t nd = 0;
	for (uint32_t f = 0; f < ix->nframeworks; f++)
		nd += ix->fw[f].ndocs;
	if (terms)
		*terms = ix->nterms;
	if (docs)
		*docs = nd;
	if (phrases)
		*phrases = ix->nphrases;
}

int evm_index_save(const evm_index *ix, const char *path)
{
	/* write to a temporary name, then rename: a crash never leaves half an index */
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return evm_err(EVM_EINVAL, "%s: path too long", path);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return evm_err(EVM_EIO, "%s: cannot create: %s", tmp, strerror(errno));
	int ok = fwrite(ix->block, 1, ix->block_size, f) == ix->block_size;
	ok &= fflush(f) == 0;
	int err = errno;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, path) != 0) {
		err = errno ? errno : err;
		unlink(tmp);
		return evm_err(EVM_EIO, "%s: cannot write: %s", path, strerror(err));
	}
	return EVM_OK;
}

int evm_index_load(const char *path, evm_index **out)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return evm_err(EVM_EIO, "%s: cannot open: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return evm_err(EVM_EIO, "%s: not a regular file", path);
	}
	size_t size = (size_t)st.st_size;
	if (size < sizeof(evm_ix_header)) {
		close(fd);
		return BAD("%s: not an evmatch index (too short: %zu bytes)", path, size);
	}
	/* private and writable: the checksum check zeroes a field in place */
	void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return evm_err(EVM_EIO, "%s: cannot map: %s", path, strerror(errno));
	evm_index *ix = calloc(1, sizeof *ix);
	if (!ix) {
		munmap(m, size);
		return evm_err(EVM_ENOMEM, "out of memory");
	}
	int rc = evm_ix_attach(ix, m, size, 1, path, NULL);
	if (rc < 0) {
		evm_index_free(ix);
		return rc;
	}
	*out = ix;
	return EVM_OK;
}

uint32_t evm_ix_term(const evm_index *ix, const char *s, size_t len)
{
	uint32_t j = (uint32_t)evm_hash(s, len) & (ix->vocab_cap - 1);
	for (uint32_t probes = 0; probes < ix->vocab_cap; probes++) {
		uint32_t v = ix->vocab[j];
		if (!v)
			return EVM_NO_TERM;
		const char *t = ix->strings + ix->term_str[v - 1];
		if (strncmp(t, s, len) == 0 && t[len] == '\0')
			return v - 1;
		j = (j + 1) & (ix->vocab_cap - 1);
	}
	return EVM_NO_TERM;
}

int64_t evm_ix_phrase_find(const evm_index *ix, const uint32_t *ids, uint32_t n)
{
	uint32_t j = (uint32_t)evm_hash(ids, n * sizeof(uint32_t)) & (ix->phrase_cap - 1);
	for (uint32_t probes = 0; probes < ix->phrase_cap; probes++) {
		uint32_t v = ix->phrase_slots[j];
		if (!v)
			return -1;
		const evm_ix_phrase *p = &ix->phrases[v - 1];
		if (p->n == n && memcmp(p->ids, ids, n * sizeof(uint32_t)) == 0)
			return v - 1;
		j = (j + 1) & (ix->phrase_cap - 1);
	}
	return -1;
}

const char *evm_ix_term_text(const evm_index *ix, uint32_t id)
{
	return id < ix->nterms ? ix->strings + ix->term_str[id] : "";
}
