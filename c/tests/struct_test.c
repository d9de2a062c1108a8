/* struct_test.c — unit tests of c/src/struct.c. Expected values and messages are
 * CPython 3.13's (facts §10), at wasm32 sizes. Prints "N passed, M failed". */
#include "memview.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (cond)                                                                          \
            passed++;                                                                      \
        else {                                                                             \
            failed++;                                                                      \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                         \
        }                                                                                  \
    } while (0)

/* A compiled format with room for its codes. */
typedef struct compiled {
    mv_struct s;
    mv_struct_code codes[64];
    mv_status status;
    mv_error err;
} compiled;

/* Compiles into *c, whose s.codes then points at c->codes: a compiled struct
 * must not be copied (the copy's s.codes would point at the original's array). */
static void compile_n(compiled *c, const char *fmt, mv_ssize len)
{
    memset(c, 0, sizeof *c);
    mv_ssize bound = mv_struct_codes_bound(fmt, len);
    if (bound > 64) {
        c->status = MV_MEMORY_ERROR;
        return;
    }
    c->status = mv_struct_compile(fmt, len, c->codes, bound, &c->s, &c->err);
}

static void compile(compiled *c, const char *fmt) { compile_n(c, fmt, (mv_ssize)strlen(fmt)); }

static mv_ssize calcsize(const char *fmt)
{
    compiled c; compile(&c, fmt);
    return c.status == MV_OK ? c.s.size : -1;
}

/* 1 when compiling fmt fails with struct.error msg. */
static int compile_fails(const char *fmt, mv_ssize len, const char *msg)
{
    compiled c; compile_n(&c, fmt, len);
    if (c.status != MV_STRUCT_ERROR || strcmp(c.err.msg, msg) != 0) {
        printf("  compile(%s): status %d, %s\n", fmt, c.status, c.err.msg);
        return 0;
    }
    return 1;
}

static mv_value int_value(int64_t i)
{
    mv_value v;
    memset(&v, 0, sizeof v);
    v.tag = MV_VAL_INT;
    v.i = i;
    v.d = (double)i;
    v.truthy = i != 0;
    return v;
}

/* A Python int in [2**63, 2**64) (intrange 1), or beyond int64 and uint64. */
static mv_value big_value(uint64_t bits, int intrange, double d)
{
    mv_value v = int_value(0);
    memcpy(&v.i, &bits, sizeof bits);
    v.intrange = intrange;
    v.d = d;
    v.truthy = 1;
    return v;
}

static mv_value float_value(double d)
{
    mv_value v;
    memset(&v, 0, sizeof v);
    v.tag = MV_VAL_FLOAT;
    v.d = d;
    v.truthy = d != 0.0;
    return v;
}

static mv_value bytes_value(const char *s, mv_ssize len)
{
    mv_value v;
    memset(&v, 0, sizeof v);
    v.tag = MV_VAL_BYTES;
    v.data = (const uint8_t *)s;
    v.len = len;
    v.truthy = len != 0;
    return v;
}

static mv_value other_value(int truthy)
{
    mv_value v;
    memset(&v, 0, sizeof v);
    v.tag = MV_VAL_OTHER;
    v.truthy = truthy;
    return v;
}

/* A 1-D 'B' view over n bytes. */
static mv_view byte_view(uint8_t *buf, mv_ssize n, int readonly)
{
    mv_view v;
    memset(&v, 0, sizeof v);
    v.buf = buf;
    v.len = n;
    v.itemsize = 1;
    v.readonly = readonly;
    v.ndim = 1;
    v.flags = MV_C_CONTIGUOUS | MV_F_CONTIGUOUS;
    v.kind = MV_KIND_UNSIGNED;
    strcpy(v.format, "B");
    v.shape[0] = n;
    v.strides[0] = 1;
    return v;
}

static int hex_is(const uint8_t *p, mv_ssize n, const char *hex)
{
    char buf[512];
    if ((size_t)n * 2 + 1 > sizeof buf)
        return 0;
    for (mv_ssize k = 0; k < n; k++)
        snprintf(buf + 2 * k, 3, "%02x", p[k]);
    buf[2 * n] = 0;
    if (strcmp(buf, hex) != 0) {
        printf("  got %s, want %s\n", buf, hex);
        return 0;
    }
    return 1;
}

/* Packs values with fmt; checks the bytes (hex) or the error (status, message). */
static int pack_gives(const char *fmt, const mv_value *vals, mv_ssize n, const char *hex)
{
    compiled c; compile(&c, fmt);
    if (c.status != MV_OK || mv_struct_check_pack_args(&c.s, n, 0, &c.err) != MV_OK) {
        printf("  pack(%s): %s\n", fmt, c.err.msg);
        return 0;
    }
    uint8_t out[256];
    mv_error err;
    if (mv_struct_pack(&c.s, out, vals, &err) != MV_OK) {
        printf("  pack(%s): %s\n", fmt, err.msg);
        return 0;
    }
    return hex_is(out, c.s.size, hex);
}

