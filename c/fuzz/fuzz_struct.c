/* fuzz_struct.c — struct: compile an arbitrary format, pack arbitrary values,
 * unpack, pack_into / unpack_from at arbitrary offsets, iter_unpack's checks.
 *
 * Checks: pack writes exactly calcsize bytes (guards around it stay intact);
 * a successful pack unpacks to values that pack again to the same bytes;
 * pack_into writes only inside [offset, offset + size) of its buffer (ASan
 * and a byte-by-byte comparison); unpack_from reads only inside the view;
 * every failure leaves a NUL-terminated message. */
#include "fuzz_common.h"

#define MAX_VALUES 64
#define MAX_SIZE 4096

static void fuzz_value(fuzz_input *in, mv_value *v)
{
    memset(v, 0, sizeof *v);
    uint8_t sel = fuzz_u8(in);
    switch (sel % 6) {
    case 0: case 1: /* an int in int64 */
        v->tag = MV_VAL_INT;
        v->i = (sel & 8) ? (int64_t)(int8_t)fuzz_u8(in)
                         : (int64_t)(((uint64_t)fuzz_u32(in) << 32) | fuzz_u32(in));
        v->d = (double)v->i;
        v->truthy = v->i != 0;
        break;
    case 2: /* an int in [2**63, 2**64) or beyond */
        v->tag = MV_VAL_INT;
        v->intrange = (sel & 8) ? 2 : 1;
        v->i = (int64_t)(((uint64_t)fuzz_u32(in) << 32) | fuzz_u32(in));
        v->d = v->intrange == 1 ? (double)(uint64_t)v->i : ((sel & 16) ? INFINITY : -1e30);
        v->truthy = 1;
        break;
    case 3: /* a float */
        v->tag = MV_VAL_FLOAT;
        v->d = fuzz_int_arg(in) / ((sel & 8) ? 3.0 : 1.0);
        v->truthy = v->d != 0;
        break;
    case 4: { /* bytes, borrowed from the input */
        v->tag = MV_VAL_BYTES;
        size_t n = fuzz_u8(in) % 300;
        if (n > in->n)
            n = in->n;
        v->data = in->p;
        v->len = (mv_ssize)n;
        in->p += n;
        in->n -= n;
        v->truthy = n != 0;
        break;
    }
    default:
        v->tag = (sel & 8) ? MV_VAL_BOOL : MV_VAL_OTHER;
        v->i = (sel >> 4) & 1;
        v->d = (double)v->i;
        v->truthy = (int32_t)v->i;
        break;
    }
}

/* Unpacked values as pack takes them back: bools carry their truthiness. */
static void as_pack_input(mv_value *v)
{
    if (v->tag == MV_VAL_BOOL)
        v->truthy = v->i != 0;
    else if (v->tag == MV_VAL_FLOAT)
        v->truthy = v->d != 0;
    else if (v->tag == MV_VAL_INT)
        v->truthy = v->i != 0;
    else if (v->tag == MV_VAL_BYTES)
        v->truthy = v->len != 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_input in = {data, size};
    size_t flen = fuzz_u8(&in) % 33;
    if (flen > in.n)
        flen = in.n;
    const char *fmt = (const char *)in.p;
    in.p += flen;
    in.n -= flen;

    mv_ssize bound = mv_struct_codes_bound(fmt, (mv_ssize)flen);
    mv_struct_code *codes = malloc(sizeof *codes * (size_t)(bound ? bound : 1));
    if (codes == NULL)
        return 0;
    mv_struct s;
    mv_error err;
    mv_status st = mv_struct_compile(fmt, (mv_ssize)flen, codes, bound, &s, &err);
    if (st != MV_OK || s.nvalues > MAX_VALUES || s.size > MAX_SIZE) {
        free(codes);
        return 0;
    }
    FUZZ_CHECK(mv_struct_check_pack_args(&s, s.nvalues, 0, &err) == MV_OK);
    FUZZ_CHECK(mv_struct_check_pack_args(&s, s.nvalues + 2, 1, &err) == MV_OK);
    FUZZ_CHECK(mv_struct_check_pack_args(&s, s.nvalues + 1, 0, &err) != MV_OK);

    mv_value values[MAX_VALUES], back[MAX_VALUES];
    for (mv_ssize k = 0; k < s.nvalues; k++)
        fuzz_value(&in, &values[k]);

    /* pack, guarded on both sides. */
    uint8_t *block = malloc((size_t)s.size + 16);
    uint8_t *again = malloc((size_t)s.size + 1);
    fuzz_exporter ex = {NULL, 0};
    if (block == NULL || again == NULL)
        goto done;
    memset(block, 0xC3, (size_t)s.size + 16);
    uint8_t *out = block + 8;
    st = mv_struct_pack(&s, out, values, &err);
    for (int k = 0; k < 8; k++)
        FUZZ_CHECK(block[k] == 0xC3 && out[s.size + k] == 0xC3);
    if (st == MV_OK) {
        mv_view whole;
        FUZZ_CHECK(mv_view_init(&whole, out, s.size, 1, "B", &err) == MV_OK);
        FUZZ_CHECK(mv_struct_unpack(&s, &whole, back, &err) == MV_OK);
        for (mv_ssize k = 0; k < s.nvalues; k++)
            as_pack_input(&back[k]);
        FUZZ_CHECK(mv_struct_pack(&s, again, back, &err) == MV_OK);
        FUZZ_CHECK(memcmp(out, again, (size_t)s.size) == 0);
    } else {
        FUZZ_CHECK(err.msg[0] != '\0' && memchr(err.msg, '\0', sizeof err.msg) != NULL);
    }

    /* pack_into / unpack_from / iter_check on a view of some exporter. */
    if (!fuzz_exporter_open(&ex, &in, 200)) {
        ex.bytes = NULL;
        goto done;
    }
    mv_view v;
    if (fuzz_make_view(&v, &ex, &in, 3)) {
        fuzz_check_view(&v, &ex);
        double offset = fuzz_int_arg(&in);
        if (!v.readonly && (v.flags & MV_C_CONTIGUOUS)) {
            uint8_t *copy = malloc(ex.size ? (size_t)ex.size : 1);
            if (copy != NULL) {
                memcpy(copy, ex.bytes, (size_t)ex.size);
                st = mv_struct_pack_into(&s, &v, offset, values, &err);
                int64_t at = -1;
                if (offset == floor(offset) && fabs(offset) < 1e12) {
                    at = (int64_t)offset;
                    if (at < 0)
                        at += v.len;
                    at += v.buf - ex.bytes;
                }
                for (mv_ssize b = 0; b < ex.size; b++) {
                    if (copy[b] != ex.bytes[b])
                        FUZZ_CHECK(at >= 0 && b >= at && b < at + s.size);
                }
                free(copy);
            }
        }
        st = mv_struct_unpack_from(&s, &v, offset, back, &err);
        if (st == MV_OK) {
            for (mv_ssize k = 0; k < s.nvalues; k++) {
                if (back[k].tag == MV_VAL_BYTES && back[k].len > 0)
                    FUZZ_CHECK(back[k].data >= ex.bytes &&
                               back[k].data + back[k].len <= ex.bytes + ex.size);
            }
        }
        (void)mv_struct_iter_check(&s, NULL, &err);
        (void)mv_struct_iter_check(&s, &v, &err);
        if (mv_struct_unpack(&s, &v, back, &err) != MV_OK)
            FUZZ_CHECK(err.msg[0] != '\0');
    }
done:
    if (ex.bytes != NULL)
        fuzz_exporter_close(&ex);
    free(block);
    free(again);
    free(codes);
    return 0;
}
