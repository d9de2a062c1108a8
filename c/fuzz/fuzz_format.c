/* fuzz_format.c — the format parsers: mv_format_item, mv_code_lookup and the
 * struct compiler, on arbitrary bytes.
 *
 * Checks: no crash or sanitizer report; a failure sets a NUL-terminated
 * message and leaves outputs untouched; an accepted memoryview format is one
 * native code after an optional '@'; a compiled struct's codes fit the bound,
 * lie inside calcsize, in order, and count nvalues values; compiling is
 * deterministic. */
#include "fuzz_common.h"

static void check_format_item(const uint8_t *data, size_t size)
{
    char fmt[64];
    size_t n = size < sizeof fmt - 1 ? size : sizeof fmt - 1;
    memcpy(fmt, data, n);
    fmt[n] = '\0';
    const mv_code *sentinel = (const mv_code *)&fmt; /* any non-NULL address */
    const mv_code *c = sentinel;
    mv_error err;
    err.msg[0] = '\0';
    mv_status st = mv_format_item(fmt, &c, &err);
    if (st == MV_OK) {
        const char *code = fmt[0] == '@' ? fmt + 1 : fmt;
        FUZZ_CHECK(code[0] != '\0' && code[1] == '\0');
        FUZZ_CHECK(c != NULL && c->code == code[0]);
        FUZZ_CHECK(c == mv_code_lookup(code[0], '@'));
        FUZZ_CHECK(c->size >= 1 && c->size <= 8);
        FUZZ_CHECK(c->kind != MV_KIND_PAD && c->kind != MV_KIND_STRING &&
                   c->kind != MV_KIND_PASCAL);
    } else {
        FUZZ_CHECK(st == MV_NOT_IMPLEMENTED_ERROR);
        FUZZ_CHECK(c == sentinel);
        FUZZ_CHECK(err.msg[0] != '\0' && memchr(err.msg, '\0', sizeof err.msg) != NULL);
    }
}

static void check_code_lookup(const uint8_t *data, size_t size)
{
    static const char modes[] = {'@', '=', '<', '>', '!'};
    for (size_t k = 0; k < size && k < 8; k++) {
        for (size_t m = 0; m < sizeof modes; m++) {
            const mv_code *c = mv_code_lookup((char)data[k], modes[m]);
            if (c == NULL)
                continue;
            FUZZ_CHECK(c->code == (char)data[k]);
            FUZZ_CHECK(c->size >= 1 && c->size <= 8);
            FUZZ_CHECK(c->align >= 1 && (c->align & (c->align - 1)) == 0);
            FUZZ_CHECK(modes[m] == '@' || c->align == 1);
            FUZZ_CHECK(c->kind >= MV_KIND_SIGNED && c->kind <= MV_KIND_PASCAL);
        }
        /* An arbitrary mode byte is not a crash either. */
        (void)mv_code_lookup((char)data[k], (char)data[(k + 1) % size]);
    }
}

static void check_struct_compile(const uint8_t *data, size_t size)
{
    mv_ssize len = (mv_ssize)size;
    mv_ssize bound = mv_struct_codes_bound((const char *)data, len);
    FUZZ_CHECK(bound >= 0);
    mv_struct_code *codes = malloc(sizeof *codes * (size_t)(bound ? bound : 1));
    mv_struct_code *again = malloc(sizeof *again * (size_t)(bound ? bound : 1));
    if (codes == NULL || again == NULL) {
        free(codes);
        free(again);
        return;
    }
    mv_struct s, s2;
    memset(&s, 0x5A, sizeof s);
    mv_struct before = s;
    mv_error err;
    mv_status st = mv_struct_compile((const char *)data, len, codes, bound, &s, &err);
    if (st != MV_OK) {
        FUZZ_CHECK(st == MV_STRUCT_ERROR || st == MV_VALUE_ERROR || st == MV_OVERFLOW_ERROR ||
                   st == MV_MEMORY_ERROR);
        FUZZ_CHECK(memcmp(&s, &before, sizeof s) == 0);
        FUZZ_CHECK(err.msg[0] != '\0' && memchr(err.msg, '\0', sizeof err.msg) != NULL);
    } else {
        FUZZ_CHECK(s.codes == codes);
        FUZZ_CHECK(s.ncodes >= 0 && s.ncodes <= bound);
        FUZZ_CHECK(s.size >= 0 && s.nvalues >= 0);
        int64_t values = 0, end = 0;
        for (mv_ssize k = 0; k < s.ncodes; k++) {
            const mv_struct_code *c = &codes[k];
            FUZZ_CHECK(c->code != NULL);
            FUZZ_CHECK(c->offset >= end); /* in order, not overlapping */
            FUZZ_CHECK(c->size >= 0 && c->repeat >= 0);
            int64_t run_end = (int64_t)c->offset + (int64_t)c->size * c->repeat;
            FUZZ_CHECK(run_end <= s.size);
            end = run_end;
            if (c->code->kind == MV_KIND_STRING || c->code->kind == MV_KIND_PASCAL) {
                FUZZ_CHECK(c->repeat == 1);
                values += 1;
            } else if (c->code->kind != MV_KIND_PAD) {
                FUZZ_CHECK(c->size == c->code->size);
                values += c->repeat;
            }
        }
        FUZZ_CHECK(values == s.nvalues);
        /* Deterministic: the same bytes compile to the same codes. */
        FUZZ_CHECK(mv_struct_compile((const char *)data, len, again, bound, &s2, &err) == MV_OK);
        FUZZ_CHECK(s2.size == s.size && s2.nvalues == s.nvalues && s2.ncodes == s.ncodes &&
                   s2.big_endian == s.big_endian);
        for (mv_ssize k = 0; k < s.ncodes; k++)
            FUZZ_CHECK(codes[k].offset == again[k].offset && codes[k].size == again[k].size &&
                       codes[k].repeat == again[k].repeat && codes[k].code == again[k].code);
    }
    free(codes);
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_format_item(data, size);
    check_code_lookup(data, size);
    check_struct_compile(data, size);
    return 0;
}