static int pack_fails(const char *fmt, const mv_value *vals, mv_ssize n, mv_status status,
                      const char *msg)
{
    compiled c; compile(&c, fmt);
    if (c.status != MV_OK || mv_struct_check_pack_args(&c.s, n, 0, &c.err) != MV_OK)
        return 0;
    uint8_t out[256];
    mv_error err = {{0}};
    mv_status st = mv_struct_pack(&c.s, out, vals, &err);
    if (st != status || strcmp(err.msg, msg) != 0) {
        printf("  pack(%s): status %d, %s\n", fmt, st, err.msg);
        return 0;
    }
    return 1;
}

static void test_calcsize(void)
{
    /* standard sizes */
    CHECK(calcsize("") == 0);
    CHECK(calcsize("@") == 0);
    CHECK(calcsize("<") == 0);
    CHECK(calcsize("<xcbB?hHiIlLqQefd") == 1 + 1 + 1 + 1 + 1 + 2 + 2 + 4 + 4 + 4 + 4 + 8 + 8 + 2 + 4 + 8);
    CHECK(calcsize("=ci") == 5);
    CHECK(calcsize(">5s3p") == 8);
    CHECK(calcsize("!0s") == 0);
    CHECK(calcsize("02i") == 8);
    CHECK(calcsize("00i") == 0);
    CHECK(calcsize(" i ") == 4);
    CHECK(calcsize("i i") == 8);
    CHECK(calcsize("i\ti\ni\ri\vi\fi") == 24);
    /* native sizes and alignment at wasm32's (facts §10.1) */
    CHECK(calcsize("l") == 4);
    CHECK(calcsize("n") == 4);
    CHECK(calcsize("P") == 4);
    CHECK(calcsize("cl") == 8);
    CHECK(calcsize("cP") == 8);
    CHECK(calcsize("cn") == 8);
    CHECK(calcsize("llh0l") == 12);
    CHECK(calcsize("cq") == 16);
    CHECK(calcsize("cd") == 16);
    CHECK(calcsize("ci") == 8);
    CHECK(calcsize("ic") == 5);
    CHECK(calcsize("ch") == 4);
    CHECK(calcsize("ce") == 4);
    CHECK(calcsize("c?") == 2);
    CHECK(calcsize("hc") == 3);
    CHECK(calcsize("bhi") == 8);
    CHECK(calcsize("c3i") == 16);
    CHECK(calcsize("cx") == 2);
    CHECK(calcsize("xi") == 8);
    CHECK(calcsize("ic0i") == 8);
    CHECK(calcsize("ci0q") == 8);
    CHECK(calcsize("@ci") == 8);
    CHECK(calcsize("c5s") == 6);
    CHECK(calcsize("c0q") == 8);
    CHECK(calcsize("0q") == 0);
    /* the size limit is wasm32's PY_SSIZE_T_MAX */
    CHECK(calcsize("2147483647x") == 2147483647);
    CHECK(calcsize("536870911i") == 2147483644);
    CHECK(calcsize("2147483647c") == 2147483647);
}

static void test_compile_errors(void)
{
    CHECK(compile_fails(" <i", 3, "bad char in struct format"));
    CHECK(compile_fails("<<i", 3, "bad char in struct format"));
    CHECK(compile_fails("i<", 2, "bad char in struct format"));
    CHECK(compile_fails("2 i", 3, "bad char in struct format"));
    CHECK(compile_fails("i\x1ci", 3, "bad char in struct format"));
    CHECK(compile_fails("2", 1, "repeat count given without format specifier"));
    CHECK(compile_fails("x2", 2, "repeat count given without format specifier"));
    CHECK(compile_fails("<n", 2, "bad char in struct format"));
    CHECK(compile_fails("=N", 2, "bad char in struct format"));
    CHECK(compile_fails("!P", 2, "bad char in struct format"));
    CHECK(compile_fails(">P", 2, "bad char in struct format"));
    const char *unknown = "zZXguwjT(:FD";
    for (const char *u = unknown; *u; u++) {
        char f[2] = {*u, 0};
        CHECK(compile_fails(f, 1, "bad char in struct format"));
    }
    CHECK(compile_fails("\xe9", 1, "bad char in struct format"));
    CHECK(compile_fails("i\0i", 3, "embedded null character"));
    CHECK(compile_fails("z\0", 2, "embedded null character")); /* NUL first */
    CHECK(compile_fails("1000000000000000000000i", 23, "total struct size too long"));
    CHECK(compile_fails("9223372036854775807q", 20, "total struct size too long"));
    CHECK(compile_fails("2147483648x", 11, "total struct size too long"));
    CHECK(compile_fails("2147483647xc", 12, "total struct size too long"));
    CHECK(compile_fails("1073741824h", 11, "total struct size too long"));
    CHECK(compile_fails("c2147483647s", 12, "total struct size too long"));
    /* alignment padding itself can overflow */
    CHECK(compile_fails("2147483645xi", 12, "total struct size too long"));
    /* an error later in the format still wins over nothing */
    CHECK(compile_fails("iiz", 3, "bad char in struct format"));

    /* the code array must be large enough: a caller error, not a struct.error */
    mv_struct s;
    mv_struct_code codes[1];
    mv_error err;
    CHECK(mv_struct_compile("2i", 2, codes, 1, &s, &err) == MV_OK); /* one run */
    CHECK(mv_struct_compile("ii", 2, codes, 1, &s, &err) == MV_VALUE_ERROR); /* two, as CPython */
}

static void test_compiled_form(void)
{
    compiled c; compile(&c, "<3hx2s0p4xq");
    CHECK(c.status == MV_OK);
    CHECK(c.s.size == 6 + 1 + 2 + 0 + 4 + 8);
    CHECK(c.s.nvalues == 3 + 1 + 1 + 1);
    CHECK(c.s.ncodes == 4);
    CHECK(c.s.codes[0].offset == 0 && c.s.codes[0].repeat == 3 && c.s.codes[0].size == 2);
    CHECK(c.s.codes[1].offset == 7 && c.s.codes[1].size == 2 && c.s.codes[1].code->code == 's');
    CHECK(c.s.codes[2].offset == 9 && c.s.codes[2].size == 0 && c.s.codes[2].code->code == 'p');
    CHECK(c.s.codes[3].offset == 13 && c.s.codes[3].repeat == 1);
    CHECK(c.s.big_endian == 0);
    /* the access plan JS runs: accessor and byte order per code */
    CHECK(c.s.codes[0].access == MV_ACCESS_I16 && c.s.codes[1].access == MV_ACCESS_BYTES);
    CHECK(c.s.codes[2].access == MV_ACCESS_NONE); /* p */
    CHECK(c.s.codes[3].access == MV_ACCESS_I64);
    compile(&c, ">i");
    CHECK(c.s.big_endian == 1 && c.s.codes[0].access == (MV_ACCESS_I32 | MV_ACCESS_BIG_ENDIAN));
    compile(&c, "!i");
    CHECK(c.s.big_endian == 1);
    compile(&c, "=i");
    CHECK(c.s.big_endian == 0 && c.s.codes[0].access == MV_ACCESS_I32);
    compile(&c, "@?dQfBe");
    CHECK(c.s.codes[0].access == MV_ACCESS_BOOL && c.s.codes[1].access == MV_ACCESS_F64);
    CHECK(c.s.codes[2].access == MV_ACCESS_U64 && c.s.codes[3].access == MV_ACCESS_F32);
    CHECK(c.s.codes[4].access == MV_ACCESS_U8 && c.s.codes[5].access == MV_ACCESS_NONE);
    CHECK(mv_struct_codes_bound("<3hx2s0p4xq", 11) == 7);
    CHECK(mv_struct_codes_bound(" 12 ", 4) == 0);
    /* '0i' produces no value and no code, but still aligns in native mode */
    compile(&c, "c0i");
    CHECK(c.s.size == 4 && c.s.nvalues == 1 && c.s.ncodes == 1);
}

static void test_pack_ints(void)
{
    mv_value v[4];
    v[0] = int_value(127);
    CHECK(pack_gives("b", v, 1, "7f"));
    v[0] = int_value(128);
    CHECK(pack_fails("b", v, 1, MV_STRUCT_ERROR, "'b' format requires -128 <= number <= 127"));
    v[0] = int_value(-129);
    CHECK(pack_fails("<b", v, 1, MV_STRUCT_ERROR, "'b' format requires -128 <= number <= 127"));
    v[0] = int_value(-1);
    CHECK(pack_fails("B", v, 1, MV_STRUCT_ERROR, "'B' format requires 0 <= number <= 255"));
    CHECK(pack_fails(">H", v, 1, MV_STRUCT_ERROR, "'H' format requires 0 <= number <= 65535"));
    CHECK(pack_fails("<L", v, 1, MV_STRUCT_ERROR, "'L' format requires 0 <= number <= 4294967295"));
    CHECK(pack_fails("L", v, 1, MV_STRUCT_ERROR, "'L' format requires 0 <= number <= 4294967295"));
    CHECK(pack_fails("N", v, 1, MV_STRUCT_ERROR, "'N' format requires 0 <= number <= 4294967295"));
    CHECK(pack_fails("Q", v, 1, MV_STRUCT_ERROR,
                     "'Q' format requires 0 <= number <= 18446744073709551615"));
    CHECK(pack_fails(">Q", v, 1, MV_STRUCT_ERROR,
                     "'Q' format requires 0 <= number <= 18446744073709551615"));
    v[0] = int_value(32768);
    CHECK(pack_fails("h", v, 1, MV_STRUCT_ERROR, "'h' format requires -32768 <= number <= 32767"));
    v[0] = int_value(2147483648LL);
    CHECK(pack_fails("l", v, 1, MV_STRUCT_ERROR,
                     "'l' format requires -2147483648 <= number <= 2147483647"));
    CHECK(pack_fails("n", v, 1, MV_STRUCT_ERROR,
                     "'n' format requires -2147483648 <= number <= 2147483647"));
    CHECK(pack_fails("!i", v, 1, MV_STRUCT_ERROR,
                     "'i' format requires -2147483648 <= number <= 2147483647"));
    v[0] = big_value(0x8000000000000000ULL, 1, 9223372036854775808.0);
    CHECK(pack_fails("q", v, 1, MV_STRUCT_ERROR,
                     "'q' format requires -9223372036854775808 <= number <= 9223372036854775807"));
    CHECK(pack_gives(">Q", v, 1, "8000000000000000"));
    v[0] = big_value(0, 2, 1.2e30); /* beyond both int64 and uint64 */
    CHECK(pack_fails("<Q", v, 1, MV_STRUCT_ERROR,
                     "'Q' format requires 0 <= number <= 18446744073709551615"));
    CHECK(pack_fails("<q", v, 1, MV_STRUCT_ERROR,
                     "'q' format requires -9223372036854775808 <= number <= 9223372036854775807"));
    CHECK(pack_fails("B", v, 1, MV_STRUCT_ERROR, "'B' format requires 0 <= number <= 255"));
    v[0] = int_value(-2);
    CHECK(pack_gives("<q", v, 1, "feffffffffffffff"));
    CHECK(pack_gives(">q", v, 1, "fffffffffffffffe"));
    CHECK(pack_gives(">h", v, 1, "fffe"));
    v[0] = int_value(0x12345678);
    CHECK(pack_gives("<i", v, 1, "78563412"));
    CHECK(pack_gives(">i", v, 1, "12345678"));
    CHECK(pack_gives("@l", v, 1, "78563412"));
    CHECK(pack_gives("=l", v, 1, "78563412"));

    /* not integers: floats, bytes, other objects */
    v[0] = float_value(1.0);
    CHECK(pack_fails("i", v, 1, MV_STRUCT_ERROR, "required argument is not an integer"));
    v[0] = bytes_value("a", 1);
    CHECK(pack_fails("Q", v, 1, MV_STRUCT_ERROR, "required argument is not an integer"));
    v[0] = other_value(1);
    CHECK(pack_fails("P", v, 1, MV_STRUCT_ERROR, "required argument is not an integer"));

    /* bool is an int */
    v[0] = int_value(1);
    v[0].tag = MV_VAL_BOOL;
    CHECK(pack_gives(">h", v, 1, "0001"));

    /* 'P': native only, both ranges of its 4 bytes, two's complement */
    v[0] = int_value(-1);
    CHECK(pack_gives("P", v, 1, "ffffffff"));
    v[0] = int_value(4294967295LL);
    CHECK(pack_gives("P", v, 1, "ffffffff"));
    v[0] = int_value(4294967296LL);
    CHECK(pack_fails("P", v, 1, MV_STRUCT_ERROR, "int too large to convert"));
    v[0] = int_value(-2147483649LL);
    CHECK(pack_fails("P", v, 1, MV_STRUCT_ERROR, "int too large to convert"));

    /* native alignment puts zero padding between items */
    v[0] = bytes_value("a", 1);
    v[1] = int_value(1);
    v[2] = int_value(2);
    CHECK(pack_gives("cih", v, 3, "61000000010000000200"));
    CHECK(pack_gives("<cih", v, 3, "61010000000200"));
    v[0] = int_value(1);
    v[1] = int_value(2);
    CHECK(pack_gives("ib0q", v, 2, "0100000002000000"));

    /* the docs' packet */
    v[0] = int_value(305419896);
    v[1] = int_value(1024);
    v[2] = int_value(2048);
    CHECK(pack_gives(">I H H", v, 3, "1234567804000800"));
}

static void test_pack_floats(void)
{
    mv_value v[2];
    v[0] = float_value(1.5);
    CHECK(pack_gives("<d", v, 1, "000000000000f83f"));
    CHECK(pack_gives(">d", v, 1, "3ff8000000000000"));
    CHECK(pack_gives("<f", v, 1, "0000c03f"));
    CHECK(pack_gives(">e", v, 1, "3e00"));
    v[0] = float_value(3.4028235677973362e38);
    CHECK(pack_gives("<f", v, 1, "ffff7f7f"));
    v[0] = float_value(3.4028235677973366e38);
    CHECK(pack_fails("<f", v, 1, MV_OVERFLOW_ERROR, "float too large to pack with f format"));
    v[0] = float_value(-1e39);
    CHECK(pack_fails(">f", v, 1, MV_OVERFLOW_ERROR, "float too large to pack with f format"));
    /* native 'f' raises too (gh-145633), unlike CPython 3.13.0 */
    v[0] = float_value(1e300);
    CHECK(pack_fails("f", v, 1, MV_OVERFLOW_ERROR, "float too large to pack with f format"));
    v[0] = float_value(INFINITY);
    CHECK(pack_gives("<f", v, 1, "0000807f"));
    v[0] = float_value(-INFINITY);
    CHECK(pack_gives(">e", v, 1, "fc00"));
    v[0] = float_value(NAN);
    CHECK(pack_gives("<e", v, 1, "007e"));
    CHECK(pack_gives("<f", v, 1, "0000c07f"));
    v[0] = float_value(-NAN);
    CHECK(pack_gives(">e", v, 1, "fe00"));
    v[0] = float_value(-0.0);
    CHECK(pack_gives("<f", v, 1, "00000080"));
    CHECK(pack_gives(">e", v, 1, "8000"));
    /* 'e' rounds half to even and overflows at 65520 */
    v[0] = float_value(2049.0);
    CHECK(pack_gives(">e", v, 1, "6800"));
    v[0] = float_value(2051.0);
    CHECK(pack_gives(">e", v, 1, "6802"));
    v[0] = float_value(65519.99);
    CHECK(pack_gives("<e", v, 1, "ff7b"));
    v[0] = float_value(65520.0);
    CHECK(pack_fails("<e", v, 1, MV_OVERFLOW_ERROR, "float too large to pack with e format"));
    v[0] = float_value(ldexp(1, -24));
    CHECK(pack_gives(">e", v, 1, "0001"));
    v[0] = float_value(ldexp(1, -25));
    CHECK(pack_gives(">e", v, 1, "0000"));
    /* an int argument that overflows is a struct.error */
    v[0] = int_value(65520);
    CHECK(pack_fails("e", v, 1, MV_STRUCT_ERROR, "int too large to convert"));
    v[0] = big_value(0, 2, 1e39);
    CHECK(pack_fails("<f", v, 1, MV_STRUCT_ERROR, "int too large to convert"));
    /* ints convert; too large for a double is "not a float" */
    v[0] = int_value(3);
    CHECK(pack_gives(">d", v, 1, "4008000000000000"));
    v[0] = big_value(0, 2, INFINITY);
    CHECK(pack_fails("d", v, 1, MV_STRUCT_ERROR, "required argument is not a float"));
    v[0] = bytes_value("a", 1);
    CHECK(pack_fails("e", v, 1, MV_STRUCT_ERROR, "required argument is not a float"));
    v[0] = other_value(0);
    CHECK(pack_fails("f", v, 1, MV_STRUCT_ERROR, "required argument is not a float"));
}

static void test_pack_bytes_and_bool(void)
{
    mv_value v[3];
    v[0] = bytes_value("abc", 3);
    CHECK(pack_gives("s", v, 1, "61"));
    CHECK(pack_gives("5s", v, 1, "6162630000"));
    CHECK(pack_gives("0s", v, 1, ""));
    CHECK(pack_gives("3p", v, 1, "026162"));
    CHECK(pack_gives("5p", v, 1, "0361626300"));
    CHECK(pack_gives("1p", v, 1, "00"));
    CHECK(pack_gives("0p", v, 1, ""));
    CHECK(pack_fails("c", v, 1, MV_STRUCT_ERROR, "char format requires a bytes object of length 1"));
    v[0] = bytes_value("", 0);
    CHECK(pack_fails("c", v, 1, MV_STRUCT_ERROR, "char format requires a bytes object of length 1"));
    v[0] = other_value(1);
    CHECK(pack_fails("c", v, 1, MV_STRUCT_ERROR, "char format requires a bytes object of length 1"));
    CHECK(pack_fails("3s", v, 1, MV_STRUCT_ERROR, "argument for 's' must be a bytes object"));
    CHECK(pack_fails("3p", v, 1, MV_STRUCT_ERROR, "argument for 'p' must be a bytes object"));
    v[0] = int_value(7);
    CHECK(pack_fails("s", v, 1, MV_STRUCT_ERROR, "argument for 's' must be a bytes object"));

    static char long_text[300];
    memset(long_text, 'x', sizeof long_text);
    v[0] = bytes_value(long_text, 300);
    compiled c; compile(&c, "300p");
    uint8_t out[300];
    mv_error err;
    CHECK(mv_struct_pack(&c.s, out, v, &err) == MV_OK && out[0] == 0xff && out[299] == 'x');

    v[0] = other_value(1);
    v[1] = float_value(0.0);
    v[2] = bytes_value("", 0);
    CHECK(pack_gives("???", v, 3, "010000"));
    v[0] = float_value(NAN);
    CHECK(pack_gives(">?", v, 1, "01"));
}

static void test_pack_args_and_partial(void)
{
    compiled c; compile(&c, "ii");
    mv_error err;
    CHECK(mv_struct_check_pack_args(&c.s, 1, 0, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "pack expected 2 items for packing (got 1)") == 0);
    CHECK(mv_struct_check_pack_args(&c.s, 0, 0, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "pack expected 2 items for packing (got 0)") == 0);
    CHECK(mv_struct_check_pack_args(&c.s, 4, 1, &err) == MV_OK);
    CHECK(mv_struct_check_pack_args(&c.s, 0, 1, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "pack_into expected buffer argument") == 0);
    CHECK(mv_struct_check_pack_args(&c.s, 1, 1, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "pack_into expected offset argument") == 0);
    CHECK(mv_struct_check_pack_args(&c.s, 3, 1, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "pack_into expected 2 items for packing (got 1)") == 0);
    compile(&c, "x");
    CHECK(mv_struct_check_pack_args(&c.s, 1, 0, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "pack expected 0 items for packing (got 1)") == 0);

    /* pack_into is not atomic: the region is zeroed, earlier fields stay */
    uint8_t buf[6];
    memset(buf, 0xee, sizeof buf);
    mv_view view = byte_view(buf, 6, 0);
    mv_value v[2] = {int_value(1), int_value(99999)};
    compile(&c, "<hh");
    CHECK(mv_struct_pack_into(&c.s, &view, 1, v, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "'h' format requires -32768 <= number <= 32767") == 0);
    CHECK(hex_is(buf, 6, "ee01000000ee"));

    /* ... and big-endian standard q/Q overflow leaves the low 8 bytes behind */
    uint8_t big[8];
    view = byte_view(big, 8, 0);
    const char *fmts[] = {">Q", ">Q", ">q", ">q", ">Q", "!q", "<q", "q", ">Q"};
    mv_value vals[] = {big_value(0x5d, 2, 18446744073709551709.0), int_value(-5),
                       big_value(0x7fffffffffffffffULL, 2, -9223372036854775809.0),
                       big_value(0x8000000000000000ULL, 1, 9223372036854775808.0),
                       big_value(0xfffffffffffffffdULL, 2, -1.2e21), big_value(3, 2, 1.2e21),
                       big_value(3, 2, 1.2e21), big_value(3, 2, 1.2e21), big_value(0, 2, 1.8e19)};
    const char *after[] = {"000000000000005d", "0000000000000000", "7fffffffffffffff",
                           "8000000000000000", "0000000000000000", "0000000000000003",
                           "0000000000000000", "0000000000000000", "0000000000000000"};
    for (int k = 0; k < 9; k++) {
        memset(big, 0xee, 8);
        compile(&c, fmts[k]);
        CHECK(mv_struct_pack_into(&c.s, &view, 0, &vals[k], &err) == MV_STRUCT_ERROR);
        CHECK(hex_is(big, 8, after[k]));
    }
}

static int pack_into_fails(const char *fmt, mv_ssize buflen, double offset, mv_status status,
                           const char *msg)
{
    compiled c; compile(&c, fmt);
    uint8_t buf[64];
    memset(buf, 0xee, sizeof buf);
    mv_view view = byte_view(buf, buflen, 0);
    mv_value v[8];
    for (int k = 0; k < 8; k++)
        v[k] = int_value(1);
    mv_error err = {{0}};
    mv_status st = mv_struct_pack_into(&c.s, &view, offset, v, &err);
    for (int k = 0; k < 64; k++)
        if (buf[k] != 0xee)
            return 0; /* nothing written on an offset error */
    if (st != status || strcmp(err.msg, msg) != 0) {
        printf("  pack_into(%s, %g): status %d, %s\n", fmt, offset, st, err.msg);
        return 0;
    }
    /* the offset check alone raises the same */
    mv_error err2 = {{0}};
    st = mv_struct_check_into(&c.s, buflen, offset, &err2);
    if (st != status || strcmp(err2.msg, msg) != 0) {
        printf("  check_into(%s, %g): status %d, %s\n", fmt, offset, st, err2.msg);
        return 0;
    }
    return 1;
}

static void test_pack_into(void)
{
    {
        compiled c;
        compile(&c, "<hh");
        mv_error err = {{0}};
        CHECK(mv_struct_check_into(&c.s, 8, 4, &err) == MV_OK && mv_struct_check_into(&c.s, 8, -4, &err) == MV_OK);
    }
    CHECK(pack_into_fails("<h", 8, -1, MV_STRUCT_ERROR, "no space to pack 2 bytes at offset -1"));
    CHECK(pack_into_fails("<q", 8, -9, MV_STRUCT_ERROR, "offset -9 out of range for 8-byte buffer"));
    CHECK(pack_into_fails("<hh", 8, 7, MV_STRUCT_ERROR,
                          "pack_into requires a buffer of at least 11 bytes for packing 4 bytes at "
                          "offset 7 (actual buffer size is 8)"));
    CHECK(pack_into_fails("<h", 8, 9, MV_STRUCT_ERROR,
                          "pack_into requires a buffer of at least 11 bytes for packing 2 bytes at "
                          "offset 9 (actual buffer size is 8)"));
    CHECK(pack_into_fails("<h", 8, 2147483648.0, MV_INDEX_ERROR,
                          "cannot fit 'int' into an index-sized integer"));
    CHECK(pack_into_fails("<h", 8, -1e30, MV_INDEX_ERROR,
                          "cannot fit 'int' into an index-sized integer"));
    CHECK(pack_into_fails("<h", 8, 2147483647.0, MV_STRUCT_ERROR,
                          "pack_into requires a buffer of at least 2147483649 bytes for packing 2 "
                          "bytes at offset 2147483647 (actual buffer size is 8)"));
    CHECK(pack_into_fails("<h", 8, NAN, MV_TYPE_ERROR,
                          "'float' object cannot be interpreted as an integer"));

    compiled c; compile(&c, ">H");
    uint8_t buf[4] = {0xee, 0xee, 0xee, 0xee};
    mv_view view = byte_view(buf, 4, 0);
    mv_value v = int_value(0xabcd);
    mv_error err;
    CHECK(mv_struct_pack_into(&c.s, &view, -2, &v, &err) == MV_OK && hex_is(buf, 4, "eeeeabcd"));
    CHECK(mv_struct_pack_into(&c.s, &view, -4, &v, &err) == MV_OK && hex_is(buf, 4, "abcdabcd"));
    CHECK(mv_struct_pack_into(&c.s, &view, 1, &v, &err) == MV_OK && hex_is(buf, 4, "ababcdcd"));
    /* a zero-size struct fits at offset == len */
    compile(&c, "");
    CHECK(mv_struct_pack_into(&c.s, &view, 4, NULL, &err) == MV_OK);
    compile(&c, "0p");
    mv_value e = bytes_value("", 0);
    CHECK(mv_struct_pack_into(&c.s, &view, 4, &e, &err) == MV_OK && hex_is(buf, 4, "ababcdcd"));
    /* read-only or strided targets are refused */
    view.readonly = 1;
    CHECK(mv_struct_pack_into(&c.s, &view, 0, &e, &err) == MV_TYPE_ERROR);
}

static void test_unpack(void)
{
    const uint8_t data[16] = {0x12, 0x34, 0x56, 0x78, 0x04, 0x00, 0x08, 0x00,
                              0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    mv_view view = byte_view((uint8_t *)data, 16, 1);
    mv_value out[16];
    mv_error err;

    compiled c; compile(&c, ">IHHq");
    CHECK(mv_struct_unpack(&c.s, &view, out, &err) == MV_OK);
    CHECK(out[0].tag == MV_VAL_INT && out[0].i == 305419896 && out[0].d == 305419896.0);
    CHECK(out[1].i == 1024 && out[2].i == 2048 && out[3].i == -1 && out[3].d == -1.0);

    compile(&c, "<8xQ");
    CHECK(mv_struct_unpack(&c.s, &view, out, &err) == MV_OK);
    CHECK(out[0].intrange == 1 && (uint64_t)out[0].i == UINT64_MAX &&
          out[0].d == 18446744073709551616.0);

    compile(&c, "<I");
    CHECK(mv_struct_unpack(&c.s, &view, out, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "unpack requires a buffer of 4 bytes") == 0);
    compile(&c, "");
    CHECK(mv_struct_unpack(&c.s, &view, out, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "unpack requires a buffer of 0 bytes") == 0);

    /* unpack_from: the packet example, field by field */
    compile(&c, ">I");
    CHECK(mv_struct_unpack_from(&c.s, &view, 0, out, &err) == MV_OK && out[0].i == 0x12345678);
    compile(&c, ">H");
    CHECK(mv_struct_unpack_from(&c.s, &view, 4, out, &err) == MV_OK && out[0].i == 1024);
    CHECK(mv_struct_unpack_from(&c.s, &view, 6, out, &err) == MV_OK && out[0].i == 2048);
    CHECK(mv_struct_unpack_from(&c.s, &view, -16, out, &err) == MV_OK && out[0].i == 0x1234);

    /* out NULL: the same checks, and nothing written */
    compile(&c, ">I");
    out[0].i = 7;
    CHECK(mv_struct_unpack_from(&c.s, &view, 0, NULL, &err) == MV_OK && out[0].i == 7);
    CHECK(mv_struct_unpack_from(&c.s, &view, 15, NULL, &err) == MV_STRUCT_ERROR &&
          strncmp(err.msg, "unpack_from requires a buffer of at least 19 bytes", 50) == 0);
    CHECK(mv_struct_unpack(&c.s, &view, NULL, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "unpack requires a buffer of 4 bytes") == 0);

    mv_view small = byte_view((uint8_t *)data, 5, 1);
    compile(&c, "<i");
    CHECK(mv_struct_unpack_from(&c.s, &small, 2, out, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "unpack_from requires a buffer of at least 6 bytes for unpacking 4 "
                          "bytes at offset 2 (actual buffer size is 5)") == 0);
    compile(&c, "<h");
    CHECK(mv_struct_unpack_from(&c.s, &small, -1, out, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "not enough data to unpack 2 bytes at offset -1") == 0);
    CHECK(mv_struct_unpack_from(&c.s, &small, -6, out, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "offset -6 out of range for 5-byte buffer") == 0);
    CHECK(mv_struct_unpack_from(&c.s, &small, 4294967296.0, out, &err) == MV_OVERFLOW_ERROR &&
          strcmp(err.msg, "Python int too large to convert to C ssize_t") == 0);
    compile(&c, "");
    CHECK(mv_struct_unpack_from(&c.s, &small, 5, out, &err) == MV_OK);
    CHECK(mv_struct_unpack_from(&c.s, &small, 6, out, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "unpack_from requires a buffer of at least 6 bytes for unpacking 0 "
                          "bytes at offset 6 (actual buffer size is 5)") == 0);

    /* strided views are refused with BufferError */
    mv_view strided = view;
    strided.flags = 0;
    compile(&c, "B");
    CHECK(mv_struct_unpack_from(&c.s, &strided, 0, out, &err) == MV_BUFFER_ERROR &&
          strcmp(err.msg, "memoryview: underlying buffer is not C-contiguous") == 0);
    CHECK(mv_struct_unpack(&c.s, &strided, out, &err) == MV_BUFFER_ERROR);
}

static void test_unpack_kinds(void)
{
    const uint8_t data[] = {'a', 2, 0x80, 0x05, 'x', 'y', 'z', 'q', 0x00, 0x00, 0x3c, 0x00, 0x00, 0xc0, 0x7f};
    mv_view view = byte_view((uint8_t *)data, (mv_ssize)sizeof data, 1);
    mv_value out[8];
    mv_error err;
    compiled c; compile(&c, "<c?b4p2sef");
    CHECK(c.status == MV_OK && c.s.size == (mv_ssize)sizeof data);
    CHECK(mv_struct_unpack(&c.s, &view, out, &err) == MV_OK);
    CHECK(out[0].tag == MV_VAL_BYTES && out[0].len == 1 && out[0].data == data);
    CHECK(out[1].tag == MV_VAL_BOOL && out[1].i == 1); /* any non-zero byte is True */
    CHECK(out[2].tag == MV_VAL_INT && out[2].i == -128);
    /* '4p' with length byte 5: clamped to 3 */
    CHECK(out[3].tag == MV_VAL_BYTES && out[3].len == 3 && out[3].data == data + 4);
    CHECK(out[4].tag == MV_VAL_BYTES && out[4].len == 2 && out[4].data == data + 7);
    CHECK(out[5].tag == MV_VAL_FLOAT && out[5].d == 1.0);
    CHECK(out[6].tag == MV_VAL_FLOAT && isnan(out[6].d));

    compile(&c, "0p1p");
    mv_view empty = byte_view((uint8_t *)data, 1, 1);
    CHECK(mv_struct_unpack(&c.s, &empty, out, &err) == MV_OK && out[0].len == 0 &&
          out[1].len == 0);

    /* 'e' specials, big-endian */
    const uint8_t halfs[] = {0x7c, 0x00, 0xfc, 0x00, 0x00, 0x01, 0x7b, 0xff, 0x80, 0x00};
    mv_view hv = byte_view((uint8_t *)halfs, 10, 1);
    compile(&c, ">5e");
    CHECK(mv_struct_unpack(&c.s, &hv, out, &err) == MV_OK);
    CHECK(isinf(out[0].d) && out[0].d > 0 && isinf(out[1].d) && out[1].d < 0);
    CHECK(out[2].d == ldexp(1, -24) && out[3].d == 65504.0);
    CHECK(out[4].d == 0.0 && signbit(out[4].d));

    /* 'P' reads unsigned; native 'l' and 'n' are 4-byte signed */
    const uint8_t ff[4] = {0xff, 0xff, 0xff, 0xff};
    mv_view fv = byte_view((uint8_t *)ff, 4, 1);
    compile(&c, "P");
    CHECK(mv_struct_unpack(&c.s, &fv, out, &err) == MV_OK && out[0].i == 4294967295LL);
    compile(&c, "l");
    CHECK(mv_struct_unpack(&c.s, &fv, out, &err) == MV_OK && out[0].i == -1);
    compile(&c, "N");
    CHECK(mv_struct_unpack(&c.s, &fv, out, &err) == MV_OK && out[0].i == 4294967295LL);
}

static void test_iter(void)
{
    uint8_t data[6] = {0};
    mv_view view = byte_view(data, 6, 0);
    mv_error err;
    compiled c; compile(&c, "");
    CHECK(mv_struct_iter_check(&c.s, NULL, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "cannot iteratively unpack with a struct of length 0") == 0);
    compile(&c, "<i");
    CHECK(mv_struct_iter_check(&c.s, NULL, &err) == MV_OK);
    CHECK(mv_struct_iter_check(&c.s, &view, &err) == MV_STRUCT_ERROR &&
          strcmp(err.msg, "iterative unpacking requires a buffer of a multiple of 4 bytes") == 0);
    compile(&c, "<h");
    CHECK(mv_struct_iter_check(&c.s, &view, &err) == MV_OK);
}

/* Round trip: what pack writes, unpack reads back, for every code and mode. */
static void test_round_trip(void)
{
    const char *fmts[] = {"@bBhHiIlLqQnNP?", "<bBhHiIlLqQ?", ">bBhHiIlLqQ?", "=bBhHiIlLqQ?",
                          "!bBhHiIlLqQ?"};
    for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
        compiled c; compile(&c, fmts[f]);
        mv_value in[16], out[16];
        for (mv_ssize k = 0; k < c.s.nvalues; k++)
            in[k] = int_value(k == c.s.nvalues - 1 ? 1 : (int64_t)(k % 2 ? 100 + k : -1 - k));
        for (mv_ssize k = 0; k < c.s.ncodes; k++) /* unsigned codes get positives */
            if (c.s.codes[k].code->kind != MV_KIND_SIGNED)
                in[k].i = in[k].i < 0 ? -in[k].i : in[k].i;
        for (mv_ssize k = 0; k < c.s.nvalues; k++)
            in[k].d = (double)in[k].i;
        uint8_t buf[128];
        mv_error err;
        CHECK(mv_struct_pack(&c.s, buf, in, &err) == MV_OK);
        mv_view view = byte_view(buf, c.s.size, 1);
        CHECK(mv_struct_unpack(&c.s, &view, out, &err) == MV_OK);
        int same = 1;
        for (mv_ssize k = 0; k < c.s.nvalues; k++) {
            int is_bool = c.s.codes[k].code->kind == MV_KIND_BOOL;
            if (is_bool ? out[k].i != (in[k].i != 0) : out[k].i != in[k].i)
                same = 0;
        }
        CHECK(same);
    }
}

int main(void)
{
    test_calcsize();
    test_compile_errors();
    test_compiled_form();
    test_pack_ints();
    test_pack_floats();
    test_pack_bytes_and_bool();
    test_pack_args_and_partial();
    test_pack_into();
    test_unpack();
    test_unpack_kinds();
    test_iter();
    test_round_trip();
    printf("struct: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
